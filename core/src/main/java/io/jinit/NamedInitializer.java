package io.jinit;

import java.util.Map;

/**
 * An initializer under a name it serializes with: a catalogue entry ({@code GlorotUniform} of
 * {@code keras.initializers}, {@code kaiming_normal_} of {@code torch.nn.init}) or a custom
 * initializer registered with {@link Initializers#register}. {@link Initializers#serialize}
 * writes only named initializers.
 *
 * @since 0.1
 */
public interface NamedInitializer extends Initializer {

    /**
     * The class name under which {@link Initializers#serialize} writes this initializer: Keras's
     * canonical class name ({@code "GlorotUniform"}), a torch function name
     * ({@code "kaiming_normal_"}) or a name registered in code.
     *
     * @return the class name
     */
    String className();

    /**
     * The module under which this initializer serializes: {@code "keras.initializers"},
     * {@code "torch.nn.init"}, {@code "jinit"} or a custom module.
     *
     * @return the module
     */
    String module();

    /**
     * The configuration, with the framework's key names in the framework's order.
     *
     * @return an unmodifiable ordered map of JSON-compatible values
     */
    Map<String, Object> config();
}
