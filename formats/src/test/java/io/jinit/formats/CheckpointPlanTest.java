package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jinit.HalfFloats;
import io.jinit.shape.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CheckpointPlan}: its files written in parts by separate writers equal the whole, its
 * description gives each tensor's true byte range, and a weight file streamed into any channel
 * has the bytes of the file.
 */
class CheckpointPlanTest {
    @TempDir
    Path dir;

    /** Three weight files of mixed dtypes, the middle one larger than a default chunk, and an index. */
    private static CheckpointPlan plan() {
        Random random = new Random(42);
        List<CheckpointPlan.WeightFile> weights = List.of(
                new CheckpointPlan.WeightFile("a.safetensors", List.of(
                        source("w1", random, DType.FLOAT32, 7, 5),
                        source("b1", random, DType.BFLOAT16, 5))),
                new CheckpointPlan.WeightFile("b.safetensors", List.of(
                        source("big", random, DType.FLOAT16, 1100, 1000))),
                new CheckpointPlan.WeightFile("c.safetensors", List.of(
                        source("w2", random, DType.FLOAT64, 3, 3),
                        source("w3", random, DType.FLOAT32, 4))));
        return new CheckpointPlan(weights, List.of(new CheckpointPlan.TextFile("index.json", "{\"é\": 1}\n"),
                new CheckpointPlan.TextFile("config.json", "{}\n")));
    }

