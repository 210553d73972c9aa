package io.jinit.shape;

import java.util.List;

/** Validation and products of axis lists for the explicit-axes fan conventions. */
final class Axes {
    private Axes() {
    }

    static List<Integer> copy(String parameter, List<Integer> axes) {
        if (axes == null) {
            throw new IllegalArgumentException(parameter + " must not be null: null");
        }
        for (Integer a : axes) {
            if (a == null) {
                throw new IllegalArgumentException(parameter + " must not contain null: " + axes);
            }
        }
        return List.copyOf(axes);
    }

    static double product(Shape shape, List<Integer> axes) {
        double p = 1;
        for (int a : axes) {
            p *= shape.dim(a);
        }
        return p;
    }
}
