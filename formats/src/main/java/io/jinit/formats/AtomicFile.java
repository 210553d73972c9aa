package io.jinit.formats;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>A large sequential file may be written with direct I/O ({@code O_DIRECT}): the data goes
 * from the writer's buffers to the device without the copy into the page cache, which on a busy
 * or small machine costs as much CPU as computing the values, and without evicting other files
 * from the cache. Direct I/O needs every write aligned to the file system's block size in file
 * position, length and memory address; the body is told that alignment ({@code 1} when the file
 * was opened normally, because the file system or platform has no direct I/O).
 */
final class AtomicFile {
    /** Writes the content of a file to an open channel. */
    @FunctionalInterface
    interface Body {
        /**
         * @param channel the temporary file, at position 0
         * @param alignment 1, or for a file opened with direct I/O the block size to which every
         *     write's position, length and buffer address must be aligned
         */
        void write(FileChannel channel, int alignment) throws IOException;
    }

    /**
     * Files of at least this many bytes are written with direct I/O where it is available: below
     * it the page cache's copy costs little, and a synchronous direct write of a few blocks
     * gains nothing.
     */
    static final long DIRECT_IO_MIN_BYTES = 64L << 20;
    /** Smallest alignment used for direct I/O: a multiple of every usual logical block size. */
    private static final int MIN_DIRECT_ALIGNMENT = 4096;
    /** Largest file-system block size accepted for direct I/O. */
    private static final int MAX_DIRECT_ALIGNMENT = 1 << 20;
    /**
     * Temporary files being written. When the JVM shuts down (Ctrl-C, SIGTERM, System.exit) with
     * a write still running, the hook deletes them, so that an interrupted command leaves no
     * hidden file of gigabytes beside its destination; only a SIGKILL or a crash can.
     */
    private static final Set<Path> IN_PROGRESS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::deleteInProgress, "jinit-temporary-files"));
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
     * @param directIo whether to try direct I/O; the body is told whether it got it
     * @param body writes the content
     * @throws IllegalArgumentException naming the path if the temporary file cannot be created
     * @throws IOException if writing fails; the destination is then unchanged
     */
    static void write(Path destination, boolean directIo, Body body) throws IOException {
        Path absolute = checkDestination(destination);
        Path temp = createTemp(absolute, destination);
        try {
            int alignment = directIo ? directAlignment(temp) : 1;
            FileChannel opened = alignment > 1 ? openDirect(temp, alignment) : null;
            if (opened == null) {
                alignment = 1;
                opened = FileChannel.open(temp, StandardOpenOption.WRITE);
            }
            try (FileChannel channel = opened) {
                body.write(channel, alignment);
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
        } finally {
            IN_PROGRESS.remove(temp);
        }
    }

    private static void deleteInProgress() {
        for (Path temp : IN_PROGRESS) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException | RuntimeException e) {
                // the JVM is exiting: nothing is left to report to
            }
        }
    }

    /**
     * The alignment for direct writes to a file: its file system's block size, at least 4096
     * (a multiple of the device's logical block size, 512 or 4096), or 1 if that size is not a
     * power of two up to 1 MiB or cannot be read.
     */
    private static int directAlignment(Path file) {
        long blockSize;
        try {
            blockSize = Files.getFileStore(file).getBlockSize();
        } catch (IOException | UnsupportedOperationException e) {
            return 1;
        }
        if (blockSize <= 0 || blockSize > MAX_DIRECT_ALIGNMENT || Long.bitCount(blockSize) != 1) {
            return 1;
        }
        return (int) Math.max(MIN_DIRECT_ALIGNMENT, blockSize);
    }

    /**
     * The empty file opened for direct I/O, or null where the platform or file system refuses it.
     * Some file systems accept the open but fail aligned writes later (EINVAL), so one block is
     * written and cut off again before the file is trusted with direct I/O.
     */
    private static FileChannel openDirect(Path file, int alignment) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        try {
            ChunkStreamer.writeFully(channel, ChunkStreamer.alignedBuffer(alignment, alignment).limit(alignment));
            channel.truncate(0);
            channel.position(0);
            return channel;
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            return null;
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
                IN_PROGRESS.add(temp);
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
