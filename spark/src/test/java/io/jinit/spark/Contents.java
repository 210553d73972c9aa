package io.jinit.spark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.SplittableRandom;

/** The contents the tests write: reproducible bytes, written in steps as a streaming writer does. */
final class Contents {
    private Contents() {
    }

    /** {@code length} bytes of the stream chosen by {@code seed}: the same on every call and JVM. */
    static byte[] bytes(int length, long seed) {
        byte[] content = new byte[length];
        new SplittableRandom(seed).nextBytes(content);
        return content;
    }

    /** Writes the content in writes of {@code step} bytes, the last one shorter. */
    static void writeInSteps(WritableByteChannel channel, byte[] content, int step) throws IOException {
        for (int from = 0; from < content.length; from += step) {
            channel.write(ByteBuffer.wrap(content, from, Math.min(step, content.length - from)));
        }
    }
}
