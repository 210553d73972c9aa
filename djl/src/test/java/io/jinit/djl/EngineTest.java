package io.jinit.djl;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class whose tests share one manager of the engine ({@link Engines#newManager}), opened once and closed after them. */
abstract class EngineTest {
    /** The manager of the class's tests. */
    static NDManager manager;

    @BeforeAll
    static void openManager() {
        manager = Engines.newManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }
}
