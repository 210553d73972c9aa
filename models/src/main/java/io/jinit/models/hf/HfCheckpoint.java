package io.jinit.models.hf;

import io.jinit.ParallelFill;
import io.jinit.formats.CheckpointPlan;
import io.jinit.formats.DType;
import io.jinit.formats.ModelSpec;
import io.jinit.formats.ShardIndex;
import io.jinit.formats.TensorSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face model directory as {@code save_pretrained} leaves it and
 * {@code from_pretrained} reads it: {@value #CONFIG_FILE} and one {@value #WEIGHTS_FILE}
 * (metadata {@code format: pt} and jinit's keys), or, when the weights pass the maximum shard
 * size, the shards {@code model-0000i-of-0000N.safetensors} and {@value ShardIndex#FILE}
 * as {@link ShardPlan} splits them ({@link #plan}). Each file is written atomically; the weights
 * first, then the index, then the config, so that a directory holding a config written by jinit
 * in one process also holds its weights.
 *
 * @since 0.1
 */
public final class HfCheckpoint {
    /** The config's file name in the directory. */
    public static final String CONFIG_FILE = "config.json";
    /** The weights' file name in the directory. */
    public static final String WEIGHTS_FILE = "model.safetensors";

    private HfCheckpoint() {
    }

    /**
     * The spec of a config's model: the recipe of its {@code model_type}.
     *
     * @param config the config
     * @param seed the model seed
     * @param seedDrawn whether the seed was drawn because the caller gave none
     * @param dtype the dtype of every tensor
     * @return the spec
     * @throws IllegalArgumentException if the recipe refuses the config
     */
    public static ModelSpec spec(HfConfig config, long seed, boolean seedDrawn, DType dtype) {
        FamilyConfig model = config.model();
        if (model instanceof LlamaConfig llama) {
            return LlamaRecipe.spec(llama, seed, seedDrawn, dtype);
        }
        if (model instanceof Gpt2Config gpt2) {
            return Gpt2Recipe.spec(gpt2, seed, seedDrawn, dtype);
        }
        return BertRecipe.spec((BertConfig) model, seed, seedDrawn, dtype);
    }

    /**
     * Writes the weights, in one file as {@link ShardPlan#DEFAULT_MAX_SHARD_SIZE} allows, and the
     * config into a directory, creating it where it does not exist.
     *
     * @param dir the directory; an error names it {@code dir}
     * @param config the config, written with {@code dtype} set to the tensors' dtype
     * @param dtype the tensors' dtype
     * @param tensors the spec's tensors ({@link ModelSpec#tensors}), possibly wrapped
     * @throws IOException if a file cannot be written
     */
    public static void write(Path dir, HfConfig config, DType dtype, List<? extends TensorSource> tensors)
            throws IOException {
        write(dir, config, dtype, tensors, ShardPlan.DEFAULT_MAX_SHARD_SIZE);
    }

    /**
     * Writes the files of {@link #plan} into a directory, creating it where it does not exist.
     *
     * @param dir the directory; an error names it {@code dir}
     * @param config the config, written with {@code dtype} set to the tensors' dtype
     * @param dtype the tensors' dtype
     * @param tensors the spec's tensors ({@link ModelSpec#tensors}), possibly wrapped
     * @param maxShardSize the maximum bytes of tensor data in a weight file, positive
     * @throws IOException if a file cannot be written
     * @throws IllegalArgumentException if the size is not positive or a file cannot be written
     *     in the directory
     */
    public static void write(Path dir, HfConfig config, DType dtype, List<? extends TensorSource> tensors,
            long maxShardSize) throws IOException {
        plan(config, dtype, tensors, maxShardSize).write(dir);
    }

    /**
     * The files of a model directory: the weights split as {@link ShardPlan#of} plans them, then
     * the index when there are several weight files, then the config. A failure part way (a full
     * disk at the third shard) leaves the directory as it was ({@link CheckpointPlan#write}).
     *
     * @param config the config, written with {@code dtype} set to the tensors' dtype
     * @param dtype the tensors' dtype
     * @param tensors the spec's tensors ({@link ModelSpec#tensors}), possibly wrapped
     * @param maxShardSize the maximum bytes of tensor data in a weight file, positive
     * @return the plan
     * @throws IllegalArgumentException if the size is not positive
     */
    public static CheckpointPlan plan(HfConfig config, DType dtype, List<? extends TensorSource> tensors,
            long maxShardSize) {
        ShardPlan shards = ShardPlan.of(tensors, maxShardSize);
        List<CheckpointPlan.WeightFile> weights = new ArrayList<>();
        for (ShardPlan.Shard shard : shards.shards()) {
            List<TensorSource> part = new ArrayList<>(shard.tensors().size());
            for (int i : shard.tensors()) {
                part.add(tensors.get(i));
            }
            weights.add(new CheckpointPlan.WeightFile(shard.file(), part));
        }
        List<CheckpointPlan.TextFile> texts = new ArrayList<>();
        if (shards.sharded()) {
            texts.add(new CheckpointPlan.TextFile(ShardIndex.FILE, shards.indexJson(tensors)));
        }
        texts.add(new CheckpointPlan.TextFile(CONFIG_FILE, config.toJson(dtype)));
        return new CheckpointPlan(weights, texts);
    }

    /**
     * Writes a config's model with its spec's tensors, filled on a filler, in one weight file as
     * {@link ShardPlan#DEFAULT_MAX_SHARD_SIZE} allows.
     *
     * @param dir the directory
     * @param config the config
     * @param seed the model seed
     * @param dtype the tensors' dtype
     * @param filler fills chunks, possibly in parallel (threads never change the values)
     * @throws IOException if a file cannot be written
     */
    public static void write(Path dir, HfConfig config, long seed, DType dtype, ParallelFill filler)
            throws IOException {
        write(dir, config, dtype, spec(config, seed, false, dtype).tensors(filler));
    }

    /**
     * Writes a config's model with its spec's tensors, filled on a filler, split under a maximum
     * shard size.
     *
     * @param dir the directory
     * @param config the config
     * @param seed the model seed
     * @param dtype the tensors' dtype
     * @param filler fills chunks, possibly in parallel (threads never change the values)
     * @param maxShardSize the maximum bytes of tensor data in a weight file, positive
     * @throws IOException if a file cannot be written
     */
    public static void write(Path dir, HfConfig config, long seed, DType dtype, ParallelFill filler,
            long maxShardSize) throws IOException {
        write(dir, config, dtype, spec(config, seed, false, dtype).tensors(filler), maxShardSize);
    }
}
