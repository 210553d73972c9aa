package io.jinit.cli.report;

import io.jinit.diagnosis.coordinates.CoordinateCheck;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Curve;
import io.jinit.diagnosis.coordinates.CoordinateCheck.Slope;
import io.jinit.diagnosis.coordinates.Optimizer;
import io.jinit.diagnosis.transformer.TransformerCoordinateCheck;
import io.jinit.diagnosis.transformer.TransformerShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A width sweep (muP's coordinate check) as its table, report and JSON show it, whichever network
 * was swept: the MLP of {@link CoordinateCheck} or a transformer stack of
 * {@link TransformerCoordinateCheck}. The figures are the checks' own; the words say what the
 * network, its layers and its batch are.
 *
 * @param words what differs in the words between the networks
 * @param widths the widths, increasing, the first the base width
 * @param optimizer the optimizer of the steps
 * @param learningRate the learning rate at the base width
 * @param steps training steps
 * @param batch the batch: examples of the MLP, sequences of the stack
 * @param seed the seed of every run
 * @param curves one per parametrization and width, standard first, by increasing width
 * @param slopes one per parametrization and layer
 * @since 0.1
 */
public record WidthSweep(Words words, List<Integer> widths, Optimizer optimizer, double learningRate, int steps,
                         int batch, long seed, List<Curve> curves, List<Slope> slopes) {
    /**
     * Keeps unmodifiable copies.
     *
     * @param words the words
     * @param widths the widths
     * @param optimizer the optimizer
     * @param learningRate the base learning rate
     * @param steps training steps
     * @param batch the batch
     * @param seed the seed
     * @param curves the curves
     * @param slopes the slopes
     */
    public WidthSweep {
        widths = List.copyOf(widths);
        curves = List.copyOf(curves);
        slopes = List.copyOf(slopes);
    }

    /**
     * What the reports say of the network swept. {@code check}, {@code paper}, {@code measured} and
     * {@code theory} are the reports' own sentences, which the page holds as they are: they must hold
     * no {@code <} or {@code &}; the others are escaped.
     *
     * @param command the command, for the headings and the page's footer
     * @param check the check's name, e.g. {@code muP's coordinate check}
     * @param paper the paper it follows, e.g. {@code Yang et al. 2021}
     * @param network the network in words, with n for the width
     * @param measured what is measured, e.g. {@code each layer's activations}
     * @param unit a layer of the table: {@code layer} or {@code block}
     * @param layerNames each measured layer's name, the output last, e.g. {@code layer 1} ... {@code output}
     * @param rowLabels each measured layer's label in a table, e.g. {@code 1} ... {@code output}
     * @param sameAtBase how the two parametrizations compare at the base width
     * @param batchWords the batch in words, e.g. {@code 64} or {@code 2 sequences of 8 tokens}
     * @param loss the loss in words
     * @param seeded what the seed draws
     * @param theory what the standard parametrization's slopes are in theory and what muP changes
     * @param rules muP's rules as the check applies them, or empty when {@code theory} says them
     * @param format the JSON's {@code "format"}
     * @param networkFields the JSON's fields describing the network, in order
     */
    public record Words(String command, String check, String paper, String network, String measured, String unit,
                        List<String> layerNames, List<String> rowLabels, String sameAtBase, String batchWords,
                        String loss, String seeded, String theory, String rules, String format,
                        List<Field> networkFields) {
        /**
         * Keeps unmodifiable copies.
         *
         * @param command the command
         * @param check the check's name
         * @param paper the paper
         * @param network the network
         * @param measured what is measured
         * @param unit a layer of the table
         * @param layerNames the layers' names
         * @param rowLabels the layers' labels
         * @param sameAtBase the parametrizations at the base width
         * @param batchWords the batch
         * @param loss the loss
         * @param seeded what the seed draws
         * @param theory the theory
         * @param rules muP's rules
         * @param format the JSON's format
         * @param networkFields the JSON's network fields
         */
        public Words {
            layerNames = List.copyOf(layerNames);
            rowLabels = List.copyOf(rowLabels);
            networkFields = List.copyOf(networkFields);
        }
    }

    /**
     * One JSON field describing the network.
     *
     * @param name the key
     * @param value an {@link Integer}, {@link Double}, {@link Boolean} or {@link String}
     */
    public record Field(String name, Object value) {
    }

    /** The measured layers: the hidden layers or blocks, then the output. */
    int layers() {
        return words.layerNames().size();
    }

    /** The base width, at which both parametrizations are one network. */
    int baseWidth() {
        return widths.get(0);
    }

    /**
     * The MLP sweep of {@code jinit diagnose --width-sweep}.
     *
     * @param result the check
     * @return the sweep with the MLP's words
     */
    public static WidthSweep of(CoordinateCheck.Result result) {
        CoordinateCheck.Spec spec = result.spec();
        List<String> names = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int l = 1; l <= spec.hiddenLayers(); l++) {
            names.add("layer " + l);
            labels.add(String.valueOf(l));
        }
        names.add("output");
        labels.add("output");
        Words words = new Words("jinit diagnose --width-sweep", "muP's coordinate check", "Yang et al. 2021",
                "input " + spec.inputWidth() + ", " + spec.hiddenLayers() + " hidden layer"
                        + (spec.hiddenLayers() == 1 ? "" : "s") + " of width n, output " + spec.outputWidth() + "; "
                        + spec.activation().name() + "; no biases",
                "each layer's activations", "layer", names, labels, "both parametrizations are the same network at "
                        + spec.baseWidth(),
                String.valueOf(spec.batch()), "mean squared error against a fixed normal target",
                "batch, target and weights",
                "Under the standard parametrization the output's update grows like n and a hidden layer's like "
                        + "sqrt(n) (SGD) or n (Adam), so a learning rate tuned on a narrow model is too large for a "
                        + "wide one; muP scales the output weights' initial variance and the learning rates with the "
                        + "width so that every layer's update keeps its size.",
                "", SweepJson.FORMAT,
                List.of(new Field("inputWidth", spec.inputWidth()), new Field("outputWidth", spec.outputWidth()),
                        new Field("hiddenLayers", spec.hiddenLayers()),
                        new Field("activation", spec.activation().name())));
        return new WidthSweep(words, spec.widths(), spec.optimizer(), spec.learningRate(), spec.steps(), spec.batch(),
                spec.seed(), result.curves(), result.slopes());
    }

    /**
     * The transformer sweep of {@code jinit diagnose --hf-config --width-sweep}.
     *
     * @param result the check
     * @param config the config file as given
     * @param modelType the config's {@code model_type}
     * @return the sweep with the stack's words
     */
    public static WidthSweep of(TransformerCoordinateCheck.Result result, String config, String modelType) {
        TransformerCoordinateCheck.Spec spec = result.spec();
        TransformerShape base = spec.base();
        List<String> names = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int l = 0; l < base.layers(); l++) {
            names.add("block " + l);
            labels.add(String.valueOf(l));
        }
        names.add("output y");
        labels.add("y");
        String sigma = Figures.plain(spec.sigma());
        Words words = new Words("jinit diagnose --hf-config --width-sweep", "muP's coordinate check on the stack",
                "Yang et al. 2022",
                modelType + " stack of " + config + ": " + base.layers() + " block" + (base.layers() == 1 ? "" : "s")
                        + " of width n in " + base.heads() + " head" + (base.heads() == 1 ? "" : "s")
                        + " (head width n/" + base.heads() + "), feed-forward "
                        + base.feedForwardWidth() + " x n/" + base.width() + ", vocabulary " + base.vocabulary()
                        + ", " + lower(base.norm()) + ", " + lower(base.placement()) + "; initializer_range " + sigma,
                "each block's output and the stack's output y", "block", names, labels,
                "both parametrizations are the same stack at " + base.width() + " but for muP's zero query",
                base.batch() + " sequences of " + base.sequence() + " tokens",
                "the stack's output y projected by a fixed normal R, scaled as each parametrization's readout",
                "tokens, projection and weights",
                "Under the standard parametrization a block's update grows like sqrt(n) (SGD) or n sqrt(n) (Adam, "
                        + "whose step moves every weight by about the learning rate while the stream grows like "
                        + "sqrt(n)), so a learning rate tuned on a narrow stack is too large for a wide one; muP "
                        + "scales the hidden weights' initial variance, the attention logits and the learning rates "
                        + "with the width so that every block's update keeps its size.",
                "muP's rules, r = n / " + base.width() + ": hidden weights N(0, " + sigma + "^2 / r) and the query 0; "
                        + "embeddings N(0, " + sigma + "^2); logits q.k / (d_head / sqrt(d_head at " + base.width()
                        + ")); Adam's learning rate lr / r for matrices and lr for embeddings, biases and norm "
                        + "weights; SGD's lr for matrices and lr r for the others; the loss projection R / r (SP: R / "
                        + "sqrt(r)), as a readout under each parametrization's output rule (Tensor Programs V, "
                        + "Table 3; the mup package's MuAdam and MuSGD).",
                SweepJson.TRANSFORMER_FORMAT,
                List.of(new Field("config", config), new Field("modelType", modelType),
                        new Field("blocks", base.layers()), new Field("heads", base.heads()),
                        new Field("feedForwardWidth", base.feedForwardWidth()),
                        new Field("vocabulary", base.vocabulary()), new Field("sequence", base.sequence()),
                        new Field("norm", lower(base.norm())), new Field("placement", lower(base.placement())),
                        new Field("feedForward", lower(base.feedForward())),
                        new Field("position", lower(base.position())), new Field("biases", base.biases()),
                        new Field("sigma", spec.sigma())));
        return new WidthSweep(words, spec.widths(), spec.optimizer(), spec.learningRate(), spec.steps(), base.batch(),
                spec.seed(), result.curves(), result.slopes());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
