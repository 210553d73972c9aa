package io.jinit.diagnosis.convolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every figure and every gradient of a pass are the same, bit for bit, on 1, 2, 3 and 7 threads:
 * the work is cut differently for each count (and into more chunks than images, channels or rows
 * of some layers at 7), so a result that depended on the split would differ.
 */
class ThreadIndependenceTest {
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = Executors.newFixedThreadPool(6);
    }

    @AfterAll
    static void stop() {
        pool.shutdown();
    }

    @ParameterizedTest
    @ValueSource(strings = {"residual", "plain", "noBatchNorm"})
    void figuresAndGradientsOnOneTwoThreeAndSevenThreads(String variant) {
        ResNetSpec tiny = ResNetSpec.resnet18().withWidthMultiplier(1.0 / 8).withImageSize(32).withClasses(10);
        ResNetSpec spec = switch (variant) {
            case "plain" -> tiny.plain();
            case "noBatchNorm" -> tiny.withoutBatchNorm();
            default -> tiny;
        };
        ResNet one = ResNet.of(spec, ResNetRecipes.torchvision(3));
        ResNetFigures expected = one.propagate(3, 9, pool, 1);
        assertThat(expected.outputStd()).isPositive().isFinite();
        for (int threads : List.of(2, 3, 7)) {
            ResNet net = ResNet.of(spec, ResNetRecipes.torchvision(3));
            assertThat(net.propagate(3, 9, pool, threads)).as(threads + " threads").isEqualTo(expected);
            for (String name : net.parameterNames()) {
                assertThat(net.gradient(name)).as(name + " on " + threads + " threads")
                        .containsExactly(one.gradient(name));
            }
        }
    }
}
