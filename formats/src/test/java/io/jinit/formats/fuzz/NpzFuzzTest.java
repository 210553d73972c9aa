package io.jinit.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;

/**
 * The .npz reader: {@code TensorFiles} open, metadata, statistics and reads. The first byte of an
 * input chooses what the rest is:
 * <ul>
 * <li>even: the whole .npz file, so that the fuzzer mutates zip structures (local headers, the
 * central directory, ZIP64 records);</li>
 * <li>odd: the bytes of one member {@code a.npy}, which the target stores in a valid zip
 * (bit 1 clear) or deflates (bit 1 set), so that mutations reach the .npy parser behind the zip
 * layer without breaking the archive.</li>
 * </ul>
 * Corpus: NpzFuzzTestInputs/npzReader (see {@link CorpusGenerator}).
 */
class NpzFuzzTest {
    @BeforeAll
    static void pinJazzerLog() {
        Contract.pinJazzerLog();
    }

    private static final Path FILE = Contract.scratchFile("fuzz.npz");

    @FuzzTest
    void npzReader(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        Files.write(FILE, (input[0] & 1) == 0 ? rest : zip(rest, (input[0] & 2) != 0));
        TensorFileChecks.inspect(FILE);
    }

    /** An archive holding the bytes as its member a.npy, stored or deflated. */
    static byte[] zip(byte[] member, boolean deflate) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry e = new ZipEntry("a.npy");
            if (!deflate) {
                CRC32 crc = new CRC32();
                crc.update(member);
                e.setMethod(ZipEntry.STORED);
                e.setSize(member.length);
                e.setCrc(crc.getValue());
            }
            zip.putNextEntry(e);
            zip.write(member);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
