package io.jinit.formats;

import io.jinit.Initializer;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.List;

/**
 * A model to initialize: named parameters with their shapes, initializers and dtypes, and the
 * seed every parameter's key is derived from. Read from JSON by {@link ModelSpecReader}; the
 * format is documented in docs/model-spec.md with a JSON Schema in docs/model-spec.schema.json.
 *
 * @param seed the model seed
 * @param seedDrawn whether the seed was drawn because neither the document nor the caller gave one
 *     (a run should then print it, so that it can be repeated)
 * @param parameters the parameters, in file order
 * @since 0.1
 */
public record ModelSpec(long seed, boolean seedDrawn, List<Parameter> parameters) {

    /**
     * Copies the list; names must be unique.
     *
     * @param seed the model seed
     * @param seedDrawn whether the seed was drawn because neither the document nor the caller gave one
     *        (a run should then print it, so that it can be repeated)
     * @param parameters the parameters, in file order
     */
    public ModelSpec {
        parameters = List.copyOf(parameters);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Parameter p : parameters) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException("parameter names must be unique: " + p.name());
            }
        }
    }

    /**
     * One named tensor.
     *
     * @param name the name, e.g. {@code "encoder.0.weight"}
     * @param shape the shape
     * @param initializer the initializer
     * @param dtype the element type: float32, float64, bfloat16 or float16
     * @param key the key its values are drawn under
     */
    public record Parameter(String name, Shape shape, Initializer initializer, String dtype, RandomKey key) {
        /** The element types a parameter may have. */
        public static final List<String> DTYPES = List.of("float32", "float64", "bfloat16", "float16");

        /**
         * Validates the parameter.
         *
         * @param name the name, e.g. {@code "encoder.0.weight"}
         * @param shape the shape
         * @param initializer the initializer
         * @param dtype the element type: float32, float64, bfloat16 or float16
         * @param key the key its values are drawn under
         */
        public Parameter {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("parameter name must be a non-empty string: " + name);
            }
            if (!DTYPES.contains(dtype)) {
                throw new IllegalArgumentException("dtype of " + name + " must be one of " + DTYPES + ": " + dtype);
            }
        }
    }

    /**
     * The total number of elements.
     *
     * @return the sum of the parameters' sizes
     * @throws IllegalArgumentException if it overflows a long
     */
    public long totalElements() {
        long total = 0;
        for (Parameter p : parameters) {
            try {
                total = Math.addExact(total, p.shape().size());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("total element count overflows a long at " + p.name(), e);
            }
        }
        return total;
    }
}
