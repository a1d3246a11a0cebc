package dev.verdict.core;

/**
 * The root of every error Verdict reports. Each failure mode has its own subtype so callers can
 * react to it (reject a request, keep the old model, alert) without parsing messages.
 *
 * <p>Unchecked: bad input on the request path is a programming or data error the caller
 * usually cannot repair locally, and checked exceptions would leak into every lambda.
 */
public class VerdictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, naming the offending feature, model, file or value
     */
    public VerdictException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public VerdictException(String message, Throwable cause) {
        super(message, cause);
    }
}
