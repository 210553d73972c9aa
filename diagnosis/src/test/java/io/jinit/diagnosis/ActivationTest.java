package io.jinit.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jinit.diagnosis.Activation.Kind;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ActivationTest {

    /** Every function, leaky_relu and elu with their default and another parameter. */
    static Stream<Activation> all() {
        return Stream.of("linear", "relu", "leaky_relu", "leaky_relu(0.2)", "elu", "elu(0.5)", "selu", "gelu",
                "swish", "tanh", "sigmoid", "softplus", "mish").map(Activation::of);
    }

    @ParameterizedTest
    @CsvSource({
        "relu, RELU, 0", "ReLU, RELU, 0", "' TANH ', TANH, 0", "SiLU, SWISH, 0", "swish, SWISH, 0",
        "leaky_relu, LEAKY_RELU, 0.01", "Leaky_ReLU(0.2), LEAKY_RELU, 0.2", "'leaky_relu( 0.3 )', LEAKY_RELU, 0.3",
        "elu, ELU, 1", "ELU(0.5), ELU, 0.5", "selu, SELU, 0", "GELU, GELU, 0", "sigmoid, SIGMOID, 0",
        "softplus, SOFTPLUS, 0", "mish, MISH, 0", "linear, LINEAR, 0"})
    void namesParseCaseInsensitively(String name, Kind kind, double parameter) {
        Activation a = Activation.of(name);

        assertThat(a.kind()).isEqualTo(kind);
        assertThat(a.parameter()).isEqualTo(parameter);
        assertThat(Activation.of(a.name())).isEqualTo(a);
    }

    @Test
    void canonicalNames() {
        assertThat(Activation.of("leaky_relu(0.01)").name()).isEqualTo("leaky_relu");
        assertThat(Activation.of("leaky_relu(0.2)").name()).isEqualTo("leaky_relu(0.2)");
        assertThat(Activation.of("elu(1)").name()).isEqualTo("elu");
        assertThat(Activation.of("SiLU").name()).isEqualTo("swish");
        assertThat(Activation.of("Tanh")).hasToString("tanh");
    }

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "", "relu6", "relu(2)", "tanh()", "leaky_relu(x)", "leaky_relu(-0.1)",
        "leaky_relu(0.2", "elu(0)", "elu(NaN)", "leaky_relu(Infinity)"})
    void badNamesAreRefusedWithTheName(String name) {
        assertThatThrownBy(() -> Activation.of(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name.isEmpty() ? "unknown activation" : name.replaceAll("[(].*", ""));
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> Activation.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
        assertThatThrownBy(() -> new Activation(Kind.TANH, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tanh");
    }

    /** Values computed independently (closed forms, evaluated with Python's math module). */
    @ParameterizedTest
    @CsvSource({
        "selu, 1, 1.0507009873554805", "selu, -1, -1.1113307378125625", "gelu, 1, 0.8413447460685429",
        "gelu, -1, -0.15865525393145707", "swish, 1, 0.7310585786300049", "sigmoid, 0, 0.5",
        "softplus, 0, 0.6931471805599453", "mish, 1, 0.8650983882673103", "tanh, 0.5, 0.46211715726000974",
        "elu, -1, -0.6321205588285577", "leaky_relu, -2, -0.02", "relu, -2, 0", "relu, 3, 3", "linear, -7, -7",
        "softplus, 800, 800", "sigmoid, -800, 0", "sigmoid, 800, 1"})
    void knownValues(String name, double x, double expected) {
        assertThat(Activation.of(name).apply(x)).isCloseTo(expected, within(1e-15));
    }

    /**
     * The derivative agrees with a central difference (h = 1e-5): truncation error h²|f'''|/6 and
     * rounding error about 1e-16 |f| / h stay well below 1e-8 for |x| &lt;= 6. The kinks of relu
     * and leaky_relu (0) and elu (0) are not sampled.
     */
    @ParameterizedTest
    @MethodSource("all")
    void derivativeMatchesFiniteDifferences(Activation f) {
        double h = 1e-5;
        for (double x = -6.05; x <= 6; x += 0.1) {
            double numeric = (f.apply(x + h) - f.apply(x - h)) / (2 * h);
            assertThat(f.derivative(x)).as("%s'(%s)", f, x).isCloseTo(numeric, within(1e-8));
        }
    }

    @ParameterizedTest
    @MethodSource("all")
    void finiteEverywhereAndNaNPropagates(Activation f) {
        for (double x : new double[] {-1e30, -800, -40, -1e-300, 0, 1e-300, 40, 800, 1e30, -0.0}) {
            assertThat(Double.isFinite(f.apply(x))).as("%s(%s)", f, x).isTrue();
            assertThat(Double.isFinite(f.derivative(x))).as("%s'(%s)", f, x).isTrue();
        }
        assertThat(f.apply(Double.NaN)).isNaN();
    }

    /** The bulk kernel gives the bits of apply and derivative, rounded once to float32. */
    @ParameterizedTest
    @MethodSource("all")
    void bulkKernelMatchesElementwise(Activation f) {
        SplittableRandom random = new SplittableRandom(3);
        float[] a = new float[4096];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(-3, 3)));
        }
        a[0] = 0.0f;
        a[1] = -0.0f;
        float[] h = new float[a.length];
        float[] d = a.clone();
        f.applyWithDerivative(d, h, d, 0, a.length);
        for (int i = 0; i < a.length; i++) {
            assertThat(h[i]).as("%s(%s)", f, a[i]).isEqualTo((float) f.apply(a[i]));
            assertThat(d[i]).as("%s'(%s)", f, a[i]).isEqualTo((float) f.derivative(a[i]));
        }
    }

    @Test
    void capabilities() {
        assertThat(List.of("tanh", "sigmoid")).allMatch(n -> Activation.of(n).saturates());
        assertThat(List.of("relu", "leaky_relu(0.2)")).allMatch(n -> Activation.of(n).canDie());
        assertThat(all()).filteredOn(a -> a.kind() != Kind.TANH && a.kind() != Kind.SIGMOID)
                .noneMatch(Activation::saturates);
        assertThat(all()).filteredOn(a -> a.kind() != Kind.RELU && a.kind() != Kind.LEAKY_RELU)
                .noneMatch(Activation::canDie);
        assertThat(Activation.of("sigmoid").maxDerivative()).isEqualTo(0.25);
        assertThat(Activation.of("tanh").maxDerivative()).isEqualTo(1.0);
    }
}
