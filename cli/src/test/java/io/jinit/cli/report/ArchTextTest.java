package io.jinit.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.cli.report.ArchDiagnosis.Run;
import io.jinit.cli.report.ArchDiagnosis.Verdict;
import io.jinit.diagnosis.convolution.BlockFigures;
import io.jinit.diagnosis.convolution.LayerFigures;
import io.jinit.diagnosis.convolution.ParameterFigures;
import io.jinit.diagnosis.convolution.ResNetFigures;
import io.jinit.diagnosis.convolution.ResNetSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict rules of {@code --arch} on hand-made figures, and the text that shows them. */
class ArchTextTest {
    private static final List<String> BLOCKS = List.of("layer1.0", "layer1.1", "layer2.0", "layer2.1");

    /**
     * Figures of four blocks: input std 1, every block's output std {@code stream} but block 2's,
     * which is {@code odd}; gradient 1 entering the last block and {@code image} at the image.
     */
    private static ResNetFigures figures(double stream, double odd, double image, double ratio) {
        List<BlockFigures> blocks = new ArrayList<>();
        List<LayerFigures> layers = new ArrayList<>(List.of(new LayerFigures("conv1", 4, 8, 8, 1, 0, image)));
        for (int b = 0; b < BLOCKS.size(); b++) {
            blocks.add(new BlockFigures(BLOCKS.get(b), 4, 4, 4, b == 0 ? 0.6 : stream, b == 2 ? odd : stream,
                    OptionalDouble.of(ratio), b == BLOCKS.size() - 1 ? 1 : 2));
            layers.add(new LayerFigures(BLOCKS.get(b) + ".relu#2", 4, 4, 4, stream, 0.25, 1));
        }
        List<ParameterFigures> parameters = List.of(
                new ParameterFigures("conv1.weight", List.of(4L, 3L, 7L, 7L), 0.1, 3),
                new ParameterFigures("bn1.weight", List.of(4L), 0, 1),
                new ParameterFigures("bn1.bias", List.of(4L), 0, 1),
                new ParameterFigures("layer1.0.conv1.weight", List.of(4L, 4L, 3L, 3L), 0.1, 3),
                new ParameterFigures("layer1.0.conv2.weight", List.of(4L, 4L, 3L, 3L), 0.1, 4),
                new ParameterFigures("fc.weight", List.of(10L, 4L), 0.1, 2),
                new ParameterFigures("fc.bias", List.of(10L), 0.1, 1));
        return new ResNetFigures(1, layers, blocks, parameters, 0.5, 1);
    }

    private static Run judge(double stream, double odd, double image) {
        return Run.of("r", figures(stream, odd, image, 1));
    }

