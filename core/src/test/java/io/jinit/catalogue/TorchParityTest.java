package io.jinit.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinit.parity.Fixtures;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.distribution.Distribution;
import io.jinit.distribution.Normal;
import io.jinit.distribution.Uniform;
import io.jinit.init.Gain;
import io.jinit.init.Sparse;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Fans;
import io.jinit.shape.Shape;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parity with real PyTorch 2.13 (CPU): values in src/test/resources/io/jinit/parity/torch.json,
 * computed by scripts/reference/torch_reference.py. The random values are jinit's own stream;
 * every gain, fan, bound and standard deviation PyTorch computes must agree to the last bit, and
 * the deterministic initializers element for element.
 */
class TorchParityTest {
    private static final JsonNode TORCH = Fixtures.load("torch.json");

    @Test
    void fixturesComeFromTorch213() {
        assertThat(TORCH.get("version").asText()).startsWith("2.13");
    }

    @Test
    void calculateGain() {
        for (JsonNode g : TORCH.get("gains")) {
            Double param = g.get("param").isNull() ? null : g.get("param").asDouble();
            assertThat(Gain.of(g.get("nonlinearity").asText(), param)).as("%s", g).isEqualTo(g.get("gain").asDouble());
        }
        assertThatThrownBy(() -> Gain.of("foo", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": foo");
        assertThatThrownBy(() -> Initializers.get("kaiming_uniform_", Map.of("a", true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true");
        assertThatThrownBy(() -> Initializers.get("kaiming_uniform_", Map.of("a", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"x\"");
    }

    @Test
    void fans() {
        for (JsonNode f : TORCH.get("fans")) {
            Fans fans = FanConvention.TORCH.fans(Fixtures.shape(f.get("shape")));
            assertThat(fans).as("%s", f).isEqualTo(new Fans(f.get("fan_in").asDouble(), f.get("fan_out").asDouble()));
        }
        for (JsonNode f : TORCH.get("fan_errors")) {
            Shape shape = Fixtures.shape(f.get("shape"));
            assertThatThrownBy(() -> FanConvention.TORCH.fans(shape)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(shape.toString());
        }
    }

    /** The bounds and standard deviations PyTorch passes to uniform_/normal_, to the last bit. */
    @Test
    void samplerArgumentsAgreeToTheLastBit() {
        int checked = 0;
        for (JsonNode c : TORCH.get("calls")) {
            String function = c.get("function").asText();
            if (function.equals("orthogonal_") || function.equals("trunc_normal_")) {
                continue;
            }
            Map<String, Object> kwargs = new HashMap<>(Fixtures.map(c.get("kwargs")));
            kwargs.put("seed", 1L);
            Initializer init = Initializers.get(function, kwargs);
            Distribution d = Fixtures.distribution(init, Fixtures.shape(c.get("shape")));
            assertThat(d).as("%s", c).isEqualTo(expected(c.get("op").asText(), c.get("args")));
            checked++;
        }
        assertThat(checked).isGreaterThan(110);
    }

    @Test
    void truncNormalParameters() {
        for (JsonNode c : TORCH.get("calls")) {
            if (!c.get("function").asText().equals("trunc_normal_")) {
                continue;
            }
            Map<String, Object> kwargs = Fixtures.map(c.get("kwargs"));
            Initializer init = Initializers.get("trunc_normal_", kwargs);
            io.jinit.distribution.TruncatedNormal d =
                    (io.jinit.distribution.TruncatedNormal) Fixtures.distribution(init, Shape.of(10));
            assertThat(d.mean()).isEqualTo(((Number) kwargs.getOrDefault("mean", 0.0)).doubleValue());
            assertThat(d.stddev()).isEqualTo(((Number) kwargs.getOrDefault("std", 1.0)).doubleValue());
            assertThat(d.low()).isEqualTo(((Number) kwargs.getOrDefault("a", -2.0)).doubleValue());
            assertThat(d.high()).isEqualTo(((Number) kwargs.getOrDefault("b", 2.0)).doubleValue());
            assertThat(d.mass()).as("%s", c).isCloseTo(c.get("p").asDouble(), org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    /** PyTorch's module defaults: Linear, Conv, ConvTranspose, Bilinear, RNN family, Embedding. */
    @Test
    void moduleDefaults() {
        for (JsonNode m : TORCH.get("modules")) {
            String type = m.get("constructor").get("type").asText();
            JsonNode args = m.get("constructor").get("args");
            JsonNode weight = m.get("params").get(0);
            Shape weightShape = Fixtures.shape(weight.get("shape"));
            for (JsonNode p : m.get("params")) {
                Initializer init;
                if (type.equals("Embedding")) {
                    init = TorchCatalogue.embeddingDefault(1);
                } else if (type.startsWith("RNN") || type.startsWith("LSTM") || type.startsWith("GRU")) {
                    init = TorchCatalogue.rnnDefault(args.get(1).asLong(), 1);
                } else if (type.equals("Bilinear")) {
                    init = TorchCatalogue.linearBias(args.get(0).asLong(), 1);
                } else if (p.get("name").asText().equals("weight")) {
                    init = TorchCatalogue.linearDefault(1);
                } else {
                    long fanIn = (long) FanConvention.TORCH.fans(weightShape).fanIn();
                    init = TorchCatalogue.linearBias(fanIn, 1);
                }
                Distribution d = Fixtures.distribution(init, Fixtures.shape(p.get("shape")).rank() >= 2
                        ? Fixtures.shape(p.get("shape")) : weightShape);
                assertThat(d).as("%s %s", m.get("module").asText(), p.get("name").asText())
                        .isEqualTo(expected(p.get("op").asText(), p.get("args")));
            }
        }
    }

    @Test
    void eyeAndDirac() {
        for (JsonNode e : TORCH.get("eye")) {
            double[] v = Initializers.get("eye_").sampleDouble(Fixtures.shape(e.get("shape")));
            assertThat(v).as("%s", e).containsExactly(Fixtures.doubles(e.get("values")));
        }
        for (JsonNode e : TORCH.get("dirac")) {
            double[] v = Initializers.get("dirac_", Map.of("groups", e.get("groups").asLong()))
                    .sampleDouble(Fixtures.shape(e.get("shape")));
            assertThat(v).as("%s", e).containsExactly(Fixtures.doubles(e.get("values")));
        }
        for (JsonNode e : TORCH.get("eye_errors")) {
            Shape shape = Fixtures.shape(e.get("shape"));
            assertThatThrownBy(() -> Initializers.get("eye_").sample(shape))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(shape.toString());
        }
        for (JsonNode e : TORCH.get("dirac_errors")) {
            Shape shape = Fixtures.shape(e.get("shape"));
            Initializer dirac = Initializers.get("dirac_", Map.of("groups", e.get("groups").asLong()));
            assertThatThrownBy(() -> dirac.sample(shape))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(shape.toString());
        }
    }

    @Test
    void orthogonalNeedsRankTwo() {
        for (JsonNode e : TORCH.get("orthogonal_errors")) {
            Shape shape = Fixtures.shape(e.get("shape"));
            assertThatThrownBy(() -> Initializers.get("orthogonal_").sample(shape))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(shape.toString());
        }
    }

    @Test
    void sparseZerosPerColumn() {
        for (JsonNode s : TORCH.get("sparse")) {
            Shape shape = Fixtures.shape(s.get("shape"));
            Sparse sparse = new Sparse(s.get("sparsity").asDouble(), s.get("std").asDouble(), 5);
            double[] v = sparse.sampleDouble(shape);
            int rows = (int) shape.dim(0);
            int cols = (int) shape.dim(1);
            for (int c = 0; c < cols; c++) {
                int zeros = 0;
                for (int r = 0; r < rows; r++) {
                    zeros += v[r * cols + c] == 0.0 ? 1 : 0;
                }
                assertThat(zeros).as("%s column %d", s, c).isEqualTo(s.get("zeros_per_column").asInt());
            }
        }
        for (JsonNode e : TORCH.get("sparse_errors")) {
            Shape shape = Fixtures.shape(e.get("shape"));
            assertThatThrownBy(() -> new Sparse(0.1, 0.01, 1).sample(shape))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(shape.toString());
        }
    }

    /** Each input PyTorch rejects is rejected, naming the offending value. */
    @Test
    void errors() {
        for (JsonNode e : TORCH.get("errors")) {
            Map<String, Object> kwargs = Fixtures.map(e.get("kwargs"));
            Shape shape = Fixtures.shape(e.get("shape"));
            String function = e.get("function").asText();
            String named = kwargs.isEmpty() ? shape.toString() : String.valueOf(kwargs.values().iterator().next());
            assertThatThrownBy(() -> Initializers.get(function, kwargs).sample(shape)).as("%s", e)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named.replace(".0", ""));
        }
    }

    @Test
    void zeroElementTensorsAreLeftAlone() {
        for (JsonNode z : TORCH.get("zero_element")) {
            String function = z.get("function").asText();
            if (function.startsWith("orthogonal")) {
                continue;
            }
            assertThat(Initializers.get(function).sample(Fixtures.shape(z.get("shape")))).isEmpty();
        }
    }

    private static Distribution expected(String op, JsonNode args) {
        if (op.equals("uniform_")) {
            return new Uniform(args.get("a").asDouble(), args.get("b").asDouble());
        }
        return new Normal(args.get("mean").asDouble(), args.get("std").asDouble());
    }
}
