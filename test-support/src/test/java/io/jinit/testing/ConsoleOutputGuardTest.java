package io.jinit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs the sample classes below on a JUnit engine of their own, with extensions detected as every
 * module's {@code junit-platform.properties} has them, and checks each sample's outcome.
 */
class ConsoleOutputGuardTest {

    private static Events run(Class<?> sample) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .selectors(selectClass(sample))
                .execute()
                .testEvents();
    }

    @Test
    void aTestPrintingToStandardOutputFailsQuotingWhatItPrinted() {
        run(PrintsToOut.class).assertThatEvents().haveExactly(1, event(test("prints"),
                finishedWithFailure(instanceOf(AssertionError.class),
                        message(m -> m.contains("System.out:\nweights: [0.1, 0.2]")
                                && m.contains("@ExpectsConsoleOutput")))));
    }

    @Test
    void aTestPrintingToStandardErrorFails() {
        run(PrintsToErr.class).assertThatEvents().haveExactly(1, event(test("prints"),
                finishedWithFailure(instanceOf(AssertionError.class),
                        message(m -> m.contains("System.err:\nwarning") && !m.contains("System.out")))));
    }

    @Test
    void printingFromBeforeEachOrAfterEachCountsAsTheTests() {
        run(PrintsAroundTheTest.class).assertThatEvents().haveExactly(1, event(test("silent"),
                finishedWithFailure(message(m -> m.contains("before\n") && m.contains("after\n")))));
    }

    @Test
    void aSilentTestPasses() {
        Events events = run(Silent.class);
        events.assertThatEvents().haveExactly(1, event(test("silent"), finishedSuccessfully()));
        assertThat(events.failed().count()).isZero();
    }

    @Test
    void aTestMarkedAsExpectingOutputMayPrintAndItsOutputGoesThrough() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Events events = runWithConsole(OptsOutOnTheMethod.class, console);
        events.assertThatEvents().haveExactly(1, event(test("printsOnPurpose"), finishedSuccessfully()));
        events.assertThatEvents().haveExactly(1, event(test("printsByMistake"), finishedWithFailure()));
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("usage: jinit\n");
    }

    @Test
    void everyTestOfAClassMarkedAsExpectingOutputMayPrint() {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Events events = runWithConsole(OptsOutOnTheClass.class, console);
        events.assertThatEvents().haveExactly(1, event(test("prints"), finishedSuccessfully()));
        assertThat(events.failed().count()).isZero();
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("progress\n");
    }

    /** Runs a sample with both streams going to {@code console}, as a terminal would show them. */
    private static Events runWithConsole(Class<?> sample, ByteArrayOutputStream console) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream terminal = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(terminal);
        System.setErr(terminal);
        try {
            return run(sample);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void theStreamsAreRestoredAfterEveryTest() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        run(PrintsToOut.class);
        run(Silent.class);
        assertThat(System.out).isSameAs(out);
        assertThat(System.err).isSameAs(err);
    }

    static class PrintsToOut {
        @Test
        void prints() {
            System.out.println("weights: [0.1, 0.2]");
        }
    }

    static class PrintsToErr {
        @Test
        void prints() {
            System.err.println("warning");
        }
    }

    static class PrintsAroundTheTest {
        @BeforeEach
        void setUp() {
            System.out.println("before");
        }

        @Test
        void silent() {
            assertThat(1 + 1).isEqualTo(2);
        }

        @AfterEach
        void tearDown() {
            System.out.println("after");
        }
    }

    static class Silent {
        @Test
        void silent() {
            assertThat(Math.sqrt(4.0)).isEqualTo(2.0);
        }
    }

    static class OptsOutOnTheMethod {
        @Test
        @ExpectsConsoleOutput("the sample's subject is its printing")
        void printsOnPurpose() {
            System.out.println("usage: jinit");
        }

        @Test
        void printsByMistake() {
            System.out.println("debugging");
        }
    }

    @ExpectsConsoleOutput("every sample of the class prints on purpose")
    static class OptsOutOnTheClass {
        @Test
        void prints() {
            System.err.println("progress");
        }
    }
}
