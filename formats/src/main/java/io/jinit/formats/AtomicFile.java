package io.jinit.formats;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all or nothing: the content goes to a temporary file in the destination's
 * directory, which is forced to the device and then renamed over the destination
 * ({@code ATOMIC_MOVE}, or {@code REPLACE_EXISTING} where the file system cannot rename
 * atomically). If the body throws, or the thread is interrupted, the temporary file is deleted
 * and the destination is left as it was.
 *
 * <p>The temporary file is created with the default permissions of new files (not the
 * owner-only permissions of {@link Files#createTempFile}), so the result has the permissions a
 * plain write would give it.
 */
final class AtomicFile {
    /** Writes the content of a file to an open channel. */
    @FunctionalInterface
    interface Body {
        void write(FileChannel channel) throws IOException;
    }

    /** Longest file-name prefix kept in a temporary name (file systems allow 255 bytes). */
    private static final int MAX_PREFIX = 120;
    private static final int CREATE_ATTEMPTS = 8;

    private AtomicFile() {
    }

    /**
     * Checks that a destination can be written, without creating anything.
     *
     * @param destination the path
     * @return the absolute path
     * @throws IllegalArgumentException naming the path if it cannot be written
     */
    static Path checkDestination(Path destination) {
        if (destination == null) {
            throw new IllegalArgumentException("out must not be null: null");
        }
        Path absolute = destination.toAbsolutePath().normalize();
        Path directory = absolute.getParent();
        if (directory == null || absolute.getFileName() == null) {
            throw new IllegalArgumentException("out must name a file: " + destination);
        }
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("out is a directory, not a file: " + destination);
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("out is not writable, its directory does not exist: " + destination);
        }
        if (!Files.isWritable(directory)) {
            throw new IllegalArgumentException("out is not writable, its directory is read-only: " + destination);
        }
        if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            throw new IllegalArgumentException("out is not writable, the existing file is read-only: " + destination);
        }
        return absolute;
    }

    /**
     * Writes a file atomically.
     *
     * @param destination the final path, checked by {@link #checkDestination}
     * @param body writes the content
     * @throws IllegalArgumentException naming the path if the temporary file cannot be created
     * @throws IOException if writing fails; the destination is then unchanged
     */
    static void write(Path destination, Body body) throws IOException {
        Path absolute = checkDestination(destination);
        Path temp = createTemp(absolute, destination);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                body.write(channel);
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while writing " + destination);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException | RuntimeException suppressed) {
                t.addSuppressed(suppressed);
            }
            throw t;
        }
    }

    private static Path createTemp(Path absolute, Path destination) {
        String name = absolute.getFileName().toString();
        String prefix = "." + (name.length() > MAX_PREFIX ? name.substring(0, MAX_PREFIX) : name) + ".";
        IOException last = null;
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".jinit-tmp";
            Path temp = absolute.resolveSibling(prefix + suffix);
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                last = e;
            } catch (IOException e) {
                throw new IllegalArgumentException("out is not writable (" + e + "): " + destination, e);
            }
        }
        throw new IllegalArgumentException("out is not writable, no temporary file could be created beside it: "
                + destination, last);
    }
}
