package dev.verdict.samples.underwriting.web;

import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, with the status and a message that tells the caller what to
 * change; {@link ApiErrors} turns it into an {@code application/problem+json} body. Carries no
 * stack trace: it is an answer, not a fault.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String code;

    /**
     * @param status the HTTP status
     * @param code a stable, machine-readable reason, e.g. {@code invalid_request}
     * @param detail what is wrong, for a person
     */
    public ApiException(HttpStatus status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    /**
     * {@return a 400 for a request that breaks the API's rules}
     *
     * @param detail what is wrong
     */
    public static ApiException invalid(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", detail);
    }

    /**
     * {@return a 404 for a model or version the service does not serve}
     *
     * @param code {@code unknown_model} or {@code model_version_not_served}
     * @param detail what is wrong
     */
    public static ApiException notServed(String code, String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, code, detail);
    }

    /** {@return the HTTP status} */
    public HttpStatus status() {
        return status;
    }

    /** {@return the machine-readable reason} */
    public String code() {
        return code;
    }
}
