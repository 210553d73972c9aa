#!/usr/bin/env python3
"""An independent implementation of jinit's stream specification (docs/stream-spec.md).

It shares no code with the Java implementation: it follows the written spec, in Python floats
(IEEE double, the same operations in the same order) and NumPy float32 scalars, and prints the
golden vectors that core/src/test/java/io/jinit/random/StreamSpecTest.java pins.

    python3 scripts/reference/stream_reference.py          # needs numpy; ran with numpy 2.4.6
"""
import hashlib
import math
import struct

import numpy as np

M0, M1, W0, W1 = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85
MASK = 0xFFFFFFFF


def philox(k0, k1, c):
    x0, x1, x2, x3 = c
    for _ in range(10):
        p0 = M0 * x0
        p1 = M1 * x2
        x0, x1, x2, x3 = ((p1 >> 32) ^ x1 ^ k0) & MASK, p1 & MASK, ((p0 >> 32) ^ x3 ^ k1) & MASK, p0 & MASK
        k0 = (k0 + W0) & MASK
        k1 = (k1 + W1) & MASK
    return [x0, x1, x2, x3]


def key_of(seed):
    seed &= (1 << 64) - 1
    return seed & MASK, seed >> 32


def derive(key, name):
    d = hashlib.sha256(struct.pack('<II', *key) + name.encode('utf-8')).digest()
    return struct.unpack('<II', d[:8])


def block_words(key, b, c2=0, c3=0):
    return philox(key[0], key[1], [b & MASK, (b >> 32) & MASK, c2, c3])


def element_word(key, i):
    """One word per element: element 1024c + 256r + j reads word r of block 256c + j."""
    c, t = divmod(i, 1024)
    r, j = divmod(t, 256)
    return block_words(key, 256 * c + j)[r]


# fdlibm constants (e_log.c, k_sin.c, k_cos.c)
LN2_HI, LN2_LO = 6.93147180369123816490e-01, 1.90821492927058770002e-10
LG = [6.666666666666735130e-01, 3.999999999940941908e-01, 2.857142874366239149e-01, 2.222219843214978396e-01,
      1.818357216161805012e-01, 1.531383769920937332e-01, 1.479819860511658591e-01]
S = [-1.66666666666666324348e-01, 8.33333333332248946124e-03, -1.98412698298579493134e-04,
     2.75573137070700676789e-06, -2.50507602534068634195e-08, 1.58969099521155010221e-10]
C = [4.16666666666666019037e-02, -1.38888888888741095749e-03, 2.48015872894767294178e-05,
     -2.75573143513906633035e-07, 2.08757232129817482790e-09, -1.13596475577881948265e-11]


def radius(w1):
    u = float(2 * w1 + 1) * 2.0 ** -33
    bits = struct.unpack('<Q', struct.pack('<d', u))[0]
    hx = bits >> 32
    e = (hx >> 20) - 1023
    hx &= 0x000FFFFF
    i = (hx + 0x95F64) & 0x100000
    m = ((hx | (i ^ 0x3FF00000)) << 32) | (bits & MASK)
    f = struct.unpack('<d', struct.pack('<Q', m))[0] - 1.0
    k = float(e + (i >> 20))
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    t1 = w * (LG[1] + w * (LG[3] + w * LG[5]))
    t2 = z * (LG[0] + w * (LG[2] + w * (LG[4] + w * LG[6])))
    r = t2 + t1
    hfsq = 0.5 * f * f
    ln = k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f)
    return math.sqrt(-2.0 * ln)


def angle(w2):
    b = (float(w2) + (0.5 - 2.0 ** 31)) * (math.pi * 2.0 ** -33)
    z = b * b
    sb = b + (z * b) * (S[0] + z * (S[1] + z * (S[2] + z * (S[3] + z * (S[4] + z * S[5])))))
    cb = 1.0 - (0.5 * z - z * (z * (C[0] + z * (C[1] + z * (C[2] + z * (C[3] + z * (C[4] + z * C[5])))))))
    c2 = (cb - sb) * (cb + sb)
    s2 = 2.0 * sb * cb
    return (c2 - s2) * (c2 + s2), 2.0 * s2 * c2


def pair(w1, w2):
    r = radius(w1)
    c, s = angle(w2)
    return r * c, r * s


