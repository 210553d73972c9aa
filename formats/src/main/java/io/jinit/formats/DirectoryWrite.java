package io.jinit.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several files written into one directory, all or none: a failure part way (a full disk at the
 * third shard) removes the files and the directories this write created, and leaves what was
 * there before. Each file itself is written atomically by its writer ({@link AtomicFile}).
 *
 * @since 0.1
 */
public final class DirectoryWrite {

    /** What one directory write has created, given to its {@link Steps}. */
    public static final class Written {

        private final List<Path> created = new ArrayList<>();

        private Written() {
        }

        /**
         * Runs one file's write, recording the file as created if it did not exist before.
         *
         * @param file the file the write creates or replaces
         * @param write the write
         * @throws IOException if the write fails
         */
        public void write(Path file, FileWrite write) throws IOException {
            boolean existed = Files.exists(file);
            write.run();
            if (!existed) {
                created.add(file);
            }
        }
    }

    /** One file's write. */
    @FunctionalInterface
    public interface FileWrite {
        /**
         * Writes the file.
         *
         * @throws IOException if it cannot be written
         */
        void run() throws IOException;
    }

    /** The writes of one directory. */
    @FunctionalInterface
    public interface Steps {
        /**
         * Writes the files, each through {@link Written#write}.
         *
         * @param files records what is created
         * @throws IOException if a file cannot be written
         */
        void run(Written files) throws IOException;
    }

    private DirectoryWrite() {
    }

    /**
     * Creates the directory with its parents where they do not exist and runs the writes; if one
     * fails, deletes the files and directories created and rethrows.
     *
     * @param dir the directory, absolute
     * @param steps the writes
     * @throws IOException if the directory or a file cannot be written
     */
    public static void all(Path dir, Steps steps) throws IOException {
        List<Path> createdDirectories = new ArrayList<>();
        for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
            createdDirectories.add(d);
        }
        Files.createDirectories(dir);
        Written files = new Written();
        try {
            steps.run(files);
        } catch (IOException | RuntimeException | Error e) {
            try {
                for (Path file : files.created) {
                    Files.deleteIfExists(file);
                }
                for (Path d : createdDirectories) {
                    Files.deleteIfExists(d);
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
