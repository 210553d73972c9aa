package io.jinit.models.hf;

import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.catalogue.ConfigReader;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The initialization transformers gives an {@code nn.Embedding} with a {@code padding_idx}: every
 * element from {@code normal_(mean, std)}, then row {@code padding_idx} set to zeros
 * ({@code PreTrainedModel._init_weights}, transformers 5.18 {@code modeling_utils.py} lines
 * 2326-2330). The other rows are exactly those of {@code normal_(mean, std)} under the same key,
 * so the padding row costs no draw of its own and moving it changes no other element.
 *
 * <p>Its config ({@code mean}, {@code std}, {@code padding_idx}, {@code seed}) is what a file's
 * {@code jinit.init.NAME} records, under the class name {@value #CLASS_NAME}; {@link #register}
 * makes {@code Initializers.deserialize} read it back.
 *
 * @param mean the mean of the normal
 * @param std the standard deviation of the normal
 * @param paddingIdx the row set to zeros
 * @param seed the seed of the default key
 * @since 0.1
 */
public record PaddingRowNormal(double mean, double std, long paddingIdx, long seed) implements NamedInitializer {
    /** The name it serializes under and {@link #register} registers. */
    public static final String CLASS_NAME = "PaddingRowNormal";
    /** The module it serializes under. */
    public static final String MODULE = "jinit.models.hf";

    /**
     * Checks the row index.
     *
     * @param mean the mean of the normal
     * @param std the standard deviation of the normal
     * @param paddingIdx the row set to zeros
     * @param seed the seed of the default key
     */
    public PaddingRowNormal {
        if (paddingIdx < 0) {
            throw new IllegalArgumentException("padding_idx must be >= 0: " + paddingIdx);
        }
        normal(mean, std, seed);
    }

    /**
     * Registers {@value #CLASS_NAME} with {@link Initializers#register}, so that
     * {@code Initializers.get} and {@code deserialize} accept its config: {@code padding_idx}
     * (required), {@code mean} and {@code std} (0 and 1 when absent, as {@code torch.nn.init.normal_}),
     * {@code seed} (drawn when absent or null); another key is refused. Registering again changes
     * nothing.
     */
    public static void register() {
        Initializers.register(CLASS_NAME, config -> {
            ConfigReader read = new ConfigReader(CLASS_NAME, config);
            if (!read.has("padding_idx")) {
                throw new IllegalArgumentException("padding_idx of " + CLASS_NAME + " is required: none given");
            }
            PaddingRowNormal init = new PaddingRowNormal(read.number("mean", 0.0), read.number("std", 1.0),
                    read.integer("padding_idx", 0), read.seed());
            read.finish();
            return init;
        });
    }

    private static NamedInitializer normal(double mean, double std, long seed) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mean", mean);
        config.put("std", std);
        config.put("seed", seed);
        return Initializers.get("normal_", config);
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
        normal(mean, std, seed).fill(shape, key, from, out, offset, length);
        long[] zero = paddingRange(shape, from, length);
        Arrays.fill(out, offset + (int) zero[0], offset + (int) zero[1], 0f);
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        normal(mean, std, seed).fill(shape, key, from, out, offset, length);
        long[] zero = paddingRange(shape, from, length);
        Arrays.fill(out, offset + (int) zero[0], offset + (int) zero[1], 0.0);
    }

    /** The padding row's part of elements {@code [from, from + length)}, relative to {@code from}. */
    private long[] paddingRange(Shape shape, long from, int length) {
        if (shape.rank() != 2 || paddingIdx >= shape.dim(0)) {
            throw new IllegalArgumentException("padding_idx " + paddingIdx + " needs a rank-2 shape with more rows: "
                    + shape);
        }
        long rowStart = paddingIdx * shape.dim(1);
        long start = Math.max(rowStart, from);
        long end = Math.min(rowStart + shape.dim(1), from + length);
        return start < end ? new long[] {start - from, end - from} : new long[] {0, 0};
    }

    @Override
    public RandomKey key() {
        return RandomKey.of(seed);
    }

    @Override
    public String className() {
        return CLASS_NAME;
    }

    @Override
    public String module() {
        return MODULE;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mean", mean);
        config.put("std", std);
        config.put("padding_idx", paddingIdx);
        config.put("seed", seed);
        return config;
    }
}