    /** Each bound is checked on both sides: the bound itself is healthy, a step beyond it is not. */
    @Test
    void eachBoundSeparatesItsVerdicts() {
        assertThat(judge(1, 1, 5).verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(judge(1, ArchDiagnosis.VANISHING_STREAM_RATIO, 5).verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(judge(1, Math.nextDown(ArchDiagnosis.VANISHING_STREAM_RATIO), 5).verdict())
                .isEqualTo(Verdict.VANISHING);
        assertThat(judge(1, ArchDiagnosis.EXPLODING_STREAM_RATIO, 5).verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(judge(1, Math.nextUp(ArchDiagnosis.EXPLODING_STREAM_RATIO), 5).verdict())
                .isEqualTo(Verdict.EXPLODING);
        assertThat(judge(1, 1, ArchDiagnosis.VANISHING_GRADIENT_RATIO).verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(judge(1, 1, Math.nextDown(ArchDiagnosis.VANISHING_GRADIENT_RATIO)).verdict())
                .isEqualTo(Verdict.VANISHING);
        assertThat(judge(1, 1, ArchDiagnosis.EXPLODING_GRADIENT_RATIO).verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(judge(1, 1, Math.nextUp(ArchDiagnosis.EXPLODING_GRADIENT_RATIO)).verdict())
                .isEqualTo(Verdict.EXPLODING);
    }

    @Test
    void reasonsNameTheBlockTheFigureAndTheBound() {
        assertThat(judge(1, 0.05, 5).reason())
                .isEqualTo("the stream leaving layer2.0 has a std 0.05000 times the input's (< 0.1)");
        assertThat(judge(1, 12, 5).reason()).isEqualTo("the stream leaving layer2.0 has a std 12.00 times the "
                + "input's (> 10)");
        assertThat(judge(1, 1, 1e-3).reason())
                .isEqualTo("the gradient at the image is 0.001000 of that entering layer2.1 (< 0.01)");
        assertThat(judge(1, 1, 5).reason()).isEqualTo("the stream's std stays within 1.000 to 1.000 of the "
                + "input's, and the gradient at the image is 5.000 times that entering layer2.1");
    }

    /** Overflow comes first and is named where it appears; a vanished stream is not mistaken for it. */
    @Test
    void aFigureThatIsNotFiniteIsNamedFirst() {
        Run overflow = judge(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN);
        assertThat(overflow.verdict()).isEqualTo(Verdict.NOT_FINITE);
        assertThat(overflow.reason()).isEqualTo("the output of layer1.0.relu#2 is not finite (float32 overflow)");
        Run gradient = judge(1, 1, Double.NaN);
        assertThat(gradient.verdict()).isEqualTo(Verdict.NOT_FINITE);
        assertThat(gradient.reason()).isEqualTo("the gradient at the input of conv1 is not finite (float32 overflow)");
        assertThat(judge(0, 0, 0).verdict()).isEqualTo(Verdict.VANISHING);
    }

    /** Blocks at the identity (zero_init_residual) are a healthy start, and the text says so. */
    @Test
    void identityBlocksAreTheIntendedStart() {
        Run identity = Run.of("zero_init_residual", figures(1, 1, 2, 0));
        assertThat(identity.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(identity.identityBlocks()).isEqualTo(BLOCKS);
        String text = ArchText.render(new ArchDiagnosis(ResNetSpec.resnet18().withBlocks(List.of(2, 2)), 2, 1,
                List.of(identity)));
        assertThat(text.replaceAll("\\s+", " ")).contains("every block starts as the identity (branch-to-skip 0), "
                + "as zero_init_residual intends", "not a failure");
    }

    @Test
    void parameterGroupsAreTheConvolutionsByStageThenBatchNormThenFc() {
        assertThat(ArchDiagnosis.groupGradients(figures(1, 1, 1, 1)))
                .containsExactly(java.util.Map.entry("conv1", 3.0), java.util.Map.entry("layer1 convs", 5.0),
                        java.util.Map.entry("BN weights", 1.0), java.util.Map.entry("fc", 2.0));
    }

    /** The legend is written from the constants, so that it cannot drift from the rules. */
    @Test
    void theRulesQuoteTheirBounds() {
        assertThat(ArchDiagnosis.rule(Verdict.VANISHING)).contains("below 0.1 ", "below 0.01 ");
        assertThat(ArchDiagnosis.rule(Verdict.EXPLODING)).contains("above 10 ", "above 100 ");
        assertThat(ArchDiagnosis.rule(Verdict.HEALTHY)).contains("0.1 to 10", "0.01 to 100");
    }

    /** Long recipe names (initializer calls) wrap; every line fits the terminal. */
    @Test
    void theTextFitsTheTerminal() {
        List<Run> runs = List.of(Run.of("variance_scaling(scale=2.0,mode=fan_out,distribution=truncated_normal)",
                figures(1, 1, 5, 1)), Run.of("zero_init_residual", figures(1, 0.01, 5, 0)));
        String text = ArchText.render(new ArchDiagnosis(ResNetSpec.resnet18().withBlocks(List.of(2, 2)), 2, 1, runs));
        TerminalReportTest.assertFits(text);
        assertThat(text.replaceAll("\\s+", " ")).contains("VANISHING", "HEALTHY",
                "gradient norms: conv1 3.000, layer1 convs 5.000");
    }

    /**
     * An overflowed run and a vanished one: the charts draw their points at the axis' edges, the
     * page holds both charts and every verdict, and the JSON writes the figures as JsonReport does.
     */
    @Test
    void figuresThatAreNotFiniteOrZeroReachTheReportAndTheJson(@TempDir Path dir) throws IOException {
        List<Run> runs = List.of(Run.of("overflow", figures(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.NaN, 1)), Run.of("zeros", figures(0, 0, 0, 0)), Run.of("he_normal", figures(1, 1, 5, 1)));
        ArchDiagnosis d = new ArchDiagnosis(ResNetSpec.resnet18().withBlocks(List.of(2, 2)), 2, 1, runs);
        Path report;
        try (HtmlReport.Staged staged = ArchReport.prepare(d, dir.resolve("r"), null)) {
            report = staged.commit();
        }
        String page = Files.readString(report);
        assertThat(page.split("<img src=\"data:image/png;base64,", -1)).hasSize(3);
        assertThat(page).contains("v-exploding\"><span class=\"word\">not finite", "<span class=\"word\">vanishing",
                "<span class=\"word\">healthy");
        JsonNode tree = new ObjectMapper().readTree(ArchJson.toJson(d));
        assertThat(tree.get("format").asText()).isEqualTo("jinit-resnet-diagnosis");
        JsonNode overflow = tree.get("recipes").get(0);
        assertThat(overflow.get("verdict").asText()).isEqualTo("not_finite");
        assertThat(overflow.get("imageGradientNorm").asText()).isEqualTo("NaN");
        assertThat(overflow.get("blocks").get(1).get("outputStd").asText()).isEqualTo("Infinity");
        assertThat(tree.get("recipes").get(1).get("blocks").get(0).get("branchToSkip").asDouble()).isZero();
    }
}
