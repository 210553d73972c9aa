package io.jinit.catalogue;

import io.jinit.Initializer;
import io.jinit.NamedInitializer;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A family under a catalogue entry's name: Keras's {@code GlorotUniform} is a
 * {@link io.jinit.init.VarianceScaling} preset, torch's {@code uniform_} a
 * {@link io.jinit.init.RandomUniform} with torch's parameter names. The name and config are
 * what {@link io.jinit.Initializers#serialize} writes; the values are the family's.
 *
 * @param module the module written on serialization
 * @param className the class or function name written on serialization
 * @param config the config written on serialization, in the framework's key order
 * @param family the initializer that computes the values
 * @since 0.1
 */
public record Catalogued(String module, String className, Map<String, Object> config, Initializer family)
        implements NamedInitializer {

    /**
     * Copies the config into an unmodifiable ordered map.
     *
     * @param module the module written on serialization
     * @param className the class or function name written on serialization
     * @param config the config written on serialization, in the framework's key order
     * @param family the initializer that computes the values
     */
    public Catalogued {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
        family.fill(shape, key, from, out, offset, length);
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        family.fill(shape, key, from, out, offset, length);
    }

    @Override
    public RandomKey key() {
        return family.key();
    }

    @Override
    public boolean isElementwise() {
        return family.isElementwise();
    }

    /**
     * The family's fan convention; for a torch function whose values use no fans ({@code uniform_},
     * {@code normal_}, {@code sparse_}, {@code eye_}, {@code dirac_}, ...) it is still
     * {@link FanConvention#TORCH}, because PyTorch lays every weight out as (out, in, k...) and
     * those functions place their values by that layout: {@code sparse_} zeroes within each
     * column of (out, in), {@code eye_} and {@code dirac_} put their ones by it.
     *
     * @return the convention, or empty for a Keras entry whose values use no fans
     */
    @Override
    public Optional<FanConvention> fanConvention() {
        Optional<FanConvention> own = family.fanConvention();
        if (own.isPresent() || !TorchCatalogue.MODULE.equals(module)) {
            return own;
        }
        return Optional.of(FanConvention.TORCH);
    }

    @Override
    public String toString() {
        return className + config + " = " + family;
    }
}
