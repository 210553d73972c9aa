package io.jinit.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the ordered, unmodifiable config maps that initializers report. */
public final class Configs {
    private Configs() {
    }

    /**
     * An ordered map from alternating keys and values (values may be null).
     *
     * @param keysAndValues key, value, key, value, ...
     * @return the unmodifiable map, in argument order
     */
    public static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
