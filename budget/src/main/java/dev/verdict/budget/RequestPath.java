package dev.verdict.budget;

/**
 * A request path under test, such as "read the applicant's features, score two models, apply the
 * policy". The driver asks it for one {@link Request} per thread, so each thread owns what a real
 * request thread would own (a session, a reader, a vector).
 *
 * {@snippet class=dev.verdict.budget.Snippets region=path}
 */
@FunctionalInterface
public interface RequestPath {

    /**
     * {@return one thread's request, reused for every request that thread makes}
     *
     * @param thread the driver thread, from 0
     * @throws Exception if the path cannot be set up
     */
    Request newRequest(int thread) throws Exception;

    /** One thread's request: run once per scheduled start. It should not allocate. */
    @FunctionalInterface
    interface Request {
        /**
         * Runs one request.
         *
         * @param sequence this thread's request number, from 0 (warm-up requests included)
         */
        void run(long sequence);
    }
}
