package io.jinit.diagnosis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An initializer written with its parameters as a call, the way a torch user writes it:
 * {@code kaiming_uniform_(a=2.236)}, {@code variance_scaling(scale=2, mode=fan_out)},
 * {@code orthogonal(gain=1.5)}. The parameters are the config keys that {@code jinit sample --set}
 * takes for the same name; a transformer recipe's are its own ({@code mup(base_width=256)}).
 *
 * <p>A value is a decimal number (an integer literal stays an integer, as JSON reads it, so
 * that integer parameters such as {@code groups} keep their type), {@code true} or
 * {@code false}, or a word ({@code fan_out}, {@code truncated_normal}); quotes around a word are
 * dropped. Lists, nested calls and the same key twice are refused.
 *
 * @param name the initializer's name, before the parenthesis
 * @param parameters the parameters in the order given
 * @since 0.1
 */
public record ParameterizedName(String name, Map<String, Object> parameters) {
    private static final Pattern CALL = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\s*\\((.*)\\)");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /**
     * Keeps the parameters unmodifiable.
     *
     * @param name the initializer's name
     * @param parameters the parameters in the order given
     */
    public ParameterizedName {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Whether {@code text} is written as a call, {@code name(...)}.
     *
     * @param text a stripped initializer spelling
     * @return whether {@link #parse} reads it
     */
    public static boolean isCall(String text) {
        return text.indexOf('(') >= 0 || text.indexOf(')') >= 0;
    }

    /**
     * Reads {@code name(key=value, ...)}; blanks around names, keys and values are ignored.
     *
     * @param text the spelling, stripped
     * @return the name and parameters
     * @throws IllegalArgumentException if it is not a call of that form, a key repeats or a value
     *     is empty, a list or a call, naming the part and the whole spelling
     */
    public static ParameterizedName parse(String text) {
        Matcher call = CALL.matcher(text);
        if (!call.matches()) {
            throw new IllegalArgumentException("initializer parameters must be written name(key=value, ...): " + text);
        }
        String inside = call.group(2).strip();
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (!inside.isEmpty()) {
            for (String item : inside.split(",", -1)) {
                int eq = item.indexOf('=');
                String key = eq < 0 ? "" : item.substring(0, eq).strip();
                if (!KEY.matcher(key).matches()) {
                    throw new IllegalArgumentException("initializer parameter must be key=value, got '" + item.strip()
                            + "': " + text);
                }
                Object value = value(item.substring(eq + 1).strip(), text);
                if (parameters.put(key, value) != null) {
                    throw new IllegalArgumentException("initializer parameter " + key + " is given twice: " + text);
                }
            }
        }
        return new ParameterizedName(call.group(1), parameters);
    }

    private static Object value(String v, String text) {
        if (v.isEmpty()) {
            throw new IllegalArgumentException("initializer parameter has no value: " + text);
        }
        if (v.contains("(") || v.contains(")") || v.contains("[") || v.contains("]")) {
            throw new IllegalArgumentException("initializer parameter values are numbers, true, false or words, not "
                    + "lists or calls: " + text);
        }
        if (INTEGER.matcher(v).matches()) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("initializer parameter " + v + " does not fit a 64-bit integer: "
                        + text, e);
            }
        }
        if (DECIMAL.matcher(v).matches()) {
            return Double.parseDouble(v);
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        boolean quoted = v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"')
                && v.charAt(v.length() - 1) == v.charAt(0);
        return quoted ? v.substring(1, v.length() - 1) : v;
    }
}
