package io.jinit.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.formats.KerasJson;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Keras config reader on arbitrary text: {@link KerasJson#read} (JSON, then
 * {@link Initializers#deserialize} or {@link Initializers#get}). An accepted config must also
 * survive {@link Initializers#serialize} and read back equal, and fill a small tensor or refuse
 * the shape. Corpus: KerasConfigFuzzTestInputs/kerasConfigReader (the configs real Keras 3.15
 * writes, jinit's, bare identifiers, and hostile ones; see {@link CorpusGenerator}).
 */
class KerasConfigFuzzTest {
    @BeforeAll
    static void pinJazzerLog() {
        Contract.pinJazzerLog();
    }

    private static final Shape SHAPE = Shape.of(3, 4, 5);

    @FuzzTest
    void kerasConfigReader(byte[] input) throws Exception {
        String json = new String(input, StandardCharsets.UTF_8);
        Contract.acceptOrRefuse(() -> {
            Initializer init = KerasJson.read(json);
            Initializer again = Initializers.deserialize(Initializers.serialize(init));
            if (!again.equals(init)) {
                throw new AssertionError("serialize then deserialize gives " + again + ", not " + init);
            }
            init.sample(SHAPE, RandomKey.of(1));
        });
    }
}
