package io.jinit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jinit.catalogue.KerasCatalogue;
import io.jinit.random.RandomKey;
import io.jinit.shape.FanConvention;
import io.jinit.shape.Shape;
import io.jinit.testing.ReadmeExample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Java example of README.md, verbatim between the markers, so that it always compiles and runs. */
class ReadmeExampleTest {

    @Test
    void readmeExample() {
        // README example begins
        // Keras semantics: a named initializer with a seed gives the same values on every call.
        Initializer he = Initializers.get("he_normal", Map.of("seed", 42L));
        float[] kernel = he.sample(Shape.of(3, 3, 64, 128));         // Keras layout (kh, kw, in, out)

        // PyTorch semantics under its own name, TORCH layout (out, in, kh, kw).
        Initializer kaiming = Initializers.get("kaiming_uniform_", Map.of("a", Math.sqrt(5), "seed", 42L));
        float[] conv = kaiming.sample(Shape.of(128, 64, 3, 3));

        // One model, one seed: every tensor gets its own key from its name.
        RandomKey model = RandomKey.of(2024);
        float[] q = ParallelFill.common().sample(KerasCatalogue.glorotUniform(0), Shape.of(4096, 4096),
                model.derive("encoder.0.attn.q.weight"));

        // Straight into an engine's memory: a direct little-endian buffer, here as bfloat16.
        ByteBuffer k = ByteBuffer.allocateDirect(2 * 4096 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        ParallelFill.common().fill(KerasCatalogue.glorotUniform(0), Shape.of(4096, 4096),
                model.derive("encoder.0.attn.k.weight"), 0, k, ElementType.BFLOAT16);

        // Keras-shaped configs, both ways.
        Map<String, Object> dict = Initializers.serialize(he);
        Initializer same = Initializers.deserialize(dict);
        // README example ends

        assertThat(same).isEqualTo(he);
        assertThat(same.sample(Shape.of(3, 3, 64, 128))).containsExactly(kernel);
        assertThat(conv).hasSize(128 * 64 * 9);
        assertThat(q).hasSize(4096 * 4096);
        assertThat(k.getShort(0)).isEqualTo(HalfFloats.toBfloat16Bits(ParallelFill.sequential().sampleDouble(
                KerasCatalogue.glorotUniform(0), Shape.of(4096, 4096), model.derive("encoder.0.attn.k.weight"))[0]));
        assertThat(dict.get("class_name")).isEqualTo("HeNormal");
        assertThat(FanConvention.TORCH.fans(Shape.of(128, 64, 3, 3)).fanIn()).isEqualTo(576);
    }

    @Test
    void theReadmeShowsThisExampleVerbatim() {
        assertThat(ReadmeExample.shownIn(Path.of("../README.md"), Path.of("src/test/java/io/jinit/ReadmeExampleTest.java")))
                .as(ReadmeExample.in(Path.of("src/test/java/io/jinit/ReadmeExampleTest.java"))).isTrue();
    }
}
