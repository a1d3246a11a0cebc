package dev.verdict.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;

/**
 * One published version of a named model. Versions count up from 1 per name.
 *
 * <p>A version counts the requests scoring with it. Once replaced it is <em>retired</em>, and it
 * is closed by whichever thread finishes its last in-flight request, so a swap never fails or
 * corrupts a request that already started.
 */
public final class ModelVersion {
    private static final VarHandle STATE;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(ModelVersion.class, "state", int.class);
            CLOSED = lookup.findVarHandle(ModelVersion.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Bit 0 of {@link #state}: replaced by a newer version. */
    private static final int RETIRED = 1;
    /** What one in-flight request adds to {@link #state}. */
    private static final int REQUEST = 2;

    private final String name;
    private final long version;
    private final Model model;
    private final Instant publishedAt;
    final FeatureMapping mapping;

    /**
     * In-flight requests times {@link #REQUEST}, plus {@link #RETIRED}. One word, changed only by
     * atomic read-modify-writes, so "the last request left a retired version" is decided in the
     * same step that changes the count; reading a separate flag after the decrement would let a
     * request that entered meanwhile find its model closed under it.
     */
    @SuppressWarnings("unused")
    private volatile int state;
    /** Set once by CAS so the model is closed exactly once. */
    @SuppressWarnings("unused")
    private volatile boolean closed;

    ModelVersion(String name, long version, Model model, FeatureMapping mapping) {
        this.name = name;
        this.version = version;
        this.model = model;
        this.mapping = mapping;
        this.publishedAt = Instant.now();
    }

    /** {@return the name it was published under} */
    public String name() {
        return name;
    }

    /** {@return its version number, from 1} */
    public long version() {
        return version;
    }

    /** {@return the model} */
    public Model model() {
        return model;
    }

    /** {@return when it was published} */
    public Instant publishedAt() {
        return publishedAt;
    }

    /** {@return whether a newer version replaced it} */
    public boolean isRetired() {
        return (state & RETIRED) != 0;
    }

    /** {@return whether its model has been closed (retired and drained)} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Enters a request. Fails (returns false) only when the version was retired meanwhile; the
     * caller then re-reads the current version. A failed entry never touches the model.
     */
    boolean tryEnter() {
        int before = (int) STATE.getAndAdd(this, REQUEST);
        if ((before & RETIRED) != 0) {
            exit();
            return false;
        }
        return true;
    }

    void exit() {
        int after = (int) STATE.getAndAdd(this, -REQUEST) - REQUEST;
        if (after == RETIRED) {
            closeOnce();
        }
    }

    void retire() {
        int before = (int) STATE.getAndBitwiseOr(this, RETIRED);
        if (before == 0) {
            closeOnce();
        }
    }

    private void closeOnce() {
        if (CLOSED.compareAndSet(this, false, true)) {
            try {
                model.close();
            } catch (Exception e) {
                // Closing a retired model must not fail the request that happened to drain it.
                System.getLogger(ModelVersion.class.getName()).log(System.Logger.Level.WARNING,
                        "closing retired model " + name + " v" + version + " failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return name + " v" + version + " (" + model.info().format() + ")";
    }
}
