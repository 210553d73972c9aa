package io.jinit.catalogue;

import io.jinit.Initializer;
import io.jinit.InitializerFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in names: Keras's identifiers and aliases, torch's function names (with and, where
 * Keras does not define the name, without the underscore), and PyTorch's module defaults, each
 * resolved to one factory.
 *
 * @since 0.1
 */
public final class Catalogue {
    private static final Map<String, InitializerFactory> FACTORIES = factories();
    private static final Map<String, String> IDENTIFIERS = identifierTable();

    private Catalogue() {
    }

    /**
     * Every built-in identifier mapped to the class name it resolves to.
     *
     * @return the unmodifiable table
     */
    public static Map<String, String> identifiers() {
        return IDENTIFIERS;
    }

    /**
     * The factory of a built-in identifier.
     *
     * @param identifier the identifier
     * @return the factory, or null if the identifier is not built in
     */
    public static InitializerFactory factory(String identifier) {
        String className = IDENTIFIERS.get(identifier);
        return className == null ? null : FACTORIES.get(className);
    }

    /**
     * The entry a family built in Java serializes under: the one catalogue entry whose config
     * holds all of the family's parameters ({@code Constant}, {@code Identity},
     * {@code RandomNormal}, {@code RandomUniform}, {@code VarianceScaling}, {@code Orthogonal} and
     * {@code STFT} of Keras; {@code trunc_normal_}, {@code dirac_}, {@code sparse_} and, for
     * FAN_AVG, {@code xavier_*_} of torch).
     *
     * @param family the family
     * @return the entry, or empty when no entry holds all of its parameters (a Kaiming
     *     {@link io.jinit.init.GainScaling} keeps only its gain, not the nonlinearity it came from)
     */
    public static Optional<Catalogued> canonical(Initializer family) {
        Catalogued keras = KerasCatalogue.canonical(family);
        return Optional.ofNullable(keras != null ? keras : TorchCatalogue.canonical(family));
    }

    private static Map<String, InitializerFactory> factories() {
        Map<String, InitializerFactory> m = new LinkedHashMap<>(KerasCatalogue.factories());
        m.put("Initializer", c -> {
            throw new IllegalArgumentException(
                    "Initializer is Keras's abstract base class and computes no values; name a concrete one: "
                    + "Initializer");
        });
        m.putAll(TorchCatalogue.factories());
        return m;
    }

    private static Map<String, String> identifierTable() {
        Map<String, String> m = new LinkedHashMap<>(KerasCatalogue.identifiers());
        for (String name : FACTORIES.keySet()) {
            if (KerasCatalogue.identifiers().containsValue(name)) {
                continue;
            }
            m.put(name, name);
        }
        m.putAll(TorchCatalogue.shortNames());
        return Collections.unmodifiableMap(m);
    }
}
