package io.jinit.formats.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.formats.DType;
import io.jinit.formats.InitializedTensor;
import io.jinit.formats.NpyWriter;
import io.jinit.formats.NpzWriter;
import io.jinit.formats.SafetensorsWriter;
import io.jinit.init.Constant;
import io.jinit.shape.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the committed seed corpus of the fuzz targets (docs/fuzzing.md), deterministically:
 * files from numpy and the safetensors library (copied from the golden files of the formats
 * tests), files from jinit's writers, the configs real Keras 3.15 writes, the specs of
 * docs/model-spec.md, and hand-made hostile inputs (lengths past the end, deep nesting,
 * overflowing shapes, unknown dtypes, regex characters in globs, class names that are not
 * initializers). Each corpus stays in the kilobytes. Run from the repository root after
 * {@code mvn -B -q -pl formats -am test-compile}:
 * <pre>
 *   java -cp "$(cat formats/target/fuzz-classpath.txt)" io.jinit.formats.fuzz.CorpusGenerator .
 * </pre>
 * where {@code formats/target/fuzz-classpath.txt} comes from {@code mvn -B -q -pl formats
 * dependency:build-classpath -Dmdep.outputFile=target/fuzz-classpath.txt
 * -Dmdep.includeScope=test} with {@code formats/target/test-classes:formats/target/classes:core/target/classes}
 * put in front. It replaces every file it writes and leaves other files in the input folders
 * alone.
 */
public final class CorpusGenerator {
    private static final String RESOURCES = "formats/src/test/resources/io/jinit/formats/";
    private static final long SEED = 7;

    private final Path root;

    private CorpusGenerator(Path root) {
        this.root = root;
    }

