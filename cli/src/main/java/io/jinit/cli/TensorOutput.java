package io.jinit.cli;

import io.jinit.formats.AtomicFile;
import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorFormat;
import io.jinit.formats.TensorSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the file {@code --out} names, in the format its extension names: {@code .safetensors},
 * {@code .npz}, {@code .npy} (one tensor) through {@link TensorFiles#write}, or {@code .txt}. Every write goes through
 * {@link AtomicFile}: a failed run leaves no file at the destination and no temporary file, and
 * a failure of the environment (no space, name too long, permission, read-only file system) is
 * reported as bad input naming {@code --out} and the operating system's reason.
 */
final class TensorOutput {
    private TensorOutput() {
    }

    /** Checks a tensor-file {@code --out} before any work, so that bad input writes nothing. */
    static Path validate(String out, int tensorCount) {
        if (out == null) {
            throw new IllegalArgumentException("--out is required: none given");
        }
        TensorFormat format = TensorFormat.ofFileName(out).orElseThrow(() -> new IllegalArgumentException(
                "--out must end in .safetensors, .npz or .npy: " + out));
        if (format.holdsOneTensor() && tensorCount != 1) {
            throw new IllegalArgumentException("--out .npy holds one tensor, this run makes " + tensorCount
                    + " (use .safetensors or .npz): " + out);
        }
        return destination(out);
    }

    /** Checks a text {@code --out} before any work. */
    static Path validateText(String out) {
        return destination(out);
    }

    private static Path destination(String out) {
        try {
            return AtomicFile.checkDestination(Path.of(out), "--out");
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("--out is not a valid path (" + e.getReason() + "): " + out, e);
        }
    }

    /** Refuses an output that is one of the run's inputs: writing it would destroy the input. */
    static void checkNotInput(Path out, String inputOption, Path input) {
        try {
            if (Files.exists(input) && Files.exists(out) && Files.isSameFile(out, input)) {
                throw new IllegalArgumentException("--out is the " + inputOption + " file, which it would overwrite: "
                        + asTyped(out));
            }
        } catch (IOException e) {
            // one of them cannot be examined: the write or the read reports it in its own words
        }
    }

    /** Writes tensors to {@code path}, checked by {@link #validate}. */
    static void write(Path path, List<? extends TensorSource> tensors) {
        try {
            TensorFiles.write(path, tensors);
        } catch (IOException e) {
            throw failure(path, e);
        } catch (UncheckedIOException e) {
            throw failure(path, e.getCause());
        }
    }

    /** Writes text to {@code path}, checked by {@link #validateText}. */
    static void writeText(Path path, long minBytes, AtomicFile.TextBody body) {
        try {
            AtomicFile.writeText(path, minBytes, body);
        } catch (IOException e) {
            throw failure(path, e);
        } catch (UncheckedIOException e) {
            throw failure(path, e.getCause());
        }
    }

    private static IllegalArgumentException failure(Path path, IOException e) {
        return new IllegalArgumentException("--out cannot be written: " + asTyped(path) + " (" + AtomicFile.reason(e)
                + ")", e);
    }

    /** A path as the user would have typed it: relative to the working directory where it lies in it. */
    static Path asTyped(Path path) {
        Path here = Path.of("").toAbsolutePath();
        return path.startsWith(here) && !path.equals(here) ? here.relativize(path) : path;
    }
}
