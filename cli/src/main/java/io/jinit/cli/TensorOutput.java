package io.jinit.cli;

import io.jinit.formats.NpyWriter;
import io.jinit.formats.NpzWriter;
import io.jinit.formats.SafetensorsWriter;
import io.jinit.formats.TensorSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes tensors to the file {@code --out} names, in the format its extension names:
 * {@code .safetensors}, {@code .npz}, or {@code .npy} (one tensor). The writers are atomic: a
 * failed run leaves no file at the destination.
 */
final class TensorOutput {
    private TensorOutput() {
    }

    /** Checks {@code --out} before any work, so that bad input writes nothing. */
    static Path validate(String out, int tensorCount) {
        if (out == null) {
            throw new IllegalArgumentException("--out is required: none given");
        }
        if (!out.endsWith(".safetensors") && !out.endsWith(".npz") && !out.endsWith(".npy")) {
            throw new IllegalArgumentException("--out must end in .safetensors, .npz or .npy: " + out);
        }
        if (out.endsWith(".npy") && tensorCount != 1) {
            throw new IllegalArgumentException("--out .npy holds one tensor, this run makes " + tensorCount
                    + " (use .safetensors or .npz): " + out);
        }
        Path path = Path.of(out).toAbsolutePath();
        Path dir = path.getParent();
        if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException("--out directory does not exist or is not writable: " + out);
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("--out is a directory: " + out);
        }
        return path;
    }

    static void write(Path path, List<? extends TensorSource> tensors) {
        try {
            String name = path.getFileName().toString();
            if (name.endsWith(".npy")) {
                NpyWriter.of().write(path, tensors.get(0));
            } else if (name.endsWith(".npz")) {
                NpzWriter.of().write(path, tensors);
            } else {
                SafetensorsWriter.of().write(path, tensors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + path + " failed", e);
        }
    }
}
