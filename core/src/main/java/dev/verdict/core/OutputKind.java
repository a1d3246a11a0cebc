package dev.verdict.core;

/** What a model's scores mean. */
public enum OutputKind {
    /** Probabilities in [0, 1]: binary and multi-class classifiers. */
    PROBABILITY,
    /**
     * Anything else: a regression value, a count, a hazard ratio, a ranking score, or a class
     * label chosen by the model (XGBoost {@code multi:softmax}).
     */
    PREDICTION
}
