package io.jinit.formats;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Element types of tensor files, with their names in NumPy and safetensors.
 *
 * <p>The first four are the types jinit writes. Each has one value path from an
 * {@link io.jinit.Initializer}, so that a file holds the correctly rounded value of what the
 * initializer computes:
 * <pre>
 *   dtype     numpy   safetensors  bytes  value path
 *   FLOAT32   '&lt;f4'   "F32"        4      Initializer.fill(..., float[] ...)
 *   FLOAT64   '&lt;f8'   "F64"        8      Initializer.fill(..., double[] ...)
 *   BFLOAT16  (none)  "BF16"       2      fill(double[]), then HalfFloats.toBfloat16Bits(double)
 *   FLOAT16   '&lt;f2'   "F16"        2      fill(double[]), then HalfFloats.toFloat16Bits(double)
 * </pre>
 * The 16-bit types round the float64 fill once, to nearest with ties to even; rounding through
 * float32 first would round twice (NumPy's {@code astype(float16)} also rounds once and agrees;
 * PyTorch 2.13 converts float64 to bfloat16 through float32 and can differ in the last bit near a
 * midpoint). NumPy has no bfloat16 dtype (its descr grammar has no name for
 * it), so {@code .npy} and {@code .npz} files hold float32, float64 and float16 only; bfloat16
 * goes to {@code .safetensors}.
 *
 * <p>The other constants are read-only: {@link TensorFiles} inspects integer, boolean and
 * complex tensors that other producers write. A complex element is read as its magnitude |z|
 * (see {@link TensorFiles}).
 *
 * <p>References:
 * <ol>
 * <li>NumPy <a href="https://numpy.org/doc/stable/reference/arrays.dtypes.html">Data type
 * objects</a> (array-protocol type strings) and
 * <a href="https://numpy.org/neps/nep-0001-npy-format.html">NEP 1, the .npy format</a>.</li>
 * <li>Hugging Face <a href="https://github.com/huggingface/safetensors#format">safetensors
 * format</a>.</li>
 * </ol>
 *
 * @since 0.1
 */
public enum DType {
    /** IEEE binary32. */
    FLOAT32(4, "f4", "F32", true),
    /** IEEE binary64. */
    FLOAT64(8, "f8", "F64", true),
    /** bfloat16: the high half of a binary32; no NumPy dtype. */
    BFLOAT16(2, null, "BF16", true),
    /** IEEE binary16. */
    FLOAT16(2, "f2", "F16", true),
    /** Signed 8-bit integer (read only). */
    INT8(1, "i1", "I8", false),
    /** Signed 16-bit integer (read only). */
    INT16(2, "i2", "I16", false),
    /** Signed 32-bit integer (read only). */
    INT32(4, "i4", "I32", false),
    /** Signed 64-bit integer (read only; values beyond 2<sup>53</sup> round when read as double). */
    INT64(8, "i8", "I64", false),
    /** Unsigned 8-bit integer (read only). */
    UINT8(1, "u1", "U8", false),
    /** Unsigned 16-bit integer (read only). */
    UINT16(2, "u2", "U16", false),
    /** Unsigned 32-bit integer (read only). */
    UINT32(4, "u4", "U32", false),
    /** Unsigned 64-bit integer (read only; values beyond 2<sup>53</sup> round when read as double). */
    UINT64(8, "u8", "U64", false),
    /** Boolean, one byte, read as 0 or 1 (read only). */
    BOOL(1, "b1", "BOOL", false),
    /** Complex of two IEEE binary32, real then imaginary (read only, as the magnitude). */
    COMPLEX64(8, "c8", "C64", false),
    /** Complex of two IEEE binary64, real then imaginary (read only, as the magnitude); no safetensors name. */
    COMPLEX128(16, "c16", null, false);

    /** The writable types' names, in declaration order: FLOAT32 to FLOAT16 are the first four. */
    private static final List<String> WRITABLE_NAMES = List.of("float32", "float64", "bfloat16", "float16");

