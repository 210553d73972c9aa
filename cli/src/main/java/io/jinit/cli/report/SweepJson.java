package io.jinit.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Curve;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Result;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Slope;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Spec;
import io.jinit.formats.AtomicFile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A width sweep (muP's coordinate check) as JSON, for programs; numbers as in {@link JsonReport}
 * (shortest form, NaN and the infinities as strings). Fields may be added in a later
 * {@code version}, never renamed or removed.
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
 *
 * @since 0.1
 */
public final class SweepJson {
    /** The value of the {@code "format"} field. */
    public static final String FORMAT = "jinit-width-sweep";
    /** The value of the {@code "version"} field. */
    public static final int VERSION = 1;

    private SweepJson() {
    }

    /**
     * The sweep as JSON, indented, ending with a newline.
     *
     * @param result what to write
     * @return the JSON text
     */
    public static String toJson(Result result) {
        StringWriter out = new StringWriter();
        try {
            write(result, out);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    /**
     * Writes the sweep to {@code out}.
     *
     * @param result what to write
     * @param out where
     * @throws IOException if {@code out} fails
     */
    public static void write(Result result, Writer out) throws IOException {
        Spec spec = result.spec();
        try (JsonGenerator g = JsonReport.generator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("widths");
            for (int w : spec.widths()) {
                g.writeNumber(w);
            }
            g.writeEndArray();
            g.writeNumberField("baseWidth", spec.baseWidth());
            g.writeNumberField("inputWidth", spec.inputWidth());
            g.writeNumberField("outputWidth", spec.outputWidth());
            g.writeNumberField("hiddenLayers", spec.hiddenLayers());
            g.writeStringField("activation", spec.activation().name());
            g.writeStringField("optimizer", spec.optimizer().name().toLowerCase(Locale.ROOT));
            JsonReport.number(g, "learningRate", spec.learningRate());
            g.writeNumberField("steps", spec.steps());
            g.writeNumberField("batch", spec.batch());
            g.writeNumberField("seed", spec.seed());
            g.writeArrayFieldStart("curves");
            for (Curve c : result.curves()) {
                g.writeStartObject();
                g.writeStringField("parametrization", SweepText.name(c.parametrization()));
                g.writeNumberField("width", c.width());
                matrix(g, "activationSize", c.activationSize());
                matrix(g, "updateSize", c.updateSize());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("slopes");
            for (Slope s : result.slopes()) {
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
     * @param result what to write
     * @param file where; its directory must exist
     * @throws IOException if the file cannot be written; {@code file} is then as it was
     */
    public static void write(Result result, Path file) throws IOException {
        AtomicFile.writeText(file, writer -> write(result, writer));
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
