package dev.verdict.core;

/**
 * A thread-confined object (a {@link ScoringSession}, a feature reader) called from a thread other
 * than the one that owns it. Raised in the calling thread before it touches anything, so the owner
 * is never handed a result another thread's call overwrote. The fix is one instance per thread, or
 * a pool whose threads {@link ThreadOwner#release() release} an instance before handing it on.
 */
public final class WrongThreadException extends VerdictException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which object, which threads, and what to do instead
     */
    public WrongThreadException(String message) {
        super(message);
    }
}
