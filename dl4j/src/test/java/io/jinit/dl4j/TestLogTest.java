package io.jinit.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J logs its backend at start-up through SLF4J; simplelogger.properties sends that to a file,
 * and the console guard fails this test if anything reaches the console instead.
 */
class TestLogTest {

    @Test
    void nd4jsStartUpLogGoesToTheTestLogFile() throws IOException {
        assertThat(Nd4j.getBackend().getClass().getSimpleName()).isEqualTo("CpuBackend");

        assertThat(Files.readString(Path.of("target/dl4j-tests.log"))).contains("Loaded [CpuBackend] backend");
    }
}
