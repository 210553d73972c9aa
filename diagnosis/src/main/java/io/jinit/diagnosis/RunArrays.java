package io.jinit.diagnosis;

/**
 * The arrays one run of {@link Propagation#run} writes, kept from run to run on one thread: per
 * layer l a batch of pre-activations A_l (then f'(A_l), then dA_l) and a batch of activations H_l
 * (then dH_l), and one array each for a weight gradient and a transposed weight, made again only
 * for a layer they cannot hold, so that neither is ever larger than the largest weight. Every run
 * overwrites every value it reads, so a run's figures do not depend on what ran before it.
 *
 * <p>Why: a diagnosis of many runs would otherwise allocate two batch-sized arrays per layer and
 * run (20 MiB for each of the 24 default runs), and G1's young collections would copy the arrays of
 * the runs in flight: about half a second of the six of the default {@code jinit diagnose} on the
 * 2-core machine of docs/performance.md.
 */
final class RunArrays {
    /** Index l (1-based) holds A_l, {@code batch} rows of n_l values; index 0 is unused. */
    private final float[][][] preActivations;
    /** Index l (1-based) holds H_l, {@code batch} rows of n_l values; index 0 is unused. */
    private final float[][][] activations;
    private float[][] weightGradient;
    private float[][] transposedWeight;

    /**
     * The arrays of a run through a network.
     *
     * @param widths {@code n_0, ..., n_L}
     * @param batch the batch size
     */
    RunArrays(int[] widths, int batch) {
        int depth = widths.length - 1;
        preActivations = new float[depth + 1][][];
        activations = new float[depth + 1][][];
        for (int l = 1; l <= depth; l++) {
            preActivations[l] = new float[batch][widths[l]];
            activations[l] = new float[batch][widths[l]];
        }
    }

    /** A_l, written by the forward pass. */
    float[][] preActivations(int layer) {
        return preActivations[layer];
    }

    /** H_l, written by the forward pass. */
    float[][] activations(int layer) {
        return activations[layer];
    }

    /** At least {@code in} rows of at least {@code out} values, for dW_l. */
    float[][] weightGradient(int in, int out) {
        if (!holds(weightGradient, in, out)) {
            weightGradient = new float[in][out];
        }
        return weightGradient;
    }

    /** At least {@code out} rows of at least {@code in} values, for W_l<sup>T</sup>. */
    float[][] transposedWeight(int in, int out) {
        if (!holds(transposedWeight, out, in)) {
            transposedWeight = new float[out][in];
        }
        return transposedWeight;
    }

    private static boolean holds(float[][] m, int rows, int columns) {
        return m != null && m.length >= rows && m[0].length >= columns;
    }
}
