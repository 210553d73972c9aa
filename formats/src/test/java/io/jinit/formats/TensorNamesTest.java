package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Names that a writer would store but that its reader or the peers (numpy.load, the safetensors
 * reference reader) would refuse or read as another name: the writers refuse them before creating
 * any file, and what they do write reads back under the same name. numpy 2.4.6 behaviour cited in
 * comments was checked with Python 3.11.
 */
class TensorNamesTest {
    @TempDir
    Path dir;

    private static ArraySource tensor(String name) {
        return new ArraySource(name, Shape.of(2), DType.FLOAT32, new double[] {1, 2});
    }

    private void assertNoFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // zipfile.ZipInfo cuts names at NUL: numpy.load would list 'a'.
        "a\u0000b|must not hold NUL, where Python's zipfile (so numpy.load) cuts member names: a\\x00b",
        // numpy.savez raises UnicodeEncodeError; Java's encoder would write '?'.
        "a\ud800|must be valid Unicode, but holds a lone surrogate at index 1: a\\ud800",
        "\udc00a|must be valid Unicode, but holds a lone surrogate at index 0: \\udc00a",
        "a\\b|must not hold a backslash, which zipfile on Windows reads as '/': a\\\\b",
        "/etc/w|must not start with '/', an absolute path when unzipped: /etc/w",
        "../w|must not have an empty, '.' or '..' segment between slashes, which unzip resolves to another path: ../w",
        "a/../../w|must not have an empty, '.' or '..' segment between slashes, which unzip resolves to another path: a/../../w",
        "a//w|must not have an empty, '.' or '..' segment between slashes, which unzip resolves to another path: a//w",
        "./w|must not have an empty, '.' or '..' segment between slashes, which unzip resolves to another path: ./w",
        "w/|must not have an empty, '.' or '..' segment between slashes, which unzip resolves to another path: w/",
    })
    void npzRefusesNamesThatDoNotComeBack(String name, String message) throws IOException {
        assertThatThrownBy(() -> NpzWriter.of().write(dir.resolve("w.npz"), List.of(tensor("ok"), tensor(name))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tensor name " + message);
        assertNoFiles();
    }

    @Test
    void npzRefusesANameThatNumpyResolvesToAnotherTensor() throws IOException {
        // np.savez(f, **{'a': ones, 'a.npy': zeros}); np.load(f)['a.npy'] gives the ones of 'a'.
        assertThatThrownBy(() -> NpzWriter.of().write(dir.resolve("w.npz"), List.of(tensor("a.npy"), tensor("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor names X and X.npy cannot share a .npz, since numpy.load(f)['X.npy'] finds the"
                        + " member X.npy, which holds tensor X: a.npy");
        assertNoFiles();
    }

    @Test
    void npzKeepsSlashesCaseAndDoubleExtensions() throws IOException {
        // numpy.load lists ['dense/kernel:0', 'W', 'w', 'b.npy', 'é', ...] and returns each one's own array.
        List<String> names = List.of("dense/kernel:0", "W", "w", "b.npy", "é", "x.npy.npy", "\u001b[2J", "日本");
        Path out = dir.resolve("w.npz");
        NpzWriter.of().write(out, names.stream().map(TensorNamesTest::tensor).toList());
        assertThat(TensorFiles.open(out)).extracting(TensorInfo::name).containsExactlyElementsOf(names);
    }

    @Test
    void safetensorsRefusesLoneSurrogatesInNamesAndMetadata() throws IOException {
        // Jackson would write the lone surrogate as a JSON escape, which serde_json (the reference reader) rejects.
        assertThatThrownBy(() -> SafetensorsWriter.of().write(dir.resolve("w.safetensors"),
                List.of(tensor("w"), tensor("x\ud800"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name of tensor 1 must be valid Unicode, but holds a lone surrogate at index 1, which"
                        + " safetensors readers refuse: x\\ud800");
        assertThatThrownBy(() -> SafetensorsWriter.of().withMetadata(Map.of("note", "\udfff")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metadata value of note must be valid Unicode, but holds a lone surrogate at index 0,"
                        + " which safetensors readers refuse: \\udfff");
        assertThatThrownBy(() -> SafetensorsWriter.of().withMetadata(Map.of("\ud800", "v")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("metadata key must be valid");
        assertNoFiles();
    }

    @Test
    void safetensorsNamesOfAnyLengthThatFitsTheHeaderReadBack() throws IOException {
        // 60,000 characters passed Jackson's default key limit of 50,000 bytes; the reference has none.
        for (int length : new int[] {60_000, 1_000_000}) {
            String name = "w".repeat(length - 1) + "é";
            Path out = dir.resolve(length + ".safetensors");
            SafetensorsWriter.of().withMetadata(Map.of(name, name)).write(out, List.of(tensor(name)));
            assertThat(TensorFiles.open(out)).extracting(TensorInfo::name).containsExactly(name);
            assertThat(TensorFiles.metadata(out)).containsEntry(name, name);
        }
    }

    @Test
    void safetensorsRefusesANameLongerThanAHeader() throws IOException {
        String name = "w".repeat(SafetensorsHeader.MAX_HEADER_BYTES + 1);
        assertThatThrownBy(() -> SafetensorsWriter.of().write(dir.resolve("w.safetensors"), List.of(tensor(name))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name of tensor 0 is 100000001 UTF-8 bytes long, more than a safetensors header holds"
                        + " (100000000): " + "w".repeat(80) + "...");
        assertNoFiles();
    }

    /** A safetensors file of one empty F32 tensor whose name is the given UTF-8 bytes. */
    private static byte[] safetensorsNamed(byte[] name) {
        byte[] head = "{\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}".getBytes(StandardCharsets.US_ASCII);
        int n = head.length + name.length + tail.length;
        return ByteBuffer.allocate(8 + n).order(ByteOrder.LITTLE_ENDIAN).putLong(n).put(head).put(name).put(tail)
                .array();
    }

    @ParameterizedTest
    @CsvSource({
        // Rust's str::from_utf8 (safetensors' read_metadata) refuses each; Jackson alone accepts the first two.
        "overlong NUL, C080, 11",
        "encoded surrogate U+D800, EDA080, 11",
        "overlong slash, E080AF, 11",
        "past U+10FFFF, F4908080, 11",
        "lone continuation byte, 80, 11",
        "truncated sequence, E282, 11",
    })
    void safetensorsHeadersMustBeStrictUtf8(String what, String hex, int at) throws IOException {
        byte[] bad = new byte[hex.length() / 2 + 1];
        bad[0] = 'w';
        for (int i = 0; i < bad.length - 1; i++) {
            bad[i + 1] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        Path file = Files.write(dir.resolve("t.safetensors"), safetensorsNamed(bad));
        assertThatThrownBy(() -> TensorFiles.open(file)).as(what).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": safetensors header is not valid UTF-8 at byte " + at + " (overlong forms, encoded"
                        + " surrogates and invalid sequences are refused, as by the reference reader)");
        Path ok = Files.write(dir.resolve("ok.safetensors"), safetensorsNamed("w\u00e9\ud83d\ude00".getBytes(
                StandardCharsets.UTF_8)));
        assertThat(TensorFiles.open(ok)).extracting(TensorInfo::name).containsExactly("w\u00e9\ud83d\ude00");
    }

    @Test
    void safetensorsHeadersMayNotEscapeLoneSurrogates() throws IOException {
        // serde_json refuses an escaped high surrogate without a low one after it; Jackson alone accepts it.
        Path name = Files.write(dir.resolve("n.safetensors"), safetensorsNamed("w\\ud800x".getBytes(
                StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> TensorFiles.open(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(name + ": safetensors header holds a key with a lone surrogate escape at index 1, which the"
                        + " reference reader refuses: w\\ud800x");
        byte[] json = "{\"__metadata__\":{\"k\":\"\\udc00\"}}".getBytes(StandardCharsets.US_ASCII);
        Path value = Files.write(dir.resolve("v.safetensors"), ByteBuffer.allocate(8 + json.length)
                .order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json).array());
        assertThatThrownBy(() -> TensorFiles.open(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("holds __metadata__ value of k with a lone surrogate escape at index 0, which the"
                        + " reference reader refuses: \\udc00");
        Path pair = Files.write(dir.resolve("p.safetensors"), safetensorsNamed("w\\ud83d\\ude00".getBytes(
                StandardCharsets.US_ASCII)));
        assertThat(TensorFiles.open(pair)).extracting(TensorInfo::name).containsExactly("w\ud83d\ude00");
    }
}
