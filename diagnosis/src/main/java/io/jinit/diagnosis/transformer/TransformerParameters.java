package io.jinit.diagnosis.transformer;

import io.jinit.diagnosis.kernel.Matmul;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a {@link TransformerShape}, by name, in PyTorch's layout. Blocks are numbered
 * from 0; {@code *} stands for one of them:
 * <pre>
 *   embedding.token.weight                (vocabulary, width)
 *   embedding.position.weight             (sequence, width)        learned positions only
 *   layers.*.attention_norm.weight        (width)                  with norms only, as every *_norm
 *   layers.*.attention_norm.bias          (width)                  LayerNorm only
 *   layers.*.attention.query.weight       (width, width)           and .key, .value, .output
 *   layers.*.attention.query.bias         (width)                  with biases only; and .key, .value, .output
 *   layers.*.feed_forward_norm.weight     (width)
 *   layers.*.feed_forward_norm.bias       (width)                  LayerNorm only
 *   layers.*.feed_forward.gate.weight     (feedForwardWidth, width) SwiGLU only
 *   layers.*.feed_forward.up.weight       (feedForwardWidth, width)
 *   layers.*.feed_forward.down.weight     (width, feedForwardWidth)
 *   layers.*.feed_forward.{gate,up,down}.bias                       with biases only
 *   final_norm.weight, final_norm.bias    (width)                  pre-norm only; bias with LayerNorm only
 * </pre>
 * A weight {@code (out, in)} maps x to {@code x W^T + b}, as {@code torch.nn.Linear}.
 *
 * <p>Callers see copies: {@link #values} copies the values, and nothing outside the package changes
 * them.
 *
 * @since 0.1
 */
public final class TransformerParameters {
    private final TransformerShape shape;
    /** Each parameter as rows of its last dimension; a vector is one row. */
    private final Map<String, float[][]> values;
    private final Map<String, Shape> shapes;

    private TransformerParameters(TransformerShape shape, Map<String, float[][]> values, Map<String, Shape> shapes) {
        this.shape = shape;
        this.values = values;
        this.shapes = shapes;
    }

    /**
     * The parameters of a stack, each filled by {@code filler}.
     *
     * @param shape the stack
     * @param filler gives each parameter's values
     * @return the parameters
     * @throws IllegalArgumentException if an argument is null or the filler gives the wrong number of values
     */
    public static TransformerParameters of(TransformerShape shape, ParameterFiller filler) {
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null: null");
        }
        if (filler == null) {
            throw new IllegalArgumentException("filler must not be null: null");
        }
        Map<String, Shape> shapes = shapesOf(shape);
        Map<String, float[][]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : shapes.entrySet()) {
            Shape s = e.getValue();
            float[] flat = filler.values(e.getKey(), s);
            if (flat == null || flat.length != s.size()) {
                throw new IllegalArgumentException("filler must give " + s.size() + " values for " + e.getKey() + " "
                        + s + ": " + (flat == null ? null : flat.length));
            }
            values.put(e.getKey(), rows(flat, s));
        }
        return new TransformerParameters(shape, values, Collections.unmodifiableMap(shapes));
    }

    /** The names and shapes of a stack's parameters, in the order of the stream. */
    static Map<String, Shape> shapesOf(TransformerShape t) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        int d = t.width();
        int ff = t.feedForwardWidth();
        shapes.put("embedding.token.weight", Shape.of(t.vocabulary(), d));
        if (t.position() == TransformerShape.Position.LEARNED) {
            shapes.put("embedding.position.weight", Shape.of(t.sequence(), d));
        }
        for (int l = 0; l < t.layers(); l++) {
            String p = "layers." + l + ".";
            norm(shapes, t, p + "attention_norm");
            for (String m : List.of("query", "key", "value", "output")) {
                linear(shapes, t, p + "attention." + m, d, d);
            }
            norm(shapes, t, p + "feed_forward_norm");
            if (t.feedForward() == TransformerShape.FeedForward.SWIGLU) {
                linear(shapes, t, p + "feed_forward.gate", ff, d);
            }
            linear(shapes, t, p + "feed_forward.up", ff, d);
            linear(shapes, t, p + "feed_forward.down", d, ff);
        }
        if (t.placement() == TransformerShape.Placement.PRE_NORM) {
            norm(shapes, t, "final_norm");
        }
        return shapes;
    }

    private static void norm(Map<String, Shape> shapes, TransformerShape t, String name) {
        if (t.placement() == TransformerShape.Placement.NO_NORM) {
            return;
        }
        shapes.put(name + ".weight", Shape.of(t.width()));
        if (t.norm() == TransformerShape.Norm.LAYER_NORM) {
            shapes.put(name + ".bias", Shape.of(t.width()));
        }
    }

    private static void linear(Map<String, Shape> shapes, TransformerShape t, String name, int out, int in) {
        shapes.put(name + ".weight", Shape.of(out, in));
        if (t.biases()) {
            shapes.put(name + ".bias", Shape.of(out));
        }
    }

    /** A flat tensor as rows of its last dimension. */
    static float[][] rows(float[] flat, Shape s) {
        int cols = (int) s.dim(s.rank() - 1);
        return Matmul.rows(flat, flat.length / cols, cols);
    }

    /**
     * Whether a parameter is the weight of a norm (initially 1).
     *
     * @param name a parameter name
     * @return true for {@code *_norm.weight}
     */
    static boolean isNormWeight(String name) {
        return name.endsWith("_norm.weight");
    }

    /**
     * Whether a parameter is a projection that writes into the residual stream, scaled by
     * {@code 1/sqrt(2N)} in GPT-2's recipe.
     *
     * @param name a parameter name
     * @return true for {@code layers.*.attention.output.weight} and {@code layers.*.feed_forward.down.weight}
     */
    static boolean isResidualProjection(String name) {
        return name.endsWith(".attention.output.weight") || name.endsWith(".feed_forward.down.weight");
    }

    /**
     * The stack these parameters belong to.
     *
     * @return the shape
     */
    public TransformerShape shape() {
        return shape;
    }

    /**
     * The names of the parameters, in the order of the stream.
     *
     * @return an unmodifiable list
     */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(shapes.keySet()));
    }

    /**
     * The shape of a parameter.
     *
     * @param name a parameter name
     * @return its shape in PyTorch's layout
     * @throws IllegalArgumentException if there is no such parameter
     */
    public Shape shapeOf(String name) {
        return shapes.get(check(name));
    }

    /**
     * A copy of a parameter's values.
     *
     * @param name a parameter name
     * @return its values, row-major in PyTorch's layout
     * @throws IllegalArgumentException if there is no such parameter
     */
    public float[] values(String name) {
        return flat(values.get(check(name)));
    }

    private String check(String name) {
        if (!shapes.containsKey(name)) {
            throw new IllegalArgumentException("name must be a parameter of this stack: " + name);
        }
        return name;
    }

    /** The rows of a parameter, shared; null if the stack has no such parameter. */
    float[][] rows(String name) {
        return values.get(name);
    }

    /** The first row of a vector parameter, shared; null if the stack has no such parameter. */
    float[] vector(String name) {
        float[][] v = values.get(name);
        return v == null ? null : v[0];
    }

    /** Rows as one flat array (copies). */
    static float[] flat(float[][] rows) {
        return Matmul.flat(rows, rows[0].length);
    }
}
