package io.jinit.formats;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
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
 *
 * <p>Every file jinit writes goes through this class (tensors, text, reports, JSON), so that all
 * of them share the same promises: nothing half-written, nothing left behind on Ctrl-C or
 * SIGTERM, a free-space check before large writes, and operating-system failures (no space left,
 * name too long, permission denied, read-only file system) reported as {@link IOException}s whose
 * {@link #reason(IOException) reason} can be shown to a user.
 *
 * @since 0.1
 */
public final class AtomicFile {
    /** Writes the content of a file to an open channel. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the whole content.
         *
         * @param channel the temporary file, at position 0
         * @param alignment 1, or for a file opened with direct I/O the block size to which every
         *     write's position, length and buffer address must be aligned
         * @throws IOException if a write fails; the temporary file is then deleted
         */
        void write(FileChannel channel, int alignment) throws IOException;
    }

    /** Writes the content of a text file. */
    @FunctionalInterface
    public interface TextBody {
        /**
         * Writes the whole text.
         *
         * @param writer UTF-8, buffered; flushed and checked by the caller, not closed by the body
         * @throws IOException if a write fails; the temporary file is then deleted
         */
        void write(Writer writer) throws IOException;
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
     * @return the absolute path, a symbolic link's target where the path is a link
     * @throws IllegalArgumentException naming the path if it cannot be written
     */
    public static Path checkDestination(Path destination) {
        return checkDestination(destination, "out");
    }

    /**
     * Checks that a destination can be written, without creating anything, in messages that name
     * the option the user gave it with ({@code --out}, {@code --json}).
     *
     * @param destination the path
     * @param option what the messages call it
     * @return the absolute path, a symbolic link's target where the path is a link
     * @throws IllegalArgumentException naming the option and the path if it cannot be written
     */
    public static Path checkDestination(Path destination, String option) {
        if (destination == null) {
            throw new IllegalArgumentException(option + " must not be null: null");
        }
        Path absolute = destination.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(absolute)) {
            // Written through, as a shell redirection or cp would: the link stays and its target is
            // replaced (a Hugging Face cache links every file name to a blob).
            try {
                absolute = absolute.toRealPath();
            } catch (IOException e) {
                throw new IllegalArgumentException(option + " is a symbolic link to a missing or unreadable target: "
                        + destination, e);
            }
        }
        Path directory = absolute.getParent();
        if (directory == null || absolute.getFileName() == null) {
            throw new IllegalArgumentException(option + " must name a file: " + destination);
        }
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(option + " is a directory, not a file: " + destination);
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            // Renaming over /dev/null or a FIFO would replace the node itself with a regular file.
            throw new IllegalArgumentException(option + " is not a regular file (a device or a pipe): "
                    + destination);
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(option + " is not writable, its directory does not exist: "
                    + destination);
        }
        if (!Files.isWritable(directory)) {
            throw new IllegalArgumentException(option + " is not writable, its directory is read-only: " + destination);
        }
        if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            throw new IllegalArgumentException(option + " is not writable, the existing file is read-only: "
                    + destination);
        }
        return absolute;
    }

    /**
     * Writes a file atomically.
     *
     * @param destination the final path, checked by {@link #checkDestination}
     * @param expectedBytes the file's size if known, or {@code -1}; a known size larger than the
     *     usable space of the destination's file system fails before anything is written
     * @param directIo whether to try direct I/O; the body is told whether it got it
     * @param body writes the content
     * @throws IllegalArgumentException naming the path if it cannot be a file destination
     * @throws IOException if writing fails, the temporary file cannot be created or space is short;
     *     the destination is then unchanged and no temporary file is left
     */
    public static void write(Path destination, long expectedBytes, boolean directIo, Body body) throws IOException {
        Path absolute = checkDestination(destination);
        checkSpace(absolute, expectedBytes);
        Path temp = createTemp(absolute);
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
            keepPermissions(absolute, temp);
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

    /**
     * Writes bytes to a file atomically.
     *
     * @param destination the final path
     * @param bytes the content
     * @throws IOException as {@link #write(Path, long, boolean, Body)}
     */
    public static void writeBytes(Path destination, byte[] bytes) throws IOException {
        write(destination, bytes.length, false, (channel, alignment) ->
                ChunkStreamer.writeFully(channel, java.nio.ByteBuffer.wrap(bytes)));
    }

    /**
     * Writes a UTF-8 text file of unknown size atomically.
     *
     * @param destination the final path
     * @param body writes the text
     * @throws IOException as {@link #write(Path, long, boolean, Body)}
     */
    public static void writeText(Path destination, TextBody body) throws IOException {
        writeText(destination, -1, body);
    }

    /**
     * Writes a UTF-8 text file atomically. The text is streamed, so it may be larger than memory.
     *
     * @param destination the final path
     * @param minBytes a lower bound of the text's size, or {@code -1}: the write fails at once if
     *     the file system has less usable space
     * @param body writes the text
     * @throws IOException as {@link #write(Path, long, boolean, Body)}
     */
    public static void writeText(Path destination, long minBytes, TextBody body) throws IOException {
        write(destination, minBytes, false, (channel, alignment) -> {
            // Channels.newOutputStream reports every write error, unlike a PrintWriter.
            Writer writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8.newEncoder()), 1 << 16);
            body.write(writer);
            writer.flush();
        });
    }

    /**
     * Registers a temporary file or directory tree that the shutdown hook deletes if the JVM exits
     * before {@link #release} is called: for outputs that are built as a directory beside their
     * destination and renamed into place, such as an HTML report.
     *
     * @param temporary the temporary path
     */
    public static void deleteOnAbnormalExit(Path temporary) {
        IN_PROGRESS.add(temporary.toAbsolutePath());
    }

    /**
     * Ends the registration of {@link #deleteOnAbnormalExit}.
     *
     * @param temporary the path that was registered
     */
    public static void release(Path temporary) {
        IN_PROGRESS.remove(temporary.toAbsolutePath());
    }

    /**
     * The reason of an I/O failure in a user's words: the operating system's own reason where it
     * gave one ("No space left on device", "File name too long", "Read-only file system",
     * "Permission denied"), or the exception's message.
     *
     * @param e the failure
     * @return one line, never empty
     */
    public static String reason(IOException e) {
        // Libraries wrap the system's exception in their own words (ImageIO's "I/O error writing
        // PNG file!"): the innermost I/O exception is the one that carries the system's reason.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                e = (IOException) t;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.AccessDeniedException) {
                return "Permission denied";
            }
            if (t instanceof java.nio.file.NoSuchFileException) {
                return "No such file or directory";
            }
            if (t instanceof FileSystemException && ((FileSystemException) t).getReason() != null) {
                return oneLine(((FileSystemException) t).getReason());
            }
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : oneLine(message);
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ').strip();
    }

    /**
     * Fails before anything is written when the file system has less usable space than the file
     * needs: discovering a full disk after minutes of filling costs the user the minutes.
     */
    private static void checkSpace(Path absolute, long expectedBytes) throws IOException {
        if (expectedBytes <= 0) {
            return;
        }
        long usable;
        long total;
        try {
            java.nio.file.FileStore store = Files.getFileStore(absolute.getParent());
            usable = store.getUsableSpace();
            total = store.getTotalSpace();
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        // Pseudo file systems (/proc, /sys) report no space at all; their own error is clearer.
        if (total > 0 && usable >= 0 && usable < expectedBytes) {
            throw new FileSystemException(absolute.toString(), null, "No space left on device: needs "
                    + bytes(expectedBytes) + ", " + bytes(usable) + " free");
        }
    }

    /** A byte count for people: {@code 4.3 GB}, {@code 512 bytes}. */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double v = n;
        int unit = -1;
        while (v >= 1000 && unit < units.length - 1) {
            v /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
    }

    /**
     * Gives the new file the permissions of the file it replaces, so that overwriting a file of
     * mode 600 does not make it readable by others. (A rename cannot keep hard links: a link to
     * the old file keeps the old content, as with any atomic replacement.)
     */
    private static void keepPermissions(Path destination, Path temp) throws IOException {
        if (!Files.exists(destination) || !Files.getFileStore(temp).supportsFileAttributeView("posix")) {
            return;
        }
        Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(destination));
    }

    private static void deleteInProgress() {
        for (Path temp : IN_PROGRESS) {
            try {
                if (Files.isDirectory(temp, LinkOption.NOFOLLOW_LINKS)) {
                    try (var walk = Files.walk(temp)) {
                        for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                            Files.deleteIfExists(p);
                        }
                    }
                } else {
                    Files.deleteIfExists(temp);
                }
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

    private static Path createTemp(Path absolute) throws IOException {
        String name = absolute.getFileName().toString();
        String prefix = "." + (name.length() > MAX_PREFIX ? name.substring(0, MAX_PREFIX) : name) + ".";
        IOException last = null;
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".jinit-tmp";
            Path temp = absolute.resolveSibling(prefix + suffix);
            // Registered before it exists: a signal that arrives once the file is visible (and
            // before a later registration) would otherwise leave it behind. The hook's delete of
            // a name not yet created does nothing.
            IN_PROGRESS.add(temp);
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                IN_PROGRESS.remove(temp);
                last = e;
            } catch (IOException | RuntimeException e) {
                IN_PROGRESS.remove(temp);
                throw e;
            }
        }
        throw last;
    }
}
