package io.jinit.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void valueSemantics() {
        long[] dims = {3, 3, 16, 32};
        Shape s = Shape.copyOf(dims);
        dims[0] = 99;
        assertThat(s).isEqualTo(Shape.of(3, 3, 16, 32)).hasSameHashCodeAs(Shape.of(3, 3, 16, 32));
        assertThat(s.toString()).isEqualTo("[3, 3, 16, 32]");
        assertThat(s.size()).isEqualTo(4608);
        assertThat(s.rank()).isEqualTo(4);
        assertThat(s.dim(-1)).isEqualTo(32);
        assertThat(s.toArray()).containsExactly(3, 3, 16, 32);
        assertThat(Shape.copyOf(new int[] {2, 5})).isEqualTo(Shape.of(2, 5));
    }

    @Test
    void scalarAndEmpty() {
        assertThat(Shape.scalar().size()).isEqualTo(1);
        assertThat(Shape.copyOf(new long[0])).isEqualTo(Shape.scalar());
        assertThat(Shape.of(0, 5).size()).isZero();
    }

    @Test
    void badDimensionsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> Shape.of(3, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> Shape.of(1L << 32, 1L << 32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> Shape.copyOf((long[]) null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shape.of(2, 3).dim(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2");
        assertThatThrownBy(() -> Shape.of(1L << 20, 1L << 20).intSize())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1099511627776");
    }

    /** Shapes past 2^31 elements are valid; they are filled in ranges. */
    @Test
    void hugeShapesAreFine() {
        Shape s = Shape.of(1L << 20, 1L << 20);
        assertThat(s.size()).isEqualTo(1L << 40);
    }
}
