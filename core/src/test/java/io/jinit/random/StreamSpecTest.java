package io.jinit.random;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.distribution.Normal;
import io.jinit.distribution.TruncatedNormal;
import io.jinit.distribution.Uniform;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors of the stream specification (docs/stream-spec.md). They were computed by
 * scripts/reference/stream_reference.py, an independent Python implementation of the written
 * specification (Python 3.11, NumPy 2.4.6), so they pin both the code and the document: any
 * change to the key derivation, the counter layout or a recipe fails here.
 */
class StreamSpecTest {
    private static final long[] ELEMENTS = {0, 1, 255, 256, 511, 512, 767, 1023, 1024, 5000, (1L << 31) + 3,
        (1L << 40) + 777};
    private static final RandomKey KEY = RandomKey.of(42);

    private static final int[] BLOCK_0 = {0x9ceaf053, 0x77f5493b, 0x12bf50ad, 0x5742b3d7};
    private static final int[] BLOCK_2_32_PLUS_5 = {0x131a8a04, 0x494efee7, 0xe24f0e03, 0x5128a584};
    private static final int[] UNIFORM32_M1_1 = {0x3e675780, 0x3f79b642, 0x3e822bcc, 0xbd80ab70, 0x3e897b48,
        0xbf5a8160, 0xbd453780, 0xbf12addc, 0x3e55db20, 0x3b9ce400, 0xbf7e50f4, 0x3f3e6a34};
    private static final long[] UNIFORM64_M1_1 = {0x3fcceaf053800000L, 0x3fef36c849e00000L, 0x3fd0457994400000L,
        0xbfb0156d89000000L, 0x3fd12f696cc00000L, 0xbfeb502bd4a00000L, 0xbfa8a6eeea000000L, 0xbfe255bb43e00000L,
        0x3fcabb6458800000L, 0x3f739c8f90000000L, 0xbfefca1e51600000L, 0x3fe7cd46bc600000L};
    private static final long[] NORMAL64 = {0xbfec5e30046b16d2L, 0x3fc40bc8bbc42c3dL, 0x3fee8f7079626142L,
        0x3fe54ac03c764bbfL, 0xbfcbc112882984ceL, 0xbfdc1e68eb997f76L, 0xbfc2a20858647b22L, 0xbfedbcbde27c4094L,
        0x3fecd0678cc0b4bdL, 0x3f86906a9a580497L, 0xc00ac97431eed02eL, 0x3fc1d5232775f45fL};
    private static final int[] NORMAL32_MEAN1_STD2 = {0xbf45e300, 0x3fa81791, 0x403a3dc2, 0x40152b01, 0x3f10fbb6,
        0x3df865c5, 0x3f3577df, 0xbf5bcbde, 0x4033419e, 0x3f82d20d, 0xc0b64ba2, 0x3fa3aa46};
    private static final long[] TRUNC64_2SIGMA_DERIVED = {0xbfc47e29c11a0e29L, 0xbfd4c89f2902a9e0L,
        0x3ff4183ac568fd51L, 0x3fe98d7999ceec1bL, 0xbfe95b74332149b3L, 0xbfad27b7ba47fcf1L, 0x3ff00ebf79bf1315L,
        0x3ffd21207c39954cL, 0xbfdbd244ed79fc51L, 0x3ff5891c6841ac85L, 0xbffd0b5e4a551c29L, 0x3fe5da8ae3bb6387L};
    /** Elements of chunk 0 whose first draw falls outside [-2, 2] under the derived key. */
    private static final long[] REDRAWN = {20, 86, 105, 142, 155, 188};
    private static final long[] TRUNC64_REDRAWN = {0x3fedd3bf42005d25L, 0x3fd7412f901559b5L, 0x3fed1065410a91a4L,
        0xbfd83bd15c05c1ceL, 0x3ff0b868f1922f4cL, 0xbfda41e29b3c1e74L};
    /**
     * Elements 0..63 of N(0, 1) on [0, 0.7] (mass 0.258, rejection) under the derived key: they
     * accept candidates 1 to 15, i.e. the first to fourth of a block in up to four attempts.
     */
    private static final long[] TRUNC64_NARROW = {
        0x3fdbec7a124f5221L, 0x3fdf3996528f17baL, 0x3fe35f5308d22d3dL, 0x3fdfe53f04e435c9L, 0x3fdc6ac8a20c1193L,
        0x3fe47e1f2e761edcL, 0x3fe54b3866eb661bL, 0x3fd3e273391acf6aL, 0x3fba86d1cf70c3baL, 0x3fe16167d9953888L,
        0x3fad029b7fd85e07L, 0x3fcc168ea44a75c7L, 0x3fdb2c12982dc6afL, 0x3fc5e30cda004ea4L, 0x3fd3b1508896a4b1L,
        0x3fd4c5d1112bc9feL, 0x3fe478c9c4622b00L, 0x3fdf75f50a7d976cL, 0x3fd1edc1dae7cf4fL, 0x3fd1cd6d9f6e36daL,
        0x3fd3aaced645b394L, 0x3fc7adf61aeac2ffL, 0x3fd0c1e661ca9fdfL, 0x3fdf1c20bbc1913eL, 0x3fe187c0c4cb7971L,
        0x3fde5edac839bc87L, 0x3fe0662cb24f3dffL, 0x3fe16d8d01f840afL, 0x3fc8a323e973f6aaL, 0x3fe30d70af66a0c1L,
        0x3fdb970c49e7198cL, 0x3f94433db74457e2L, 0x3fe027062a192a68L, 0x3fd0e29478c12104L, 0x3f82e63b9f533528L,
        0x3fe24bd35b70e033L, 0x3fd7bf5480cf8b7eL, 0x3fc791fc55f72fb1L, 0x3fe2213dff9ef45bL, 0x3fd1e7c0b4e45dbaL,
        0x3faf052842ea8bc0L, 0x3fb44f20c58a45cdL, 0x3fd0a531e715501aL, 0x3fd3c16bb65b135dL, 0x3f8aa1c1fdd4a293L,
        0x3fd1cfdc3f33af5bL, 0x3fe1293fdfe2383fL, 0x3fca48e5e3748adbL, 0x3fd716b13de240ceL, 0x3fe07398237ec3c0L,
        0x3f93942764bfff15L, 0x3fe32e8c842d755aL, 0x3fb7e6b851ceac5fL, 0x3faa64aadd1fdd1dL, 0x3fcfbe3e59b56d7cL,
        0x3fe12b2c2951ffe6L, 0x3fd67eb2f9c985dbL, 0x3fe45167324e5da5L, 0x3fd60a2f388166a5L, 0x3fcff111134d8aa1L,
        0x3fca8492f33dbb99L, 0x3fad4d27d82f25bfL, 0x3fc73dba6261abe0L, 0x3fdd11486cec734dL};

