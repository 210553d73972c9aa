package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec files are read through a stream of at most {@link ModelSpecReader#MAX_BYTES} + 1 bytes: a
 * device, a FIFO or a pipe that never ends is refused like a large file, in bounded memory and time.
 */
class SpecInputTest {
    private static final String SPEC = "{\"seed\": 3, \"parameters\": [{\"name\": \"w\", \"shape\": [2], "
            + "\"initializer\": \"ones\"}]}";

    @TempDir
    Path dir;

    @Test
    void anEndlessDeviceIsRefusedAtTheCap() {
        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ModelSpecReader.read(Path.of("/dev/zero"), OptionalLong.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spec file is larger than 67108864 bytes (64 MB): /dev/zero");
    }

    @Test
    void aFifoIsReadToItsEndAndAnEndlessOneIsRefused() throws Exception {
        Path fifo = dir.resolve("spec.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> small = writer.submit(() -> {
                Files.writeString(fifo, SPEC);
                return null;
            });
            ModelSpec spec = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> ModelSpecReader.read(fifo, OptionalLong.empty()));
            assertThat(spec.seed()).isEqualTo(3);
            small.get();

            Future<?> endless = writer.submit(() -> {
                byte[] block = new byte[1 << 16];
                try (OutputStream out = Files.newOutputStream(fifo)) {
                    while (true) {
                        out.write(block);
                    }
                } catch (IOException readerGone) {
                    return null; // the reader stopped at the cap and closed its end
                }
            });
            assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> ModelSpecReader.read(fifo, OptionalLong.empty())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("spec file is larger than 67108864 bytes");
            endless.get();
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void aRegularFileAtTheCapIsReadAndOneByteMoreIsRefused() throws IOException {
        // JSON whitespace pads the spec to exactly the cap.
        byte[] padded = (SPEC + " ".repeat(ModelSpecReader.MAX_BYTES - SPEC.length())).getBytes();
        Path atCap = Files.write(dir.resolve("cap.json"), padded);
        assertThat(ModelSpecReader.read(atCap, OptionalLong.empty()).parameters()).hasSize(1);
        Path over = Files.writeString(dir.resolve("over.json"), SPEC + " ".repeat(ModelSpecReader.MAX_BYTES
                - SPEC.length() + 1));
        assertThatThrownBy(() -> ModelSpecReader.read(over, OptionalLong.empty()))
                .hasMessage("spec file is larger than 67108864 bytes (64 MB): " + over);
    }

    @Test
    void unreadableAndNonUtf8FilesNameTheFile() throws IOException {
        assertThatThrownBy(() -> ModelSpecReader.read(dir, OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("spec file is a directory: " + dir);
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> ModelSpecReader.read(missing, OptionalLong.empty()))
                .hasMessage("spec file does not exist: " + missing);
        Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] {'"', (byte) 0xE9, '"'});
        assertThatThrownBy(() -> ModelSpecReader.read(latin1, OptionalLong.empty()))
                .hasMessage("spec file is not UTF-8 text: " + latin1);
    }
}
