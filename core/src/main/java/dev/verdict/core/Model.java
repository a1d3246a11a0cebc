package dev.verdict.core;

/**
 * A loaded, immutable model: the service-provider interface every model format implements (trees,
 * ONNX, GPU transformers). Shared by all threads; each thread scores through its own
 * {@link Scorer}.
 *
 * {@snippet class=dev.verdict.core.Snippets region=model}
 * }
 *
 * <p>Most services do not call models directly but publish them into a {@link ModelRegistry}
 * and score through a {@link ScoringSession}, which maps request features onto the model's
 * inputs, checks required values, and swaps versions atomically.
 */
public interface Model extends AutoCloseable {

    /** {@return what the model is: format, version, objective, details} */
    ModelInfo info();

    /**
     * The features the model reads, in the order it reads them. Names come from the artifact; a
     * model stored without names has {@link FeatureSchema#positional(int) positional} names.
     *
     * @return the input schema
     */
    FeatureSchema inputSchema();

    /**
     * {@return whether {@link #inputSchema()} carries the names stored in the artifact, rather than positional names invented for a model stored without them}
     */
    boolean hasFeatureNames();

    /** {@return the shape and names of the outputs} */
    OutputSpec outputs();

    /** {@return a new thread-confined scorer} */
    Scorer newScorer();

    /**
     * {@return whether {@link #newExplainer()} gives contributions for this model}
     */
    default boolean canExplain() {
        return false;
    }

    /**
     * {@return a new thread-confined explainer of this model's scores}
     *
     * @throws ExplanationNotSupportedException if {@link #canExplain()} is false
     */
    default Explainer newExplainer() {
        throw new ExplanationNotSupportedException(info().format() + " model " + this
                + " cannot explain its scores: contributions are computed for tree models");
    }

    /**
     * Releases native resources. Scoring after closing is undefined; the {@link ModelRegistry}
     * closes a replaced version only after its last in-flight request finished.
     */
    @Override
    default void close() {
    }
}
