package io.jinit.cli;

import com.fasterxml.jackson.core.io.NumberOutput;
import io.jinit.Initializers;
import io.jinit.NamedInitializer;
import io.jinit.ParallelFill;
import io.jinit.formats.DType;
import io.jinit.formats.FiniteValues;
import io.jinit.formats.KerasJson;
import io.jinit.formats.ModelSpec;
import io.jinit.formats.TensorFormat;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jinit sample}: one initialized tensor, to a file or standard output. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Initialize one tensor and write it to FILE.npy, FILE.safetensors, FILE.npz, FILE.txt, or - "
                + "(text on standard output).")
final class SampleCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "Initializer name (Keras identifier or torch function), e.g. he_normal, kaiming_uniform_.")
    private String name;

    @Option(names = "--shape", required = true, paramLabel = "DIMS",
            description = "Tensor shape, e.g. 784,128 (Keras layout for Keras names, torch layout for torch names); "
                    + "'' for a scalar.")
    private String shape;

    @Mixin
    private SeedOption runSeed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "An initializer parameter, e.g. mode=fan_out.")
    private List<String> sets = new ArrayList<>();

    @Option(names = "--config", paramLabel = "JSON|@FILE", description = "A Keras config dict (or identifier), inline or from a file (@FILE, at most 1 MB).")
    private String config;

    @Option(names = "--fan-convention", paramLabel = "keras|torch",
            description = "Read fans as Keras (..., in, out) or PyTorch (out, in, ...) does.")
    private FanConventionName fanConvention;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "float32|float64",
            description = "Element type (default ${DEFAULT-VALUE}).")
    private TextDType dtype;

    @Mixin
    private Threads threads;

    @Option(names = "--out", defaultValue = "-", paramLabel = "FILE|-",
            description = "FILE.npy, FILE.safetensors, FILE.npz, FILE.txt, or - for text on standard output (default).")
    private String out;

    /** The fan conventions the command line names. */
    enum FanConventionName { keras, torch }

    /** The element types of text output. */
    enum TextDType { float32, float64 }

    @Override
    public void run() {
        threads.check();
        Shape tensorShape = shape();
        Seeded seeded = initializer();
        NamedInitializer init = seeded.init();
        boolean text = out.equals("-") || out.endsWith(".txt");
        if (!text && TensorFormat.ofFileName(out).isEmpty()) {
            throw new IllegalArgumentException("--out must end in .npy, .safetensors, .npz or .txt, or be - for "
                    + "standard output: " + out);
        }
        Path target = out.equals("-") ? null : text ? TensorOutput.validateText(out) : TensorOutput.validate(out, 1);
        if (target != null && config != null && config.startsWith("@")) {
            TensorOutput.checkNotInput(target, "--config", Path.of(config.substring(1)));
        }
        try (Threads.Filling filling = threads.open()) {
            ParallelFill filler = filling.filler();
            if (target == null) {
                PrintWriter stdout = spec.commandLine().getOut();
                try {
                    writeText(init, tensorShape, filler, new StdoutText(stdout));
                } catch (UncheckedIOException e) {
                    throw new IllegalArgumentException("standard output cannot be written (closed pipe or full "
                            + "device): the output is incomplete", e);
                }
            } else if (text) {
                // Each value prints as at least one digit and a separator: a lower bound of the size.
                TensorOutput.writeText(target, 2 * tensorShape.size(), writer ->
                        writeText(init, tensorShape, filler, writer::append));
            } else {
                ModelSpec.Parameter parameter = new ModelSpec.Parameter(tensorName(init), tensorShape, init,
                        DType.ofWritableName(dtype.name()).orElseThrow(), init.key());
                ModelSpec model = new ModelSpec(init.key().asLong(), false, List.of(parameter));
                TensorOutput.write(target, model.tensors(filler));
            }
        }
        if (seeded.drawn()) {
            Object drawn = init.config().get("seed");
            spec.commandLine().getErr().println("jinit: seed " + drawn + " (repeat with --seed " + drawn + ")");
        }
    }

    /** The name the tensor gets in a file: the initializer's name as typed, or its class name. */
    private String tensorName(NamedInitializer init) {
        return name != null ? name : init.className();
    }

    private Shape shape() {
        try {
            return Shape.copyOf(WholeNumbers.parse("--shape", shape));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("--shape") ? e.getMessage()
                    : "--shape " + shape + " is not a tensor shape: " + e.getMessage(), e);
        }
    }

    /** An initializer, and whether its seed was drawn because neither the config nor --seed gave one. */
    private record Seeded(NamedInitializer init, boolean drawn) {
    }

    /**
     * The initializer, with the seed rule of the command line: a seed in the config
     * ({@code --set seed=} or the {@code --config} dict) wins, as in Keras, where the config is
     * what reproduces a tensor; {@code --seed} supplies the seed when the config has none; the
     * two disagreeing is an error, never a silent choice. Initializers that draw no random
     * numbers ignore {@code --seed}.
     */
    private Seeded initializer() {
        Map<String, Object> params = new LinkedHashMap<>(ConfigValues.parseSets(sets));
        if (fanConvention != null) {
            Object set = params.put("fan_convention", fanConvention.name());
            if (set != null && !set.equals(fanConvention.name())) {
                throw new IllegalArgumentException("--fan-convention " + fanConvention.name() + " disagrees with --set "
                        + "fan_convention=" + set + ": give one of them");
            }
        }
        if (config != null) {
            if (name != null) {
                throw new IllegalArgumentException("give NAME or --config, not both: " + name + " and --config "
                        + abbreviated(config));
            }
            return fromConfig(KerasJson.parse(ConfigValues.configText(config)), params);
        }
        if (name == null) {
            throw new IllegalArgumentException("NAME or --config is required: none given (see jinit list)");
        }
        if (!Initializers.names().contains(name)) {
            try {
                Initializers.get(name);
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException(unknown.getMessage() + "; jinit list shows every name", unknown);
            }
        }
        return seeded(name, params, v -> Initializers.get(name, v), "--set seed");
    }

    /** Completes a parsed {@code --config} with {@code --set}, {@code --fan-convention} and the seed. */
    @SuppressWarnings("unchecked")
    private Seeded fromConfig(Object parsed, Map<String, Object> params) {
        if (parsed instanceof String) {
            String identifier = (String) parsed;
            return seeded(identifier, params, v -> Initializers.get(identifier, v), "--set seed");
        }
        if (!(parsed instanceof Map)) {
            return new Seeded(KerasJson.fromValue(parsed), false);
        }
        Map<String, Object> dict = new LinkedHashMap<>((Map<String, Object>) parsed);
        Object inner = dict.get("config");
        Map<String, Object> values = new LinkedHashMap<>(inner instanceof Map ? (Map<String, Object>) inner
                : Map.of());
        if (inner != null && !(inner instanceof Map)) {
            return new Seeded(KerasJson.fromValue(parsed), false);
        }
        for (Map.Entry<String, Object> e : params.entrySet()) {
            Object old = values.get(e.getKey());
            if (old != null && !old.equals(e.getValue())) {
                throw new IllegalArgumentException("--set " + e.getKey() + "=" + e.getValue() + " disagrees with the "
                        + "--config value " + e.getKey() + "=" + old + ": give one of them");
            }
            values.put(e.getKey(), e.getValue());
        }
        return seeded(String.valueOf(dict.get("class_name")), values, v -> {
            dict.put("config", v);
            return KerasJson.fromValue(dict);
        }, "the --config seed");
    }

    /**
     * Builds an initializer from config values, adding {@code --seed} when the initializer draws
     * random numbers and the values hold no seed.
     */
    private Seeded seeded(String what, Map<String, Object> values,
            Function<Map<String, Object>, NamedInitializer> build, String configSeedName) {
        Long seed = runSeed.given();
        Object own = values.get("seed");
        if (own != null) {
            if (seed != null && !isSeed(own, seed)) {
                throw new IllegalArgumentException(configSeedName + "=" + own + " disagrees with --seed " + seed
                        + ": the config's seed is used when given, so give one of them or the same value");
            }
            return new Seeded(build.apply(values), false);
        }
        NamedInitializer unseeded = build.apply(values);
        if (!unseeded.config().containsKey("seed")) {
            return new Seeded(unseeded, false);
        }
        if (seed == null) {
            return new Seeded(unseeded, true);
        }
        Map<String, Object> withSeed = new LinkedHashMap<>(values);
        withSeed.put("seed", seed);
        return new Seeded(build.apply(withSeed), false);
    }

    private static boolean isSeed(Object value, long seed) {
        return value instanceof Number
                && new BigDecimal(value.toString()).compareTo(BigDecimal.valueOf(seed)) == 0;
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** Where the text of {@link #writeText} goes. */
    @FunctionalInterface
    private interface TextSink {
        void write(CharSequence text) throws IOException;
    }

    /**
     * Standard output as a text sink that stops the run at the first failed write: a closed pipe
     * ({@code | head}) or a full device must not go on computing values nobody reads, nor exit 0.
     */
    private static final class StdoutText implements TextSink {
        private final PrintWriter out;

        StdoutText(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(CharSequence text) throws IOException {
            out.append(text);
            if (out.checkError()) {
                throw new IOException("standard output failed");
            }
        }
    }

    /**
     * Jackson's Schubfach conversion: the shortest decimal that reads back to the same value, the
     * same text on every JDK (JDK 17's own Float.toString gives longer strings for some values than
     * JDK 19 and later, so text files would differ by JDK).
     */
    private static final boolean SHORTEST = true;

    private static String decimal(float v) {
        // Jackson's writer drops the sign of -0.0, which .npy keeps (orthogonal and dirac give it)
        return v == 0 && Float.floatToRawIntBits(v) != 0 ? "-0.0" : NumberOutput.toString(v, SHORTEST);
    }

    private static String decimal(double v) {
        return v == 0 && Double.doubleToRawLongBits(v) != 0 ? "-0.0" : NumberOutput.toString(v, SHORTEST);
    }

    /** Rows of the last dimension, one per line; values print so that they read back exactly. */
    private void writeText(NamedInitializer init, Shape tensorShape, ParallelFill filler, TextSink sink) {
        long size = tensorShape.size();
        int row = tensorShape.rank() == 0 ? 1 : (int) Math.max(1, Math.min(tensorShape.dim(-1), 1 << 20));
        int chunk = (int) Math.min(Math.max(row, (1 << 20) / row * row), Math.max(size, 1));
        StringBuilder text = new StringBuilder();
        // float32 is filled as float32, not rounded from float64: the two differ for uniforms.
        float[] floats = dtype == TextDType.float32 ? new float[chunk] : null;
        double[] doubles = floats == null ? new double[chunk] : null;
        try {
            for (long from = 0; from < size; from += chunk) {
                int n = (int) Math.min(chunk, size - from);
                if (floats != null) {
                    filler.fill(init, tensorShape, init.key(), from, floats, 0, n);
                    FiniteValues.check(tensorName(init), floats, n, from, "float32");
                } else {
                    filler.fill(init, tensorShape, init.key(), from, doubles, 0, n);
                    FiniteValues.check(tensorName(init), doubles, n, from, "float64");
                }
                for (int i = 0; i < n; i++) {
                    text.append(floats != null ? decimal(floats[i]) : decimal(doubles[i]))
                            .append((from + i + 1) % row == 0 ? '\n' : ' ');
                }
                sink.write(text);
                text.setLength(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
