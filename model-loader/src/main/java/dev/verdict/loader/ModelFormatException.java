package dev.verdict.loader;

import dev.verdict.core.ModelLoadException;

/**
 * A model artifact whose bytes do not form a valid model: malformed syntax, wrong types, truncated
 * content, inconsistent structure (out-of-range child or feature indices, cycles, NaN thresholds),
 * or an unknown objective. The message names the location in the artifact when one is known, e.g.
 * {@code learner.gradient_booster.model.trees[3].left_children[7]} or {@code line 42}.
 */
public final class ModelFormatException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the location and the problem
     */
    public ModelFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message the location and the problem
     * @param cause the underlying failure
     */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
