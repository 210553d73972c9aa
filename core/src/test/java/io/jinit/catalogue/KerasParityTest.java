package io.jinit.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinit.parity.Fixtures;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.distribution.Distribution;
import io.jinit.distribution.Normal;
import io.jinit.distribution.TruncatedNormal;
import io.jinit.distribution.Uniform;
import io.jinit.init.Identity;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Fans;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Parity with real Keras 3.15.1 (numpy backend): values in
 * src/test/resources/io/jinit/parity/keras.json, computed by scripts/reference/keras_reference.py.
 * Randomness itself is jinit's own stream; what must agree is every fan, every distribution
 * parameter Keras passes to its random primitive (to the last bit), every name, config and error.
 */
class KerasParityTest {
    private static final JsonNode KERAS = Fixtures.load("keras.json");

    @Test
    void fixturesComeFromKeras315() {
        assertThat(KERAS.get("version").asText()).isEqualTo("3.15.1");
    }

    @Test
    void computeFans() {
        for (JsonNode c : KERAS.get("fans")) {
            Shape shape = Fixtures.shape(c.get("shape"));
            FanConvention convention = FanConvention.KERAS;
            if (!c.get("input_axes").isNull() && !c.get("output_axes").isNull()) {
                convention = FanConvention.kerasAxes(ints(c.get("input_axes")), ints(c.get("output_axes")));
            }
            Fans fans = convention.fans(shape);
            assertThat(fans.fanIn()).as("fan_in %s", c).isEqualTo(c.get("fan_in").asDouble());
            assertThat(fans.fanOut()).as("fan_out %s", c).isEqualTo(c.get("fan_out").asDouble());
        }
    }

