package dev.verdict.samples.underwriting.web;

import dev.verdict.cache.StoreUnavailableException;
import dev.verdict.core.InvalidFeatureValueException;
import dev.verdict.core.ModelNotPublishedException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as {@code application/problem+json} (RFC 9457): {@code status}, {@code title},
 * {@code detail} (what to change), {@code code} (a stable reason) and {@code requestId}. Spring's
 * own errors (unknown path, wrong method or content type) get the same shape. Nothing unexpected
 * reaches the caller as a stack trace: it is logged with the request id, and the caller gets a 500
 * naming that id.
 */
@RestControllerAdvice
public final class ApiErrors extends ResponseEntityExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    /**
     * @param e a refused request
     * @param request the request
     * @return its problem
     */
    @ExceptionHandler(ApiException.class)
    public ResponseEntity<ProblemDetail> refused(ApiException e, HttpServletRequest request) {
        LOG.atDebug().setMessage("request refused").addKeyValue("status", e.status().value())
                .addKeyValue("code", e.code()).addKeyValue("detail", e.getMessage()).log();
        return problem(e.status(), e.code(), e.getMessage(), request);
    }

    /**
     * @param e a value that does not fit its feature (an infinity, a fractional category code)
     * @param request the request
     * @return a 400
     */
    @ExceptionHandler(InvalidFeatureValueException.class)
    public ResponseEntity<ProblemDetail> invalidValue(InvalidFeatureValueException e,
            HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage(), request);
    }

    /**
     * @param e a model with no version yet
     * @param request the request
     * @return a 503
     */
    @ExceptionHandler(ModelNotPublishedException.class)
    public ResponseEntity<ProblemDetail> notPublished(ModelNotPublishedException e,
            HttpServletRequest request) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "model_not_ready", e.getMessage(), request);
    }

    /**
     * @param e a cache record held locked past the read's timeout (a writer died holding it)
     * @param request the request
     * @return a 503, to be retried
     */
    @ExceptionHandler(StoreUnavailableException.class)
    public ResponseEntity<ProblemDetail> storeUnavailable(StoreUnavailableException e,
            HttpServletRequest request) {
        LOG.atWarn().setMessage("feature cache unavailable").setCause(e).log();
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "feature_cache_unavailable",
                "the applicant's features could not be read in time; retry", request);
    }

    /**
     * @param e anything else: a fault of the service, logged in full
     * @param request the request
     * @return a 500 naming the request id, never the exception
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> fault(Exception e, HttpServletRequest request) {
        LOG.atError().setMessage("request failed").setCause(e)
                .addKeyValue("path", request.getRequestURI()).log();
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "the service failed on this request; quote request id " + RequestIds.of(request)
                        + " to its operators", request);
    }

    /** Spring's own errors (404, 405, 415...): the same shape, with a code and the request id. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail p && request instanceof NativeWebRequest n
                && n.getNativeRequest() instanceof HttpServletRequest http) {
            decorate(p, codeFor(statusCode), http);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 415 -> "unsupported_media_type";
            default -> status.is4xxClientError() ? "invalid_request" : "internal_error";
        };
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String code,
            String detail, HttpServletRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        decorate(p, code, request);
        return ResponseEntity.status(status).body(p);
    }

    private static void decorate(ProblemDetail p, String code, HttpServletRequest request) {
        p.setProperty("code", code);
        p.setProperty("requestId", RequestIds.of(request));
        if (p.getInstance() == null) {
            try {
                p.setInstance(java.net.URI.create(request.getRequestURI()));
            } catch (IllegalArgumentException notAUri) {
                // Leave it out: the problem must be answered whatever path the request named.
            }
        }
    }
}
