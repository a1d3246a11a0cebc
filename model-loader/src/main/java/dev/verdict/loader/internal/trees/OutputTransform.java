package dev.verdict.loader.internal.trees;

/**
 * Turns a row's margins into its scores, exactly as the training library's objective does.
 * Implementations are stateless, or keep only per-call state in the arrays they are given, so one
 * instance serves all threads.
 */
@FunctionalInterface
public interface OutputTransform {
    /**
     * @param margins the row's margins
     * @param scores receives the row's scores
     */
    void apply(double[] margins, double[] scores);

    /** The identity, for raw-score objectives. */
    OutputTransform IDENTITY = (margins, scores) -> System.arraycopy(margins, 0, scores, 0,
            scores.length);
}
