package io.jinit.diagnosis;

import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.init.RandomNormal;
import java.util.Locale;

/**
 * How the weights of a diagnosis run are set: drawn from an {@link Initializer}, independently of
 * the data, or fitted to the batch by {@link Lsuv}.
 *
 * <pre>{@code
 * Initialization he = Initialization.parse("he_normal");     // Drawn[name=he_normal, ...]
 * Initialization lsuv = Initialization.parse("lsuv");        // Fitted[name=lsuv, tolerance=0.1, maxIterations=10]
 * Initialization torch = Initialization.parse("kaiming_uniform_(a=2.236)"); // near torch's Linear default, a = sqrt(5)
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface Initialization permits Initialization.Drawn, Initialization.Fitted {
    /** The name {@link #parse} reads as LSUV, any case. */
    String LSUV = "lsuv";
    /** The prefix {@link #parse} reads as plain normal weights of a given standard deviation. */
    String STD_PREFIX = "std=";

    /**
     * The name a report gives the run, as the user wrote it.
     *
     * @return the name
     */
    String name();

    /**
     * Reads a name: any identifier of {@link Initializers#get(String)} ({@code "he_normal"},
     * {@code "kaiming_normal_"}, {@code "orthogonal"}, ...), such an identifier with config
     * parameters written as a call ({@code "kaiming_uniform_(a=2.236)"},
     * {@code "variance_scaling(scale=2, mode=fan_out)"}: the keys of
     * {@link Initializers#get(String, java.util.Map)} but {@code seed}), {@code "std=S"} for plain
     * N(0, S<sup>2</sup>) weights (seed 002's {@code randn * S}), or {@code "lsuv"} for
     * {@link Lsuv} on the batch with the paper's tolerance and iteration bound. Surrounding blanks
     * are ignored; the name is kept as given.
     *
     * @param name the name
     * @return the initialization, named {@code name}
     * @throws IllegalArgumentException if the name is null, unknown or malformed, naming it
     */
    static Initialization parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("initializer must not be null: null");
        }
        String s = name.strip();
        if (s.toLowerCase(Locale.ROOT).equals(LSUV)) {
            return new Fitted(name, Lsuv.DEFAULT_TOLERANCE, Lsuv.DEFAULT_MAX_ITERATIONS);
        }
        if (s.startsWith(STD_PREFIX)) {
            double std;
            try {
                std = Double.parseDouble(s.substring(STD_PREFIX.length()).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("initializer std must be a number: " + name, e);
            }
            if (!(std >= 0) || !Double.isFinite(std)) {
                throw new IllegalArgumentException("initializer std must be a finite number >= 0: " + name);
            }
            return new Drawn(name, new RandomNormal(0, std, Diagnoser.DEFAULT_SEED));
        }
        if (ParameterizedName.isCall(s)) {
            ParameterizedName call = ParameterizedName.parse(s);
            if (call.parameters().containsKey("seed")) {
                // Every layer's weights are keyed by the diagnosis's seed and the layer (Network.weightKey).
                throw new IllegalArgumentException("initializer parameters cannot set the seed; the diagnosis's seed "
                        + "keys every layer: " + name);
            }
            return new Drawn(name, Initializers.get(call.name(), call.parameters()));
        }
        return new Drawn(name, Initializers.get(s));
    }

    /**
     * Weights drawn from an initializer, layer {@code l} under
     * {@code RandomKey.of(seed).derive("layers." + l + ".weight")}, whatever the data.
     *
     * @param name the name a report gives the run
     * @param initializer the initializer of every layer
     */
    record Drawn(String name, Initializer initializer) implements Initialization {
        /**
         * Checks both are given.
         *
         * @param name the name a report gives the run
         * @param initializer the initializer of every layer
         * @throws IllegalArgumentException if either is null
         */
        public Drawn {
            if (name == null) {
                throw new IllegalArgumentException("name must not be null: null");
            }
            if (initializer == null) {
                throw new IllegalArgumentException("initializer must not be null: null");
            }
        }
    }

    /**
     * Weights fitted to the batch by LSUV (Mishkin and Matas, 2016): orthogonal starting weights,
     * each layer rescaled until its pre-activations have unit variance on the batch.
     *
     * @param name the name a report gives the run
     * @param tolerance the accepted |Var - 1|, &gt; 0
     * @param maxIterations the most rescalings per layer, &gt;= 0
     * @see Lsuv
     */
    record Fitted(String name, double tolerance, int maxIterations) implements Initialization {
        /**
         * Checks the parameters.
         *
         * @param name the name a report gives the run
         * @param tolerance the accepted |Var - 1|, &gt; 0
         * @param maxIterations the most rescalings per layer, &gt;= 0
         * @throws IllegalArgumentException if the name is null, the tolerance not finite and
         *     positive, or maxIterations negative, naming it and its value
         */
        public Fitted {
            if (name == null) {
                throw new IllegalArgumentException("name must not be null: null");
            }
            Lsuv.checkParameters(tolerance, maxIterations);
        }
    }
}
