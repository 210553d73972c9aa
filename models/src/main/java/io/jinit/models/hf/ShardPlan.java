package io.jinit.models.hf;

import io.jinit.formats.ShardIndex;
import io.jinit.formats.TensorSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How {@code save_pretrained} splits a model's tensors into weight files under a maximum shard
 * size, as huggingface_hub 1.33's {@code split_state_dict_into_shards_factory} does it
 * ({@code serialization/_base.py} 88-179): the tensors are taken in order; a tensor larger than
 * the size gets a shard of its own, placed when it is met (before the shard being filled); any
 * other tensor starts a new shard when adding it to the current one would pass the size. One
 * shard is the single file {@value HfCheckpoint#WEIGHTS_FILE}; several are
 * {@code model-0000i-of-0000N.safetensors} with the index {@value ShardIndex#FILE}.
 *
 * @param shards the shards in file order, each with its file name and its tensors in order
 * @param totalSize the bytes of tensor data in all shards (headers not counted), as the index's
 *     {@code total_size}
 * @param totalParameters the elements of all tensors, as the index's {@code total_parameters}
 * @since 0.1
 */
public record ShardPlan(List<Shard> shards, long totalSize, long totalParameters) {
    /**
     * {@code save_pretrained}'s default maximum shard size in transformers 5.18,
     * {@code "50GB"} ({@code modeling_utils.py} 3251): 50 * 10^9 bytes.
     */
    public static final long DEFAULT_MAX_SHARD_SIZE = 50_000_000_000L;

    /**
     * One weight file of the plan.
     *
     * @param file the file name in the model directory
     * @param tensors the indices of its tensors in the planned list, in order
     */
    public record Shard(String file, List<Integer> tensors) {
        /**
         * Copies the indices.
         *
         * @param file the file name in the model directory
         * @param tensors the indices of its tensors in the planned list, in order
         */
        public Shard {
            tensors = List.copyOf(tensors);
        }
    }

    /**
     * Copies the shards.
     *
     * @param shards the shards in file order
     * @param totalSize the bytes of tensor data in all shards
     * @param totalParameters the elements of all tensors
     */
    public ShardPlan {
        shards = List.copyOf(shards);
    }

    /**
     * Plans the shards of a list of tensors; a tensor's size is its elements times its dtype's
     * bytes, the storage size huggingface_hub counts.
     *
     * @param tensors the tensors in the order they are written
     * @param maxShardSize the maximum bytes of tensor data in a shard, positive
     * @return the plan
     * @throws IllegalArgumentException if there is no tensor or the size is not positive
     */
    public static ShardPlan of(List<? extends TensorSource> tensors, long maxShardSize) {
        if (maxShardSize <= 0) {
            throw new IllegalArgumentException("maxShardSize must be positive: " + maxShardSize);
        }
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("a model without tensors has no weight file");
        }
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long currentSize = 0;
        long totalSize = 0;
        long totalParameters = 0;
        for (int i = 0; i < tensors.size(); i++) {
            TensorSource tensor = tensors.get(i);
            long elements = tensor.shape().size();
            long bytes = Math.multiplyExact(elements, (long) tensor.dtype().byteSize());
            totalSize += bytes;
            totalParameters += elements;
            if (bytes > maxShardSize) {
                groups.add(List.of(i));
                continue;
            }
            if (currentSize + bytes > maxShardSize) {
                groups.add(current);
                current = new ArrayList<>();
                currentSize = 0;
            }
            current.add(i);
            currentSize += bytes;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        List<Shard> shards = new ArrayList<>();
        for (int s = 0; s < groups.size(); s++) {
            String file = groups.size() == 1
                    ? HfCheckpoint.WEIGHTS_FILE
                    : String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", s + 1, groups.size());
            shards.add(new Shard(file, groups.get(s)));
        }
        return new ShardPlan(shards, totalSize, totalParameters);
    }

    /**
     * Whether the weights are in several files with an index.
     *
     * @return whether there is more than one shard
     */
    public boolean sharded() {
        return shards.size() > 1;
    }

    /**
     * The index {@code save_pretrained} writes beside the shards: transformers 5.18's
     * {@code json.dumps(index, indent=2, sort_keys=True) + "\n"} ({@code modeling_utils.py}
     * 3555-3568) of {@code {"metadata": {"total_parameters", "total_size"}, "weight_map": {name:
     * file}}}, keys sorted.
     *
     * @param tensors the planned tensors, for their names
     * @return the index's text
     */
    public String indexJson(List<? extends TensorSource> tensors) {
        Map<String, String> weightMap = new TreeMap<>();
        for (Shard shard : shards) {
            for (int i : shard.tensors()) {
                weightMap.put(tensors.get(i).name(), shard.file());
            }
        }
        return ShardIndex.text(weightMap, totalParameters, totalSize);
    }

    /**
     * Parses a maximum shard size as transformers' {@code convert_file_size_to_int} reads it
     * ({@code utils/hub.py} 905-934): a whole number of bytes, or a whole number followed by
     * {@code KB}, {@code MB}, {@code GB}, {@code TB} (powers of 1000) or {@code KiB},
     * {@code MiB}, {@code GiB}, {@code TiB} (powers of 1024), units in any case.
     *
     * @param text the size as the user wrote it
     * @param option what the messages call it ({@code --max-shard-size})
     * @return the bytes, positive
     * @throws IllegalArgumentException naming the option and the text if it is not such a size,
     *     is not positive or does not fit in a {@code long}
     */
    public static long parseSize(String text, String option) {
        String trimmed = text.strip();
        String upper = trimmed.toUpperCase(Locale.ROOT);
        String[] units = {"KIB", "MIB", "GIB", "TIB", "KB", "MB", "GB", "TB"};
        long[] multipliers = {1L << 10, 1L << 20, 1L << 30, 1L << 40, 1_000L, 1_000_000L, 1_000_000_000L,
            1_000_000_000_000L};
        long multiplier = 1;
        String digits = trimmed;
        for (int u = 0; u < units.length; u++) {
            if (upper.endsWith(units[u])) {
                multiplier = multipliers[u];
                digits = trimmed.substring(0, trimmed.length() - units[u].length()).strip();
                break;
            }
        }
        String problem = "must be a positive whole number of bytes, optionally followed by KB, MB, GB, TB,"
                + " KiB, MiB, GiB or TiB";
        if (!digits.matches("[0-9]+")) {
            throw new IllegalArgumentException(option + " " + problem + ": " + text);
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(digits), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " is too large: " + text, e);
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException(option + " " + problem + ": " + text);
        }
        return bytes;
    }
}
