package io.jinit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsDirectoryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The atomic write on the local file system, with and without checksums, and on HDFS's rename. */
class HadoopFilesTest {
    private static final byte[] OLD = "the file of an earlier run".getBytes(StandardCharsets.UTF_8);

    @TempDir
    java.nio.file.Path dir;

    /** The {@code file:} scheme's file system: it checksums, writing a .crc file beside a file. */
    private LocalFileSystem local;
    /** Rename that does not replace, as HDFS's; a write fails where the test says. */
    private FailOnceFileSystem hdfsLike;

    @BeforeEach
    void openFileSystems() throws IOException {
        local = FileSystem.newInstanceLocal(new Configuration());
        hdfsLike = new FailOnceFileSystem();
        hdfsLike.initialize(URI.create(FailOnceFileSystem.SCHEME + ":///"), new Configuration());
    }

    @AfterEach
    void closeFileSystems() throws IOException {
        local.close();
        hdfsLike.close();
    }

    @Test
    void writesTheContentAndNoOtherFile() throws IOException {
        byte[] content = Contents.bytes(3 << 20, 1);
        AtomicLong reported = new AtomicLong();

        long written = HadoopFiles.writeAtomically(local, fileUri("a.bin"), "7", reported::addAndGet,
                channel -> Contents.writeInSteps(channel, content, 100_000));

        assertThat(written).isEqualTo(content.length);
        assertThat(reported).hasValue(content.length);
        assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(content);
        assertThat(names()).containsExactly("a.bin");
    }

    @Test
    void writesDirectBuffers() throws IOException {
        byte[] content = Contents.bytes(200_000, 2);
        ByteBuffer direct = ByteBuffer.allocateDirect(content.length).put(content).flip();

        HadoopFiles.writeAtomically(local, fileUri("a.bin"), "7", channel -> channel.write(direct));

        assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(content);
    }

    @Test
    void createsTheDirectory() throws IOException {
        HadoopFiles.writeAtomically(local, new Path(dirUri(), "shards/a.bin"), "7",
                channel -> channel.write(ByteBuffer.wrap(OLD)));

        assertThat(Files.readAllBytes(dir.resolve("shards/a.bin"))).isEqualTo(OLD);
    }

    @Test
    void replacesAFileAndDeletesItsChecksum() throws IOException {
        try (FSDataOutputStream out = local.create(fileUri("a.bin"))) {
            out.write(OLD);
        }
        assertThat(names()).containsExactly(".a.bin.crc", "a.bin");
        byte[] content = Contents.bytes(5000, 3);

        HadoopFiles.writeAtomically(local, fileUri("a.bin"), "7", channel -> channel.write(ByteBuffer.wrap(content)));

        assertThat(names()).containsExactly("a.bin");
        // Read through the checksumming file system: a stale .crc would fail this read.
        assertThat(readThrough(local, fileUri("a.bin"), content.length)).isEqualTo(content);
    }

    @Test
    void replacesAFileWhereRenameDoesNotReplace() throws IOException {
        Files.write(dir.resolve("a.bin"), OLD);
        byte[] content = Contents.bytes(5000, 4);
        Path target = hdfsLikeUri("a.bin");
        assertThat(hdfsLike.rename(hdfsLikeUri("other"), target)).isFalse();

        HadoopFiles.writeAtomically(hdfsLike, target, "7", channel -> channel.write(ByteBuffer.wrap(content)));

        assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(content);
        assertThat(names()).containsExactly("a.bin");
    }

    @Test
    void keepsTheFileATwinRenamedInWhileTheTargetWasDeleted() throws IOException {
        Files.write(dir.resolve("a.bin"), OLD);
        byte[] content = Contents.bytes(5000, 5);
        try (FailOnceFileSystem twinFirst = new TwinRenamesFirst(content)) {
            twinFirst.initialize(URI.create(FailOnceFileSystem.SCHEME + ":///"), new Configuration());

            HadoopFiles.writeAtomically(twinFirst, hdfsLikeUri("a.bin"), "7",
                    channel -> channel.write(ByteBuffer.wrap(content)));
        }

        assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(content);
        assertThat(names()).containsExactly("a.bin");
    }

