package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Malformed, truncated and hostile files: every one gives an IllegalArgumentException that names
 * the file and the problem, and none allocates by a size it has not checked against the file
 * (the tests run in the default surefire heap; a 100 MB or 2^63-byte allocation would show).
 */
class HostileFilesTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertRejected(Path file, String problem) {
        assertThatThrownBy(() -> TensorFiles.stats(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(problem);
    }

    /** A v1 .npy: magic, version, header length, the dict as given (unpadded), then data. */
    private static byte[] npy(String dict, int dataBytes) {
        byte[] text = dict.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return b.array();
    }

    private static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "<f4;(-3, 2);shape dimension 0 must be >= 0: -3",
        "<f4;(2, 99999999999999999999);shape dimension 1 overflows a long",
        "<f4;(4294967296, 4294967296, 4);shape element count overflows a long",
        "<f8;(2305843009213693952,);tensor byte count overflows a long",
        "<f4;(100,);truncated, shape [100] of FLOAT32 needs 400 bytes of data but 8 follow the header",
        "<c32;(2,);unsupported .npy dtype '<c32'",
        "|O;(2,);unsupported .npy dtype '|O'",
        "=f4;(2,);unsupported .npy dtype '=f4'",
        "|f4;(2,);unsupported .npy dtype '|f4'",
        "<f4;((1,),);expected an integer in the shape",
        "<f4;(1 2);expected ',' or ')' in the shape",
    })
    void npyHeaders(String descr, String shape, String problem) throws IOException {
        assertRejected(file("t.npy", npy(dict(descr, shape), 8)), problem);
    }

    @Test
    void npyStructure() throws IOException {
        assertRejected(file("a.npy", npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8)),
                "unsupported .npy dtype, structured dtypes (a list descr) are not read");
        assertRejected(file("b.npy", npy("{'descr': '<f4', 'shape': (2,), }", 8)),
                "the dict must hold exactly 'descr' (a string), 'fortran_order' (a bool) and 'shape'");
        assertRejected(file("c.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8)),
                "unsupported value for 'x'");
        assertRejected(file("d.npy", npy(dict("<f4", "(2,)") + "junk", 8)), "unexpected text after the dict");
        assertRejected(file("e.npy", npy("{'descr': '<f4", 8)), "unterminated string");
        assertRejected(file("f.npy", npy("{'descr': '<f4', 'descr': '<f4', }", 8)), "duplicate key 'descr'");
        byte[] version = npy(dict("<f4", "(2,)"), 8);
        version[6] = 9;
        assertRejected(file("g.npy", version), "unsupported .npy format version 9.0");
        byte[] length = npy(dict("<f4", "(2,)"), 8);
        length[8] = (byte) 0xFF;
        length[9] = (byte) 0xFF;
        assertRejected(file("h.npy", length), "header length 65535 runs past the end of the file");
        byte[] huge = new byte[64];
        System.arraycopy(NpyHeader.MAGIC, 0, huge, 0, 6);
        huge[6] = 2;
        Arrays.fill(huge, 8, 12, (byte) 0xFF);
        assertRejected(file("i.npy", huge), "header length 4294967295 exceeds the limit of 100000000 bytes");
        StringBuilder rank = new StringBuilder("(");
        for (int i = 0; i < NpyHeader.MAX_RANK + 1; i++) {
            rank.append("1, ");
        }
        byte[] text = dict("<f4", rank.append(")").toString()).getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer v2 = ByteBuffer.allocate(12 + text.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        v2.put(NpyHeader.MAGIC).put((byte) 2).put((byte) 0).putInt(text.length).put(text);
        assertRejected(file("j.npy", v2.array()), "shape has more than 65536 dimensions");
        byte[] cut = Arrays.copyOf(NpyHeader.MAGIC, 9);
        cut[6] = 1;
        assertRejected(file("k.npy", cut), "truncated in the header length (1 of 2 bytes)");
    }

    @Test
    void npyVersion3HeadersAreStrictUtf8() throws IOException {
        // numpy decodes a 3.0 header with bytes.decode('utf8'), which raises on the overlong C0 80.
        byte[] text = dict("<f4", "(2,)").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + text.length + 2 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) 3).put((byte) 0).putInt(text.length + 2).put((byte) 0xC0).put((byte) 0x80)
                .put(text);
        assertRejected(file("v3.npy", b.array()), "malformed .npy header, a version 3.0 header must be UTF-8");
    }

    private static byte[] safetensors(long headerLength, String json, int dataBytes) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(text);
        return b.array();
    }

    private static byte[] safetensors(String json, int dataBytes) {
        return safetensors(json.getBytes(StandardCharsets.UTF_8).length, json, dataBytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}|4|run past the end of the data (4 bytes)",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}|12|overlap the previous tensor, which ends at 8",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}|12|data_offsets leave a hole",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}|4|must span the 8 bytes of shape [2] of FLOAT32",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}|8|must span the 8 bytes",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}|8|the tensors cover 4 bytes of data but 8 follow the header",
        "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}|1|unsupported safetensors dtype: F8_E4M3",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}|8|shape entry 0 must be an integer in [0, 2^63): -2",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1099511627776,1099511627776],\"data_offsets\":[0,8]}}|8|shape is invalid (shape element count overflows a long",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,99999999999999999999]}}|8|data_offsets entry 1 must be an integer",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}|8|data_offsets must be an array of 2 of integers: null",
        "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":{}}|4|malformed safetensors header JSON: duplicate key 'w'",
        "{\"__metadata__\":{\"a\":1}}|0|__metadata__ value of a must be a string: NUMBER",
        "{\"w\":3}|0|tensor w: entry must be an object: NUMBER",
        "[1,2]|0|must start with '{'",
        "{\"w\":|0|malformed safetensors header JSON",
    })
    void safetensorsHeaders(String json, int dataBytes, String problem) throws IOException {
        assertRejected(file("t.safetensors", safetensors(json, dataBytes)), problem);
    }

    @Test
    void safetensorsLengthsAndNesting() throws IOException {
        assertRejected(file("a.safetensors", safetensors(-1L, "{}", 0)), "header length 18446744073709551615 exceeds the limit");
        assertRejected(file("b.safetensors", safetensors(200_000_000L, "{}", 0)), "header length 200000000 exceeds the limit");
        assertRejected(file("c.safetensors", safetensors(1000L, "{}", 0)),
                "safetensors header length 1000 runs past the end of the file (10 bytes)");
        String deep = "{\"w\":{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}}";
        assertRejected(file("d.safetensors", safetensors(deep, 0)), "nested deeper than 64 levels");
        assertRejected(file("e.safetensors", new byte[3]), "too short (3 bytes)");
        assertRejected(file("f.safetensors", new byte[0]), "too short (0 bytes)");
    }

    @Test
    void npzArchives() throws IOException {
        byte[] golden = Files.readAllBytes(Golden.file("stored.npz"));
        assertRejected(file("a.npz", Arrays.copyOf(golden, golden.length / 2)), "malformed .npz (zip) file");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("x.npy"));
            out.write("not numpy at all".getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
        }
        Path bad = file("b.npz", zip.toByteArray());
        assertRejected(bad, "b.npz!x.npy: not a .npy file");
        ByteArrayOutputStream short_ = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(short_)) {
            out.putNextEntry(new ZipEntry("y.npy"));
            out.write(npy(dict("<f8", "(1000,)"), 16));
            out.closeEntry();
        }
        assertRejected(file("c.npz", short_.toByteArray()), "c.npz!y.npy: truncated, shape [1000] of FLOAT64 needs 8000");
    }

    @Test
    void aWellFormedFileOfTheSameShapePasses() throws IOException {
        Path ok = file("ok.npy", npy(dict("<f4", "(2,)"), 8));
        assertThat(TensorFiles.stats(ok).get("ok").count()).isEqualTo(2);
    }
}
