package io.jinit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jinit.parity.Fixtures;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class WindowsTest {

    /** Values derived by hand with exact arithmetic; the trigonometric ones may be 1 ulp off. */
    private static final double HAND_TOLERANCE = 1e-15;

    @Test
    void hann() {
        // 0.5 - 0.5 cos(2πn/3): cos = 1, -1/2, -1/2, 1.
        assertThat(Windows.get("hann", 4, false)).containsExactly(new double[] {0, 0.75, 0.75, 0}, within(HAND_TOLERANCE));
        // Periodic: hann(5) without its last value, 0.5 - 0.5 cos(πn/2).
        assertThat(Windows.get("hann", 4, true)).containsExactly(0, 0.5, 1, 0.5);
    }

    @Test
    void boxcarIsOnes() {
        double[] ones = new double[7];
        Arrays.fill(ones, 1);
        assertThat(Windows.get("boxcar", 7, false)).containsExactly(ones);
        assertThat(Windows.get("boxcar", 7, true)).containsExactly(ones);
    }

    @Test
    void bartlettAndTriang() {
        assertThat(Windows.get("bartlett", 5, false)).containsExactly(0, 0.5, 1, 0.5, 0);
        assertThat(Windows.get("bartlett", 4, true)).containsExactly(0, 0.5, 1, 0.5);
        // triang never reaches 0: (2n + 1) / M for even M, 2(n + 1) / (M + 1) for odd M.
        assertThat(Windows.get("triang", 4, false)).containsExactly(0.25, 0.75, 0.75, 0.25);
        assertThat(Windows.get("triang", 5, false)).containsExactly(1 / 3.0, 2 / 3.0, 1, 2 / 3.0, 1 / 3.0);
    }

    @Test
    void piecewisePolynomialAndExponentialWindows() {
        // parzen(4): |n - 3/2| = 3/2, 1/2 with u = |2n - 3| / 4: 2(1 - 3/4)³ and 1 - 6/16 + 6/64.
        assertThat(Windows.get("parzen", 4, false)).containsExactly(0.03125, 0.71875, 0.71875, 0.03125);
        assertThat(Windows.get("exponential", 3, false)).containsExactly(StrictMath.exp(-1), 1, StrictMath.exp(-1));
        // bohman is 0 at both ends and 1 in the middle.
        assertThat(Windows.get("bohman", 3, false)).containsExactly(0, 1, 0);
    }

    @Test
    void trigonometricWindows() {
        // lanczos(5) = sinc(-1, -1/2, 0, 1/2, 1) = 0, 2/π, 1, 2/π, 0.
        assertThat(Windows.get("lanczos", 5, false))
                .containsExactly(new double[] {0, 2 / Math.PI, 1, 2 / Math.PI, 0}, within(HAND_TOLERANCE));
        // cosine(2) = sin(π/4), sin(3π/4).
        assertThat(Windows.get("cosine", 2, false))
                .containsExactly(new double[] {Math.sqrt(0.5), Math.sqrt(0.5)}, within(HAND_TOLERANCE));
        // tukey(4), alpha 0.5: width 0, so only the ends taper, to 0.
        assertThat(Windows.get("tukey", 4, false)).containsExactly(0, 1, 1, 0);
        // barthann(3): f = 1/2, 0, 1/2: 0.62 - 0.24 - 0.38 = 0 and 0.62 + 0.38 = 1.
        assertThat(Windows.get("barthann", 3, false)).containsExactly(new double[] {0, 1, 0}, within(HAND_TOLERANCE));
    }

    @Test
    void cosineSumWindowsPeakAtTheSumOfTheirCoefficients() {
        assertThat(Windows.get("hamming", 3, false)).containsExactly(new double[] {0.08, 1, 0.08}, within(HAND_TOLERANCE));
        assertThat(Windows.get("blackman", 3, false)[1]).isCloseTo(1, within(HAND_TOLERANCE));
        assertThat(Windows.get("blackmanharris", 3, false)[1]).isCloseTo(1, within(HAND_TOLERANCE));
        assertThat(Windows.get("nuttall", 3, false)[1]).isCloseTo(1, within(HAND_TOLERANCE));
        assertThat(Windows.get("flattop", 3, false)[1]).isCloseTo(1.000000003, within(HAND_TOLERANCE));
    }

    @Test
    void taylorIsNormalisedToOneAtTheCentre() {
        for (int m = 3; m <= 41; m += 2) {
            assertThat(Windows.get("taylor", m, false)[m / 2]).as("taylor(%d)", m).isCloseTo(1, within(HAND_TOLERANCE));
        }
    }

    @Test
    void everySymmetricWindowIsSymmetric() {
        for (String name : Windows.names()) {
            for (int m = 1; m <= 64; m++) {
                double[] w = Windows.get(name, m, false);
                for (int n = 0; n < m; n++) {
                    assertThat(w[n]).as("%s(%d)[%d]", name, m, n).isEqualTo(w[m - 1 - n]);
                }
            }
        }
    }

    @Test
    void periodicWindowIsTheSymmetricOneOfLengthPlusOneWithoutItsLastValue() {
        for (String name : Windows.names()) {
            for (int m = 2; m <= 64; m++) {
                assertThat(Windows.get(name, m, true))
                        .as("%s(%d)", name, m)
                        .containsExactly(Arrays.copyOf(Windows.get(name, m + 1, false), m));
            }
        }
    }

    @Test
    void lengthOneIsOneForEveryWindow() {
        for (String name : Windows.names()) {
            assertThat(Windows.get(name, 1, false)).as(name).containsExactly(1.0);
            assertThat(Windows.get(name, 1, true)).as(name).containsExactly(1.0);
        }
    }

    @Test
    void namesAliasesAndErrorsAreScipys() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> windows = (List<Map<String, Object>>)
                Fixtures.loadMap("keras.json").get("stft_windows");
        TreeSet<String> accepted = new TreeSet<>();
        for (Map<String, Object> w : windows) {
            String name = (String) w.get("name");
            if ((Boolean) w.get("accepted")) {
                accepted.add(name);
                assertThat(Windows.canonicalName(name)).as(name).isEqualTo(w.get("canonical"));
            } else {
                assertThatThrownBy(() -> Windows.get(name, 8, false))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage((String) w.get("message"));
            }
        }
        assertThat(Windows.names()).containsExactlyElementsOf(accepted);
    }

    @Test
    void rejectsUnknownNamesWithScipysMessage() {
        for (String name : List.of("unknown", "Hann", "hanning", " hann", "5.0", "")) {
            assertThatThrownBy(() -> Windows.canonicalName(name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Invalid window name '" + name + "' in parameter window='" + name + "'!");
        }
        assertThatThrownBy(() -> Windows.get(null, 4, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window must not be null: null");
    }

    @Test
    void rejectsLengthsBelowOne() {
        assertThatThrownBy(() -> Windows.get("hann", 0, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window length must be >= 1: 0");
        assertThatThrownBy(() -> Windows.get("hann", -3, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window length must be >= 1: -3");
    }
}
