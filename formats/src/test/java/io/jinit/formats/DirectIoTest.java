package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.Initializers;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writing with direct I/O: every write the streamer makes under an alignment is aligned in file
 * position, length and buffer address, and the file holds exactly the bytes a buffered write
 * gives, whatever the header length, dtypes, tensor sizes and chunk size.
 */
class DirectIoTest {
    private static final int ALIGNMENT = 4096;

    @TempDir
    Path dir;

    /** Tensors whose byte lengths are not multiples of the block: every carry case occurs. */
    private static List<TensorSource> sources() {
        List<TensorSource> sources = new ArrayList<>();
        sources.add(InitializedTensor.of("ramp.f64", Shape.of(3, 333), DType.FLOAT64, new Ramp(), 17));
        sources.add(InitializedTensor.of("w.f32", Shape.of(257, 129), DType.FLOAT32,
                Initializers.get("he_normal", Map.of("seed", 9L)), 17));
        sources.add(InitializedTensor.of("ramp.f16", Shape.of(4099), DType.FLOAT16, new Ramp(), 17));
        sources.add(InitializedTensor.of("one", Shape.of(1), DType.FLOAT32, new Ramp(), 17));
        sources.add(InitializedTensor.of("ramp.bf16", Shape.of(2, 2049), DType.BFLOAT16, new Ramp(), 17));
        return sources;
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {1, 1000, 4096, 1 << 20})
    void alignedWritesGiveTheBufferedBytes(int chunk) throws IOException {
        Path buffered = dir.resolve("buffered.safetensors");
        SafetensorsWriter writer = SafetensorsWriter.of().withChunkElements(chunk);
        writer.write(buffered, sources(), Long.MAX_VALUE);

        Path aligned = dir.resolve("aligned.safetensors");
        List<long[]> writes = new ArrayList<>();
        try (FileChannel file = FileChannel.open(aligned, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                FileChannel recording = new AlignmentCheckingChannel(file, writes)) {
            ByteBuffer head = writer.head(sources());
            try (ChunkStreamer streamer = new ChunkStreamer(chunk, recording, ALIGNMENT, null)) {
                streamer.write(head);
                for (TensorSource s : sources()) {
                    streamer.stream(s);
                }
                streamer.finish();
            }
        }
        assertThat(Files.readAllBytes(aligned)).isEqualTo(Files.readAllBytes(buffered));
        assertThat(writes).isNotEmpty().allSatisfy(w -> {
            assertThat(w[0] % ALIGNMENT).as("position").isZero();
            assertThat(w[1] % ALIGNMENT).as("length").isZero();
            assertThat(w[2]).as("address offset").isZero();
        });
    }

    /** Through the writers: direct I/O where the file system has it, buffered otherwise; same bytes. */
    @Test
    void directWritesOfEveryWriterGiveTheBufferedBytes() throws IOException {
        Path buffered = dir.resolve("b.safetensors");
        Path direct = dir.resolve("d.safetensors");
        SafetensorsWriter.of().withChunkElements(1000).write(buffered, sources(), Long.MAX_VALUE);
        SafetensorsWriter.of().withChunkElements(1000).write(direct, sources(), 0);
        assertThat(Files.readAllBytes(direct)).isEqualTo(Files.readAllBytes(buffered));

        for (TensorSource s : sources().subList(0, 3)) {
            Path b = dir.resolve("b-" + s.name() + ".npy");
            Path d = dir.resolve("d-" + s.name() + ".npy");
            NpyWriter.of().withChunkElements(777).write(b, s, Long.MAX_VALUE);
            NpyWriter.of().withChunkElements(777).write(d, s, 0);
            assertThat(Files.readAllBytes(d)).as(s.name()).isEqualTo(Files.readAllBytes(b));
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".jinit-tmp"));
        }
    }

    @Test
    void aFileSmallerThanOneBlockIsPaddedThenCut() throws IOException {
        Path b = dir.resolve("b.npy");
        Path d = dir.resolve("d.npy");
        TensorSource s = InitializedTensor.of("tiny", Shape.of(3), DType.FLOAT32, new Ramp(), 17);
        NpyWriter.of().write(b, s, Long.MAX_VALUE);
        NpyWriter.of().write(d, s, 0);
        assertThat(Files.size(d)).isEqualTo(128 + 12);
        assertThat(Files.readAllBytes(d)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void aFailureUnderDirectIoLeavesNothing() throws IOException {
        Path out = dir.resolve("m.safetensors");
        Files.write(out, new byte[] {1, 2, 3});
        AtomicInteger seen = new AtomicInteger();
        AtomicWriteTest.Faulty faulty = new AtomicWriteTest.Faulty(() -> {
            if (seen.incrementAndGet() == 3) {
                throw new IllegalStateException("source failed at chunk 3");
            }
        });
        assertThatThrownBy(() -> SafetensorsWriter.of().withChunkElements(1000).write(out, List.of(faulty), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("source failed at chunk 3");
        assertThat(Files.readAllBytes(out)).containsExactly(1, 2, 3);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(out);
        }
    }

    @Test
    void alignmentAndPositionAreChecked() throws IOException {
        try (FileChannel file = FileChannel.open(dir.resolve("x"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> new ChunkStreamer(16, file, 3000, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("alignment must be a power of two: 3000");
            file.write(ByteBuffer.wrap(new byte[10]));
            assertThatThrownBy(() -> new ChunkStreamer(16, file, 4096, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("channel position must be a multiple of the alignment 4096: 10");
        }
    }

    /**
     * A file channel that records each write as (position, length, address offset from the
     * alignment) and passes it on.
     */
    private static final class AlignmentCheckingChannel extends FileChannel {
        private final FileChannel file;
        private final List<long[]> writes;

        AlignmentCheckingChannel(FileChannel file, List<long[]> writes) {
            this.file = file;
            this.writes = writes;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            long offset = src.isDirect() ? src.alignmentOffset(src.position(), ALIGNMENT) : -1;
            writes.add(new long[] {file.position(), src.remaining(), offset});
            return file.write(src);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileChannel position(long newPosition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void force(boolean metaData) throws IOException {
            file.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(ByteBuffer dst, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() {
        }
    }
}
