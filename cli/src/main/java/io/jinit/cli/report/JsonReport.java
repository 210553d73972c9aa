package io.jinit.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.diagnosis.Histogram;
import io.jinit.diagnosis.LayerReport;
import io.jinit.diagnosis.RunReport;
import io.jinit.formats.AtomicFile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of a diagnosis as JSON, for programs. The shape is stable: fields may be added in a
 * later {@code version}, never renamed or removed.
 * <pre>
 * {
 *   "format": "jinit-diagnosis", "version": 2,
 *   "widths": [256, 256, ...],              layer widths, input first
 *   "batch": 32, "seed": 2,
 *   "runs": [                                activations outermost, as the diagnosis lists them
 *     { "initializer": "he_normal", "activation": "relu", "inputStd": 0.9991,
 *       "verdict": "healthy",                symmetric|dead|saturated|exploding|vanishing|healthy|null
 *       "reason": "...", "recommendation": "...",        strings or null
 *       "layers": [                          layer 1 first
 *         { "layer": 1, "width": 256,
 *           "preActivationMean": ..., "preActivationStd": ..., "mean": ..., "std": ...,
 *           "deadFraction": ..., "saturatedFraction": ..., "symmetric": false,
 *           "weightGradientNorm": ..., "activationGradientNorm": ...,
 *           "weightGradientRatio": ..., "activationGradientRatio": ...,
 *           "verdict": "healthy" } ],
 *       "histograms": {                      of the activations; each may be null
 *         "first":  { "min": ..., "max": ..., "counts": [ ... ] },   equal-width bins over [min, max]
 *         "middle": { ... }, "last": { ... } } } ]
 * }
 * </pre>
 * Each field is that of the record of the same name in {@code io.jinit.diagnosis}.
 *
 * <p>Non-finite numbers: a finite number is a JSON number, written so that it reads back to the
 * same {@code double}; NaN and the infinities, which JSON numbers cannot hold, are the strings
 * {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"} (what JavaScript's {@code Number()},
 * Python's {@code float()} and Java's {@code Double.parseDouble} read). Any numeric field may
 * hold one of them.
 *
 * @since 0.1
 */
public final class JsonReport {
    /** The value of the {@code "format"} field. */
    public static final String FORMAT = "jinit-diagnosis";
    /**
     * The value of the {@code "version"} field. Version 2: the gradient ratios are to the last
     * layer's norms, the reference of the verdicts (version 1 divided by layer 1's).
     */
    public static final int VERSION = 2;

    /** Numbers in their shortest form, the same text on every JDK (as formats' JSON). */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private JsonReport() {
    }

