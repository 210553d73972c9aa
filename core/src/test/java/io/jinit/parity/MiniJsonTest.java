package io.jinit.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MiniJsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = MiniJson.parse(
                " {\"a\": [1, -2, 3.5, -1e-3, 2E+2], \"b\": {\"t\": true, \"f\": false, \"n\": null},"
                        + " \"s\": \"x\\\"y\\\\z\\/\\n\\t\\u00e9\", \"e\": [], \"o\": {}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", List.of(1L, -2L, 3.5, -1e-3, 200.0));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("t", true);
        b.put("f", false);
        b.put("n", null);
        expected.put("b", b);
        expected.put("s", "x\"y\\z/\n\té");
        expected.put("e", List.of());
        expected.put("o", Map.of());
        assertThat(v).isEqualTo(expected);
    }

    @Test
    void keepsKeyOrder() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) MiniJson.parse("{\"z\": 1, \"a\": 2, \"m\": 3}");
        assertThat(m.keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void integersThatDoNotFitALongBecomeDoubles() {
        assertThat(MiniJson.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(MiniJson.parse("92233720368547758070")).isEqualTo(9.223372036854775807e19);
    }

    @Test
    void acceptsPythonNonFiniteNumbers() {
        assertThat(MiniJson.parse("[NaN, Infinity, -Infinity]"))
                .isEqualTo(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    }

    @Test
    void doublesRoundTripExactly() {
        assertThat(MiniJson.parse("-3.0908619663705394e-08")).isEqualTo(-3.0908619663705394e-08);
        // Python prints a float32 widened to float64 with 17 digits; it must come back as that float.
        assertThat(MiniJson.parse("0.7071068286895752")).isEqualTo((double) Float.intBitsToFloat(0x3f3504f4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1,]", "{\"a\" 1}", "[1 2]", "\"abc", "01", "1.", "tru", "{\"a\":1}x", "[\"\\q\"]"})
    void rejectsMalformedInput(String text) {
        assertThatThrownBy(() -> MiniJson.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON at offset ");
    }

    @Test
    void readsTheKerasFixture() {
        @SuppressWarnings("unchecked")
        Map<String, Object> keras = (Map<String, Object>) MiniJson.resource("/io/jinit/parity/keras.json");
        assertThat(keras.get("version")).isEqualTo("3.15.1");
        assertThat(keras.get("stft")).isInstanceOf(List.class);
    }
}
