package io.jinit.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/**
 * The .npy reader on arbitrary bytes: {@code TensorFiles} open, metadata, statistics and reads.
 * Corpus: NpyFuzzTestInputs/npyReader (numpy.save files of every dtype, byte order, order and
 * header version, jinit's files, and hostile headers; see {@link CorpusGenerator}).
 */
class NpyFuzzTest {
    @BeforeAll
    static void pinJazzerLog() {
        Contract.pinJazzerLog();
    }

    private static final Path FILE = Contract.scratchFile("fuzz.npy");

    @FuzzTest
    void npyReader(byte[] input) throws Exception {
        Files.write(FILE, input);
        TensorFileChecks.inspect(FILE);
    }
}
