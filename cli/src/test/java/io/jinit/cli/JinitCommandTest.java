package io.jinit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.catalogue.Catalogue;
import org.junit.jupiter.api.Test;

class JinitCommandTest {

    @Test
    void helpAndVersion() {
        CliRun help = CliRun.of("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("list", "sample", "Usage: jinit");
        CliRun version = CliRun.of("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("jinit ").contains("Java ");
        assertThat(CliRun.of("sample", "--help").out()).contains("--shape", "--seed", "--set", "--threads");
        CliRun.of("no-such-command").badInput();
    }

    @Test
    void listNamesEveryInitializer() {
        CliRun list = CliRun.of("list");
        assertThat(list.status()).isZero();
        for (String id : Catalogue.identifiers().keySet()) {
            assertThat(list.out()).as(id).contains(id);
        }
        assertThat(list.out()).contains("kaiming_normal_", "torch.nn.init", "he_normal", "sparsity");
    }
}
