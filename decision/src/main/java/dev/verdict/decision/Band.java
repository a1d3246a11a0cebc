package dev.verdict.decision;

import java.util.Objects;

/**
 * One band of a score cut-off rule: scores below {@link #upper()} (and at or above the previous
 * band's bound) get {@link #outcome()}. The last band of a rule may be open
 * ({@link #rest(Outcome)}: every score from the previous bound up).
 *
 * @param upper the exclusive upper bound, or {@code +Infinity} for the open last band
 * @param outcome what a score in the band decides
 */
public record Band(double upper, Outcome outcome) {

    /** Validates the band. */
    public Band {
        Objects.requireNonNull(outcome, "outcome");
        if (Double.isNaN(upper) || upper == Double.NEGATIVE_INFINITY) {
            throw new PolicyException("a band's upper bound must be a number, got " + upper);
        }
    }

    /**
     * {@return a band of the scores below {@code upper}}
     *
     * @param upper the exclusive upper bound
     * @param outcome what a score in the band decides
     */
    public static Band below(double upper, Outcome outcome) {
        return new Band(upper, outcome);
    }

    /**
     * {@return the open last band: every score from the previous band's bound up}
     *
     * @param outcome what a score in the band decides
     */
    public static Band rest(Outcome outcome) {
        return new Band(Double.POSITIVE_INFINITY, outcome);
    }
}
