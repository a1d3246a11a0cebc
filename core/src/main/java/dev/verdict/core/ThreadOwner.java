package dev.verdict.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The owner check of a thread-confined object such as a {@link ScoringSession}: the first thread
 * that uses the object owns it, and a call from any other thread throws
 * {@link WrongThreadException} until the owner {@linkplain #release() releases} it (a pool does
 * that when an instance is returned) or ends. Checking costs one load and one comparison.
 *
 * {@snippet class=dev.verdict.core.Snippets region=threadOwner}
 * }
 *
 * <p>Why an owner rather than a "call in progress" flag: a flag catches only calls that overlap,
 * while the buffers a call returns stay valid until the object's next call, so a second thread's
 * non-overlapping call can still overwrite a result the first thread has not read yet.
 */
public final class ThreadOwner {
    private static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(ThreadOwner.class, "owner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String what;
    /**
     * The owning thread, or null when free. Claimed by CAS; released by a volatile write, so the
     * next owner's claim sees everything the previous owner wrote into the object.
     */
    private volatile Thread owner;

    /**
     * Creates an owner check with no owner yet.
     *
     * @param what the confined object, for error messages ({@code "ScoringSession"})
     */
    public ThreadOwner(String what) {
        this.what = what;
    }

    /**
     * Claims the object for the calling thread when it is free (never used, released, or its owner
     * has ended), else checks that the calling thread owns it.
     *
     * @throws WrongThreadException if another live thread owns it
     */
    public void check() {
        if (owner != Thread.currentThread()) {
            claim();
        }
    }

    /**
     * Ends the calling thread's ownership, so that another thread may use the object next. What
     * the object's last call returned must not be read after this.
     *
     * @throws WrongThreadException if another live thread owns it
     */
    public void release() {
        check();
        owner = null;
    }

    /** {@return the owning thread, or null when free} */
    public Thread owner() {
        return owner;
    }

    private void claim() {
        Thread me = Thread.currentThread();
        while (true) {
            Thread holder = owner;
            if (holder == me) {
                return;
            }
            if (holder != null && holder.isAlive()) {
                throw new WrongThreadException(what + " is owned by thread '" + holder.getName()
                        + "' and was called from thread '" + me.getName() + "'. It belongs to the"
                        + " thread that first used it: give each thread its own, or have the owner"
                        + " call release() before handing it to another thread (a pool)");
            }
            if (OWNER.compareAndSet(this, holder, me)) {
                return;
            }
        }
    }
}
