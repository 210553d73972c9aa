package io.jinit.formats;

import io.jinit.HalfFloats;
import java.nio.ByteBuffer;

/**
 * Decodes stored elements to doubles: exactly for every floating-point type and for integers up
 * to 2<sup>53</sup> in magnitude; 64-bit integers beyond that are correctly rounded. A complex
 * element decodes to its magnitude {@code hypot(re, im)}, within one ulp of the exact value.
 */
final class ElementDecoder {
    private ElementDecoder() {
    }

    /**
     * Decodes {@code n} elements from the buffer's position, in the buffer's byte order.
     *
     * @param bytes the encoded elements; its position advances by {@code n * dtype.byteSize()}
     * @param dtype the element type
     * @param out destination
     * @param offset first index in out
     * @param n number of elements
     */
    static void decode(ByteBuffer bytes, DType dtype, double[] out, int offset, int n) {
        switch (dtype) {
            case FLOAT32:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.getFloat();
                }
                break;
            case FLOAT64:
                bytes.asDoubleBuffer().get(out, offset, n);
                bytes.position(bytes.position() + 8 * n);
                break;
            case FLOAT16:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = HalfFloats.float16BitsToFloat(bytes.getShort());
                }
                break;
            case BFLOAT16:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = HalfFloats.bfloat16BitsToFloat(bytes.getShort());
                }
                break;
            case INT8:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.get();
                }
                break;
            case UINT8:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.get() & 0xFF;
                }
                break;
            case BOOL:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.get() != 0 ? 1 : 0;
                }
                break;
            case INT16:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.getShort();
                }
                break;
            case UINT16:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.getShort() & 0xFFFF;
                }
                break;
            case INT32:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.getInt();
                }
                break;
            case UINT32:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.getInt() & 0xFFFF_FFFFL;
                }
                break;
            case INT64:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = bytes.getLong();
                }
                break;
            case UINT64:
                for (int i = 0; i < n; i++) {
                    out[offset + i] = unsigned(bytes.getLong());
                }
                break;
            case COMPLEX64:
                for (int i = 0; i < n; i++) {
                    float re = bytes.getFloat();
                    out[offset + i] = Math.hypot(re, bytes.getFloat());
                }
                break;
            case COMPLEX128:
                for (int i = 0; i < n; i++) {
                    double re = bytes.getDouble();
                    out[offset + i] = Math.hypot(re, bytes.getDouble());
                }
                break;
            default:
                throw new IllegalArgumentException("dtype cannot be decoded: " + dtype);
        }
    }

    /** An unsigned 64-bit value, correctly rounded: halve keeping a sticky bit, convert, double. */
    static double unsigned(long x) {
        if (x >= 0) {
            return x;
        }
        return (double) ((x >>> 1) | (x & 1)) * 2.0;
    }
}
