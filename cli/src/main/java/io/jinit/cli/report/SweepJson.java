package io.jinit.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Curve;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Slope;
import io.jinit.formats.AtomicFile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A width sweep (muP's coordinate check) as JSON, for programs; numbers as in {@link JsonReport}
 * (shortest form, NaN and the infinities as strings). Fields may be added in a later
 * {@code version}, never renamed or removed. The MLP's sweep:
 * <pre>
 * {
 *   "format": "jinit-width-sweep", "version": 1,
 *   "widths": [256, 512, ...], "baseWidth": 256, "inputWidth": 32, "outputWidth": 10,
 *   "hiddenLayers": 3, "activation": "relu", "optimizer": "adam", "learningRate": 0.01,
 *   "steps": 1, "batch": 64, "seed": 42,
 *   "curves": [                               standard first, then mup; widths increasing
 *     { "parametrization": "standard", "width": 256,
 *       "activationSize": [[...], ...],       [step 0 .. steps][layer 1 .. hiddenLayers + 1]
 *       "updateSize": [[...], ...] } ],       mean |h(t) - h(0)|, same indices
 *   "slopes": [
 *     { "parametrization": "standard", "layer": 1, "updateSlope": ..., "initialSlope": ...,
 *       "trend": "stable" } ]                 stable|grows|shrinks|not_finite
 * }
 * </pre>
 * A transformer stack's sweep ({@code --hf-config --width-sweep}) has its own format and the
 * stack's fields in place of the MLP's; its curves' and slopes' layers are the blocks' outputs,
 * then the stack's output y, and its batch counts sequences:
 * <pre>
 * {
 *   "format": "jinit-transformer-width-sweep", "version": 1,
 *   "widths": [192, 384, ...], "baseWidth": 192,
 *   "config": "config.json", "modelType": "gpt2", "blocks": 2, "heads": 3,
 *   "feedForwardWidth": 768,                  at the base width; scaled as the width
 *   "vocabulary": 50257, "sequence": 16, "norm": "layer_norm", "placement": "pre_norm",
 *   "feedForward": "gelu_tanh", "position": "learned", "biases": true, "sigma": 0.02,
 *   "optimizer": "adam", "learningRate": 0.001, "steps": 1, "batch": 2, "seed": 42,
 *   "curves": [...], "slopes": [...]          as above; layer l + 1 is block l, layer blocks + 1 is y
 * }
 * </pre>
 *
 * @since 0.1
 */
public final class SweepJson {
    /** The value of the {@code "format"} field of the MLP's sweep. */
    public static final String FORMAT = "jinit-width-sweep";
    /** The value of the {@code "format"} field of a transformer stack's sweep. */
    public static final String TRANSFORMER_FORMAT = "jinit-transformer-width-sweep";
    /** The value of the {@code "version"} field. */
    public static final int VERSION = 1;

    private SweepJson() {
    }

    /**
     * The sweep as JSON, indented, ending with a newline.
     *
     * @param sweep what to write
     * @return the JSON text
     */
    public static String toJson(WidthSweep sweep) {
        StringWriter out = new StringWriter();
        try {
            write(sweep, out);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    /**
     * Writes the sweep to {@code out}.
     *
     * @param sweep what to write
     * @param out where
     * @throws IOException if {@code out} fails
     */
    public static void write(WidthSweep sweep, Writer out) throws IOException {
        try (JsonGenerator g = JsonReport.generator(out)) {
            g.writeStartObject();
            g.writeStringField("format", sweep.words().format());
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("widths");
            for (int w : sweep.widths()) {
                g.writeNumber(w);
            }
            g.writeEndArray();
            g.writeNumberField("baseWidth", sweep.baseWidth());
            for (WidthSweep.Field f : sweep.words().networkFields()) {
                field(g, f);
            }
            g.writeStringField("optimizer", sweep.optimizer().name().toLowerCase(Locale.ROOT));
            JsonReport.number(g, "learningRate", sweep.learningRate());
            g.writeNumberField("steps", sweep.steps());
            g.writeNumberField("batch", sweep.batch());
            g.writeNumberField("seed", sweep.seed());
            g.writeArrayFieldStart("curves");
            for (Curve c : sweep.curves()) {
                g.writeStartObject();
                g.writeStringField("parametrization", SweepText.name(c.parametrization()));
                g.writeNumberField("width", c.width());
                matrix(g, "activationSize", c.activationSize());
                matrix(g, "updateSize", c.updateSize());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("slopes");
            for (Slope s : sweep.slopes()) {
                g.writeStartObject();
                g.writeStringField("parametrization", SweepText.name(s.parametrization()));
                g.writeNumberField("layer", s.layer());
                JsonReport.number(g, "updateSlope", s.updateSlope());
                JsonReport.number(g, "initialSlope", s.initialSlope());
                g.writeStringField("trend", s.trend().name().toLowerCase(Locale.ROOT));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    /**
     * Writes the sweep to {@code file} with {@link AtomicFile}, so that {@code file} is either the
     * previous one or complete.
     *
     * @param sweep what to write
     * @param file where; its directory must exist
     * @throws IOException if the file cannot be written; {@code file} is then as it was
     */
    public static void write(WidthSweep sweep, Path file) throws IOException {
        AtomicFile.writeText(file, writer -> write(sweep, writer));
    }

    private static void field(JsonGenerator g, WidthSweep.Field f) throws IOException {
        if (f.value() instanceof Integer i) {
            g.writeNumberField(f.name(), i);
        } else if (f.value() instanceof Double d) {
            JsonReport.number(g, f.name(), d);
        } else if (f.value() instanceof Boolean b) {
            g.writeBooleanField(f.name(), b);
        } else {
            g.writeStringField(f.name(), String.valueOf(f.value()));
        }
    }

    private static void matrix(JsonGenerator g, String name, double[][] m) throws IOException {
        g.writeArrayFieldStart(name);
        for (double[] row : m) {
            g.writeStartArray();
            for (double v : row) {
                JsonReport.value(g, v);
            }
            g.writeEndArray();
        }
        g.writeEndArray();
    }
}