    private final int byteSize;
    private final String numpyCode;
    private final String safetensorsName;
    private final boolean writable;

    DType(int byteSize, String numpyCode, String safetensorsName, boolean writable) {
        this.byteSize = byteSize;
        this.numpyCode = numpyCode;
        this.safetensorsName = safetensorsName;
        this.writable = writable;
    }

    /**
     * Bytes per element.
     *
     * @return 1, 2, 4, 8 or 16
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Whether jinit writes this type (the four floating-point types).
     *
     * @return true for FLOAT32, FLOAT64, BFLOAT16 and FLOAT16
     */
    public boolean isWritable() {
        return writable;
    }

    /**
     * The names of the writable types as a model spec and the command line spell them:
     * {@code float32}, {@code float64}, {@code bfloat16}, {@code float16}.
     *
     * @return the names, in that order
     */
    public static List<String> writableNames() {
        return WRITABLE_NAMES;
    }

    /**
     * The writable type a model spec or the command line names.
     *
     * @param name {@code float32}, {@code float64}, {@code bfloat16} or {@code float16}
     * @return the type, or empty for any other name (case counts)
     */
    public static Optional<DType> ofWritableName(String name) {
        int i = WRITABLE_NAMES.indexOf(name);
        return i < 0 ? Optional.empty() : Optional.of(values()[i]);
    }

    /**
     * The name a model spec and the command line use: {@code float32}, {@code bfloat16}, ...
     *
     * @return the constant's name in lower case
     */
    public String lowerCaseName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether NumPy has a dtype for this type (all but bfloat16).
     *
     * @return false for BFLOAT16 only
     */
    public boolean hasNumpyDescr() {
        return numpyCode != null;
    }

    /**
     * The little-endian array-protocol type string numpy writes in {@code .npy} headers:
     * {@code '<f4'}, {@code '<f8'}, {@code '<f2'}, {@code '|u1'}, ... (one-byte types have no
     * byte order, {@code '|'}).
     *
     * @return the descr
     * @throws IllegalArgumentException for BFLOAT16, which NumPy cannot describe
     */
    public String numpyDescr() {
        return numpyDescr(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The array-protocol type string for a byte order: {@code '<f4'} or {@code '>f4'}.
     *
     * @param order the byte order
     * @return the descr
     * @throws IllegalArgumentException for BFLOAT16, which NumPy cannot describe
     */
    String numpyDescr(ByteOrder order) {
        if (numpyCode == null) {
            throw new IllegalArgumentException("dtype has no NumPy descr, so .npy and .npz cannot hold it"
                    + " (they hold float32, float64 and float16; write bfloat16 to .safetensors): " + this);
        }
        char prefix = byteSize == 1 ? '|' : order == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        return prefix + numpyCode;
    }

    /**
     * Whether elements are complex numbers, read as their magnitude.
     *
     * @return true for COMPLEX64 and COMPLEX128
     */
    public boolean isComplex() {
        return this == COMPLEX64 || this == COMPLEX128;
    }

    /**
     * The dtype name in a safetensors header: {@code "F32"}, {@code "BF16"}, ...
     *
     * @return the name, or null for COMPLEX128, which safetensors has no name for
     */
    public String safetensorsName() {
        return safetensorsName;
    }

    /**
     * The type a safetensors dtype name denotes.
     *
     * @param name a name such as {@code "F32"}
     * @return the type
     * @throws IllegalArgumentException if jinit does not know the name
     */
    public static DType ofSafetensorsName(String name) {
        for (DType t : values()) {
            if (name != null && name.equals(t.safetensorsName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported safetensors dtype: "
                + (name == null ? null : TensorFiles.printable(name)));
    }

    /**
     * The type of a NumPy kind-and-size code such as {@code "f4"} (the descr without its byte
     * order character).
     *
     * @param code the code
     * @return the type, or null if jinit does not read it
     */
    static DType ofNumpyCode(String code) {
        for (DType t : values()) {
            if (code.equals(t.numpyCode)) {
                return t;
            }
        }
        return null;
    }
}