def standard_normal(key, i):
    """(x0, x2) of block 256c+j -> elements 1024c+j (cos), +512 (sin); (x1, x3) -> +256 (cos), +768 (sin)."""
    c, t = divmod(i, 1024)
    j = t % 256
    q = (t // 256) % 2          # 0: words (x0, x2); 1: words (x1, x3)
    x = block_words(key, 256 * c + j)
    z_cos, z_sin = pair(x[q], x[q + 2])
    return z_cos if t < 512 else z_sin


def uniform32(key, i, low, high):
    low_f = np.float32(low)
    width_f = np.float32(high - low)
    u = np.float32(element_word(key, i) >> 8) * np.float32(2.0 ** -24)
    v = low_f + width_f * u
    return v  # the top-value guard never triggers in the cases below


def uniform64(key, i, low, high):
    u = (float(element_word(key, i)) + 0.5) * 2.0 ** -32
    return low + (high - low) * u


def trunc_rejection(key, i, mean, std, low, high):
    v = mean + std * standard_normal(key, i)
    attempt = 1
    while not (low <= v <= high):
        x = philox(key[0], key[1], [i & MASK, (i >> 32) & MASK, attempt, 1])
        for q in (0, 1):
            for z in pair(x[q], x[q + 2]):
                v = mean + std * z
                if low <= v <= high:
                    return v
        attempt += 1
    return v


def trunc_rejection_candidate(key, i, mean, std, low, high):
    """Which candidate trunc_rejection accepts: 0 for the primary draw, else 4·(attempt-1) + c."""
    if low <= mean + std * standard_normal(key, i) <= high:
        return 0
    attempt = 1
    while True:
        x = philox(key[0], key[1], [i & MASK, (i >> 32) & MASK, attempt, 1])
        c = 0
        for q in (0, 1):
            for z in pair(x[q], x[q + 2]):
                c += 1
                if low <= mean + std * z <= high:
                    return 4 * (attempt - 1) + c
        attempt += 1


def f32bits(x):
    return struct.unpack('<I', struct.pack('<f', np.float32(x)))[0]


def java_longs(values):
    return ', '.join('0x%016xL' % struct.unpack('<Q', struct.pack('<d', v))[0] for v in values)


def java_ints(values):
    return ', '.join('0x%08x' % v for v in values)


def main():
    elements = [0, 1, 255, 256, 511, 512, 767, 1023, 1024, 5000, (1 << 31) + 3, (1 << 40) + 777]
    key42 = key_of(42)
    print('// elements', elements)
    print('// derive(of(42), "layer.0.weight") =', ['0x%08x' % w for w in derive(key42, 'layer.0.weight')])
    print('// block words, key 42, block 0 and block 2^32 + 5')
    print('BLOCK_0 =', java_ints(block_words(key42, 0)))
    print('BLOCK_2_32_PLUS_5 =', java_ints(block_words(key42, (1 << 32) + 5)))
    print('UNIFORM32_M1_1 =', java_ints([f32bits(uniform32(key42, i, -1.0, 1.0)) for i in elements]))
    print('UNIFORM64_M1_1 =', java_longs([uniform64(key42, i, -1.0, 1.0) for i in elements]))
    print('NORMAL64 =', java_longs([standard_normal(key42, i) for i in elements]))
    print('NORMAL32_MEAN1_STD2 =', java_ints([f32bits(1.0 + 2.0 * standard_normal(key42, i)) for i in elements]))
    k = derive(key42, 'layer.0.weight')
    print('TRUNC64_2SIGMA_DERIVED =', java_longs([trunc_rejection(k, i, 0.0, 1.0, -2.0, 2.0) for i in elements]))
    # elements of the first chunk whose primary draw falls outside [-2, 2] and is redrawn
    redrawn = [i for i in range(1024) if abs(standard_normal(k, i)) > 2.0][:6]
    print('// redrawn elements of chunk 0:', redrawn)
    print('TRUNC64_REDRAWN =', java_longs([trunc_rejection(k, i, 0.0, 1.0, -2.0, 2.0) for i in redrawn]))
    # [0, 0.7] holds mass 0.258, just above the rejection method's 1/4: most elements are redrawn,
    # often past their first two candidates and into later attempts
    narrow = list(range(64))
    used = [trunc_rejection_candidate(k, i, 0.0, 1.0, 0.0, 0.7) for i in narrow]
    print('// candidate accepted by elements 0..63 of [0, 0.7] (0 = primary, 4(attempt-1) + c):', used)
    print('TRUNC64_NARROW =', java_longs([trunc_rejection(k, i, 0.0, 1.0, 0.0, 0.7) for i in narrow]))


if __name__ == '__main__':
    main()
