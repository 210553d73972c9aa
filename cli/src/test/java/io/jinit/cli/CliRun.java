package io.jinit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the real {@code main} logic with captured output. */
record CliRun(int status, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(status, out.toString(), err.toString());
    }

    /** Asserts the bad-input contract: status 2 and exactly one line on stderr. */
    CliRun badInput() {
        org.assertj.core.api.Assertions.assertThat(status).as("status, stderr: %s", err).isEqualTo(Main.BAD_INPUT);
        org.assertj.core.api.Assertions.assertThat(err.strip().lines().count()).as("stderr lines: %s", err)
                .isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(err).doesNotContain("\tat ").startsWith("jinit: ");
        return this;
    }
}
