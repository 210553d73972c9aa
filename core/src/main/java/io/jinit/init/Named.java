package io.jinit.init;

import io.jinit.Initializer;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An initializer under a framework's own name: Keras's {@code GlorotUniform} is a
 * {@link VarianceScaling} preset, torch's {@code uniform_} a {@link RandomUniform} with torch's
 * parameter names. The name and config are what {@link io.jinit.Initializers#serialize} writes;
 * the values are the delegate's.
 *
 * @param module the module written on serialization
 * @param className the class or function name written on serialization
 * @param config the config written on serialization, in the framework's key order
 * @param delegate the initializer that computes the values
 * @since 0.1
 */
public record Named(String module, String className, Map<String, Object> config, Initializer delegate)
        implements Initializer {

    /**
     * Copies the config into an unmodifiable ordered map.
     *
     * @param module the module written on serialization
     * @param className the class or function name written on serialization
     * @param config the config written on serialization, in the framework's key order
     * @param delegate the initializer that computes the values
     */
    public Named {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
        delegate.fill(shape, key, from, out, offset, length);
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        delegate.fill(shape, key, from, out, offset, length);
    }

    @Override
    public RandomKey key() {
        return delegate.key();
    }

    @Override
    public boolean isElementwise() {
        return delegate.isElementwise();
    }

    @Override
    public String toString() {
        return className + config + " = " + delegate;
    }
}
