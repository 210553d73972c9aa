package io.jinit.init;

import io.jinit.internal.Checks;
import io.jinit.internal.ExactTrig;
import io.jinit.internal.Windows;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras's {@code STFT} initializer: the real or the imaginary part of a windowed discrete
 * Fourier basis, the kernel of a 1-D convolution that computes a short-time Fourier transform
 * (as Keras's {@code STFTSpectrogram} layer uses it). For shape {@code (T, 1, F)}:
 * <pre>
 *   N = 2 (F - 1)                              (the FFT length; F = N/2 + 1 frequency bins)
 *   REAL:  K[n, 0, k] =  cos(2π n k / N) · w[n] / s
 *   IMAG:  K[n, 0, k] = -sin(2π n k / N) · w[n] / s          n = 0..T-1,  k = 0..F-1
 *
 *   w = the window of length T (a name as scipy.signal.get_window(name, T, fftbins=periodic),
 *       or explicit values), or w = 1 and s = 1 when there is no window
 *   s = sqrt(Σ w[n]²)   DENSITY
 *       Σ |w[n]|        SPECTRUM
 *       1               NONE
 * </pre>
 * As in Keras, the dimensions are called {@code (frame_length, input_channels, fft_length)},
 * although the last one is the number of bins F, not N.
 *
 * <p>Shapes: the shape must have rank 3 and {@code input_channels} must be 1. Keras ignores
 * {@code input_channels} and always returns a {@code (T, 1, F)} tensor, which is the shape
 * {@code STFTSpectrogram} asks for. {@code fill} writes the shape it is given, and no Keras call
 * produces a {@code (T, C, F)} kernel with {@code C > 1}, so such a shape is rejected rather than
 * given an invented meaning (repeating the kernel per channel would make a convolution add up
 * the spectra of its channels, which no Keras layer computes).
 *
 * <p>Where Keras would return NaN, this class throws {@link IllegalArgumentException}
 * instead: {@code fft_length == 1} (then {@code N = 0} and every entry is 0/0), and a window
 * whose norm {@code s} is 0 (for example the symmetric hann, bartlett or tukey window of length 2,
 * which are all zeros). As SciPy does, a named window of length 0 is an error.
 *
 * <p>Randomness: none; keys are ignored and {@link #key()} is the key of seed 0.
 *
 * @implSpec Element {@code (n, 0, k)} is computed on its own from the formula above in double:
 * {@code n k mod N} is reduced in integer arithmetic, then {@code cos}/{@code sin} come from
 * {@code StrictMath} ({@link ExactTrig}), and the window and its norm from {@link Windows}. The
 * float32 value is that double rounded to nearest. So the values are the same on every platform
 * and for every split of the element range.
 *
 * @implNote Keras computes the kernel in float32 ({@code arg = (-2 n) · (k / N) · π} with a float32
 * π), so its values differ from these by float32 rounding, which grows with {@code n k}: about
 * {@code 2e-7 · 2π n k / N · |w[n] / s|} plus a few float32 ulps (at most 2.0e-6 on the
 * Keras 3.15.1 fixtures of the tests). Each {@code fill} call also
 * computes the window and its norm, {@code O(T)} work on top of the elements written.
 *
 * <p>References:
 * <ol>
 * <li>Keras 3, {@code keras.initializers.STFT} (since 3.7.0), in
 * <a href="https://github.com/keras-team/keras/blob/v3.15.1/keras/src/initializers/constant_initializers.py">
 * keras/src/initializers/constant_initializers.py</a>.</li>
 * <li>Harris, F. J. (1978)
 * <a href="https://doi.org/10.1109/PROC.1978.10837">On the use of windows for harmonic analysis
 * with the discrete Fourier transform</a>. Proceedings of the IEEE 66(1), 51-83.</li>
 * </ol>
 *
 * @param side which part of the basis
 * @param window the window: a name, explicit values, or {@link Window#NONE}
 * @param scaling how the window is normalised; ignored when there is no window, as in Keras
 * @param periodic for a named window: true for the periodic (DFT-even) form, false for the
 *     symmetric one
 * @since 0.1
 */
public record Stft(Side side, Window window, Scaling scaling, boolean periodic) implements Deterministic, ComputedInDouble {

    // Implementation note: written from the formulas in shared/reference/keras.md §3.4, which
    // describe keras.initializers.STFT of Keras 3.15.1 (checked against it in 2026; golden values
    // in keras.json). Deviations: double precision with exact angle reduction instead of float32;
    // fft_length 1, zero-norm windows and input_channels != 1 are errors; config types are
    // checked when the initializer is built, not when it is called; explicit window
    // values are used in double (Keras casts them to float32 first). Windows are exact where
    // SciPy's carry rounding noise: SciPy's symmetric lanczos(2) is [3.9e-17, 3.9e-17], which Keras
    // scales up to a finite kernel, while here it is [0, 0] and rejected as a zero-norm window.

    /** The longest window: the largest Java array. */
    private static final int MAX_FRAMES = Integer.MAX_VALUE - 8;

    /** Which part of the complex DFT basis. */
    public enum Side {
        /** {@code cos(2π n k / N)}. */
        REAL("real"),
        /** {@code -sin(2π n k / N)}, the imaginary part of {@code exp(-2πi n k / N)}. */
        IMAG("imag");

        private final String kerasName;

        Side(String kerasName) {
            this.kerasName = kerasName;
        }

        /**
         * The Keras config value.
         *
         * @return {@code "real"} or {@code "imag"}
         */
        public String kerasName() {
            return kerasName;
        }
    }

    /** How the window is normalised. */
    public enum Scaling {
        /** Divide by the L2 norm {@code sqrt(Σ w²)}. */
        DENSITY("density"),
        /** Divide by the L1 norm {@code Σ |w|}. */
        SPECTRUM("spectrum"),
        /** Use the window as it is. */
        NONE(null);

        private final String kerasName;

        Scaling(String kerasName) {
            this.kerasName = kerasName;
        }

        /**
         * The Keras config value.
         *
         * @return {@code "density"}, {@code "spectrum"} or null for NONE
         */
        public String kerasName() {
            return kerasName;
        }
    }

    /**
     * The window of an STFT kernel: a SciPy window name, explicit values, or none. The three
     * cases are Keras's string, list and {@code None}.
     */
    public sealed interface Window permits Window.Named, Window.Values, Window.None {

        /** No window, and then no scaling either. */
        Window NONE = new None();

        /**
         * A window by name.
         *
         * @param name a name or alias that {@link Windows} accepts, e.g. {@code "hann"}
         * @return the window
         * @throws IllegalArgumentException as {@link Named}
         */
        static Window named(String name) {
            return new Named(name);
        }

        /**
         * A window by its values; the kernel's frame_length must equal their number.
         *
         * @param values the values, finite
         * @return the window
         * @throws IllegalArgumentException as {@link Values}
         */
        static Window of(double... values) {
            if (values == null) {
                throw new IllegalArgumentException("window values must not be null: null");
            }
            List<Double> list = new ArrayList<>(values.length);
            for (double v : values) {
                list.add(v);
            }
            return new Values(list);
        }

        /**
         * A SciPy window name, kept as given (an alias stays an alias, as in Keras's config).
         *
         * @param name the name
         */
        record Named(String name) implements Window {
            /**
             * Validates the name.
             *
             * @param name the name
             * @throws IllegalArgumentException with SciPy's message if the name is unknown or
             *     the window needs parameters
             */
            public Named {
                Windows.canonicalName(name);
            }
        }

        /**
         * Explicit window values.
         *
         * @param values the values, finite; copied into an unmodifiable list
         */
        record Values(List<Double> values) implements Window {
            /**
             * Validates and copies the values.
             *
             * @param values the values
             * @throws IllegalArgumentException if values is null or holds a null or a
             *     non-finite value
             */
            public Values {
                if (values == null) {
                    throw new IllegalArgumentException("window values must not be null: null");
                }
                for (int i = 0; i < values.size(); i++) {
                    Double v = values.get(i);
                    if (v == null || !Double.isFinite(v)) {
                        throw new IllegalArgumentException("window values must be finite: value " + i + " is " + v);
                    }
                }
                values = List.copyOf(values);
            }
        }

        /** No window. */
        record None() implements Window {
        }
    }

    /**
     * Validates the components.
     *
     * @param side which part of the basis
     * @param window the window: a name, explicit values, or {@link Window#NONE}
     * @param scaling how the window is normalised; ignored when there is no window, as in Keras
     * @param periodic for a named window: true for the periodic (DFT-even) form, false for the symmetric one
     * @throws IllegalArgumentException if side, window or scaling is null
     */
    public Stft {
        if (side == null) {
            throw new IllegalArgumentException("side must not be null: null");
        }
        if (window == null) {
            throw new IllegalArgumentException("window must not be null (Window.NONE means no window): null");
        }
        if (scaling == null) {
            throw new IllegalArgumentException("scaling must not be null (Scaling.NONE means no scaling): null");
        }
    }

    /**
     * Keras's defaults: {@code STFT(side="real", window="hann", scaling="density", periodic=False)}.
     *
     * @return the initializer
     */
    public static Stft keras() {
        return new Stft(Side.REAL, Window.named("hann"), Scaling.DENSITY, false);
    }

    /**
     * A copy with another side.
     *
     * @param side the side
     * @return the copy
     */
    public Stft withSide(Side side) {
        return new Stft(side, window, scaling, periodic);
    }

    /**
     * A copy with another window.
     *
     * @param window the window
     * @return the copy
     */
    public Stft withWindow(Window window) {
        return new Stft(side, window, scaling, periodic);
    }

    /**
     * A copy with another scaling.
     *
     * @param scaling the scaling
     * @return the copy
     */
    public Stft withScaling(Scaling scaling) {
        return new Stft(side, window, scaling, periodic);
    }

    /**
     * A copy with another periodic flag.
     *
     * @param periodic the flag
     * @return the copy
     */
    public Stft withPeriodic(boolean periodic) {
        return new Stft(side, window, scaling, periodic);
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        if (out == null) {
            throw new IllegalArgumentException("out must not be null: null");
        }
        Kernel kernel = kernel(shape, from, out.length, offset, length);
        for (int i = 0; i < length; i++) {
            out[offset + i] = kernel.value(from + i);
        }
    }

    /** The kernel of one shape: what every element needs, computed once per fill. */
    private static final class Kernel {
        private final Side side;
        private final long bins;
        private final long fftLength;
        /** w[n] / s, or null when there is no window. */
        private final double[] coefficients;

        Kernel(Side side, long bins, double[] coefficients) {
            this.side = side;
            this.bins = bins;
            this.fftLength = 2 * (bins - 1);
            this.coefficients = coefficients;
        }

        /** Element e of the row-major (T, 1, F) tensor. */
        double value(long e) {
            long n = e / bins;
            long k = e - n * bins;
            // n k < T F, the element count, so the product cannot overflow.
            double basis = side == Side.REAL
                    ? ExactTrig.cosTurns(n * k, fftLength)
                    : -ExactTrig.sinTurns(n * k, fftLength);
            return coefficients == null ? basis : basis * coefficients[(int) n];
        }
    }

    private Kernel kernel(Shape shape, long from, int arrayLength, int offset, int length) {
        Checks.range(from, arrayLength, offset, length);
        if (shape == null) {
            throw new IllegalArgumentException("shape must not be null: null");
        }
        if (shape.rank() != 3) {
            throw new IllegalArgumentException(
                    "STFT shape must have rank 3, (frame_length, input_channels, fft_length): " + shape);
        }
        if (from + length > shape.size()) {
            throw new IllegalArgumentException("element range [" + from + ", " + (from + length)
                    + ") exceeds the " + shape.size() + " elements of shape " + shape);
        }
        long frames = shape.dim(0);
        long channels = shape.dim(1);
        long bins = shape.dim(2);
        if (channels != 1) {
            throw new IllegalArgumentException("STFT input_channels must be 1, because Keras ignores it and builds a"
                    + " (frame_length, 1, fft_length) kernel: " + channels + " in shape " + shape);
        }
        if (bins == 1) {
            throw new IllegalArgumentException("STFT fft_length must not be 1, because the FFT length 2 (fft_length - 1)"
                    + " would be 0 and Keras returns NaN: 1 in shape " + shape);
        }
        return new Kernel(side, bins, coefficients(frames, shape));
    }

    /** w[n] / s for every frame, or null without a window. */
    private double[] coefficients(long frames, Shape shape) {
        double[] w;
        if (window instanceof Window.Named named) {
            if (frames < 1 || frames > MAX_FRAMES) {
                throw new IllegalArgumentException("STFT frame_length must be in [1, " + MAX_FRAMES
                        + "] for window '" + named.name() + "': " + frames + " in shape " + shape);
            }
            w = Windows.get(named.name(), (int) frames, periodic);
        } else if (window instanceof Window.Values values) {
            if (values.values().size() != frames) {
                throw new IllegalArgumentException("STFT window has " + values.values().size()
                        + " values but frame_length is " + frames + " in shape " + shape);
            }
            w = values.values().stream().mapToDouble(Double::doubleValue).toArray();
        } else {
            return null;
        }
        if (scaling == Scaling.NONE) {
            return w;
        }
        // Work with w scaled by a power of two (exact) so that Σ w² can neither overflow nor
        // underflow; (w[n] u) / (s u) rounds exactly as w[n] / s would.
        double max = 0;
        for (double v : w) {
            max = Math.max(max, Math.abs(v));
        }
        double unit = max == 0 ? 1 : Math.scalb(1.0, -Math.getExponent(max));
        double s = 0;
        for (double v : w) {
            double u = v * unit;
            s += scaling == Scaling.DENSITY ? u * u : Math.abs(u);
        }
        if (scaling == Scaling.DENSITY) {
            s = Math.sqrt(s);
        }
        if (s == 0) {
            String name = window instanceof Window.Named named ? "'" + named.name() + "'" : "of explicit values";
            throw new IllegalArgumentException("STFT window " + name + " is all zeros at frame_length " + frames
                    + ", so its " + scaling.kerasName() + " norm is 0 and Keras would return NaN: shape " + shape);
        }
        double[] c = new double[w.length];
        for (int n = 0; n < w.length; n++) {
            c[n] = w[n] * unit / s;
        }
        return c;
    }
}
