package io.jinit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExactTrigTest {

    @Test
    void quarterTurnsAreExact() {
        long q = 1024;
        assertThat(ExactTrig.cosTurns(0, q)).isEqualTo(1.0);
        assertThat(ExactTrig.cosTurns(256, q)).isEqualTo(0.0);
        assertThat(ExactTrig.cosTurns(512, q)).isEqualTo(-1.0);
        assertThat(ExactTrig.cosTurns(768, q)).isEqualTo(0.0);
        assertThat(ExactTrig.sinTurns(0, q)).isEqualTo(0.0);
        assertThat(ExactTrig.sinTurns(256, q)).isEqualTo(1.0);
        assertThat(ExactTrig.sinTurns(512, q)).isEqualTo(0.0);
        assertThat(ExactTrig.sinTurns(768, q)).isEqualTo(-1.0);
    }

    @Test
    void agreesWithTheDirectFormulaForSmallAngles() {
        // The direct argument 2πp/q carries two roundings, up to about 2π · 2^-52 ≈ 1.4e-15 for
        // 0 <= p <= q; ExactTrig's own error is a few 1e-16. Negative and large p are covered below.
        for (long q = 1; q <= 64; q++) {
            for (long p = 0; p <= q; p++) {
                double angle = 2 * Math.PI * p / q;
                assertThat(ExactTrig.cosTurns(p, q)).as("cos %d/%d", p, q).isCloseTo(StrictMath.cos(angle), within(2e-15));
                assertThat(ExactTrig.sinTurns(p, q)).as("sin %d/%d", p, q).isCloseTo(StrictMath.sin(angle), within(2e-15));
            }
        }
    }

    @Test
    void wholeTurnsAreRemovedExactly() {
        // 2π (1e12 q + 3) / q computed in floating point would be off by about 1e-4.
        long q = 1022;
        long p = 1_000_000_000_000L * q + 3;
        assertThat(ExactTrig.cosTurns(p, q)).isEqualTo(ExactTrig.cosTurns(3, q));
        assertThat(ExactTrig.sinTurns(p, q)).isEqualTo(ExactTrig.sinTurns(3, q));
        assertThat(ExactTrig.sinTurns(-p, q)).isEqualTo(-ExactTrig.sinTurns(3, q));
    }

    @Test
    void cosIsEvenAndSinIsOddExactly() {
        for (long q = 1; q <= 40; q++) {
            for (long p = 0; p < q; p++) {
                assertThat(ExactTrig.cosTurns(-p, q)).isEqualTo(ExactTrig.cosTurns(p, q));
                assertThat(ExactTrig.sinTurns(-p, q)).isEqualTo(p == 0 ? 0.0 : -ExactTrig.sinTurns(p, q));
            }
        }
    }
}
