package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.Initializers;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip records of {@link NpzWriter}, checked with the JDK's independent zip reader: STORED
 * members whose CRC matches their bytes, each member a complete .npy file, and the ZIP64 records
 * (forced on a small file by lowering the threshold) read back identically.
 */
class NpzWriterTest {
    @TempDir
    Path dir;

    static List<InitializedTensor> tensors() {
        return List.of(
                InitializedTensor.of("dense/kernel", Shape.of(40, 30), DType.FLOAT32, Initializers.get("glorot_uniform", Map.of("seed", 1L)), 5),
                InitializedTensor.of("dense/bias", Shape.of(30), DType.FLOAT64, Initializers.get("zeros"), 5),
                InitializedTensor.of("ñame", Shape.of(3, 3, 2), DType.FLOAT16, Initializers.get("random_normal", Map.of("seed", 2L)), 5));
    }

    @Test
    void storedMembersWithMatchingCrcs() throws IOException {
        Path out = dir.resolve("m.npz");
        NpzWriter.of().withChunkElements(100).write(out, tensors());
        try (ZipFile zip = new ZipFile(out.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            assertThat(entries).extracting(ZipEntry::getName).containsExactly("dense/kernel.npy", "dense/bias.npy", "ñame.npy");
            for (int i = 0; i < entries.size(); i++) {
                ZipEntry e = entries.get(i);
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
                assertThat(e.getCrc()).isEqualTo(crc.getValue());
                assertThat(e.getSize()).isEqualTo(bytes.length).isEqualTo(e.getCompressedSize());
                Path alone = dir.resolve("alone" + i + ".npy");
                NpyWriter.of().write(alone, tensors().get(i));
                assertThat(bytes).isEqualTo(Files.readAllBytes(alone));
            }
        }
    }

    @Test
    void zip64RecordsReadBackIdentically() throws IOException {
        Path plain = dir.resolve("plain.npz");
        Path zip64 = dir.resolve("zip64.npz");
        NpzWriter.of().write(plain, tensors());
        NpzWriter.write(zip64, tensors(), 1000, 0);
        byte[] bytes = Files.readAllBytes(zip64);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // local header: sizes 0xFFFFFFFF, ZIP64 extra (id 1, 16 bytes) after the name
        assertThat(b.getShort(4)).isEqualTo((short) 45);
        assertThat(b.getInt(18)).isEqualTo(-1);
        assertThat(b.getInt(22)).isEqualTo(-1);
        int nameLength = b.getShort(26);
        assertThat(b.getShort(28)).isEqualTo((short) 20);
        assertThat(b.getShort(30 + nameLength)).isEqualTo((short) 1);
        assertThat(b.getLong(30 + nameLength + 4)).isEqualTo(b.getLong(30 + nameLength + 12));
        // end: ZIP64 end record, locator, classic end with 0xFFFF / 0xFFFFFFFF
        int end = bytes.length - 22;
        assertThat(b.getInt(end)).isEqualTo(0x06054b50);
        assertThat(b.getShort(end + 10)).isEqualTo((short) -1);
        assertThat(b.getInt(end - 20)).isEqualTo(0x07064b50);
        long zip64End = b.getLong(end - 20 + 8);
        assertThat(b.getInt((int) zip64End)).isEqualTo(0x06064b50);
        assertThat(b.getLong((int) zip64End + 32)).isEqualTo(3);

        try (ZipFile a = new ZipFile(plain.toFile()); ZipFile z = new ZipFile(zip64.toFile())) {
            for (ZipEntry e : Collections.list(a.entries())) {
                ZipEntry f = z.getEntry(e.getName());
                assertThat(f.getSize()).isEqualTo(e.getSize());
                assertThat(f.getCrc()).isEqualTo(e.getCrc());
                try (InputStream x = a.getInputStream(e); InputStream y = z.getInputStream(f)) {
                    assertThat(y.readAllBytes()).isEqualTo(x.readAllBytes());
                }
            }
        }
        assertThat(TensorFiles.open(zip64)).isEqualTo(TensorFiles.open(plain));
        assertThat(TensorFiles.stats(zip64)).isEqualTo(TensorFiles.stats(plain));
    }

    @Test
    void emptyArchive() throws IOException {
        Path out = dir.resolve("empty.npz");
        NpzWriter.of().write(out, List.of());
        assertThat(Files.size(out)).isEqualTo(22);
        assertThat(TensorFiles.open(out)).isEmpty();
        try (ZipFile zip = new ZipFile(out.toFile())) {
            assertThat(zip.size()).isZero();
        }
    }

    @Test
    void sameTensorsSameBytes() throws IOException {
        Path a = dir.resolve("a.npz");
        Path b = dir.resolve("b.npz");
        NpzWriter.of().write(a, tensors());
        NpzWriter.of().withChunkElements(7).write(b, tensors());
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }
}
