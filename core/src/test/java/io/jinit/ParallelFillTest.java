package io.jinit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.catalogue.KerasCatalogue;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ParallelFillTest {

    /** A range of a tensor past 2^31 elements, filled on 3 threads, equals the sequential fill. */
    @Test
    void rangesOfHugeTensors() {
        Shape huge = Shape.of(1L << 22, 1L << 12);
        Initializer init = KerasCatalogue.heNormal(5);
        long from = (1L << 33) + 12345;
        float[] parallel = new float[300_000];
        float[] sequential = new float[300_000];
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            ParallelFill.on(pool, 3).fill(init, huge, init.key(), from, parallel, 0, parallel.length);
        } finally {
            pool.shutdownNow();
        }
        init.fill(huge, init.key(), from, sequential, 0, sequential.length);
        assertThat(Arrays.mismatch(parallel, sequential)).isEqualTo(-1);
        float[] head = new float[10];
        init.fill(huge, init.key(), from - 10, head, 0, 10);
        assertThat(head).doesNotContain(sequential[0]);
    }

    @Test
    void writesOnlyItsRange() {
        float[] out = new float[200_000];
        Arrays.fill(out, Float.NaN);
        Initializer init = KerasCatalogue.glorotUniform(1);
        ParallelFill.common().fill(init, Shape.of(1000, 1000), RandomKey.of(3), 777, out, 100, 199_800);
        assertThat(out[99]).isNaN();
        assertThat(out[199_900]).isNaN();
        for (int i = 100; i < 199_900; i++) {
            assertThat(Float.isNaN(out[i])).isFalse();
        }
    }

    @Test
    void badArguments() {
        Initializer init = KerasCatalogue.glorotUniform(1);
        assertThatThrownBy(() -> ParallelFill.common().fill(init, Shape.of(10), init.key(), 5, new float[10], 0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[5, 15)");
        assertThatThrownBy(() -> ParallelFill.common().fill(init, Shape.of(10), init.key(), -1, new float[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> ParallelFill.on(null, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParallelFill.on(Runnable::run, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }

    @Test
    void errorsInTasksReachTheCaller() {
        Initializer identity = Initializers.get("identity");
        Shape rank3 = Shape.of(100, 100, 100);
        assertThatThrownBy(() -> ParallelFill.common().sample(identity, rank3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[100, 100, 100]");
    }
}
