package io.jinit.models.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.formats.DType;
import io.jinit.formats.TensorSource;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ShardPlan}: huggingface_hub's split at its boundaries, the index text and the size syntax. */
class ShardPlanTest {
    /** Float32 vectors of the given element counts (4 bytes each), named t0, t1, ... */
    private static List<TensorSource> vectors(long... elements) {
        List<TensorSource> tensors = new ArrayList<>();
        for (int i = 0; i < elements.length; i++) {
            String name = "t" + i;
            Shape shape = Shape.of(elements[i]);
            tensors.add(new TensorSource() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Shape shape() {
                    return shape;
                }

                @Override
                public DType dtype() {
                    return DType.FLOAT32;
                }

                @Override
                public void fill(long from, float[] out, int offset, int length) {
                    throw new UnsupportedOperationException("a plan reads no values");
                }

                @Override
                public void fill(long from, double[] out, int offset, int length) {
                    throw new UnsupportedOperationException("a plan reads no values");
                }
            });
        }
        return tensors;
    }

    private static List<List<Integer>> groups(ShardPlan plan) {
        return plan.shards().stream().map(ShardPlan.Shard::tensors).toList();
    }

    @Test
    void everythingWithinTheSizeIsTheSingleFile() {
        ShardPlan plan = ShardPlan.of(vectors(10, 15), 100);
        assertThat(plan.sharded()).isFalse();
        assertThat(plan.shards()).containsExactly(new ShardPlan.Shard("model.safetensors", List.of(0, 1)));
        assertThat(plan.totalSize()).isEqualTo(100);
        assertThat(plan.totalParameters()).isEqualTo(25);
    }

    @Test
    void aShardFilledExactlyToTheSizeTakesNoMore() {
        // 40 + 60 bytes is exactly 100: kept together; the next 4 bytes would pass it
        ShardPlan plan = ShardPlan.of(vectors(10, 15, 1), 100);
        assertThat(groups(plan)).containsExactly(List.of(0, 1), List.of(2));
        assertThat(plan.shards()).extracting(ShardPlan.Shard::file)
                .containsExactly("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
    }

    @Test
    void aTensorLargerThanTheSizeIsAloneAndPlacedWhenMet() {
        // As huggingface_hub: the 400-byte tensor's shard comes before the one still being filled
        ShardPlan plan = ShardPlan.of(vectors(5, 100, 5, 20), 100);
        assertThat(groups(plan)).containsExactly(List.of(1), List.of(0, 2), List.of(3));
        assertThat(plan.totalSize()).isEqualTo(520);
    }

    @Test
    void anEmptyModelIsRefused() {
        assertThatThrownBy(() -> ShardPlan.of(List.of(), 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a model without tensors has no weight file");
    }

    @Test
    void indexIsTransformersJsonWithSortedKeys() {
        List<TensorSource> tensors = vectors(20, 20, 1);
        ShardPlan plan = ShardPlan.of(tensors, 80);
        assertThat(plan.indexJson(tensors)).isEqualTo("""
                {
                  "metadata": {
                    "total_parameters": 41,
                    "total_size": 164
                  },
                  "weight_map": {
                    "t0": "model-00001-of-00003.safetensors",
                    "t1": "model-00002-of-00003.safetensors",
                    "t2": "model-00003-of-00003.safetensors"
                  }
                }
                """);
    }

    @Test
    void sizesReadAsTransformersReadsThem() {
        assertThat(ShardPlan.parseSize("123", "--max-shard-size")).isEqualTo(123);
        assertThat(ShardPlan.parseSize("5GB", "--max-shard-size")).isEqualTo(5_000_000_000L);
        assertThat(ShardPlan.parseSize("500MB", "--max-shard-size")).isEqualTo(500_000_000L);
        assertThat(ShardPlan.parseSize("2GiB", "--max-shard-size")).isEqualTo(2L << 30);
        assertThat(ShardPlan.parseSize("1kib", "--max-shard-size")).isEqualTo(1024);
        assertThat(ShardPlan.parseSize("3 KB", "--max-shard-size")).isEqualTo(3000);
    }

    @Test
    void badSizesAreRefusedNamingTheOptionAndTheValue() {
        for (String bad : List.of("0", "-1", "5XB", "GB", "1.5GB", "0MB")) {
            assertThatThrownBy(() -> ShardPlan.parseSize(bad, "--max-shard-size"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--max-shard-size must be a positive whole number of bytes, optionally followed by"
                            + " KB, MB, GB, TB, KiB, MiB, GiB or TiB: " + bad);
        }
        assertThatThrownBy(() -> ShardPlan.parseSize("99999999999TB", "--max-shard-size"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--max-shard-size is too large: 99999999999TB");
    }
}
