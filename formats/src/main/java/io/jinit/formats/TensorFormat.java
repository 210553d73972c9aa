package io.jinit.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The file formats jinit writes, each named by its file extension, with the writer that writes
 * it: {@link SafetensorsWriter}, {@link NpzWriter}, {@link NpyWriter} (one tensor). Reading needs
 * no such choice: {@link TensorFiles#open} recognises a file by its content.
 *
 * @since 0.1
 */
public enum TensorFormat {
    /** Hugging Face safetensors: any number of tensors, all four writable dtypes, metadata. */
    SAFETENSORS(".safetensors"),
    /** A {@code numpy.savez} archive: any number of tensors; float32, float64 and float16. */
    NPZ(".npz"),
    /** A {@code numpy.save} file: exactly one tensor; float32, float64 and float16. */
    NPY(".npy");

    private final String extension;

    TensorFormat(String extension) {
        this.extension = extension;
    }

    /**
     * The file extension, with its dot.
     *
     * @return {@code .safetensors}, {@code .npz} or {@code .npy}
     */
    public String extension() {
        return extension;
    }

    /**
     * Whether a file of this format holds exactly one tensor.
     *
     * @return true for {@link #NPY}
     */
    public boolean holdsOneTensor() {
        return this == NPY;
    }

    /**
     * The format a file name's extension names.
     *
     * @param fileName a file name or path, as typed
     * @return the format, or empty if the name ends in none of the extensions (case counts)
     */
    public static Optional<TensorFormat> ofFileName(String fileName) {
        for (TensorFormat f : values()) {
            if (fileName.endsWith(f.extension)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Writes tensors in this format with the writer's defaults, replacing the file atomically.
     *
     * @param out the destination
     * @param tensors the tensors, in file order; exactly one for {@link #NPY}
     * @throws IllegalArgumentException before anything is written if the tensors do not fit the
     *     format (a dtype it cannot hold, names it refuses, not one tensor for {@code .npy}) or the
     *     destination cannot be written
     * @throws IOException if writing fails; no file is then left at the destination
     */
    public void write(Path out, List<? extends TensorSource> tensors) throws IOException {
        switch (this) {
            case NPY:
                if (tensors == null || tensors.size() != 1) {
                    throw new IllegalArgumentException(".npy holds one tensor, not "
                            + (tensors == null ? null : tensors.size()) + ": " + out);
                }
                NpyWriter.of().write(out, tensors.get(0));
                break;
            case NPZ:
                NpzWriter.of().write(out, tensors);
                break;
            default:
                SafetensorsWriter.of().write(out, tensors);
        }
    }
}
