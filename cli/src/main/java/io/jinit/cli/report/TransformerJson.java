package io.jinit.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.jinit.cli.report.TransformerRuns.Recipe;
import io.jinit.diagnosis.transformer.BlockFigures;
import io.jinit.diagnosis.transformer.TransformerFigures;
import io.jinit.diagnosis.transformer.TransformerShape;
import io.jinit.diagnosis.transformer.TransformerVerdict;
import io.jinit.formats.AtomicFile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A transformer diagnosis as JSON, for programs; numbers as in {@link JsonReport} (shortest form,
 * NaN and the infinities as strings). Fields may be added in a later {@code version}, never renamed
 * or removed.
 * <pre>
 * {
 *   "format": "jinit-transformer-diagnosis", "version": 1,
 *   "source": "config.json", "family": "gpt2", "seed": 42, "nextStep": "jinit generate ...",
 *   "shape": { "layers": 12, "width": 768, "heads": 12, "feedForwardWidth": 3072, "vocabulary": 50257,
 *              "sequence": 128, "batch": 4, "norm": "layer_norm", "placement": "pre_norm",
 *              "feedForward": "gelu_tanh", "position": "learned", "biases": true },
 *   "recipes": [
 *     { "name": "config", "description": "...",
 *       "placement": "pre_norm", "residualScale": 1.0, "attentionDivisor": 8.0,
 *       "verdict": "healthy", "reason": "...",
 *       "streamGrowth": ..., "gradientSpread": ..., "entropyRatio": ...,
 *       "embeddingStd": ..., "outputStd": ..., "loss": ..., "embeddingGradientNorm": ...,
 *       "finalNormGradientNorm": ..., "finite": true,
 *       "blocks": [ { "block": 0, "inputStd": ..., "outputStd": ..., "attentionBranchRatio": ...,
 *                     "feedForwardBranchRatio": ..., "attentionLogitStd": ..., "attentionEntropy": ...,
 *                     "minHeadAttentionEntropy": ..., "residualGradientNorm": ...,
 *                     "attentionGradientNorm": ..., "feedForwardGradientNorm": ..., "normGradientNorm": ...,
 *                     "finite": true } ] } ]
 * }
 * </pre>
 * Each figure is the field of the same name of the records of {@code io.jinit.diagnosis.transformer}.
 * A recipe's {@code placement}, {@code residualScale} (the factor on the skip paths) and
 * {@code attentionDivisor} (of the logits) are those of the stack it ran, which a scheme such as
 * DeepNorm, T-Fixup or muP changes from the diagnosed {@code shape}.
 *
 * @since 0.1
 */
public final class TransformerJson {
    /** The value of the {@code "format"} field. */
    public static final String FORMAT = "jinit-transformer-diagnosis";
    /** The value of the {@code "version"} field. */
    public static final int VERSION = 1;

    private TransformerJson() {
    }

    /**
     * The diagnosis as JSON, indented, ending with a newline.
     *
     * @param runs what to write
     * @return the JSON text
     */
    public static String toJson(TransformerRuns runs) {
        StringWriter out = new StringWriter();
        try {
            write(runs, out);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    /**
     * Writes the diagnosis to {@code out}.
     *
     * @param runs what to write
     * @param out where
     * @throws IOException if {@code out} fails
     */
    public static void write(TransformerRuns runs, Writer out) throws IOException {
        TransformerShape s = runs.shape();
        try (JsonGenerator g = JsonReport.generator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeStringField("source", runs.source());
            g.writeStringField("family", runs.family());
            g.writeNumberField("seed", runs.seed());
            g.writeStringField("nextStep", runs.nextStep());
            g.writeObjectFieldStart("shape");
            g.writeNumberField("layers", s.layers());
            g.writeNumberField("width", s.width());
            g.writeNumberField("heads", s.heads());
            g.writeNumberField("feedForwardWidth", s.feedForwardWidth());
            g.writeNumberField("vocabulary", s.vocabulary());
            g.writeNumberField("sequence", s.sequence());
            g.writeNumberField("batch", s.batch());
            g.writeStringField("norm", s.norm().name().toLowerCase(Locale.ROOT));
            g.writeStringField("placement", s.placement().name().toLowerCase(Locale.ROOT));
            g.writeStringField("feedForward", s.feedForward().name().toLowerCase(Locale.ROOT));
            g.writeStringField("position", s.position().name().toLowerCase(Locale.ROOT));
            g.writeBooleanField("biases", s.biases());
            g.writeEndObject();
            g.writeArrayFieldStart("recipes");
            for (Recipe r : runs.recipes()) {
                recipe(g, r);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    /**
     * Writes the diagnosis to {@code file} with {@link AtomicFile}, so that {@code file} is either the
     * previous one or complete.
     *
     * @param runs what to write
     * @param file where; its directory must exist
     * @throws IOException if the file cannot be written; {@code file} is then as it was
     */
    public static void write(TransformerRuns runs, Path file) throws IOException {
        AtomicFile.writeText(file, writer -> write(runs, writer));
    }

    private static void recipe(JsonGenerator g, Recipe r) throws IOException {
        TransformerVerdict v = r.verdict();
        TransformerFigures f = r.figures();
        g.writeStartObject();
        g.writeStringField("name", r.name());
        g.writeStringField("description", r.description());
        g.writeStringField("placement", r.stack().placement().name().toLowerCase(Locale.ROOT));
        JsonReport.number(g, "residualScale", r.stack().residualScale());
        JsonReport.number(g, "attentionDivisor", r.stack().attentionDivisor());
        g.writeStringField("verdict", v.kind().name().toLowerCase(Locale.ROOT));
        g.writeStringField("reason", v.reason());
        JsonReport.number(g, "streamGrowth", v.streamGrowth());
        JsonReport.number(g, "gradientSpread", v.gradientSpread());
        JsonReport.number(g, "entropyRatio", v.entropyRatio());
        JsonReport.number(g, "embeddingStd", f.embeddingStd());
        JsonReport.number(g, "outputStd", f.outputStd());
        JsonReport.number(g, "loss", f.loss());
        JsonReport.number(g, "embeddingGradientNorm", f.embeddingGradientNorm());
        JsonReport.number(g, "finalNormGradientNorm", f.finalNormGradientNorm());
        g.writeBooleanField("finite", f.finite());
        g.writeArrayFieldStart("blocks");
        for (BlockFigures b : f.blocks()) {
            g.writeStartObject();
            g.writeNumberField("block", b.block());
            JsonReport.number(g, "inputStd", b.inputStd());
            JsonReport.number(g, "outputStd", b.outputStd());
            JsonReport.number(g, "attentionBranchRatio", b.attentionBranchRatio());
            JsonReport.number(g, "feedForwardBranchRatio", b.feedForwardBranchRatio());
            JsonReport.number(g, "attentionLogitStd", b.attentionLogitStd());
            JsonReport.number(g, "attentionEntropy", b.attentionEntropy());
            JsonReport.number(g, "minHeadAttentionEntropy", b.minHeadAttentionEntropy());
            JsonReport.number(g, "residualGradientNorm", b.residualGradientNorm());
            JsonReport.number(g, "attentionGradientNorm", b.attentionGradientNorm());
            JsonReport.number(g, "feedForwardGradientNorm", b.feedForwardGradientNorm());
            JsonReport.number(g, "normGradientNorm", b.normGradientNorm());
            g.writeBooleanField("finite", b.finite());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
