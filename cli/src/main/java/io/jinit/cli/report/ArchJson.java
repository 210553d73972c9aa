package io.jinit.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jinit.cli.report.ArchDiagnosis.Run;
import io.jinit.diagnosis.convolution.BlockFigures;
import io.jinit.diagnosis.convolution.LayerFigures;
import io.jinit.diagnosis.convolution.ParameterFigures;
import io.jinit.diagnosis.convolution.ResNetSpec;
import io.jinit.formats.AtomicFile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A ResNet diagnosis ({@code jinit diagnose --arch}) as JSON, for programs; numbers as in
 * {@link JsonReport} (shortest form, NaN and the infinities as strings). Fields may be added in a
 * later {@code version}, never renamed or removed.
 * <pre>
 * {
 *   "format": "jinit-resnet-diagnosis", "version": 1,
 *   "arch": "resnet18", "shortcuts": true, "widthMultiplier": 0.25, "stageWidths": [16, 32, 64, 128],
 *   "stageBlocks": [2, 2, 2, 2], "imageSize": 64, "classes": 1000, "batch": 8, "seed": 42,
 *   "recipes": [
 *     { "recipe": "torchvision", "verdict": "healthy", "reason": "...", "identityBlocks": [],
 *       "inputStd": ..., "outputStd": ..., "loss": ...,
 *       "imageGradientNorm": ...,            ||dL/dx|| at the images
 *       "gradientRatio": ...,                that over ||dL/dx|| entering the last block
 *       "blocks": [ { "name": "layer1.0", "channels": 16, "height": 16, "width": 16,
 *                     "inputStd": ..., "outputStd": ..., "streamRatio": ...,  outputStd / the images' std
 *                     "branchToSkip": ...,          null for a plain block
 *                     "zeroFraction": ...,          of the block's last ReLU
 *                     "inputGradientNorm": ... } ],
 *       "groups": [ { "name": "conv1", "gradientNorm": ... } ],   conv1, layerS convs, BN weights, fc
 *       "layers": [ { "name": "conv1", "channels": ..., "height": ..., "width": ...,
 *                     "outputStd": ..., "zeroFraction": ..., "inputGradientNorm": ... } ],
 *       "parameters": [ { "name": "conv1.weight", "shape": [16, 3, 7, 7], "valueStd": ...,
 *                         "gradientNorm": ... } ] } ]
 * }
 * </pre>
 *
 * @since 0.1
 */
public final class ArchJson {
    /** The value of the {@code "format"} field. */
    public static final String FORMAT = "jinit-resnet-diagnosis";
    /** The value of the {@code "version"} field. */
    public static final int VERSION = 1;

    private ArchJson() {
    }

    /**
     * The diagnosis as JSON, indented, ending with a newline.
     *
     * @param d what to write
     * @return the JSON text
     */
    public static String toJson(ArchDiagnosis d) {
        StringWriter out = new StringWriter();
        try {
            write(d, out);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    /**
     * Writes the diagnosis to {@code out}.
     *
     * @param d what to write
     * @param out where
     * @throws IOException if {@code out} fails
     */
    public static void write(ArchDiagnosis d, Writer out) throws IOException {
        ResNetSpec spec = d.spec();
        try (JsonGenerator g = JsonReport.generator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeStringField("arch", ArchText.arch(spec));
            g.writeBooleanField("shortcuts", spec.shortcuts());
            JsonReport.number(g, "widthMultiplier", spec.widthMultiplier());
            g.writeArrayFieldStart("stageWidths");
            for (int s = 0; s < spec.blocks().size(); s++) {
                g.writeNumber(spec.width(s));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("stageBlocks");
            for (int b : spec.blocks()) {
                g.writeNumber(b);
            }
            g.writeEndArray();
            g.writeNumberField("imageSize", spec.imageSize());
            g.writeNumberField("classes", spec.classes());
            g.writeNumberField("batch", d.batch());
            g.writeNumberField("seed", d.seed());
            g.writeArrayFieldStart("recipes");
            for (Run run : d.runs()) {
                run(g, run);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    /**
     * Writes the diagnosis to {@code file} with {@link AtomicFile}, so that {@code file} is either
     * the previous one or complete.
     *
     * @param d what to write
     * @param file where; its directory must exist
     * @throws IOException if the file cannot be written; {@code file} is then as it was
     */
    public static void write(ArchDiagnosis d, Path file) throws IOException {
        AtomicFile.writeText(file, writer -> write(d, writer));
    }

    private static void run(JsonGenerator g, Run run) throws IOException {
        g.writeStartObject();
        g.writeStringField("recipe", run.recipe());
        g.writeStringField("verdict", run.verdict().name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("reason", run.reason());
        g.writeArrayFieldStart("identityBlocks");
        for (String b : run.identityBlocks()) {
            g.writeString(b);
        }
        g.writeEndArray();
        JsonReport.number(g, "inputStd", run.figures().inputStd());
        JsonReport.number(g, "outputStd", run.figures().outputStd());
        JsonReport.number(g, "loss", run.figures().loss());
        JsonReport.number(g, "imageGradientNorm", ArchDiagnosis.imageGradient(run.figures()));
        JsonReport.number(g, "gradientRatio", run.gradientRatio());
        g.writeArrayFieldStart("blocks");
        for (BlockFigures b : run.figures().blocks()) {
            g.writeStartObject();
            g.writeStringField("name", b.name());
            g.writeNumberField("channels", b.channels());
            g.writeNumberField("height", b.height());
            g.writeNumberField("width", b.width());
            JsonReport.number(g, "inputStd", b.inputStd());
            JsonReport.number(g, "outputStd", b.outputStd());
            JsonReport.number(g, "streamRatio", run.streamRatio(b));
            if (b.branchToSkip().isPresent()) {
                JsonReport.number(g, "branchToSkip", b.branchToSkip().getAsDouble());
            } else {
                g.writeNullField("branchToSkip");
            }
            JsonReport.number(g, "zeroFraction", ArchDiagnosis.zeroFraction(run.figures(), b));
            JsonReport.number(g, "inputGradientNorm", b.inputGradientNorm());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("groups");
        for (Map.Entry<String, Double> e : ArchDiagnosis.groupGradients(run.figures()).entrySet()) {
            g.writeStartObject();
            g.writeStringField("name", e.getKey());
            JsonReport.number(g, "gradientNorm", e.getValue());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("layers");
        for (LayerFigures l : run.figures().layers()) {
            g.writeStartObject();
            g.writeStringField("name", l.name());
            g.writeNumberField("channels", l.channels());
            g.writeNumberField("height", l.height());
            g.writeNumberField("width", l.width());
            JsonReport.number(g, "outputStd", l.outputStd());
            JsonReport.number(g, "zeroFraction", l.zeroFraction());
            JsonReport.number(g, "inputGradientNorm", l.inputGradientNorm());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("parameters");
        for (ParameterFigures p : run.figures().parameters()) {
            g.writeStartObject();
            g.writeStringField("name", p.name());
            g.writeArrayFieldStart("shape");
            for (long dim : p.shape()) {
                g.writeNumber(dim);
            }
            g.writeEndArray();
            JsonReport.number(g, "valueStd", p.valueStd());
            JsonReport.number(g, "gradientNorm", p.gradientNorm());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
