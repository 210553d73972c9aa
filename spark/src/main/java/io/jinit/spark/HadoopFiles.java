package io.jinit.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.WritableByteChannel;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsDirectoryException;
import org.apache.hadoop.fs.StreamCapabilities;

/**
 * Writes a file on any Hadoop {@link FileSystem} (HDFS, S3A, GCS, {@code file:}) all or nothing,
 * so that a Spark task may run any number of times, twice at once under speculative execution,
 * and leave the same file: the content goes to a temporary sibling named after the file and the
 * task attempt, which is synced and then renamed onto the file.
 *
 * <p>The temporary name is {@code .<name>.<attempt>.jinit-tmp}: it starts with a dot, so Hadoop's
 * input formats, Spark's readers and the loaders of checkpoints skip it, and it names the attempt,
 * so two attempts of one task never write to the same temporary file. An attempt that fails
 * deletes its temporary file; one whose executor is killed cannot, and
 * {@link #removeLeftovers} deletes what it left.
 *
 * @implSpec Every attempt that writes a target must write the same bytes (they are a function of
 *     the target, as jinit's tensors are of their names and seed): a twin attempt may rename its
 *     file onto the target at any moment, and whichever rename comes last wins.
 * @since 0.1
 */
public final class HadoopFiles {
    /** Writes the content of a file. */
    @FunctionalInterface
    public interface ChannelBody {
        /**
         * Writes the whole content, in order.
         *
         * @param channel the temporary file; it need not be closed, and closing it does not end
         *     the file
         * @throws IOException if a write fails; the temporary file is then deleted
         */
        void write(WritableByteChannel channel) throws IOException;
    }

    /** The suffix of every temporary file name. */
    public static final String TEMPORARY_SUFFIX = ".jinit-tmp";

    /**
     * What an attempt may be: a part of a file name that no file system reads as a separator, a
     * URI scheme or a wildcard, short enough to keep a checkpoint file's temporary name within
     * the 255 bytes of a name.
     */
    private static final Pattern ATTEMPT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private HadoopFiles() {
    }

    /**
     * Writes a file atomically: {@link #writeAtomically(FileSystem, Path, String, LongConsumer,
     * ChannelBody)} without progress reports.
     *
     * @param fs the file system of {@code target}
     * @param target the file to write; its directory is created if missing
     * @param attempt what distinguishes this attempt from every other that may be writing the
     *     same target: 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}
     * @param body writes the content
     * @return the number of bytes written
     * @throws IllegalArgumentException if an argument is null, {@code target} has no parent
     *     or {@code attempt} is not a valid name part
     * @throws IOException as the other overload
     */
    public static long writeAtomically(FileSystem fs, Path target, String attempt, ChannelBody body)
            throws IOException {
        return writeAtomically(fs, target, attempt, bytes -> { }, body);
    }

    /**
     * Writes a file atomically, reporting the bytes as they are written.
     *
     * <p>The body writes to a temporary file created beside the target (never overwriting one);
     * the file is then synced to the storage where the stream supports it
     * ({@link StreamCapabilities#HSYNC}: HDFS and the local disk; an object store's upload
     * completes when the stream closes) and renamed onto the target. A file system whose rename
     * does not replace an existing file (HDFS) gets the target deleted and the rename repeated;
     * between the two the target is briefly absent. If a twin attempt renames its file onto the
     * target in that moment, its file is kept and this one deleted: the bytes are the same.
     *
     * <p>A {@link ChecksumFileSystem} (the {@code file:} scheme's {@code LocalFileSystem}) is
     * written through its raw file system: otherwise it writes a hidden {@code .crc} file beside
     * every file, and its checksumming stream does not pass {@code hsync} on to the disk. The
     * rename goes through the checksumming file system, which deletes the {@code .crc} file of
     * a target it replaces, so a reader that verifies checksums does not check the new content
     * against the old one's.
     *
     * @param fs the file system of {@code target}
     * @param target the file to write; its directory is created if missing
     * @param attempt what distinguishes this attempt from every other that may be writing the
     *     same target: 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}, such as Spark's
     *     application id and {@code TaskContext.taskAttemptId()} joined by {@code -} (task
     *     attempt ids start again at 0 in every application). A temporary file left under the
     *     same name by a killed executor makes the write fail; {@link #removeLeftovers} before
     *     a run deletes such files.
     * @param bytesWritten told the size of every write as it reaches the stream, on the writing
     *     thread (a named Spark {@code LongAccumulator}'s {@code add} shows the progress of running
     *     tasks; Spark drops the additions of attempts that fail)
     * @param body writes the content
     * @return the number of bytes written
     * @throws IllegalArgumentException if an argument is null, {@code target} has no parent
     *     or {@code attempt} is not a valid name part
     * @throws PathIsDirectoryException if {@code target} is a directory
     * @throws InterruptedIOException if the thread was interrupted (Spark kills an attempt so
     *     when a twin has succeeded or the job is cancelled) before the file was renamed
     * @throws IOException if the body, the file system or the rename fails; the temporary file
     *     is then deleted (a failure to delete it is added as suppressed) and the target is
     *     unchanged, or absent if the failure came between the delete and the rename above
     */
    public static long writeAtomically(FileSystem fs, Path target, String attempt, LongConsumer bytesWritten,
            ChannelBody body) throws IOException {
        requireArgument(fs, "fs");
        requireArgument(bytesWritten, "bytesWritten");
        requireArgument(body, "body");
        Path temporary = temporaryPath(target, attempt);
        if (isDirectory(fs, target)) {
            throw new PathIsDirectoryException(target.toString());
        }
        long[] total = {0};
        LongConsumer counted = bytes -> {
            total[0] += bytes;
            bytesWritten.accept(bytes);
        };
        FSDataOutputStream out = dataFileSystem(fs).create(temporary, false);
        try {
            try (out) {
                body.write(new OutputStreamChannel(out, counted));
                checkInterrupted(target);
                if (out.hasCapability(StreamCapabilities.HSYNC)) {
                    out.hsync();
                }
            }
            install(fs, temporary, target);
        } catch (Throwable t) {
            try {
                fs.delete(temporary, false);
            } catch (IOException | RuntimeException suppressed) {
                t.addSuppressed(suppressed);
            }
            throw t;
        }
        return total[0];
    }

