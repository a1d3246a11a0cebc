package dev.verdict.core;

/** How a feature's value is interpreted. Every value is carried as a {@code double}. */
public enum FeatureType {
    /** A real number; NaN means missing. */
    NUMERIC,
    /**
     * A category, carried as its non-negative integer code. A feature may carry a dictionary of
     * category names whose positions are the codes.
     */
    CATEGORICAL,
    /** {@code true}/{@code false}, carried as 1.0/0.0. */
    BOOLEAN
}
