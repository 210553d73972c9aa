package io.jinit.init;

import io.jinit.shape.FanConvention;
import io.jinit.shape.FanMode;
import java.util.Optional;

/**
 * A family whose elements have a variance set by the tensor's fans: {@link VarianceScaling}
 * (Keras's arithmetic) and {@link GainScaling} (PyTorch's). Both read fans under their
 * {@link #fans()} convention, which {@link #fanConvention()} reports.
 *
 * @since 0.1
 */
public interface FanScaling extends DistributionInitializer, Seeded {

    /**
     * The fan the variance divides by.
     *
     * @return the mode
     */
    FanMode mode();

    /**
     * The distribution of the elements.
     *
     * @return the kind
     */
    DistributionKind kind();

    /**
     * How fans are read from the shape.
     *
     * @return the convention
     */
    FanConvention fans();

    @Override
    default Optional<FanConvention> fanConvention() {
        return Optional.of(fans());
    }

    /**
     * Checks the parts every variance-scaling family needs.
     *
     * @param mode the fan mode
     * @param kind the distribution kind
     * @param fans the fan convention
     * @throws IllegalArgumentException naming the first that is null
     */
    static void requireParts(FanMode mode, DistributionKind kind, FanConvention fans) {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null: null");
        }
        if (kind == null) {
            throw new IllegalArgumentException("distribution must not be null: null");
        }
        if (fans == null) {
            throw new IllegalArgumentException("fans must not be null: null");
        }
    }
}
