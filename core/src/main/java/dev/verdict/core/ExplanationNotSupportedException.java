package dev.verdict.core;

/**
 * Asked for contributions from a model that cannot give them: a model type with no explainer
 * (ONNX graphs, for instance), or a tree model loaded without what explanations need.
 */
public final class ExplanationNotSupportedException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which model and why
     */
    public ExplanationNotSupportedException(String message) {
        super(message);
    }
}
