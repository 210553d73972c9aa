package io.jinit.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.ElementType;
import io.jinit.Initializer;
import io.jinit.Initializers;
import io.jinit.ParallelFill;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parameter filled into a little-endian buffer, as an engine adapter does it, holds the bytes
 * of the same parameter in jinit's {@code .safetensors} file, in every writable dtype.
 */
class BufferFillMatchesFilesTest {
    @TempDir
    Path dir;

    @Test
    void aBufferHoldsTheBytesOfTheFile() throws IOException {
        Initializer init = Initializers.get("he_normal");
        Shape shape = Shape.of(96, 700);
        long seed = 2024;
        String name = "encoder.layers.0.weight";
        Map<DType, ElementType> types = Map.of(DType.FLOAT32, ElementType.FLOAT32, DType.FLOAT64, ElementType.FLOAT64,
                DType.BFLOAT16, ElementType.BFLOAT16, DType.FLOAT16, ElementType.FLOAT16);
        for (Map.Entry<DType, ElementType> type : types.entrySet()) {
            Path file = dir.resolve(type.getKey().lowerCaseName() + ".safetensors");
            SafetensorsWriter.of().write(file, List.of(InitializedTensor.of(name, shape, type.getKey(), init, seed,
                    ParallelFill.common())));
            byte[] bytes = Files.readAllBytes(file);
            int header = 8 + (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();

            ByteBuffer buffer = ByteBuffer.allocateDirect((int) shape.size() * type.getValue().byteSize())
                    .order(ByteOrder.LITTLE_ENDIAN);
            ParallelFill.common().fill(init, shape, RandomKey.of(seed).derive(name), 0, buffer, type.getValue());

            assertThat(buffer).as("%s", type.getKey()).isEqualTo(ByteBuffer.wrap(bytes, header, bytes.length - header));
        }
    }
}