    /** The exact arguments Keras passes to normal/uniform/truncated_normal, to the last bit. */
    @Test
    void distributionParametersAgreeToTheLastBit() {
        int checked = 0;
        for (JsonNode c : KERAS.get("calls")) {
            String className = c.get("class_name").asText();
            if (className.equals("Orthogonal")) {
                continue;
            }
            Map<String, Object> dict = new LinkedHashMap<>();
            dict.put("class_name", className);
            dict.put("config", Fixtures.map(c.get("config")));
            Initializer init = Initializers.deserialize(dict);
            Distribution d = Fixtures.distribution(init, Fixtures.shape(c.get("shape")));
            JsonNode args = c.get("args");
            switch (c.get("primitive").asText()) {
                case "normal":
                    assertThat(d).as("%s", c).isEqualTo(new Normal(args.get("mean").asDouble(),
                            args.get("stddev").asDouble()));
                    break;
                case "truncated_normal":
                    assertThat(d).as("%s", c).isEqualTo(TruncatedNormal.twoSigma(args.get("mean").asDouble(),
                            args.get("stddev").asDouble()));
                    break;
                case "uniform":
                    assertThat(d).as("%s", c).isEqualTo(new Uniform(args.get("minval").asDouble(),
                            args.get("maxval").asDouble()));
                    break;
                default:
                    throw new AssertionError(c);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(180);
    }

    @Test
    void everyKerasIdentifierResolvesToItsClass() {
        Map<String, Object> expected = Fixtures.map(KERAS.get("identifiers"));
        assertThat(KerasCatalogue.identifiers()).containsExactlyInAnyOrderEntriesOf(toStrings(expected));
        assertThat(KerasCatalogue.identifiers()).hasSize(41);
        for (String id : KerasCatalogue.identifiers().keySet()) {
            if (id.equalsIgnoreCase("initializer")) {
                assertThatThrownBy(() -> Initializers.get(id)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("abstract");
                continue;
            }
            assertThat(Initializers.get(id).className()).as(id).isEqualTo(KerasCatalogue.identifiers().get(id));
        }
    }

    /** Keras's own serialization, except the documented choices (seed drawn, Identity's gain). */
    @Test
    void serializeWritesKerasDicts() {
        for (JsonNode s : KERAS.get("serialized")) {
            String id = s.get("identifier").asText();
            if (id.equalsIgnoreCase("initializer")) {
                continue;
            }
            Map<String, Object> keras = Fixtures.map(s.get("serialized"));
            Map<String, Object> ours = Initializers.serialize(Initializers.get(id));
            assertThat(ours.keySet()).containsExactly("module", "class_name", "config", "registered_name");
            assertThat(ours.get("module")).as(id).isEqualTo(keras.get("module"));
            assertThat(ours.get("class_name")).as(id).isEqualTo(keras.get("class_name"));
            assertThat(ours.get("registered_name")).isNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> kerasConfig = new LinkedHashMap<>((Map<String, Object>) keras.get("config"));
            @SuppressWarnings("unchecked")
            Map<String, Object> ourConfig = new LinkedHashMap<>((Map<String, Object>) ours.get("config"));
            if (kerasConfig.containsKey("seed")) {
                assertThat(kerasConfig.get("seed")).isNull();
                assertThat((Long) ourConfig.get("seed")).isBetween(1L, 1_000_000_000L);
                kerasConfig.remove("seed");
                ourConfig.remove("seed");
            }
            if (keras.get("class_name").equals("Identity")) {
                assertThat(ourConfig).containsExactly(Map.entry("gain", 1.0));
                continue;
            }
            assertThat(ourConfig).as(id).isEqualTo(kerasConfig);
        }
    }

    /** Keras's get_config key order (keras.md §6.1), which the dicts above cannot show: the fixture is key-sorted. */
    @Test
    void configKeysAreInKerasOrder() {
        Map<String, List<String>> order = Map.of(
                "RandomNormal", List.of("seed", "mean", "stddev"),
                "RandomUniform", List.of("seed", "minval", "maxval"),
                "TruncatedNormal", List.of("seed", "mean", "stddev"),
                "VarianceScaling", List.of("seed", "scale", "mode", "distribution", "input_axes", "output_axes"),
                "GlorotUniform", List.of("seed", "input_axes", "output_axes"),
                "HeNormal", List.of("seed", "input_axes", "output_axes"),
                "Constant", List.of("value"));
        order.forEach((name, keys) -> assertThat(Initializers.get(name).config().keySet()).as(name)
                .containsExactlyElementsOf(keys));
    }

    @Test
    void configsWrittenByKerasReadBackToTheSameDict() {
        for (JsonNode s : KERAS.get("serialized_with_params")) {
            String className = s.get("class_name").asText();
            Map<String, Object> keras = Fixtures.map(s.get("serialized"));
            Initializer ours = Initializers.deserialize(keras);
            Map<String, Object> back = Initializers.serialize(ours);
            assertThat(back.get("class_name")).isEqualTo(keras.get("class_name"));
            @SuppressWarnings("unchecked")
            Map<String, Object> kerasConfig = (Map<String, Object>) keras.get("config");
            @SuppressWarnings("unchecked")
            Map<String, Object> ourConfig = (Map<String, Object>) back.get("config");
            if (className.equals("Identity")) {
                assertThat(kerasConfig).isEmpty();
                continue;
            }
            if (kerasConfig.get("seed") == null && kerasConfig.containsKey("seed")) {
                ourConfig = new LinkedHashMap<>(ourConfig);
                kerasConfig = new LinkedHashMap<>(kerasConfig);
                ourConfig.remove("seed");
                kerasConfig.remove("seed");
            }
            assertThat(normalizeNumbers(ourConfig)).as(className).isEqualTo(normalizeNumbers(kerasConfig));
            assertThat(Initializers.deserialize(back)).as(className).isEqualTo(ours);
        }
    }

    @Test
    void identityMatchesKeras() {
        for (JsonNode c : KERAS.get("identity")) {
            Shape shape = Fixtures.shape(c.get("shape"));
            double[] values = new Identity(c.get("gain").asDouble()).sampleDouble(shape);
            assertThat(values).containsExactly(Fixtures.doubles(c.get("values")));
        }
    }

    /** Identifiers Keras rejects are rejected too, except the torch names jinit defines on purpose. */
    @Test
    void rejectedIdentifiers() {
        Set<String> torchNames = Set.of("xavier_uniform", "kaiming_normal");
        for (JsonNode r : KERAS.get("rejected_identifiers")) {
            String id = r.get("identifier").asText();
            if (torchNames.contains(id)) {
                assertThat(Initializers.get(id).module()).isEqualTo("torch.nn.init");
                continue;
            }
            assertThatThrownBy(() -> Initializers.get(id)).as(id).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unknown initializer: " + id);
        }
    }

    /** Every construction Keras rejects is rejected, with a message naming the offending value. */
    @Test
    void constructionErrors() {
        for (JsonNode e : KERAS.get("construct_errors")) {
            String className = e.get("class_name").asText();
            Map<String, Object> kwargs = Fixtures.map(e.get("kwargs"));
            String offending = offendingValue(e.get("message").asText(), kwargs);
            assertThatThrownBy(() -> Initializers.get(className, kwargs)).as("%s", e)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(offending);
        }
    }

    /** Identity on rank != 2, Orthogonal on rank < 2, STFT on rank != 3: rejected, naming the shape. */
    @Test
    void shapesKerasCannotServeAreRejected() {
        int checked = 0;
        for (JsonNode e : KERAS.get("call_errors")) {
            Shape shape = Fixtures.shape(e.get("shape"));
            Initializer init = Initializers.get(e.get("class_name").asText(), Fixtures.map(e.get("kwargs")));
            assertThatThrownBy(() -> init.sample(shape)).as("%s", e)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(shape.toString());
            checked++;
        }
        assertThat(checked).isEqualTo(5);
    }

    private static String offendingValue(String message, Map<String, Object> kwargs) {
        for (String key : List.of("scale", "mode", "distribution", "seed", "side", "scaling", "window")) {
            if (message.contains(key) && kwargs.containsKey(key)) {
                Object v = kwargs.get(key);
                return v instanceof Number && !(v instanceof Double) ? String.valueOf(((Number) v).doubleValue())
                        .replace(".0", "") : String.valueOf(v);
            }
        }
        throw new AssertionError("no offending key in " + message);
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> v = new ArrayList<>();
        array.forEach(n -> v.add(n.asInt()));
        return v;
    }

    private static Map<String, String> toStrings(Map<String, Object> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    /** Keras keeps Python ints (RandomUniform(-1, 1) writes -1); jinit writes doubles. Compare values. */
    private static Map<String, Object> normalizeNumbers(Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, v instanceof Number && !k.equals("seed")
                ? (Object) ((Number) v).doubleValue() : v instanceof Number ? ((Number) v).longValue() : v));
        return out;
    }
}
