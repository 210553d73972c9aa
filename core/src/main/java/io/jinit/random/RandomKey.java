package io.jinit.random;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A 64-bit Philox key. {@link #of(long)} turns a seed into a key; {@link #derive(String)} gives
 * each named tensor of a model its own key, so that tensors are independent of each other and of
 * the order in which they are created.
 *
 * <pre>
 *   of(seed):       (k0, k1) = (lo32(seed), hi32(seed))
 *   derive(name):   d = SHA-256( le32(k0) || le32(k1) || utf8(name) )
 *                   (k0', k1') = (le32(d[0..3]), le32(d[4..7]))
 * </pre>
 *
 * @implSpec The derivation above is part of the stream specification (docs/stream-spec.md) and
 * does not change between versions.
 *
 * @param k0 key word 0
 * @param k1 key word 1
 * @since 0.1
 */
public record RandomKey(int k0, int k1) {

    /**
     * The key of a seed.
     *
     * @param seed any 64-bit value
     * @return the key {@code (lo32(seed), hi32(seed))}
     */
    public static RandomKey of(long seed) {
        return new RandomKey((int) seed, (int) (seed >>> 32));
    }

    /**
     * The key of the tensor called {@code name} under this key.
     *
     * @param name a parameter name, e.g. {@code "encoder.layer.0.weight"}
     * @return a key that depends on this key and every character of the name
     * @throws IllegalArgumentException if name is null
     */
    public RandomKey derive(String name) {
        if (name == null) {
            throw new IllegalArgumentException("name must not be null: null");
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(k0).putInt(k1);
        sha256.update(prefix.array());
        byte[] digest = sha256.digest(name.getBytes(StandardCharsets.UTF_8));
        ByteBuffer d = ByteBuffer.wrap(digest).order(ByteOrder.LITTLE_ENDIAN);
        return new RandomKey(d.getInt(0), d.getInt(4));
    }

    /**
     * The seed this key was made from by {@link #of(long)}.
     *
     * @return {@code (hi << 32) | lo}
     */
    public long asLong() {
        return ((long) k1 << 32) | (k0 & 0xFFFF_FFFFL);
    }

    @Override
    public String toString() {
        return String.format("RandomKey[%08x, %08x]", k0, k1);
    }
}
