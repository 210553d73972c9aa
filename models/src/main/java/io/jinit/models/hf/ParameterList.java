package io.jinit.models.hf;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.formats.DType;
import io.jinit.formats.ModelSpec;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The parameters of a recipe, added in the order of the model's {@code state_dict}, each drawn
 * under {@code RandomKey.of(seed).derive(name)} so that adding a layer changes no other tensor;
 * a normal initializer records that key's seed, so that its recorded config reproduces the tensor
 * alone. Every tensor is in one dtype.
 */
final class ParameterList {
    private final long seed;
    private final RandomKey root;
    private final DType dtype;
    private final List<ModelSpec.Parameter> parameters = new ArrayList<>();

    ParameterList(long seed, DType dtype) {
        this.seed = seed;
        this.root = RandomKey.of(seed);
        this.dtype = dtype;
    }

    /**
     * {@code nn.Embedding(rows, columns, padding_idx)}: weight (rows, columns),
     * {@code normal_(0, std)} with the padding row zeroed where there is one.
     */
    void embedding(String name, long rows, long columns, double std, OptionalInt paddingIdx) {
        if (paddingIdx.isEmpty()) {
            normal(name, Shape.of(rows, columns), std);
            return;
        }
        // Registered before the config is serialized into the file's metadata, so that it
        // records the registered name Initializers.deserialize reads back.
        PaddingRowNormal.register();
        RandomKey key = root.derive(name);
        parameters.add(new ModelSpec.Parameter(name, Shape.of(rows, columns),
                new PaddingRowNormal(0.0, std, paddingIdx.getAsInt(), key.asLong()), dtype, key));
    }

    /** {@code nn.Linear(in, out, bias)}: weight (out, in), {@code normal_(0, std)}; bias (out,), zeros. */
    void linear(String module, long out, long in, boolean bias, double std) {
        normal(module + ".weight", Shape.of(out, in), std);
        if (bias) {
            zeros(module + ".bias", out);
        }
    }

    /**
     * transformers' {@code Conv1D(nf, nx)} ({@code pytorch_utils.py} lines 106-111): weight
     * (nx, nf), the transpose of a Linear's, {@code normal_(0, std)}; bias (nf,), zeros.
     */
    void conv1d(String module, long nf, long nx, double std) {
        normal(module + ".weight", Shape.of(nx, nf), std);
        zeros(module + ".bias", nf);
    }

    /** {@code nn.LayerNorm(size)}: weight ones, bias zeros. */
    void layerNorm(String module, long size) {
        ones(module + ".weight", size);
        zeros(module + ".bias", size);
    }

    /** A 1-D tensor of ones (a norm's weight). */
    void ones(String name, long size) {
        add(name, Shape.of(size), Initializers.get("ones_"));
    }

    /** A 1-D tensor of zeros (a bias). */
    void zeros(String name, long size) {
        add(name, Shape.of(size), Initializers.get("zeros_"));
    }

    /** {@code normal_(0, std)}, recording its key's seed. */
    void normal(String name, Shape shape, double std) {
        RandomKey key = root.derive(name);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mean", 0.0);
        config.put("std", std);
        config.put("seed", key.asLong());
        parameters.add(new ModelSpec.Parameter(name, shape, Initializers.get("normal_", config), dtype, key));
    }

    private void add(String name, Shape shape, Initializer init) {
        parameters.add(new ModelSpec.Parameter(name, shape, init, dtype, root.derive(name)));
    }

    /**
     * The spec of the parameters added, its metadata naming the family and the class.
     *
     * @throws IllegalArgumentException if its element count overflows a long
     */
    ModelSpec spec(boolean seedDrawn, FamilyConfig config) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("jinit.hf.model_type", config.family().modelType());
        metadata.put("jinit.hf.architecture", config.architecture());
        ModelSpec spec = new ModelSpec(seed, seedDrawn, parameters, metadata);
        spec.totalElements();
        return spec;
    }
}