    @Test
    void blockWords() {
        int[] out = new int[4];
        Philox4x32.block(KEY.k0(), KEY.k1(), 0, 0, 0, 0, out);
        assertThat(out).containsExactly(BLOCK_0);
        Philox4x32.block(KEY.k0(), KEY.k1(), 5, 1, 0, 0, out);
        assertThat(out).containsExactly(BLOCK_2_32_PLUS_5);
    }

    @Test
    void uniformFloat32() {
        Uniform u = new Uniform(-1, 1);
        for (int n = 0; n < ELEMENTS.length; n++) {
            float[] v = new float[1];
            u.fill(KEY, ELEMENTS[n], v, 0, 1);
            assertThat(Float.floatToRawIntBits(v[0])).as("element %d", ELEMENTS[n]).isEqualTo(UNIFORM32_M1_1[n]);
        }
    }

    @Test
    void uniformFloat64() {
        Uniform u = new Uniform(-1, 1);
        for (int n = 0; n < ELEMENTS.length; n++) {
            double[] v = new double[1];
            u.fill(KEY, ELEMENTS[n], v, 0, 1);
            assertThat(Double.doubleToRawLongBits(v[0])).as("element %d", ELEMENTS[n]).isEqualTo(UNIFORM64_M1_1[n]);
        }
    }

    @Test
    void normal() {
        for (int n = 0; n < ELEMENTS.length; n++) {
            double[] v = new double[1];
            new Normal(0, 1).fill(KEY, ELEMENTS[n], v, 0, 1);
            assertThat(Double.doubleToRawLongBits(v[0])).as("element %d", ELEMENTS[n]).isEqualTo(NORMAL64[n]);
            float[] f = new float[1];
            new Normal(1, 2).fill(KEY, ELEMENTS[n], f, 0, 1);
            assertThat(Float.floatToRawIntBits(f[0])).as("element %d", ELEMENTS[n])
                    .isEqualTo(NORMAL32_MEAN1_STD2[n]);
        }
    }

    @Test
    void truncatedNormalUnderADerivedKey() {
        RandomKey derived = KEY.derive("layer.0.weight");
        TruncatedNormal t = new TruncatedNormal(0, 1, -2, 2);
        assertThat(t.usesRejection()).isTrue();
        for (int n = 0; n < ELEMENTS.length; n++) {
            double[] v = new double[1];
            t.fill(derived, ELEMENTS[n], v, 0, 1);
            assertThat(Double.doubleToRawLongBits(v[0])).as("element %d", ELEMENTS[n])
                    .isEqualTo(TRUNC64_2SIGMA_DERIVED[n]);
        }
        double[] chunk = new double[1024];
        new Normal(0, 1).fill(derived, 0, chunk, 0, 1024);
        for (int n = 0; n < REDRAWN.length; n++) {
            assertThat(Math.abs(chunk[(int) REDRAWN[n]])).isGreaterThan(2.0);
            double[] v = new double[1];
            t.fill(derived, REDRAWN[n], v, 0, 1);
            assertThat(Double.doubleToRawLongBits(v[0])).as("element %d", REDRAWN[n]).isEqualTo(TRUNC64_REDRAWN[n]);
        }
    }

    @Test
    void truncatedNormalRedrawsPastTheFirstCandidatesAndAttempts() {
        RandomKey derived = KEY.derive("layer.0.weight");
        TruncatedNormal t = new TruncatedNormal(0, 1, 0, 0.7);
        assertThat(t.usesRejection()).isTrue();
        double[] whole = new double[1024];
        t.fill(derived, 0, whole, 0, whole.length);
        float[] floats = new float[1024];
        t.fill(derived, 0, floats, 0, floats.length);
        for (int i = 0; i < TRUNC64_NARROW.length; i++) {
            double[] one = new double[1];
            t.fill(derived, i, one, 0, 1);
            assertThat(Double.doubleToRawLongBits(one[0])).as("element %d alone", i).isEqualTo(TRUNC64_NARROW[i]);
            assertThat(Double.doubleToRawLongBits(whole[i])).as("element %d of the chunk", i)
                    .isEqualTo(TRUNC64_NARROW[i]);
            assertThat(floats[i]).as("float32 element %d", i).isEqualTo((float) Double.longBitsToDouble(TRUNC64_NARROW[i]));
        }
    }
}
