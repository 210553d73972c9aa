package io.jinit.cli;

import io.jinit.formats.DType;
import io.jinit.formats.TensorSource;
import io.jinit.shape.Shape;
import java.util.Map;

/** A tensor that reports the elements it has produced, for the progress bar. */
final class ProgressSource implements TensorSource {
    private final TensorSource source;
    private final ProgressBar bar;

    ProgressSource(TensorSource source, ProgressBar bar) {
        this.source = source;
        this.bar = bar;
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public Shape shape() {
        return source.shape();
    }

    @Override
    public DType dtype() {
        return source.dtype();
    }

    @Override
    public void fill(long from, float[] out, int offset, int length) {
        source.fill(from, out, offset, length);
        bar.advance(length);
    }

    @Override
    public void fill(long from, double[] out, int offset, int length) {
        source.fill(from, out, offset, length);
        bar.advance(length);
    }

    @Override
    public boolean finiteValues() {
        return source.finiteValues();
    }

    @Override
    public Map<String, String> metadata() {
        return source.metadata();
    }
}
