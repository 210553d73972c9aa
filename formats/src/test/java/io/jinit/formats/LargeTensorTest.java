package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jinit.ParallelFill;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long-index path for real: a tensor of 2<sup>31</sup> + 5 elements (4 GiB + 10 bytes in a
 * 16-bit dtype) is written through the default 2<sup>20</sup>-element chunks, in a JVM whose heap
 * (surefire's -Xmx2g) could not hold it, once as a ZIP64 .npz member (float16) and once as
 * .safetensors (bfloat16). The {@link Ramp} initializer makes every element tell its index, so the
 * values read back past element 2<sup>31</sup> and past byte 2<sup>32</sup>, and the exact file
 * sizes, show that no index or offset was truncated to 32 bits. NumPy checks the same values
 * through its own zip and .npy header readers when it is available.
 *
 * <p>Disk: one file of about 4.3 GB at a time, deleted at the end of each test; skipped if the
 * temporary directory has less than 10 GB free.
 */
class LargeTensorTest {
    private static final long N = (1L << 31) + 5;
    private static final long[] PROBES = {0, 1, 250, 251, (1 << 20) - 1, 1 << 20, (1L << 31) - 1, 1L << 31,
        (1L << 31) + 1, N - 1};

    @TempDir
    Path dir;

    private void assumeDisk() throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        assumeTrue(free > 10L << 30, "needs 10 GB free in " + dir + " for a 4.3 GB file, has " + (free >> 20) + " MB");
    }

    private static InitializedTensor big(DType dtype) {
        return new InitializedTensor("big", Shape.of(N), dtype, new Ramp(), 0, ParallelFill.common());
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
        assumeDisk();
        Path out = dir.resolve("big.npz");
        try {
            NpzWriter.of().write(out, List.of(big(DType.FLOAT16)));
            long npyBytes = NpyHeader.of(DType.FLOAT16, Shape.of(N)).encode().length + 2 * N;
            long expectedSize = 30 + 7 + 20 + npyBytes + 46 + 7 + 20 + 56 + 20 + 22;
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
        assumeDisk();
        Path out = dir.resolve("big.safetensors");
        try {
            SafetensorsWriter.of().write(out, List.of(big(DType.BFLOAT16)));
            int header = SafetensorsWriter.of().header(List.of(big(DType.BFLOAT16))).encode().length;
            assertThat(Files.size(out)).isEqualTo(8 + header + 2 * N);
            assertThat(TensorFiles.open(out)).containsExactly(new TensorInfo("big", Shape.of(N), DType.BFLOAT16));
            assertProbes(out);
            numpyProbes(out, "safetensors");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** NumPy reads the probed elements through zipfile and numpy.lib.format, or the JSON header. */
    private void numpyProbes(Path file, String kind) throws IOException, InterruptedException {
        if (!Python.imports(dir, "numpy")) {
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