    /**
     * The diagnosis as JSON, indented, ending with a newline.
     *
     * @param diagnosis what to write
     * @return the JSON text
     */
    public static String toJson(Diagnosis diagnosis) {
        StringWriter s = new StringWriter();
        try {
            write(diagnosis, s);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return s.toString();
    }

    /**
     * Writes the diagnosis as JSON; does not close {@code out}.
     *
     * @param diagnosis what to write
     * @param out where
     * @throws IOException if {@code out} fails
     */
    public static void write(Diagnosis diagnosis, Writer out) throws IOException {
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("widths");
            for (int w : diagnosis.widths()) {
                g.writeNumber(w);
            }
            g.writeEndArray();
            g.writeNumberField("batch", diagnosis.batch());
            g.writeNumberField("seed", diagnosis.seed());
            g.writeArrayFieldStart("runs");
            for (RunReport run : diagnosis.runs()) {
                run(g, run);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    /**
     * Writes the diagnosis to {@code file} with {@link AtomicFile}: to a temporary file beside it,
     * then renamed over it, so that {@code file} is either the previous one or complete.
     *
     * @param diagnosis what to write
     * @param file where; its directory must exist
     * @throws IllegalArgumentException if {@code file} cannot be a file destination
     * @throws IOException if the file cannot be written; {@code file} is then as it was
     */
    public static void write(Diagnosis diagnosis, Path file) throws IOException {
        AtomicFile.writeText(file, writer -> write(diagnosis, writer));
    }

    /**
     * Reads what {@link #write(Diagnosis, Writer)} wrote.
     *
     * @param json the JSON text
     * @return the diagnosis
     * @throws IllegalArgumentException if the text is not JSON of this shape and version
     */
    public static Diagnosis read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("diagnosis JSON is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw new IllegalArgumentException("diagnosis JSON must have \"format\": \"" + FORMAT + "\": "
                    + (root == null ? "empty" : root.path("format")));
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw new IllegalArgumentException("diagnosis JSON version must be " + VERSION + ": "
                    + root.path("version"));
        }
        List<Integer> widths = new ArrayList<>();
        for (JsonNode w : array(root, "widths")) {
            widths.add(w.intValue());
        }
        List<RunReport> runs = new ArrayList<>();
        for (JsonNode run : array(root, "runs")) {
            runs.add(run(run));
        }
        return new Diagnosis(widths, required(root, "batch").intValue(), required(root, "seed").longValue(), runs);
    }

    private static void run(JsonGenerator g, RunReport run) throws IOException {
        g.writeStartObject();
        g.writeStringField("initializer", run.initializer());
        g.writeStringField("activation", run.activation());
        number(g, "inputStd", run.inputStd());
        g.writeStringField("verdict", run.verdict() == null ? null : VerdictStyle.label(run.verdict()));
        g.writeStringField("reason", run.reason());
        g.writeStringField("recommendation", run.recommendation());
        g.writeArrayFieldStart("layers");
        for (LayerReport l : run.layers()) {
            g.writeStartObject();
            g.writeNumberField("layer", l.layer());
            g.writeNumberField("width", l.width());
            number(g, "preActivationMean", l.preActivationMean());
            number(g, "preActivationStd", l.preActivationStd());
            number(g, "mean", l.mean());
            number(g, "std", l.std());
            number(g, "deadFraction", l.deadFraction());
            number(g, "saturatedFraction", l.saturatedFraction());
            g.writeBooleanField("symmetric", l.symmetric());
            number(g, "weightGradientNorm", l.weightGradientNorm());
            number(g, "activationGradientNorm", l.activationGradientNorm());
            number(g, "weightGradientRatio", l.weightGradientRatio());
            number(g, "activationGradientRatio", l.activationGradientRatio());
            g.writeStringField("verdict", l.verdict() == null ? null : VerdictStyle.label(l.verdict()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("histograms");
        histogram(g, "first", run.firstLayer());
        histogram(g, "middle", run.middleLayer());
        histogram(g, "last", run.lastLayer());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void histogram(JsonGenerator g, String name, Histogram h) throws IOException {
        if (h == null) {
            g.writeNullField(name);
            return;
        }
        g.writeObjectFieldStart(name);
        number(g, "min", h.min());
        number(g, "max", h.max());
        g.writeArrayFieldStart("counts");
        for (long c : h.counts()) {
            g.writeNumber(c);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * A generator of the reports' JSON layout: objects indented by two spaces, arrays on one line,
     * numbers in their shortest form; it leaves {@code out} open.
     */
    static JsonGenerator generator(Writer out) throws IOException {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance)
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.setPrettyPrinter(pretty);
        return g;
    }

    /** A number field; NaN and the infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
    static void number(JsonGenerator g, String name, double value) throws IOException {
        g.writeFieldName(name);
        value(g, value);
    }

    /** A number, or {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, which JSON numbers cannot hold. */
    static void value(JsonGenerator g, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumber(value);
        } else {
            g.writeString(Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static RunReport run(JsonNode n) {
        List<LayerReport> layers = new ArrayList<>();
        for (JsonNode l : array(n, "layers")) {
            layers.add(new LayerReport(required(l, "layer").intValue(), required(l, "width").intValue(),
                    number(l, "preActivationMean"), number(l, "preActivationStd"), number(l, "mean"),
                    number(l, "std"), number(l, "deadFraction"), number(l, "saturatedFraction"),
                    required(l, "symmetric").booleanValue(), number(l, "weightGradientNorm"),
                    number(l, "activationGradientNorm"), number(l, "weightGradientRatio"),
                    number(l, "activationGradientRatio"), VerdictStyle.parse(text(l, "verdict"))));
        }
        JsonNode h = n.path("histograms");
        return new RunReport(text(n, "initializer"), text(n, "activation"), number(n, "inputStd"), layers,
                VerdictStyle.parse(text(n, "verdict")), text(n, "reason"), text(n, "recommendation"),
                histogram(h.get("first")), histogram(h.get("middle")), histogram(h.get("last")));
    }

    private static Histogram histogram(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        List<Long> counts = new ArrayList<>();
        for (JsonNode c : array(n, "counts")) {
            counts.add(c.longValue());
        }
        return new Histogram(number(n, "min"), number(n, "max"), counts);
    }

    private static JsonNode required(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("diagnosis JSON lacks \"" + name + "\": " + n);
        }
        return v;
    }

    private static JsonNode array(JsonNode n, String name) {
        JsonNode v = required(n, name);
        if (!v.isArray()) {
            throw new IllegalArgumentException("diagnosis JSON \"" + name + "\" must be an array: " + v);
        }
        return v;
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static double number(JsonNode n, String name) {
        JsonNode v = required(n, name);
        if (v.isNumber()) {
            return v.doubleValue();
        }
        switch (v.asText()) {
            case "NaN":
                return Double.NaN;
            case "Infinity":
                return Double.POSITIVE_INFINITY;
            case "-Infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                throw new IllegalArgumentException("diagnosis JSON \"" + name
                        + "\" must be a number, \"NaN\", \"Infinity\" or \"-Infinity\": " + v);
        }
    }
}