    private static ArraySource source(String name, Random random, DType dtype, long... dims) {
        Shape shape = Shape.copyOf(dims);
        double[] values = new double[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return new ArraySource(name, shape, dtype, values);
    }

    @Test
    void filesWrittenInPartsEqualTheWholeWrite() throws IOException {
        CheckpointPlan plan = plan();
        Path whole = dir.resolve("whole");
        plan.write(whole);
        Path parts = dir.resolve("parts");
        // Three writers, as three machines would, each building the plan itself.
        plan().write(parts, List.of(3, 1));
        assertThat(names(parts)).containsExactly("a.safetensors", "c.safetensors", "config.json", "index.json");
        plan().write(parts, List.of(2));
        plan().write(parts, List.of(2));
        assertThat(names(parts)).isEqualTo(names(whole)).hasSize(5);
        for (String name : names(whole)) {
            assertThat(Files.readAllBytes(parts.resolve(name))).as(name).isEqualTo(Files.readAllBytes(whole.resolve(name)));
        }
    }

    @Test
    void theDescriptionGivesEachFilesSizeAndEachTensorsByteRange() throws IOException, NoSuchAlgorithmException {
        CheckpointPlan plan = plan();
        plan.write(dir);
        JsonNode described = Json.MAPPER.readTree(plan.json());
        long totalBytes = 0;
        assertThat(described.get("weight_files")).hasSize(3);
        for (JsonNode w : described.get("weight_files")) {
            int number = w.get("number").asInt();
            CheckpointPlan.WeightFile planned = plan.weights().get(number - 1);
            assertThat(w.get("file").asText()).isEqualTo(planned.file());
            byte[] file = Files.readAllBytes(dir.resolve(planned.file()));
            assertThat(w.get("bytes").asLong()).isEqualTo(file.length).isEqualTo(planned.bytes());
            long headerBytes = w.get("header_bytes").asLong();
            assertThat(headerBytes).isEqualTo(8 + ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong());
            JsonNode header = Json.MAPPER.readTree(new String(file, 8, (int) headerBytes - 8, StandardCharsets.UTF_8));
            List<JsonNode> tensors = new ArrayList<>();
            w.get("tensors").forEach(tensors::add);
            assertThat(tensors).hasSameSizeAs(planned.tensors());
            for (int i = 0; i < tensors.size(); i++) {
                JsonNode t = tensors.get(i);
                ArraySource source = (ArraySource) planned.tensors().get(i);
                assertThat(t.get("name").asText()).isEqualTo(source.name());
                assertThat(t.get("dtype").asText()).isEqualTo(source.dtype().safetensorsName());
                assertThat(t.get("data_offsets")).isEqualTo(header.get(source.name()).get("data_offsets"));
                assertThat(t.get("shape")).isEqualTo(header.get(source.name()).get("shape"));
                long begin = t.get("file_offsets").get(0).asLong();
                long end = t.get("file_offsets").get(1).asLong();
                assertThat(begin).isEqualTo(headerBytes + t.get("data_offsets").get(0).asLong());
                // The bytes at the planned range are the tensor's, as the file's reader decodes them.
                double[] read = new double[source.values().length];
                TensorFiles.read(dir.resolve(planned.file()), source.name(), 0, read, 0, read.length);
                assertThat(end - begin).isEqualTo((long) read.length * source.dtype().byteSize());
                assertThat(encoded(read, source.dtype())).isEqualTo(java.util.Arrays.copyOfRange(file, (int) begin,
                        (int) end));
            }
            totalBytes += file.length;
        }
        for (JsonNode t : described.get("text_files")) {
            byte[] file = Files.readAllBytes(dir.resolve(t.get("file").asText()));
            assertThat(t.get("bytes").asLong()).isEqualTo(file.length);
            assertThat(t.get("sha256").asText())
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)));
            totalBytes += file.length;
        }
        assertThat(described.get("total_bytes").asLong()).isEqualTo(totalBytes);
        assertThat(described.get("total_parameters").asLong()).isEqualTo(35 + 5 + 1_100_000 + 9 + 4);
        assertThat(plan.json()).isEqualTo(plan().json()).endsWith("}\n").doesNotContain("\r");
    }

    @Test
    void aWeightFileStreamedIntoAnyChannelHasTheBytesOfTheFile() throws IOException {
        CheckpointPlan plan = plan();
        plan.write(dir);
        for (CheckpointPlan.WeightFile w : plan.weights()) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            w.write(Channels.newChannel(stream));
            assertThat(stream.toByteArray()).as(w.file()).isEqualTo(Files.readAllBytes(dir.resolve(w.file())));
        }
    }

    @Test
    void badPlansAndNumbersAreRefused() {
        CheckpointPlan.WeightFile a = plan().weights().get(0);
        assertThatThrownBy(() -> new CheckpointPlan(List.of(), List.of()))
                .hasMessage("a checkpoint needs at least one weight file: []");
        assertThatThrownBy(() -> new CheckpointPlan(List.of(a, a), List.of()))
                .hasMessage("a checkpoint file name appears twice: a.safetensors");
        assertThatThrownBy(() -> new CheckpointPlan(List.of(a), List.of(new CheckpointPlan.TextFile("a.safetensors",
                "")))).hasMessage("a checkpoint file name appears twice: a.safetensors");
        for (String name : new String[] {"", ".", "..", "../x.safetensors", "sub/x", "a\\b"}) {
            assertThatThrownBy(() -> new CheckpointPlan.WeightFile(name, a.tensors()))
                    .hasMessageStartingWith("a checkpoint file must have a plain file name: ");
        }
        CheckpointPlan plan = plan();
        for (int n : new int[] {0, 4, -1}) {
            assertThatThrownBy(() -> plan.write(dir, List.of(n)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("weight file number must be between 1 and 3: " + n);
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertThatThrownBy(() -> plan().write(file, Set.of(1)))
                .hasMessage("dir must be a directory, and is a file: " + file);
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    private static byte[] encoded(double[] values, DType dtype) {
        ByteBuffer out = ByteBuffer.allocate(values.length * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            switch (dtype) {
                case FLOAT64 -> out.putDouble(v);
                case FLOAT32 -> out.putFloat((float) v);
                case FLOAT16 -> out.putShort(HalfFloats.toFloat16Bits(v));
                default -> out.putShort(HalfFloats.toBfloat16Bits(v));
            }
        }
        return out.array();
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
