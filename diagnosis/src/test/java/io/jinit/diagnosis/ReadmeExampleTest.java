package io.jinit.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.testing.ReadmeExample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example of diagnosis/README.md, as it is written there. */
class ReadmeExampleTest {

    @Test
    void readmeExample() {
        // README example begins
        DiagnosisRequest request = DiagnosisRequest.of(List.of(64, 64, 64, 64), List.of("relu"),
                List.of("he_normal", "std=0.01", "lsuv")).withBatch(256).withSeed(7);
        Diagnosis d = Diagnoser.run(request);
        RunReport he = d.runs().get(0);                        // he_normal under relu
        Verdict v = he.verdict();                              // HEALTHY
        Verdict small = d.runs().get(1).verdict();             // VANISHING: std=0.01 is too small
        String why = d.runs().get(1).reason();                 // which layer, and by how much
        Initialization lsuv = request.initializations().get(2);  // Initialization.Fitted, fitted to the batch
        // README example ends

        assertThat(v).isEqualTo(Verdict.HEALTHY);
        assertThat(small).isEqualTo(Verdict.VANISHING);
        assertThat(why).isNotBlank();
        assertThat(lsuv).isInstanceOf(Initialization.Fitted.class);
        assertThat(d.runs()).extracting(RunReport::initializer).containsExactly("he_normal", "std=0.01", "lsuv");
    }

    @Test
    void theReadmeShowsThisExampleVerbatim() {
        Path test = Path.of("src/test/java/io/jinit/diagnosis/ReadmeExampleTest.java");
        assertThat(ReadmeExample.shownIn(Path.of("README.md"), test)).as(ReadmeExample.in(test)).isTrue();
    }
}
