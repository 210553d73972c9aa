package io.jinit.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/**
 * The .safetensors reader on arbitrary bytes: {@code TensorFiles} open, metadata, statistics and
 * reads. Corpus: SafetensorsFuzzTestInputs/safetensorsReader (files of numpy's safetensors, of
 * jinit's writer, and hostile headers; see {@link CorpusGenerator}).
 */
class SafetensorsFuzzTest {
    @BeforeAll
    static void pinJazzerLog() {
        Contract.pinJazzerLog();
    }

    private static final Path FILE = Contract.scratchFile("fuzz.safetensors");

    @FuzzTest
    void safetensorsReader(byte[] input) throws Exception {
        Files.write(FILE, input);
        TensorFileChecks.inspect(FILE);
    }
}
