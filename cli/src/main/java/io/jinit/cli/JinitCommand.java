package io.jinit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;

/** The top-level {@code jinit} command; its work is in the subcommands. */
@Command(name = "jinit", mixinStandardHelpOptions = true, versionProvider = JinitCommand.Version.class,
        description = "Neural-network weight initialization: every Keras 3 and torch.nn.init initializer, "
                + "reproducible to the bit.",
        subcommands = {ListCommand.class, SampleCommand.class, GenerateCommand.class, RecommendCommand.class,
            InspectCommand.class, DiagnoseCommand.class})
final class JinitCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The version Maven wrote into the jar, or {@code unknown} (classes run outside the jar).
     *
     * @throws IOException if the jar's resource cannot be read
     */
    static String version() throws IOException {
        Properties p = new Properties();
        try (InputStream in = JinitCommand.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return p.getProperty("version", "unknown");
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            return new String[] {"jinit " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
