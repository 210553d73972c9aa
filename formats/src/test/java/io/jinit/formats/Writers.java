package io.jinit.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The three writers behind one interface, with the dtypes each format holds. */
enum Writers {
    NPY(".npy", EnumSet.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16)),
    NPZ(".npz", EnumSet.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16)),
    SAFETENSORS(".safetensors", EnumSet.of(DType.FLOAT32, DType.FLOAT64, DType.BFLOAT16, DType.FLOAT16));

    final String extension;
    final Set<DType> dtypes;

    Writers(String extension, Set<DType> dtypes) {
        this.extension = extension;
        this.dtypes = dtypes;
    }

    /** Writes the sources (exactly one for NPY) with a chunk size. */
    void write(Path out, List<? extends TensorSource> sources, int chunkElements) throws IOException {
        switch (this) {
            case NPY:
                if (sources.size() != 1) {
                    throw new IllegalStateException("a .npy file holds one tensor");
                }
                NpyWriter.of().withChunkElements(chunkElements).write(out, sources.get(0));
                break;
            case NPZ:
                NpzWriter.of().withChunkElements(chunkElements).write(out, sources);
                break;
            default:
                SafetensorsWriter.of().withChunkElements(chunkElements).write(out, sources);
        }
    }

    /** The name a reader gives a tensor written under a name to a file. */
    String readName(Path out, String name) {
        if (this == NPY) {
            String f = out.getFileName().toString();
            return f.substring(0, f.length() - extension.length());
        }
        return name;
    }
}
