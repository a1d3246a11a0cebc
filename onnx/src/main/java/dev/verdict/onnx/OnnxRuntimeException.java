package dev.verdict.onnx;

import dev.verdict.core.VerdictException;

/**
 * An error ONNX Runtime reported while scoring, carrying its error code and message. Errors while
 * loading a model are {@link dev.verdict.core.ModelLoadException}s instead.
 */
public final class OnnxRuntimeException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /** ONNX Runtime's {@code OrtErrorCode}. */
    private final int errorCode;

    /**
     * Creates the exception.
     *
     * @param errorCode ONNX Runtime's {@code OrtErrorCode}
     * @param message what failed, with ONNX Runtime's message
     */
    public OnnxRuntimeException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** {@return ONNX Runtime's {@code OrtErrorCode} (e.g. 2 = invalid argument, 6 = runtime exception)} */
    public int errorCode() {
        return errorCode;
    }
}
