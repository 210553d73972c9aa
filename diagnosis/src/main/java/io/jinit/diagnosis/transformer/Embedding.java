package io.jinit.diagnosis.transformer;

/**
 * The embedding of token ids, forward and backward:
 * <pre>
 *   x[b, t]         = E_token[id[b, t]] + E_position[t]        (no position term without a position embedding)
 *   dE_token[i]    += dx[b, t]  for every (b, t) with id[b, t] = i
 *   dE_position[t] += dx[b, t]
 * </pre>
 * The sums run in token order on one thread, so they do not depend on the thread count.
 */
final class Embedding {
    private Embedding() {
    }

    /**
     * The embedded tokens, new rows.
     *
     * @param token the token embedding, a row per id
     * @param position the position embedding, a row per position; null for none
     * @param ids token {@code b · sequence + t}
     * @param sequence T
     */
    static float[][] forward(float[][] token, float[][] position, int[] ids, int sequence) {
        int d = token[0].length;
        float[][] x = new float[ids.length][d];
        for (int i = 0; i < x.length; i++) {
            float[] row = x[i];
            System.arraycopy(token[ids[i]], 0, row, 0, d);
            if (position != null) {
                float[] p = position[i % sequence];
                for (int j = 0; j < d; j++) {
                    row[j] += p[j];
                }
            }
        }
        return x;
    }

    /**
     * The gradients of the two embeddings, new rows: {@code [dE_token, dE_position]}, the second
     * null without a position embedding.
     *
     * @param dx the gradient of the embedded tokens
     * @param vocabulary the rows of the token embedding
     * @param positions whether there is a position embedding
     */
    static float[][][] backward(float[][] dx, int[] ids, int vocabulary, int sequence, boolean positions) {
        int d = dx[0].length;
        float[][] dToken = new float[vocabulary][d];
        float[][] dPosition = positions ? new float[sequence][d] : null;
        for (int i = 0; i < dx.length; i++) {
            float[] g = dx[i];
            float[] token = dToken[ids[i]];
            for (int j = 0; j < d; j++) {
                token[j] += g[j];
            }
            if (dPosition != null) {
                float[] position = dPosition[i % sequence];
                for (int j = 0; j < d; j++) {
                    position[j] += g[j];
                }
            }
        }
        return new float[][][] {dToken, dPosition};
    }
}
