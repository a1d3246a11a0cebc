package dev.verdict.core;

/**
 * A thread-confined evaluator of one {@link Model}, owning every buffer a call needs so that
 * scoring allocates nothing. Create one per thread with {@link Model#newScorer()}; a
 * {@link ScoringSession} does this for you.
 *
 * {@snippet class=dev.verdict.core.Snippets region=scorer}
 *
 * <p>Implementations must not allocate in {@link #score} or {@link #scoreBatch} once warm, must
 * not block, and must leave {@code out} untouched when they throw.
 */
public interface Scorer extends AutoCloseable {

    /**
     * Scores one row.
     *
     * @param features values in the model's {@link Model#inputSchema() input schema}
     * @param out receives the scores and margins
     * @throws SchemaMismatchException if {@code features} is of another schema
     */
    void score(FeatureVector features, ScoreBuffer out);

    /**
     * Scores every row of a batch.
     *
     * @param features rows in the model's input schema
     * @param out receives one row of scores and margins per input row; its capacity must be at
     *     least {@code features.rowCount()}
     * @throws SchemaMismatchException if {@code features} is of another schema
     */
    void scoreBatch(FeatureBatch features, ScoreBatch out);

    /** Releases per-thread resources (native buffers); a no-op for pure-Java models. */
    @Override
    default void close() {
    }
}
