/**
 * JUnit 5 extensions shared by the tests of every jinit module.
 *
 * @since 0.1
 */
module io.jinit.testsupport {
    requires transitive org.junit.jupiter.api;

    exports io.jinit.testing;

    provides org.junit.jupiter.api.extension.Extension with io.jinit.testing.ConsoleOutputGuard;
}
