package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.NamedInitializer;
import io.jinit.ParallelFill;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import io.jinit.testing.Python;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long-index path for real: a tensor of 2<sup>31</sup> + 5 elements (4 GiB + 10 bytes in a
 * 16-bit dtype) is written through the default 2<sup>20</sup>-element chunks, in a JVM whose heap
 * (surefire's -Xmx2g) could not hold it, once as a ZIP64 .npz member (float16) and once as
 * .safetensors (bfloat16). Around each probed index the elements tell their index (the values of
 * {@link Ramp}), so the values read back past element 2<sup>31</sup> and past byte 2<sup>32</sup>,
 * and the exact file sizes, show that no index or offset was truncated to 32 bits; the JDK's zip
 * reader checks the CRC-32 that the writer computed over the whole 4 GiB member. NumPy checks the
 * probed values through its own zip and .npy header readers (the Python of {@link Python};
 * required under CI).
 *
 * <p>Disk: the elements away from the probes are zero, and the writer writes to its file through
 * {@link SparseFileSystem}, which leaves its all-zero chunks as holes: each file is a real file of
 * 4.3 GB that the readers read whole, and takes a few MB of disk. The writer runs its own code to
 * the last byte (direct I/O included). Each test checks first that the disk has
 * {@value #MARGIN_BYTES} bytes free; without them it fails under CI ({@code CI=true}), with the
 * sizes in the message, and is skipped elsewhere.
 */
class LargeTensorTest {
    private static final long N = (1L << 31) + 5;
    private static final long[] PROBES = {0, 1, 250, 251, (1 << 20) - 1, 1 << 20, (1L << 31) - 1, 1L << 31,
        (1L << 31) + 1, N - 1};

    /** Free disk a test needs: its sparse file takes a few MB, and the rest is to spare. */
    static final long MARGIN_BYTES = 1L << 30;
    /** Elements either side of a probe that carry {@link Ramp}'s values; all others are zero. */
    private static final long WINDOW = 1000;

    @TempDir
    Path dir;

    /** Fails (under CI) or skips the test unless the disk has {@link #MARGIN_BYTES} free. */
    private void requireDisk() throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < MARGIN_BYTES) {
            String why = "needs " + MARGIN_BYTES + " bytes free in " + dir + " for a sparse file of 4.3 GB, has " + free;
            if (Python.REQUIRED) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
    }

    private static InitializedTensor big(DType dtype) {
        return InitializedTensor.of("big", Shape.of(N), dtype, new ProbeRamp(), 0, ParallelFill.common());
    }

    /** {@link Ramp}'s values within {@link #WINDOW} elements of a probe, zero elsewhere. */
    private static final class ProbeRamp implements NamedInitializer {
        @Override
        public void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
            Arrays.fill(out, offset, offset + length, 0);
            for (long p : PROBES) {
                for (long i = Math.max(from, p - WINDOW); i <= Math.min(from + length - 1, p + WINDOW); i++) {
                    out[offset + (int) (i - from)] = (float) Ramp.value(i);
                }
            }
        }

        @Override
        public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
            Arrays.fill(out, offset, offset + length, 0);
            for (long p : PROBES) {
                for (long i = Math.max(from, p - WINDOW); i <= Math.min(from + length - 1, p + WINDOW); i++) {
                    out[offset + (int) (i - from)] = Ramp.value(i);
                }
            }
        }

        @Override
        public RandomKey key() {
            return RandomKey.of(0);
        }

        @Override
        public String className() {
            return "ProbeRamp";
        }

        @Override
        public String module() {
            return "test";
        }

        @Override
        public Map<String, Object> config() {
            return Map.of();
        }
    }

    private static void assertProbes(Path file) throws IOException {
        for (long i : PROBES) {
            double[] v = new double[1];
            TensorFiles.read(file, "big", i, v, 0, 1);
            assertThat(v[0]).as("element %d", i).isEqualTo(Ramp.value(i));
        }
    }

    @Test
    void npzMemberOver4GiB() throws IOException, InterruptedException {
        long npyBytes = NpyHeader.of(DType.FLOAT16, Shape.of(N)).encode().length + 2 * N;
        long expectedSize = 30 + 7 + 20 + npyBytes + 46 + 7 + 20 + 56 + 20 + 22;
        requireDisk();
        Path out = dir.resolve("big.npz");
        try {
            NpzWriter.of().write(SparseFileSystem.of(out), List.of(big(DType.FLOAT16)));
            assertThat(Files.size(out)).isEqualTo(expectedSize);
            try (ZipFile zip = new ZipFile(out.toFile())) {
                ZipEntry e = zip.getEntry("big.npy");
                assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
                assertThat(e.getSize()).isEqualTo(npyBytes).isGreaterThan(1L << 32);
                CRC32 crc = new CRC32();
                byte[] buffer = new byte[1 << 20];
                long total = 0;
                try (InputStream in = zip.getInputStream(e)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        crc.update(buffer, 0, n);
                        total += n;
                    }
                }
                assertThat(total).isEqualTo(npyBytes);
                assertThat(crc.getValue()).isEqualTo(e.getCrc());
            }
            assertThat(TensorFiles.open(out)).containsExactly(new TensorInfo("big", Shape.of(N), DType.FLOAT16));
            assertProbes(out);
            numpyProbes(out, "npz");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void safetensorsOver2To31Elements() throws IOException, InterruptedException {
        int header = SafetensorsWriter.of().header(List.of(big(DType.BFLOAT16))).encode().length;
        requireDisk();
        Path out = dir.resolve("big.safetensors");
        try {
            SafetensorsWriter.of().write(SparseFileSystem.of(out), List.of(big(DType.BFLOAT16)));
            assertThat(Files.size(out)).isEqualTo(8 + header + 2 * N);
            assertThat(TensorFiles.open(out)).containsExactly(new TensorInfo("big", Shape.of(N), DType.BFLOAT16));
            assertProbes(out);
            numpyProbes(out, "safetensors");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * NumPy reads the probed elements through zipfile and numpy.lib.format, or the JSON header;
     * outside CI, only where the Python has numpy.
     */
    private void numpyProbes(Path file, String kind) throws IOException, InterruptedException {
        if (!Python.has(dir, "numpy")) {
            return;
        }
        String script = String.join("\n",
                "import json, struct, sys, zipfile",
                "import numpy as np",
                "path, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])",
                "probes = [int(p) for p in sys.argv[4].split(',')]",
                "if kind == 'npz':",
                "    with zipfile.ZipFile(path) as z:",
                "        info = z.getinfo('big.npy')",
                "        assert info.compress_type == zipfile.ZIP_STORED and info.file_size > 2**32, info",
                "        with z.open(info) as m:",
                "            assert np.lib.format.read_magic(m) == (1, 0)",
                "            shape, fortran, dtype = np.lib.format.read_array_header_1_0(m)",
                "            header = m.tell()",
                "    assert shape == (n,) and not fortran and dtype.str == '<f2', (shape, fortran, dtype)",
                "    with open(path, 'rb') as f:",
                "        f.seek(info.header_offset)",
                "        local = f.read(30)",
                "        start = info.header_offset + 30 + struct.unpack('<H', local[26:28])[0] + struct.unpack('<H', local[28:30])[0]",
                "    data = np.memmap(path, dtype='<f2', mode='r', offset=start + header, shape=(n,))",
                "    values = [float(data[p]) for p in probes]",
                "else:",
                "    with open(path, 'rb') as f:",
                "        h = int.from_bytes(f.read(8), 'little')",
                "        meta = json.loads(f.read(h))",
                "    assert meta['big']['dtype'] == 'BF16' and meta['big']['shape'] == [n], meta['big']",
                "    bits = np.memmap(path, dtype='<u2', mode='r', offset=8 + h, shape=(n,))",
                "    values = [float((np.array([bits[p]], np.uint32) << 16).view(np.float32)[0]) for p in probes]",
                "expected = [float(p % 251 - 125) for p in probes]",
                "assert values == expected, (values, expected)");
        Path py = Files.writeString(dir.resolve("probe.py"), script);
        StringBuilder probes = new StringBuilder();
        for (long p : PROBES) {
            probes.append(probes.length() == 0 ? "" : ",").append(p);
        }
        Python.Result r = Python.run(dir, py.toString(), file.toString(), kind, Long.toString(N), probes.toString());
        assertThat(r.exitCode()).as("numpy probe of %s: %s", file, r.stderr()).isZero();
    }
}