    @Test
    void deletesTheTemporaryFileWhenTheBodyFails() throws IOException {
        Files.write(dir.resolve("a.bin"), OLD);
        IOException failure = new IOException("no space left");

        assertThatThrownBy(() -> HadoopFiles.writeAtomically(local, fileUri("a.bin"), "7", channel -> {
            channel.write(ByteBuffer.wrap(Contents.bytes(100_000, 6)));
            throw failure;
        })).isSameAs(failure);

        assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(OLD);
        assertThat(names()).containsExactly("a.bin");
    }

    @Test
    void deletesTheTemporaryFileWhenTheBodyThrowsAnError() throws IOException {
        OutOfMemoryError error = new OutOfMemoryError("Java heap space");

        assertThatThrownBy(() -> HadoopFiles.writeAtomically(local, fileUri("a.bin"), "7", channel -> {
            channel.write(ByteBuffer.wrap(Contents.bytes(100_000, 7)));
            throw error;
        })).isSameAs(error);

        assertThat(names()).isEmpty();
    }

    @Test
    void deletesTheTemporaryFileWhenTheStreamFails() throws IOException {
        Configuration failing = new Configuration();
        failing.set(FailOnceFileSystem.MARKER, "a.bin");
        failing.setLong(FailOnceFileSystem.FAIL_AFTER_BYTES, 1000);
        try (FailOnceFileSystem fs = new FailOnceFileSystem()) {
            fs.initialize(URI.create(FailOnceFileSystem.SCHEME + ":///"), failing);

            assertThatThrownBy(() -> HadoopFiles.writeAtomically(fs, hdfsLikeUri("a.bin"), "7",
                    channel -> channel.write(ByteBuffer.wrap(Contents.bytes(5000, 8)))))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("injected failure after 1000 bytes");
        }

        assertThat(names()).isEmpty();
    }

    @Test
    void installsNothingWhenTheThreadIsInterrupted() throws IOException {
        Files.write(dir.resolve("a.bin"), OLD);
        try {
            assertThatThrownBy(() -> HadoopFiles.writeAtomically(local, fileUri("a.bin"), "7", channel -> {
                channel.write(ByteBuffer.wrap(Contents.bytes(5000, 9)));
                Thread.currentThread().interrupt();
            })).isInstanceOf(InterruptedIOException.class).hasMessageContaining("a.bin");
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }

        assertThat(Files.readAllBytes(dir.resolve("a.bin"))).isEqualTo(OLD);
        assertThat(names()).containsExactly("a.bin");
    }

    @Test
    void leavesAnotherAttemptsTemporaryFileAlone() throws IOException {
        Files.write(dir.resolve(".a.bin.7.jinit-tmp"), OLD);

        assertThatThrownBy(() -> HadoopFiles.writeAtomically(local, fileUri("a.bin"), "7",
                channel -> channel.write(ByteBuffer.wrap(Contents.bytes(5000, 10)))))
                .isInstanceOf(FileAlreadyExistsException.class);

        assertThat(Files.readAllBytes(dir.resolve(".a.bin.7.jinit-tmp"))).isEqualTo(OLD);
        assertThat(names()).containsExactly(".a.bin.7.jinit-tmp");
    }

