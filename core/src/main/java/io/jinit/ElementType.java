package io.jinit;

/**
 * How a tensor's elements are stored in a {@link java.nio.ByteBuffer} that
 * {@link ParallelFill#fill(Initializer, io.jinit.shape.Shape, io.jinit.random.RandomKey, long,
 * java.nio.ByteBuffer, ElementType)} fills: the IEEE 754 binary32 and binary64 formats, and the
 * two 16-bit ones of {@link HalfFloats}. The values and their rounding are those of jinit's files
 * of the same dtype: float32 elements are computed in float32, the others in float64 and rounded
 * once to their format.
 *
 * @since 0.1
 */
public enum ElementType {
    /** IEEE 754 binary32 ({@code torch.float32}, numpy {@code '<f4'}). */
    FLOAT32(4),
    /** IEEE 754 binary64 ({@code torch.float64}, numpy {@code '<f8'}). */
    FLOAT64(8),
    /** bfloat16 ({@code torch.bfloat16}): binary32's exponent, 7 fraction bits. */
    BFLOAT16(2),
    /** IEEE 754 binary16 ({@code torch.float16}, numpy {@code '<f2'}). */
    FLOAT16(2);

    private final int byteSize;

    ElementType(int byteSize) {
        this.byteSize = byteSize;
    }

    /**
     * The bytes of one element.
     *
     * @return 2, 4 or 8
     */
    public int byteSize() {
        return byteSize;
    }
}