    /**
     * Writes the corpus.
     *
     * @param args the repository root (default: the working directory)
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        CorpusGenerator g = new CorpusGenerator(Path.of(args.length > 0 ? args[0] : "."));
        g.safetensors();
        g.npy();
        g.npz();
        g.modelSpecs();
        g.kerasConfigs();
    }

    private Path inputs(String testClass, String method) throws IOException {
        return Files.createDirectories(root.resolve(RESOURCES + "fuzz/" + testClass + "Inputs/" + method));
    }

    private Path golden(String name) {
        return root.resolve(RESOURCES + "golden/" + name);
    }

    private static List<InitializedTensor> tensors(DType... dtypes) {
        Initializer he = Initializers.get("he_normal", Map.of("seed", 1L));
        Initializer uniform = Initializers.get("uniform_", Map.of("a", -3.0, "b", 3.0, "seed", 2L));
        List<InitializedTensor> list = new ArrayList<>();
        for (DType d : dtypes) {
            String name = d.name().toLowerCase(java.util.Locale.ROOT);
            list.add(InitializedTensor.of(name + ".w", Shape.of(3, 4), d, he, SEED));
            list.add(InitializedTensor.of(name + ".b", Shape.of(5), d, uniform, SEED));
        }
        list.add(InitializedTensor.of("scalar", Shape.scalar(), dtypes[0], new Constant(-1.5), SEED));
        list.add(InitializedTensor.of("empty", Shape.of(0, 3), dtypes[0], new Constant(1), SEED));
        return list;
    }

    // ---- safetensors --------------------------------------------------------------------------

    private void safetensors() throws IOException {
        Path dir = inputs("SafetensorsFuzzTest", "safetensorsReader");
        for (String f : List.of("floats.safetensors", "ints.safetensors", "bf16.safetensors")) {
            Files.copy(golden(f), dir.resolve("numpy-" + f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path written = dir.resolve("jinit-all-dtypes");
        Files.deleteIfExists(written);
        SafetensorsWriter.of().withMetadata(Map.of("note", "corpus")).write(written,
                tensors(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16));

        String t = "\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        st(dir, "hostile-header-past-end", 1000, "{" + t + "}", 8);
        st(dir, "hostile-header-length-huge", Long.MAX_VALUE, "{}", 0);
        st(dir, "hostile-header-not-json", -1, "{\"t\":{\"dtype\":", 8);
        st(dir, "hostile-deep-nesting", -1, "{\"__metadata__\":" + "[".repeat(200) + "]".repeat(200) + "}", 0);
        st(dir, "hostile-overlapping", -1, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        st(dir, "hostile-offsets-past-data", -1, "{\"t\":{\"dtype\":\"F64\",\"shape\":[4],\"data_offsets\":[0,32]}}", 8);
        st(dir, "hostile-offsets-reversed", -1, "{\"t\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[8,0]}}", 8);
        st(dir, "hostile-negative-dim", -1, "{\"t\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8);
        st(dir, "hostile-overflowing-shape", -1, "{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,"
                + "4294967296],\"data_offsets\":[0,8]}}", 8);
        st(dir, "hostile-unknown-dtype", -1, "{\"t\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]}}", 8);
        st(dir, "hostile-metadata-not-strings", -1, "{\"__metadata__\":{\"a\":1,\"b\":[1]}," + t + "}", 8);
        st(dir, "hostile-duplicate-keys", -1, "{" + t + "," + t + "}", 8);
        st(dir, "hostile-size-mismatch", -1, "{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        st(dir, "hostile-gap-before-data", -1, "{\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16);
        st(dir, "hostile-number-forms", -1, "{\"t\":{\"dtype\":\"F32\",\"shape\":[2.0,1e0],\"data_offsets\":[0,8.0]}}", 8);
        st(dir, "padded-header", -1, "{" + t + "}        ", 8);
        st(dir, "empty-header", -1, "{}", 0);
    }

    /** A safetensors file: the header length (or -1 for the JSON's), the JSON, and data bytes 1, 2, .... */
    private static void st(Path dir, String name, long headerLength, String json, int dataBytes) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength < 0 ? header.length : headerLength).put(header);
        for (int i = 0; i < dataBytes; i++) {
            b.put((byte) (i + 1));
        }
        Files.write(dir.resolve(name), b.array());
    }

    // ---- npy ----------------------------------------------------------------------------------

    private void npy() throws IOException {
        Path dir = inputs("NpyFuzzTest", "npyReader");
        try (Stream<Path> files = Files.list(golden(""))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".npy")).sorted().toList()) {
                Files.copy(f, dir.resolve("numpy-" + f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (InitializedTensor t : tensors(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16)) {
            if (t.name().endsWith(".w") || t.name().equals("empty") || t.name().equals("scalar")) {
                Path out = dir.resolve("jinit-" + t.dtype().name().toLowerCase(java.util.Locale.ROOT) + "-" + t.name());
                Files.deleteIfExists(out);
                NpyWriter.of().write(out, t);
            }
        }
        npy(dir, "hostile-header-past-end", 1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8, 4000);
        npy(dir, "hostile-unknown-descr", 1, 0, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", 8, -1);
        npy(dir, "hostile-structured-descr", 1, 0, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
                4, -1);
        npy(dir, "hostile-negative-dim", 1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", 4, -1);
        npy(dir, "hostile-overflowing-shape", 1, 0,
                "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }", 8, -1);
        npy(dir, "hostile-truncated-data", 1, 0, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", 20, -1);
        npy(dir, "hostile-version-9", 9, 9, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4, -1);
        npy(dir, "hostile-not-a-dict", 1, 0, "['descr', '<f4']", 4, -1);
        npy(dir, "hostile-missing-key", 1, 0, "{'descr': '<f4', 'shape': (1,), }", 4, -1);
        npy(dir, "hostile-extra-key", 1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", 4, -1);
        npy(dir, "hostile-nested-shape", 1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': ((1,),), }", 4, -1);
        npy(dir, "hostile-long-literal", 1, 0, "{'descr': '<f4', 'fortran_order': False, 'shape': (1"
                + "0".repeat(60) + ",), }", 4, -1);
        npy(dir, "hostile-escapes", 1, 0, "{'descr': '<\\x66\\u0034', 'fortran_order': False, 'shape': (1,), }", 4, -1);
        npy(dir, "fortran-rank3", 1, 0, "{'descr': '>i2', 'fortran_order': True, 'shape': (2, 1, 2), }", 8, -1);
        npy(dir, "v2-bool", 2, 0, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", 3, -1);
        npy(dir, "v3-utf8-u8", 3, 0, "{'descr': '<u8', 'fortran_order': False, 'shape': (1,), } # \u00e9", 8, -1);
    }

    /**
     * A .npy file: version, header text (padded with spaces and a newline to a multiple of 64),
     * data bytes 1, 2, ..., and the header length to write (-1: the real one).
     */
    private static void npy(Path dir, String name, int major, int minor, String dict, int dataBytes, int headerLength)
            throws IOException {
        byte[] text = dict.getBytes(major >= 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = major == 1 ? 10 : 12;
        int total = (prefix + text.length + 1 + 63) / 64 * 64;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        int length = headerLength >= 0 ? headerLength : total - prefix;
        out.write(length & 0xff);
        out.write(length >>> 8 & 0xff);
        if (major != 1) {
            out.write(length >>> 16 & 0xff);
            out.write(length >>> 24 & 0xff);
        }
        out.write(text);
        for (int i = prefix + text.length; i < total - 1; i++) {
            out.write(' ');
        }
        out.write('\n');
        for (int i = 0; i < dataBytes; i++) {
            out.write(i + 1);
        }
        Files.write(dir.resolve(name), out.toByteArray());
    }

    // ---- npz ----------------------------------------------------------------------------------

    private void npz() throws IOException {
        Path dir = inputs("NpzFuzzTest", "npzReader");
        for (String f : List.of("stored.npz", "deflated.npz")) {
            Files.write(dir.resolve("file-numpy-" + f), tagged(0, Files.readAllBytes(golden(f))));
        }
        Path written = Files.createTempFile("corpus", ".npz");
        try {
            Files.delete(written);
            NpzWriter.of().write(written, tensors(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16));
            Files.write(dir.resolve("file-jinit-mixed"), tagged(0, Files.readAllBytes(written)));
        } finally {
            Files.deleteIfExists(written);
        }
        for (String f : List.of("f4_2x3.npy", "be_f8.npy", "fortran_f8.npy", "f2_scalar.npy", "v2_f4.npy", "b1.npy")) {
            byte[] member = Files.readAllBytes(golden(f));
            Files.write(dir.resolve("stored-member-numpy-" + f), tagged(1, member));
            Files.write(dir.resolve("deflated-member-numpy-" + f), tagged(3, member));
        }
        // Hostile archives, built by hand.
        byte[] one = NpzFuzzTest.zip(Files.readAllBytes(golden("f4_2x3.npy")), false);
        Files.write(dir.resolve("file-empty-zip"), tagged(0, new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0}));
        Files.write(dir.resolve("file-truncated-zip"), tagged(0, java.util.Arrays.copyOf(one, one.length - 30)));
        byte[] lying = one.clone();
        // The central directory's size field of the member (offset 24 in its record) claims 1 GiB.
        int central = lastIndexOf(lying, new byte[] {'P', 'K', 1, 2});
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putInt(central + 24, 1 << 30);
        Files.write(dir.resolve("file-member-size-lies"), tagged(0, lying));
        byte[] outside = one.clone();
        // The central directory's local-header offset (offset 42) points past the end.
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putInt(central + 42, 1 << 20);
        Files.write(dir.resolve("file-offset-outside"), tagged(0, outside));
        Files.write(dir.resolve("stored-member-not-npy"), tagged(1, "not a numpy file".getBytes(StandardCharsets.US_ASCII)));
        Files.write(dir.resolve("deflated-member-short"), tagged(3, new byte[] {(byte) 0x93, 'N', 'U', 'M'}));
    }

    private static byte[] tagged(int tag, byte[] rest) {
        byte[] b = new byte[rest.length + 1];
        b[0] = (byte) tag;
        System.arraycopy(rest, 0, b, 1, rest.length);
        return b;
    }

    private static int lastIndexOf(byte[] bytes, byte[] what) {
        for (int i = bytes.length - what.length; i >= 0; i--) {
            if (java.util.Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new IllegalStateException("not found");
    }

    // ---- model specs --------------------------------------------------------------------------

    private void modelSpecs() throws IOException {
        Path dir = inputs("ModelSpecFuzzTest", "modelSpecReader");
        text(dir, "docs-example", """
                {
                  "seed": 2024,
                  "dtype": "float32",
                  "parameters": [
                    {"name": "encoder.0.weight", "shape": [768, 3072], "initializer": "he_normal"},
                    {"name": "encoder.0.bias",   "shape": [3072]},
                    {"name": "embed", "shape": [50000, 768], "initializer": "normal_", "config": {"std": 0.02},
                     "dtype": "bfloat16"},
                    {"name": "head", "shape": [768, 10],
                     "initializer": {"class_name": "GlorotUniform", "config": {"seed": 7}}}
                  ],
                  "rules": [
                    {"pattern": "*.bias", "initializer": "zeros"}
                  ]
                }
                """);
        text(dir, "rules-and-dtypes", "{\"seed\": 1, \"dtype\": \"float16\", \"parameters\": [{\"name\": \"a.b?c\", "
                + "\"shape\": [2, 3, 4]}, {\"name\": \"x\", \"shape\": [], \"dtype\": \"float64\"}], \"rules\": "
                + "[{\"pattern\": \"a.b?c\", \"initializer\": \"orthogonal_\", \"config\": {\"gain\": 2}}, "
                + "{\"pattern\": \"*\", \"initializer\": \"kaiming_uniform_\", \"config\": {\"a\": 2.23606797749979, "
                + "\"mode\": \"fan_out\", \"nonlinearity\": \"leaky_relu\"}}]}");
        text(dir, "keras-configs", "{\"seed\": 9, \"parameters\": [{\"name\": \"k\", \"shape\": [3, 3, 8, 16], "
                + "\"initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"VarianceScaling\", \"config\": "
                + "{\"scale\": 2.0, \"mode\": \"fan_avg\", \"distribution\": \"uniform\", \"seed\": null}, "
                + "\"registered_name\": null}}, {\"name\": \"s\", \"shape\": [16, 32], \"initializer\": \"sparse_\", "
                + "\"config\": {\"sparsity\": 0.5, \"std\": 0.1}}, {\"name\": \"d\", \"shape\": [4, 4, 3], "
                + "\"initializer\": \"dirac_\", \"config\": {\"groups\": 2}}]}");
        text(dir, "no-seed", "{\"parameters\": [{\"name\": \"w\", \"shape\": [2, 2], \"initializer\": \"ones\"}]}");
        text(dir, "large-shape", "{\"seed\": 3, \"parameters\": [{\"name\": \"w\", \"shape\": [65536, 65536, 2], "
                + "\"initializer\": \"zeros\"}]}");
        String p = "{\"seed\": 5, \"parameters\": [%s]}";
        text(dir, "hostile-negative-dim", String.format(p, "{\"name\": \"w\", \"shape\": [-3, 2], \"initializer\": \"ones\"}"));
        text(dir, "hostile-overflow", String.format(p,
                "{\"name\": \"w\", \"shape\": [4294967296, 4294967296, 4294967296], \"initializer\": \"ones\"}"));
        text(dir, "hostile-fraction-dim", String.format(p, "{\"name\": \"w\", \"shape\": [2.5, 1e400], \"initializer\": \"ones\"}"));
        text(dir, "hostile-class-name", String.format(p,
                "{\"name\": \"w\", \"shape\": [2], \"initializer\": {\"class_name\": \"java.lang.Runtime\"}}"));
        text(dir, "hostile-regex-glob", "{\"seed\": 1, \"parameters\": [{\"name\": \"a\\\\E(\", \"shape\": [1]}], "
                + "\"rules\": [{\"pattern\": \"a\\\\E(*[\", \"initializer\": \"zeros\"}, {\"pattern\": \"?**??***\\\\Q\", "
                + "\"initializer\": \"ones\"}]}");
        text(dir, "hostile-types", "{\"seed\": \"1\", \"dtype\": 32, \"parameters\": {\"name\": \"w\"}, \"rules\": \"*\"}");
        text(dir, "hostile-seed-range", "{\"seed\": 18446744073709551616, \"parameters\": []}");
        text(dir, "hostile-deep", "{\"seed\": 1, \"parameters\": [" + "[".repeat(100) + "]".repeat(100) + "]}");
        text(dir, "hostile-config-values", String.format(p, "{\"name\": \"w\", \"shape\": [4, 4], \"initializer\": "
                + "\"trunc_normal_\", \"config\": {\"mean\": 1e308, \"std\": 1e-320, \"a\": -1e308, \"b\": 5e-324}}"));
        text(dir, "hostile-duplicate", String.format(p, "{\"name\": \"w\", \"shape\": [1], \"initializer\": \"ones\"}, "
                + "{\"name\": \"w\", \"shape\": [1], \"initializer\": \"ones\"}"));
        text(dir, "hostile-not-json", "{\"seed\": 1, \"parameters\": [{\"name\": \"w\", \"shape\": [1");
    }

    // ---- Keras configs ------------------------------------------------------------------------

    private void kerasConfigs() throws IOException {
        Path dir = inputs("KerasConfigFuzzTest", "kerasConfigReader");
        ObjectMapper mapper = new ObjectMapper();
        JsonNode keras = mapper.readTree(golden("../keras_written.json").toFile());
        int i = 0;
        for (JsonNode c : keras.get("cases")) {
            text(dir, String.format("keras-%02d-%s", i++, c.get("class_name").asText()), c.get("json").asText());
        }
        i = 0;
        for (JsonNode c : mapper.readTree(golden("../jinit_written.json").toFile())) {
            text(dir, String.format("jinit-%02d", i++), c.asText());
        }
        for (String id : List.of("he_normal", "GlorotUniform", "normal", "kaiming_uniform_", "trunc_normal", "dirac_",
                "torch_linear_default", "stft")) {
            text(dir, "identifier-" + id, "\"" + id + "\"");
        }
        text(dir, "torch-kaiming", "{\"module\": \"torch.nn.init\", \"class_name\": \"kaiming_normal_\", \"config\": "
                + "{\"a\": 0.1, \"mode\": \"fan_out\", \"nonlinearity\": \"leaky_relu\", \"seed\": 3}}");
        text(dir, "torch-trunc-normal", "{\"class_name\": \"trunc_normal_\", \"config\": {\"mean\": 0.5, \"std\": 2, "
                + "\"a\": -1, \"b\": 1}}");
        text(dir, "axes", "{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 1.5, \"mode\": \"fan_in\", "
                + "\"distribution\": \"truncated_normal\", \"in_axis\": 0, \"out_axis\": -1, \"batch_axis\": [1]}}");
        text(dir, "hostile-class-name", "{\"class_name\": \"java.lang.Runtime\", \"config\": {}}");
        text(dir, "hostile-registered-name", "{\"class_name\": \"X\", \"registered_name\": \">\", \"config\": null}");
        text(dir, "hostile-config-not-dict", "{\"class_name\": \"Orthogonal\", \"config\": [1, 2]}");
        text(dir, "hostile-values", "{\"class_name\": \"RandomUniform\", \"config\": {\"minval\": 1e308, "
                + "\"maxval\": -1e308, \"seed\": -9223372036854775809}}");
        text(dir, "hostile-types", "{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": \"2\", \"mode\": 1, "
                + "\"distribution\": null, \"seed\": 1.5}}");
        text(dir, "hostile-stft-window", "{\"class_name\": \"STFT\", \"config\": {\"side\": \"real\", \"window\": "
                + "[1e308, -1e308, 0], \"scaling\": \"density\", \"periodic\": \"yes\"}}");
        text(dir, "hostile-sparse", "{\"class_name\": \"sparse_\", \"config\": {\"sparsity\": 0.9999999999999999, "
                + "\"std\": 4.9e-324}}");
        text(dir, "hostile-deep", "[".repeat(80) + "]".repeat(80));
        text(dir, "hostile-huge-number", "{\"class_name\": \"Constant\", \"config\": {\"value\": 1" + "0".repeat(400) + "}}");
        text(dir, "hostile-number-literal", "{\"class_name\": \"Identity\", \"config\": {\"gain\": NaN}}");
    }

    private static void text(Path dir, String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