    @Test
    void refusesADirectory() throws IOException {
        Files.createDirectory(dir.resolve("a.bin"));

        assertThatThrownBy(() -> HadoopFiles.writeAtomically(local, fileUri("a.bin"), "7",
                channel -> channel.write(ByteBuffer.wrap(OLD))))
                .isInstanceOf(PathIsDirectoryException.class)
                .hasMessageContaining("a.bin");
        assertThat(names()).containsExactly("a.bin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1/2", "a:b", "*", ".. /x", "attempt\n",
        "12345678901234567890123456789012345678901234567890123456789012345"})
    void refusesAnAttemptThatCannotBePartOfAName(String attempt) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HadoopFiles.writeAtomically(local, fileUri("a.bin"), attempt,
                        channel -> channel.write(ByteBuffer.wrap(OLD))))
                .withMessage("attempt must be 1 to 64 letters, digits, '.', '_' or '-', as it becomes part"
                        + " of a file name: " + attempt);
    }

    @Test
    void refusesMissingArguments() {
        HadoopFiles.ChannelBody body = channel -> channel.write(ByteBuffer.wrap(OLD));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HadoopFiles.writeAtomically(local, fileUri("a.bin"), null, body))
                .withMessage("attempt must be 1 to 64 letters, digits, '.', '_' or '-', as it becomes part"
                        + " of a file name: null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HadoopFiles.writeAtomically(null, fileUri("a.bin"), "7", body))
                .withMessage("fs must not be null: null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HadoopFiles.writeAtomically(local, null, "7", body))
                .withMessage("target must not be null: null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HadoopFiles.writeAtomically(local, new Path("file:///"), "7", body))
                .withMessage("target must name a file, not the root: file:/");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HadoopFiles.writeAtomically(local, fileUri("a.bin"), "7", null))
                .withMessage("body must not be null: null");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HadoopFiles.writeAtomically(local, fileUri("a.bin"), "7", null, body))
                .withMessage("bytesWritten must not be null: null");
    }

    @Test
    void removesTheTemporaryFilesOfKilledAttemptsOnly() throws IOException {
        for (String name : List.of(".a.bin.7.jinit-tmp", ".b.bin.stage-2.jinit-tmp", "a.bin", ".hidden",
                "c.jinit-tmp")) {
            Files.write(dir.resolve(name), OLD);
        }
        Files.createDirectory(dir.resolve(".d.jinit-tmp"));

        assertThat(HadoopFiles.removeLeftovers(local, dirUri())).isEqualTo(2);

        assertThat(names()).containsExactly(".d.jinit-tmp", ".hidden", "a.bin", "c.jinit-tmp");
        assertThat(HadoopFiles.removeLeftovers(local, dirUri())).isZero();
        assertThat(HadoopFiles.removeLeftovers(local, new Path(dirUri(), "missing"))).isZero();
    }

    private Path dirUri() {
        return new Path(dir.toUri());
    }

    private Path fileUri(String name) {
        return new Path(dir.resolve(name).toUri());
    }

    private Path hdfsLikeUri(String name) {
        return new Path(URI.create(FailOnceFileSystem.SCHEME + "://" + dir.resolve(name).toUri().getPath()));
    }

    private List<String> names() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(dir)) {
            List<String> names = new ArrayList<>(files.map(p -> p.getFileName().toString()).toList());
            names.sort(null);
            return names;
        }
    }

    private static byte[] readThrough(FileSystem fs, Path file, int length) throws IOException {
        byte[] read = new byte[length];
        try (FSDataInputStream in = fs.open(file)) {
            in.readFully(read);
            assertThat(in.read()).isEqualTo(-1);
        }
        return read;
    }

    /** A file system on which a twin attempt renames its file onto the target just after it is deleted. */
    private static final class TwinRenamesFirst extends FailOnceFileSystem {
        private final byte[] twinContent;

        TwinRenamesFirst(byte[] twinContent) {
            this.twinContent = twinContent;
        }

        @Override
        public boolean delete(Path path, boolean recursive) throws IOException {
            boolean deleted = super.delete(path, recursive);
            if (!HadoopFiles.isTemporaryName(path.getName())) {
                Files.write(pathToFile(path).toPath(), twinContent);
            }
            return deleted;
        }
    }
}
