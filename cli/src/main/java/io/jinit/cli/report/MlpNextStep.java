package io.jinit.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.Initialization;
import io.jinit.diagnosis.RunReport;
import io.jinit.shape.FanConvention;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What to do after an MLP diagnosis: for each activation, the healthy initialization its
 * recommendation names first ({@link Diagnosis#healthyChoice}) as a model spec that
 * {@code jinit generate --spec} reads, so that the file it writes holds exactly the weights the
 * diagnosis judged. Layer l's weight is named {@code layers.l.weight} and drawn under
 * {@code RandomKey.of(seed).derive("layers.l.weight")}, as the diagnosis draws it
 * ({@code Network.weightKey}); its shape is {@code (in, out)}, or {@code (out, in)} for an
 * initializer that reads shapes under PyTorch's fan convention, the shape the diagnosis filled;
 * the initializer is written as its serialized config without a seed, so that the spec's seed and
 * the name give the key. The network has no biases.
 *
 * @param activation the activation's name
 * @param initializer the chosen run's initializer as given, or null when no run is healthy
 * @param specFile the spec's file name in the report directory, or null when there is no spec
 * @param spec the spec's JSON text, or null
 * @param note why there is no spec, or null
 * @since 0.1
 */
public record MlpNextStep(String activation, String initializer, String specFile, String spec, String note) {
    /** How the name of a spec file ends; a report directory holds such files beside its page. */
    public static final String SPEC_SUFFIX = ".spec.json";

    /**
     * The next step of every activation of a diagnosis, in its order.
     *
     * @param diagnosis the diagnosis
     * @return one entry per activation
     */
    public static List<MlpNextStep> of(Diagnosis diagnosis) {
        List<MlpNextStep> steps = new ArrayList<>();
        Set<String> files = new HashSet<>();
        for (String activation : diagnosis.activations()) {
            Optional<RunReport> chosen = diagnosis.healthyChoice(activation);
            if (chosen.isEmpty()) {
                steps.add(new MlpNextStep(activation, null, null, null, "no run is healthy: nothing to generate"));
                continue;
            }
            String name = chosen.get().initializer();
            Initialization init;
            try {
                init = Initialization.parse(name);
            } catch (IllegalArgumentException e) {
                // a diagnosis read back from JSON or built by a program may name runs freely
                steps.add(new MlpNextStep(activation, name, null, null, name + " names no initializer to generate "
                        + "with"));
                continue;
            }
            if (!(init instanceof Initialization.Drawn drawn)) {
                steps.add(new MlpNextStep(activation, name, null, null, name + " fits the weights to the batch, "
                        + "which jinit generate, drawing without data, cannot reproduce"));
                continue;
            }
            String file = fileName(activation, files);
            steps.add(new MlpNextStep(activation, name, file, spec(diagnosis, drawn.initializer()), null));
        }
        return steps;
    }

    /**
     * The command that writes the weights: {@code jinit generate --spec DIR/FILE --out NAME.safetensors}.
     *
     * @param reportDir the report directory as given, where the spec is
     * @return the command, or null when there is no spec
     */
    public String command(String reportDir) {
        if (specFile == null) {
            return null;
        }
        String base = specFile.substring(0, specFile.length() - SPEC_SUFFIX.length());
        return Provenance.commandLine(List.of("jinit", "generate", "--spec", Path.of(reportDir, specFile).toString(),
                "--out", base + ".safetensors"));
    }

    /**
     * Writes the specs of some next steps into a directory.
     *
     * @param steps the next steps
     * @param dir the directory
     * @throws IOException if a file cannot be written
     */
    static void writeSpecs(List<MlpNextStep> steps, Path dir) throws IOException {
        for (MlpNextStep step : steps) {
            if (step.spec != null) {
                Files.writeString(dir.resolve(step.specFile), step.spec, StandardCharsets.UTF_8);
            }
        }
    }

    /** A file name from the activation's name: {@code leaky_relu(0.2)} gives {@code leaky_relu_0.2_.spec.json}. */
    private static String fileName(String activation, Set<String> taken) {
        String base = activation.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        String file = base + SPEC_SUFFIX;
        for (int i = 2; !taken.add(file); i++) {
            file = base + "-" + i + SPEC_SUFFIX;
        }
        return file;
    }

    /** The spec of the diagnosed network's weights under one initializer. */
    @SuppressWarnings("unchecked")
    private static String spec(Diagnosis diagnosis, Initializer init) {
        Map<String, Object> dict = new LinkedHashMap<>(Initializers.serialize(init));
        Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) dict.get("config"));
        config.remove("seed");
        dict.put("config", config);
        boolean torch = init.fanConvention().orElse(FanConvention.KERAS) instanceof FanConvention.Torch;
        List<Integer> widths = diagnosis.widths();
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonReport.generator(out)) {
            g.writeStartObject();
            g.writeNumberField("seed", diagnosis.seed());
            g.writeStringField("dtype", "float32");
            g.writeArrayFieldStart("parameters");
            for (int l = 1; l < widths.size(); l++) {
                int inWidth = widths.get(l - 1);
                int outWidth = widths.get(l);
                g.writeStartObject();
                g.writeStringField("name", "layers." + l + ".weight");
                g.writeArrayFieldStart("shape");
                g.writeNumber(torch ? outWidth : inWidth);
                g.writeNumber(torch ? inWidth : outWidth);
                g.writeEndArray();
                g.writeFieldName("initializer");
                value(g, dict);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("a spec cannot be written to a string", e);
        }
        return out + "\n";
    }

    /** A config value: a map, a string, a number, a boolean or null. */
    @SuppressWarnings("unchecked")
    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                g.writeFieldName(e.getKey());
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Double d) {
            JsonReport.value(g, d);
        } else if (v instanceof Float f) {
            JsonReport.value(g, f);
        } else if (v instanceof Long || v instanceof Integer) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v == null) {
            g.writeNull();
        } else {
            g.writeString(v.toString());
        }
    }
}
