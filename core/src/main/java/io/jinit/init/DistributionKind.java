package io.jinit.init;

/**
 * The distribution a variance-scaling family draws from, given the standard deviation its
 * scale and fans ask for.
 *
 * @since 0.1
 */
public enum DistributionKind {
    /** A normal cut at ±2σ whose standard deviation after the cut is the one asked for. */
    TRUNCATED_NORMAL,
    /** A normal with the standard deviation asked for. */
    UNTRUNCATED_NORMAL,
    /** A symmetric uniform with the standard deviation asked for. */
    UNIFORM
}
