package dev.verdict.decision;

import dev.verdict.core.VerdictException;

/**
 * A decision policy that cannot be used: a malformed policy file, unordered or overlapping score
 * bands, a missing default outcome, or a name that does not resolve (a feature the request schema
 * lacks, a model nobody registered). The message names the file and line, or the rule.
 */
public final class PolicyException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message where (file and line, or rule) and what is wrong
     */
    public PolicyException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message where and what is wrong
     * @param cause the underlying failure
     */
    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
