package io.jinit.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RandomKeyTest {

    @Test
    void seedSplitsIntoLowAndHighWords() {
        RandomKey key = RandomKey.of(0x0123_4567_89AB_CDEFL);
        assertThat(key.k0()).isEqualTo(0x89AB_CDEF);
        assertThat(key.k1()).isEqualTo(0x0123_4567);
        assertThat(key.asLong()).isEqualTo(0x0123_4567_89AB_CDEFL);
        assertThat(RandomKey.of(-1)).isEqualTo(new RandomKey(-1, -1));
    }

    /** Golden value from scripts/reference/stream_reference.py (SHA-256 of key bytes and name). */
    @Test
    void deriveIsTheSpecifiedHash() {
        assertThat(RandomKey.of(42).derive("layer.0.weight")).isEqualTo(new RandomKey(0x266da7ad, 0x91f2c5a5));
    }

    @Test
    void derivedKeysDependOnEveryCharacterAndOnTheParent() {
        RandomKey root = RandomKey.of(7);
        assertThat(root.derive("a.weight")).isNotEqualTo(root.derive("a.weigh"));
        assertThat(root.derive("a.weight")).isNotEqualTo(root.derive("b.weight"));
        assertThat(root.derive("a.weight")).isNotEqualTo(RandomKey.of(8).derive("a.weight"));
        assertThat(root.derive("a.weight")).isEqualTo(RandomKey.of(7).derive("a.weight"));
        assertThat(root.derive("")).isNotEqualTo(root);
        assertThat(root.derive("\u00e9")).isNotEqualTo(root.derive("e"));
    }

    @Test
    void nullNameIsRejected() {
        assertThatThrownBy(() -> RandomKey.of(1).derive(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }

    @Test
    void drawnSeedsAreInKerasRange() {
        for (int i = 0; i < 1000; i++) {
            assertThat(Seeds.draw()).isBetween(1L, Seeds.MAX_DRAWN);
        }
    }
}
