package io.jinit.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test, or every test of a class, whose subject is what it prints to
 * {@code System.out} or {@code System.err}: {@link ConsoleOutputGuard} then leaves both streams
 * alone.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ExpectsConsoleOutput {
    /**
     * Why the test prints, for the reader.
     *
     * @return what the printing shows
     */
    String value();
}
