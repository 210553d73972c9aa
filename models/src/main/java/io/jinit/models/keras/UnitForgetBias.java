package io.jinit.models.keras;

import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.catalogue.ConfigReader;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bias Keras's {@code LSTMCell} builds with {@code unit_forget_bias=True}: of its
 * {@code 4 * units} elements, the input gate's {@code units} are the bias initializer's values for
 * shape {@code (units,)}, the forget gate's {@code units} are ones, and the cell and output gates'
 * {@code 2 * units} are the bias initializer's values for shape {@code (2 * units,)}
 * (Jozefowicz et al. 2015, which Keras cites). Both calls of the bias initializer draw under the
 * same key, as Keras calls the one initializer twice with its one seed.
 *
 * <p>Implementation note: Keras 3.15.1 {@code keras/src/layers/rnn/lstm.py} lines 165-191
 * ({@code ops.concatenate} of {@code bias_initializer((units,))}, {@code ones((units,))},
 * {@code bias_initializer((units * 2,))}); read 2026-12.
 *
 * <p>Its config ({@code units} and {@code bias_initializer}, the inner initializer's serialized
 * dict) is what a file's {@code jinit.init.NAME} records under the class name {@value #CLASS_NAME}
 * (module {@value #MODULE}); {@link #register} makes {@code Initializers.deserialize} read it
 * back. The recipe does not register it (a registration is global to the JVM).
 *
 * <p>References:
 * <ol>
 * <li>Jozefowicz, R., Zaremba, W. and Sutskever, I. (2015)
 * <a href="https://proceedings.mlr.press/v37/jozefowicz15.html">An Empirical Exploration of
 * Recurrent Network Architectures</a>. ICML.</li>
 * </ol>
 *
 * @param units the LSTM's units: the bias has {@code 4 * units} elements
 * @param biasInitializer the layer's {@code bias_initializer}
 * @since 0.1
 */
public record UnitForgetBias(long units, NamedInitializer biasInitializer) implements NamedInitializer {
    /** The name it serializes under and {@link #register} registers. */
    public static final String CLASS_NAME = "UnitForgetBias";
    /** The module it serializes under. */
    public static final String MODULE = "jinit.models.keras";

    /**
     * Checks the arguments.
     *
     * @param units the LSTM's units
     * @param biasInitializer the layer's {@code bias_initializer}
     */
    public UnitForgetBias {
        if (units <= 0) {
            throw new IllegalArgumentException("units must be a positive integer: " + units);
        }
        if (biasInitializer == null) {
            throw new IllegalArgumentException("bias_initializer must not be null: null");
        }
    }

    /**
     * Registers {@value #CLASS_NAME} with {@link Initializers#register}, so that
     * {@code Initializers.get} and {@code deserialize} accept its config: {@code units} and
     * {@code bias_initializer} (required), {@code seed} (optional: given to the inner initializer,
     * whose own seed must then be absent or the same); another key is refused. Registering again
     * changes nothing.
     */
    public static void register() {
        Initializers.register(CLASS_NAME, config -> {
            ConfigReader read = new ConfigReader(CLASS_NAME, config);
            if (!read.has("units")) {
                throw new IllegalArgumentException("units of " + CLASS_NAME + " is required: none given");
            }
            long units = read.integer("units", 0);
            Object inner = read.raw("bias_initializer");
            if (!(inner instanceof Map)) {
                throw new IllegalArgumentException(CLASS_NAME + " bias_initializer must be a config dict: " + inner);
            }
            Object seed = read.raw("seed");
            read.finish();
            @SuppressWarnings("unchecked")
            Map<String, Object> dict = new LinkedHashMap<>((Map<String, Object>) inner);
            if (seed != null) {
                // The run's seed (jinit sample --seed) reaches the inner initializer, whose own
                // seed, where given, must be the same.
                Map<String, Object> innerConfig = dict.get("config") instanceof Map<?, ?> m
                        ? new LinkedHashMap<>(castConfig(m)) : new LinkedHashMap<>();
                Object own = innerConfig.get("seed");
                if (own != null && !own.equals(seed)) {
                    throw new IllegalArgumentException(CLASS_NAME + " seed " + seed
                            + " disagrees with its bias_initializer's seed " + own + ": give one of them");
                }
                innerConfig.put("seed", seed);
                dict.put("config", innerConfig);
            }
            return new UnitForgetBias(units, Initializers.deserialize(dict));
        });
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
        checkShape(shape);
        long end = from + length;
        // Input gate [0, u): the initializer's (u,) tensor.
        Range input = Range.of(0, units, from, end);
        if (!input.isEmpty()) {
            biasInitializer.fill(Shape.of(units), key, input.start(), out, offset + input.at(from), input.length());
        }
        Range forget = Range.of(units, 2 * units, from, end);
        if (!forget.isEmpty()) {
            int at = offset + forget.at(from);
            Arrays.fill(out, at, at + forget.length(), 1f);
        }
        // Cell and output gates [2u, 4u): the initializer's (2u,) tensor.
        Range rest = Range.of(2 * units, 4 * units, from, end);
        if (!rest.isEmpty()) {
            biasInitializer.fill(Shape.of(2 * units), key, rest.start() - 2 * units, out, offset + rest.at(from),
                    rest.length());
        }
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        checkShape(shape);
        long end = from + length;
        Range input = Range.of(0, units, from, end);
        if (!input.isEmpty()) {
            biasInitializer.fill(Shape.of(units), key, input.start(), out, offset + input.at(from), input.length());
        }
        Range forget = Range.of(units, 2 * units, from, end);
        if (!forget.isEmpty()) {
            int at = offset + forget.at(from);
            Arrays.fill(out, at, at + forget.length(), 1.0);
        }
        Range rest = Range.of(2 * units, 4 * units, from, end);
        if (!rest.isEmpty()) {
            biasInitializer.fill(Shape.of(2 * units), key, rest.start() - 2 * units, out, offset + rest.at(from),
                    rest.length());
        }
    }

    private void checkShape(Shape shape) {
        if (shape.rank() != 1 || shape.dim(0) != 4 * units) {
            throw new IllegalArgumentException("shape of an LSTM bias with " + units + " units must be [" + 4 * units
                    + "]: " + shape);
        }
    }

    /** The part {@code [start, end)} of a gate's elements that a fill of {@code [from, to)} covers. */
    private record Range(long start, long end) {
        static Range of(long gateStart, long gateEnd, long from, long to) {
            return new Range(Math.max(gateStart, from), Math.min(gateEnd, to));
        }

        boolean isEmpty() {
            return start >= end;
        }

        int length() {
            return (int) (end - start);
        }

        /** The offset of this range's first element in a fill starting at {@code from}. */
        int at(long from) {
            return (int) (start - from);
        }
    }

    @Override
    public RandomKey key() {
        return biasInitializer.key();
    }

    @Override
    public Optional<FanConvention> fanConvention() {
        return biasInitializer.fanConvention();
    }

    @Override
    public boolean isElementwise() {
        return biasInitializer.isElementwise();
    }

    @Override
    public String className() {
        return CLASS_NAME;
    }

    @Override
    public String module() {
        return MODULE;
    }

    /**
     * {@code units}, {@code bias_initializer} and, where the inner initializer draws random
     * numbers, {@code seed}: its seed, so that the run's seed of {@code jinit sample} reaches it.
     */
    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("units", units);
        Map<String, Object> inner = Initializers.serialize(biasInitializer);
        config.put("bias_initializer", inner);
        if (inner.get("config") instanceof Map<?, ?> innerConfig && innerConfig.containsKey("seed")) {
            config.put("seed", innerConfig.get("seed"));
        }
        return config;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castConfig(Map<?, ?> config) {
        return (Map<String, Object>) config;
    }
}
