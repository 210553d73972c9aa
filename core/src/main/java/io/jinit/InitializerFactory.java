package io.jinit;

import java.util.Map;

/**
 * Builds an initializer from a config map: how {@link Initializers#deserialize} turns a
 * {@code class_name} and its {@code config} into an instance. Built-in names and custom
 * registrations both go through this interface; nothing is ever loaded by class name.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface InitializerFactory {
    /**
     * Builds the initializer.
     *
     * @param config the config, with JSON-compatible values (never null; may be empty)
     * @return the initializer
     * @throws IllegalArgumentException if the config is invalid
     */
    Initializer create(Map<String, Object> config);
}
