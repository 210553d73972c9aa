package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * All or nothing: a source that fails or an interrupted thread leaves no file and no temporary
 * file, and an existing destination keeps its content; an unwritable destination is refused
 * before any element is computed.
 */
class AtomicWriteTest {
    @TempDir
    Path dir;

    /** A source of 10000 elements that calls {@code onChunk} before filling each chunk. */
    static final class Faulty implements TensorSource {
        final AtomicInteger chunks = new AtomicInteger();
        final Runnable onChunk;

        Faulty(Runnable onChunk) {
            this.onChunk = onChunk;
        }

        @Override
        public String name() {
            return "w";
        }

        @Override
        public Shape shape() {
            return Shape.of(100, 100);
        }

        @Override
        public DType dtype() {
            return DType.FLOAT32;
        }

        @Override
        public void fill(long from, float[] out, int offset, int length) {
            chunks.incrementAndGet();
            onChunk.run();
        }

        @Override
        public void fill(long from, double[] out, int offset, int length) {
            chunks.incrementAndGet();
            onChunk.run();
        }
    }

    private static Faulty failingAt(int chunk) {
        AtomicInteger seen = new AtomicInteger();
        return new Faulty(() -> {
            if (seen.incrementAndGet() == chunk) {
                throw new IllegalStateException("source failed at chunk " + chunk);
            }
        });
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @ParameterizedTest
    @EnumSource(Writers.class)
    void failingSourceLeavesNothing(Writers writer) throws IOException {
        Path out = dir.resolve("w" + writer.extension);
        Faulty source = failingAt(5);
        assertThatThrownBy(() -> writer.write(out, List.of(source), 100))
                .isInstanceOf(IllegalStateException.class).hasMessage("source failed at chunk 5");
        assertThat(source.chunks.get()).isEqualTo(5);
        assertThat(files()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Writers.class)
    void failingSourceKeepsTheOldFile(Writers writer) throws IOException {
        Path out = dir.resolve("w" + writer.extension);
        Files.writeString(out, "previous content");
        assertThatThrownBy(() -> writer.write(out, List.of(failingAt(50)), 100)).isInstanceOf(IllegalStateException.class);
        assertThat(files()).containsExactly(out);
        assertThat(Files.readString(out)).isEqualTo("previous content");
    }

    @ParameterizedTest
    @EnumSource(Writers.class)
    void interruptionLeavesNothing(Writers writer) throws IOException {
        Path out = dir.resolve("w" + writer.extension);
        AtomicInteger seen = new AtomicInteger();
        Faulty source = new Faulty(() -> {
            if (seen.incrementAndGet() == 3) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThatThrownBy(() -> writer.write(out, List.of(source), 100)).isInstanceOf(IOException.class)
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(source.chunks.get()).isEqualTo(3);
        assertThat(files()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Writers.class)
    void unwritableDestinationIsRefusedBeforeAnyWork(Writers writer) throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        Path directory = Files.createDirectory(dir.resolve("sub"));
        for (Path out : List.of(dir.resolve("missing").resolve("w" + writer.extension),
                file.resolve("w" + writer.extension), directory)) {
            Faulty source = new Faulty(() -> { });
            assertThatThrownBy(() -> writer.write(out, List.of(source), 100))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("out ")
                    .hasMessageEndingWith(": " + out);
            assertThat(source.chunks.get()).isZero();
        }
        assertThat(files()).containsExactlyInAnyOrder(file, directory);
        assertThat(Files.list(directory).count()).isZero();
    }
}