    /**
     * Deletes the temporary files that attempts killed with their executor left in a directory:
     * every file whose name starts with {@code .} and ends with {@value #TEMPORARY_SUFFIX}.
     * Called before a job starts (or after it ends), when no attempt is writing to the directory.
     *
     * @param fs the file system of {@code directory}
     * @param directory the directory; a missing one has nothing to delete
     * @return how many files were deleted
     * @throws IllegalArgumentException if an argument is null
     * @throws IOException if the directory cannot be listed or a file cannot be deleted
     */
    public static int removeLeftovers(FileSystem fs, Path directory) throws IOException {
        requireArgument(fs, "fs");
        requireArgument(directory, "directory");
        FileStatus[] leftovers;
        try {
            leftovers = fs.listStatus(directory, path -> isTemporaryName(path.getName()));
        } catch (FileNotFoundException e) {
            return 0;
        }
        int removed = 0;
        for (FileStatus leftover : leftovers) {
            if (leftover.isFile() && fs.delete(leftover.getPath(), false)) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * The temporary file of one attempt at a target.
     *
     * @throws IllegalArgumentException if the target is null or has no parent, or the attempt is
     *     not a valid name part
     */
    static Path temporaryPath(Path target, String attempt) {
        requireArgument(target, "target");
        if (target.getParent() == null) {
            throw new IllegalArgumentException("target must name a file, not the root: " + target);
        }
        if (attempt == null || !ATTEMPT.matcher(attempt).matches()) {
            throw new IllegalArgumentException("attempt must be 1 to 64 letters, digits, '.', '_' or '-',"
                    + " as it becomes part of a file name: " + attempt);
        }
        return new Path(target.getParent(), "." + target.getName() + "." + attempt + TEMPORARY_SUFFIX);
    }

    static boolean isTemporaryName(String name) {
        return name.startsWith(".") && name.endsWith(TEMPORARY_SUFFIX);
    }

    /**
     * Renames the temporary file onto the target. {@link FileSystem#rename} leaves replacing an
     * existing file to the file system: the local one replaces it as POSIX rename(2) does,
     * HDFS returns false.
     */
    private static void install(FileSystem fs, Path temporary, Path target) throws IOException {
        if (fs.rename(temporary, target)) {
            return;
        }
        if (!isFile(fs, target)) {
            throw new IOException("cannot rename " + temporary + " to " + target);
        }
        checkInterrupted(target);
        fs.delete(target, false);
        if (fs.rename(temporary, target)) {
            return;
        }
        if (!isFile(fs, target)) {
            throw new IOException("cannot rename " + temporary + " to " + target + " after deleting the file there");
        }
        // A twin attempt renamed its file there between the delete and the rename: same bytes.
        fs.delete(temporary, false);
    }

    /**
     * The file system that writes the bytes: a checksumming one's raw file system, which writes
     * no {@code .crc} file and whose streams pass {@code hsync} to the disk.
     */
    private static FileSystem dataFileSystem(FileSystem fs) {
        return fs instanceof ChecksumFileSystem ? ((ChecksumFileSystem) fs).getRawFileSystem() : fs;
    }

    private static boolean isDirectory(FileSystem fs, Path path) throws IOException {
        try {
            return fs.getFileStatus(path).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    private static boolean isFile(FileSystem fs, Path path) throws IOException {
        try {
            return fs.getFileStatus(path).isFile();
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    private static void checkInterrupted(Path target) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while writing " + target);
        }
    }

    private static void requireArgument(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null: null");
        }
    }
}
