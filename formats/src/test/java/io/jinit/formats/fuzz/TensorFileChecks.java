package io.jinit.formats.fuzz;

import io.jinit.formats.TensorFiles;
import io.jinit.formats.TensorInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * What the tensor-file targets do with a file: every entry point of {@link TensorFiles} that
 * {@code jinit inspect} uses, in the order it uses them, then indexed reads at both ends of each
 * tensor.
 */
final class TensorFileChecks {
    /** Elements read from the start and from the end of each tensor. */
    private static final int READ = 8;

    private TensorFileChecks() {
    }

    /** Opens the file, reads its metadata and statistics, and reads the ends of each tensor. */
    static void inspect(Path file) throws Exception {
        Contract.acceptOrRefuse(() -> {
            List<TensorInfo> tensors = TensorFiles.open(file);
            TensorFiles.metadata(file);
            TensorFiles.stats(file);
            for (TensorInfo t : tensors) {
                long size = t.shape().size();
                int n = (int) Math.min(READ, size);
                Contract.acceptOrRefuse(() -> TensorFiles.read(file, t.name(), 0, new double[n], 0, n));
                Contract.acceptOrRefuse(() -> TensorFiles.read(file, t.name(), size - n, new double[n], 0, n));
            }
        });
    }
}
