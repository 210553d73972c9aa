package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardIndexTest {

    /**
     * The expected text is Python 3.11's {@code json.dumps(index, indent=2, sort_keys=True) + "\n"}
     * of the same index: escapes (DEL and control characters included), surrogate pairs, and keys
     * sorted by code point, where U+1F600 comes after U+E000 although its first UTF-16 unit
     * (U+D83D) comes before.
     */
    @Test
    void textIsWhatJsonDumpsWritesWithSortedKeys() {
        Map<String, String> weightMap = new LinkedHashMap<>();
        weightMap.put("b\u007f\u00e9.w", "model-00002-of-00002.safetensors");
        weightMap.put("a\"\\\n\t\u0001\uD83D\uDE00", "model-00001-of-00002.safetensors");
        weightMap.put("c\uD83D\uDE00", "model-00001-of-00002.safetensors");
        weightMap.put("c\uE000", "model-00002-of-00002.safetensors");
        weightMap.put("Z~", "model-00001-of-00002.safetensors");

        String text = ShardIndex.text(weightMap, 3, 12);

        assertThat(text).isEqualTo("""
                {
                  "metadata": {
                    "total_parameters": 3,
                    "total_size": 12
                  },
                  "weight_map": {
                    "Z~": "model-00001-of-00002.safetensors",
                    "a\\"\\\\\\n\\t\\u0001\\ud83d\\ude00": "model-00001-of-00002.safetensors",
                    "b\\u007f\\u00e9.w": "model-00002-of-00002.safetensors",
                    "c\\ue000": "model-00002-of-00002.safetensors",
                    "c\\ud83d\\ude00": "model-00001-of-00002.safetensors"
                  }
                }
                """);
    }

    @Test
    void aPrefixSortsBeforeItsExtensions() {
        assertThat(ShardIndex.compareCodePoints("layers.1", "layers.10")).isNegative();
        assertThat(ShardIndex.compareCodePoints("layers.10", "layers.1")).isPositive();
        assertThat(ShardIndex.compareCodePoints("x\uD83D\uDE00", "x\uD83D\uDE00")).isZero();
    }
}
