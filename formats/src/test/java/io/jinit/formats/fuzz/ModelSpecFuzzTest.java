package io.jinit.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jinit.formats.ModelSpecReader;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;

/**
 * The model-spec reader ({@link ModelSpecReader#parse}) on arbitrary text: every parameter's
 * shape, dtype, initializer name or Keras config, and rule. Corpus:
 * ModelSpecFuzzTestInputs/modelSpecReader (the specs of docs/model-spec.md and the tests, and
 * hostile ones; see {@link CorpusGenerator}).
 */
class ModelSpecFuzzTest {
    @BeforeAll
    static void pinJazzerLog() {
        Contract.pinJazzerLog();
    }

    @FuzzTest
    void modelSpecReader(byte[] input) throws Exception {
        String json = new String(input, StandardCharsets.UTF_8);
        Contract.acceptOrRefuse(() -> ModelSpecReader.parse(json, OptionalLong.empty()));
    }
}
