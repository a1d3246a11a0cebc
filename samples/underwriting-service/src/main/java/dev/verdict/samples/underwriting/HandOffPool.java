package dev.verdict.samples.underwriting;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reuses thread-confined objects (deciders, scoring sessions) across request threads:
 * {@link #take()} hands one to the calling thread, which becomes its owner on first use;
 * {@link #giveBack} releases it, so that whichever thread takes it next may own it. Works the
 * same on Tomcat's platform threads and on virtual threads, where a {@code ThreadLocal} would
 * build a new decider for every request.
 *
 * <p>Last in, first out: the object given back most recently, whose buffers are likeliest still
 * in the CPU's caches, is handed out next. An empty pool makes a new object rather than wait, so
 * the pool grows to the number of requests in flight at the peak; {@code capacity} bounds how
 * many idle ones it keeps. A plain array under a lock: nothing allocated per take or give-back,
 * and the lock is held for a few instructions.
 *
 * @param <T> what is pooled
 */
public final class HandOffPool<T> {
    private final Object[] idle;
    private final Supplier<T> factory;
    private final Consumer<T> release;
    private int size;

    /**
     * Creates a pool, and {@code prefill} objects in it.
     *
     * @param capacity the most idle objects kept (at least the number of request threads)
     * @param prefill how many to make now, off the request path
     * @param factory makes one
     * @param release ends the calling thread's ownership of one
     */
    public HandOffPool(int capacity, int prefill, Supplier<T> factory, Consumer<T> release) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a pool keeps at least one object, not " + capacity);
        }
        this.idle = new Object[capacity];
        this.factory = factory;
        this.release = release;
        for (int i = 0; i < Math.min(prefill, capacity); i++) {
            idle[size++] = factory.get();
        }
    }

    /** {@return an object for the calling thread: the last one given back, or a new one} */
    public T take() {
        T t = poll();
        return t != null ? t : factory.get();
    }

    /**
     * Releases an object taken by the calling thread and keeps it for reuse (or drops it when
     * {@code capacity} idle ones are already kept). Nothing it returned may be read after this.
     *
     * @param t the object
     */
    public void giveBack(T t) {
        release.accept(t);
        synchronized (this) {
            if (size < idle.length) {
                idle[size++] = t;
            }
        }
    }

    /** {@return how many idle objects the pool holds now} */
    public synchronized int idle() {
        return size;
    }

    @SuppressWarnings("unchecked")
    private synchronized T poll() {
        if (size == 0) {
            return null;
        }
        T t = (T) idle[--size];
        idle[size] = null;
        return t;
    }
}
