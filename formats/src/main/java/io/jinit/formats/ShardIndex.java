package io.jinit.formats;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The index of a sharded checkpoint, {@code model.safetensors.index.json}, in the text transformers
 * 5.18 writes: {@code json.dumps(index, indent=2, sort_keys=True) + "\n"}
 * ({@code modeling_utils.py} 3555-3568) of {@code {"metadata": {"total_parameters": elements,
 * "total_size": bytes of tensor data}, "weight_map": {name: shard file}}}, keys sorted.
 *
 * @since 0.1
 */
public final class ShardIndex {

    /** The index's file name beside the shards. */
    public static final String FILE = "model.safetensors.index.json";

    /** The key of the index's map of tensor names to shard files. */
    public static final String WEIGHT_MAP = "weight_map";

    private ShardIndex() {
    }

    /**
     * The index's text.
     *
     * @param weightMap each tensor's name and the shard file holding it, in any order
     * @param totalParameters the elements of all tensors
     * @param totalSize the bytes of all tensors' data, headers not counted
     * @return the text, ending with a newline
     */
    public static String text(Map<String, String> weightMap, long totalParameters, long totalSize) {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"metadata\": {\n");
        json.append("    \"total_parameters\": ").append(totalParameters).append(",\n");
        json.append("    \"total_size\": ").append(totalSize).append("\n  },\n");
        json.append("  \"").append(WEIGHT_MAP).append("\": {\n");
        int n = 0;
        // sort_keys orders str keys by code point; TreeMap's natural order (UTF-16 units) differs
        // where a character beyond U+FFFF meets one in U+E000-U+FFFF.
        Map<String, String> sorted = new TreeMap<>(ShardIndex::compareCodePoints);
        sorted.putAll(weightMap);
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            json.append("    ").append(pythonQuoted(e.getKey())).append(": ").append(pythonQuoted(e.getValue()));
            json.append(++n < sorted.size() ? ",\n" : "\n");
        }
        return json.append("  }\n}\n").toString();
    }

    /** Python's order of {@code str}: by code point. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * A JSON string as Python's {@code json.dumps} writes it with its default {@code ensure_ascii}:
     * {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f}, and every
     * other UTF-16 unit outside {@code ' '} to {@code '~'} (DEL included) as a backslash-u escape,
     * a character beyond U+FFFF as its two surrogates.
     */
    static String pythonQuoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
