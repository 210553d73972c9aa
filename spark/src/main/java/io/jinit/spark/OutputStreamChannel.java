package io.jinit.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.util.function.LongConsumer;

/**
 * A channel over a Hadoop output stream that reports every byte it passes on. Heap buffers are
 * written from their arrays; direct buffers are copied through one reused array, so a body that
 * encodes into direct buffers costs one copy, as {@link java.nio.channels.Channels#newChannel}
 * would, without its 8 KiB steps.
 *
 * <p>Closing the channel does not close the stream: the stream belongs to
 * {@link HadoopFiles#writeAtomically}, which syncs and closes it once the body is done.
 */
final class OutputStreamChannel implements WritableByteChannel {
    /** The copy buffer for direct buffers, and the largest write passed on at once. */
    private static final int COPY_BYTES = 1 << 16;

    private final OutputStream out;
    private final LongConsumer bytesWritten;
    private byte[] copy;
    private boolean open = true;

    OutputStreamChannel(OutputStream out, LongConsumer bytesWritten) {
        this.out = out;
        this.bytesWritten = bytesWritten;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        int length = source.remaining();
        if (source.hasArray()) {
            out.write(source.array(), source.arrayOffset() + source.position(), length);
            source.position(source.limit());
        } else {
            if (copy == null) {
                copy = new byte[COPY_BYTES];
            }
            while (source.hasRemaining()) {
                int step = Math.min(source.remaining(), COPY_BYTES);
                source.get(copy, 0, step);
                out.write(copy, 0, step);
            }
        }
        bytesWritten.accept(length);
        return length;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
