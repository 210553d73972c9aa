package io.jinit.formats;

import io.jinit.NamedInitializer;
import io.jinit.random.RandomKey;
import io.jinit.shape.Shape;
import java.util.Map;

/**
 * A cheap initializer whose value tells its index: element i is {@code (i mod 251) - 125}, an
 * integer every dtype holds exactly, so a misplaced chunk shows in the values.
 */
record Ramp() implements NamedInitializer {

    static double value(long i) {
        return (double) (i % 251) - 125;
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, float[] out, int offset, int length) {
        long r = from % 251;
        for (int i = 0; i < length; i++) {
            out[offset + i] = (float) (r - 125);
            r = r == 250 ? 0 : r + 1;
        }
    }

    @Override
    public void fill(Shape shape, RandomKey key, long from, double[] out, int offset, int length) {
        long r = from % 251;
        for (int i = 0; i < length; i++) {
            out[offset + i] = r - 125;
            r = r == 250 ? 0 : r + 1;
        }
    }

    @Override
    public RandomKey key() {
        return RandomKey.of(0);
    }

    @Override
    public String className() {
        return "Ramp";
    }

    @Override
    public String module() {
        return "test";
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }
}
