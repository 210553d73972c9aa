package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared write path: text and bytes all or nothing, a free-space check before known sizes,
 * symbolic links written through, and failures in the operating system's words.
 */
class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void textIsWrittenWholeOrNotAtAll() throws IOException {
        Path target = Files.writeString(dir.resolve("w.txt"), "old");
        AtomicFile.writeText(target, w -> w.write("new\n"));
        assertThat(target).hasContent("new");
        assertThatThrownBy(() -> AtomicFile.writeText(target, w -> {
            w.write("half");
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class);
        assertThat(target).hasContent("new");
        assertThat(entries()).containsExactly(target);
    }

    @Test
    void aKnownSizeBeyondTheFreeSpaceFailsBeforeWriting() throws IOException {
        Path target = Files.writeString(dir.resolve("w.bin"), "old");
        long free = Files.getFileStore(dir).getUsableSpace();
        assertThatThrownBy(() -> AtomicFile.write(target, free + (1L << 30), false, (channel, alignment) -> {
            throw new AssertionError("the body must not run");
        })).isInstanceOf(FileSystemException.class)
                .satisfies(e -> assertThat(AtomicFile.reason((IOException) e)).startsWith("No space left on device: needs ")
                        .endsWith(" free"));
        assertThat(target).hasContent("old");
        assertThat(entries()).containsExactly(target);
    }

    /** A link (a Hugging Face cache links names to blobs) stays a link; its target gets the content. */
    @Test
    void aSymbolicLinkIsWrittenThrough() throws IOException {
        Path blobs = Files.createDirectory(dir.resolve("blobs"));
        Path blob = Files.writeString(blobs.resolve("abc"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("model.bin"), blob);
        AtomicFile.writeBytes(link, new byte[] {1, 2, 3});
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllBytes(blob)).containsExactly(1, 2, 3);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.bin"), dir.resolve("missing/x"));
        assertThatThrownBy(() -> AtomicFile.writeBytes(dangling, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbolic link");
    }

    /** Renaming over a FIFO or a device would replace the node with a regular file. */
    @Test
    void aPipeOrDeviceIsNeverReplaced() throws IOException, InterruptedException {
        Path fifo = dir.resolve("w.npy");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), fifo);
        for (Path target : List.of(fifo, link)) {
            assertThatThrownBy(() -> AtomicFile.writeBytes(target, new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("out is not a regular file (a device or a pipe): " + target);
        }
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(Files.exists(fifo)).isTrue();
    }

    @Test
    void overwritingKeepsTheFilesPermissions() throws IOException {
        Path target = Files.writeString(dir.resolve("w.bin"), "old");
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        AtomicFile.writeBytes(target, new byte[] {1});
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rw-------");
    }

    @Test
    void reasonsAreTheSystemsWords() {
        assertThat(AtomicFile.reason(new FileSystemException("/x", null, "File name too long")))
                .isEqualTo("File name too long");
        assertThat(AtomicFile.reason(new AccessDeniedException("/x"))).isEqualTo("Permission denied");
        assertThat(AtomicFile.reason(new IOException("No space left on device"))).isEqualTo("No space left on device");
        assertThat(AtomicFile.reason(new IOException(new FileSystemException("/x", null, "Read-only file system"))))
                .isEqualTo("Read-only file system");
        assertThat(AtomicFile.reason(new IOException("I/O error writing PNG file!", new IOException(
                "No space left on device")))).isEqualTo("No space left on device");
        assertThat(AtomicFile.reason(new IOException("two\nlines"))).isEqualTo("two lines");
        assertThat(AtomicFile.reason(new IOException())).isEqualTo("IOException");
        assertThat(AtomicFile.bytes(999)).isEqualTo("999 bytes");
        assertThat(AtomicFile.bytes(4_300_000_000L)).isEqualTo("4.3 GB");
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !Files.isDirectory(p)).toList();
        }
    }
}
