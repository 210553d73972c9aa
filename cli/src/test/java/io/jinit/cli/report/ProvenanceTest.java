package io.jinit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    /** Each word comes back whole when a POSIX shell splits the line again. */
    @Test
    void wordsAreQuotedOnlyWhereAShellNeedsIt() {
        assertThat(Provenance.commandLine(List.of("jinit", "diagnose", "--layers", "8,8", "--report", "/tmp/r-1",
                "--init", "kaiming_uniform_(a=2.236),he_normal", "--data", "my data.npy", "--json", "it's.json", "")))
                .isEqualTo("jinit diagnose --layers 8,8 --report /tmp/r-1 --init 'kaiming_uniform_(a=2.236),he_normal' "
                        + "--data 'my data.npy' --json 'it'\\''s.json' ''");
        assertThat(Provenance.commandLine(List.of("a$HOME", "b;rm", "c*", "d\nx")))
                .isEqualTo("'a$HOME' 'b;rm' 'c*' 'd\nx'");
    }

    @Test
    void everyPartIsRequired() {
        assertThatThrownBy(() -> new Provenance(null, "1", LocalDate.EPOCH)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Provenance("jinit", null, LocalDate.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Provenance("jinit", "1", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
