package dev.verdict.core;

/**
 * Computes one row's feature contributions for a model: thread-confined, like a {@link Scorer}.
 * Tree models explain with exact path-dependent TreeSHAP. Obtain one from
 * {@link Model#newExplainer()}, or let a {@link ScoringSession} hold one per model version.
 *
 * {@snippet class=dev.verdict.core.Snippets region=explainer}
 *
 * <p>Contract: after warm-up, {@link #explain} does not allocate when {@code out} already has
 * the model's shape ({@link Contributions#forModel(Model)}). When it throws, {@code out} is left
 * in an unspecified state.
 */
public interface Explainer extends AutoCloseable {

    /**
     * Computes the contributions of a row.
     *
     * @param features the row, in the model's input schema
     * @param out where the contributions go; shaped for the model if it is not already
     * @throws SchemaMismatchException if {@code features} is not of the model's input schema
     */
    void explain(FeatureVector features, Contributions out);

    @Override
    default void close() {
    }
}
