package dev.verdict.loader;

/**
 * How to load a model. The defaults reproduce what the native library's own predict call does
 * with the artifact: every stored tree is used.
 *
 * {@snippet class=dev.verdict.loader.Snippets region=options}
 *
 * <p>An XGBoost model trained with early stopping stores {@code best_iteration}, and XGBoost's
 * scikit-learn {@code predict} stops there, while {@code Booster.predict}, XGBoost4J and these
 * defaults score every round. The model's {@code info().details()} says which under
 * {@code "best iteration"}: the stored value followed by {@code "(used: rounds 0–12 of 20)"},
 * {@code "(not used: all 20 rounds score)"}, or {@code "(the last round: every round scores
 * either way)"}. (LightGBM stores no best iteration: its Python package saves only the rounds up
 * to it.)
 *
 * @param useBestIteration for XGBoost models that stored {@code best_iteration} (early stopping):
 *     use rounds {@code [0, best_iteration]} only, as XGBoost's scikit-learn wrapper does; core
 *     {@code Booster.predict} and XGBoost4J use all rounds
 * @param iterationLimit use at most this many boosting rounds (0 = no limit), as the native
 *     {@code iteration_range=(0, n)} / LightGBM {@code num_iteration=n} would
 */
public record LoadOptions(boolean useBestIteration, int iterationLimit) {

    /** Validates the limit. */
    public LoadOptions {
        if (iterationLimit < 0) {
            throw new IllegalArgumentException("iterationLimit must be >= 0: " + iterationLimit);
        }
    }

    /** {@return all trees, no limits} */
    public static LoadOptions defaults() {
        return new LoadOptions(false, 0);
    }

    /** {@return these options, using the stored best iteration when there is one} */
    public LoadOptions withBestIteration() {
        return new LoadOptions(true, iterationLimit);
    }

    /**
     * {@return these options with the limit}
     *
     * @param rounds the most boosting rounds to use (0 = all)
     */
    public LoadOptions withIterationLimit(int rounds) {
        return new LoadOptions(useBestIteration, rounds);
    }
}
