/**
 * The {@code jinit} command: list, sample, generate, inspect, recommend and diagnose, with the
 * diagnosis report's HTML and charts. It exports no API.
 *
 * @since 0.1
 */
module io.jinit.cli {
    requires io.jinit.formats;
    requires io.jinit.diagnosis;
    requires io.jinit.models;
    requires com.fasterxml.jackson.databind;
    requires info.picocli;
    // An automatic module (Automatic-Module-Name in its manifest); draws the charts with AWT.
    requires org.knowm.xchart;
    requires java.desktop;

    // picocli sets the commands' @Option and @Parameters fields by reflection.
    opens io.jinit.cli to info.picocli;
}
