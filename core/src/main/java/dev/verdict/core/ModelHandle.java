package dev.verdict.core;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A named slot in a {@link ModelRegistry} that always holds the current version of one model.
 * Look the handle up once and keep it; scoring through a handle costs no map lookup.
 *
 * {@snippet class=dev.verdict.core.Snippets region=registry}
 */
public final class ModelHandle {
    private final String name;
    private final FeatureSchema requestSchema;
    final int id;
    private final AtomicReference<ModelVersion> current = new AtomicReference<>();
    private final Object publishLock = new Object();
    private long lastVersion;

    ModelHandle(String name, FeatureSchema requestSchema, int id) {
        this.name = Objects.requireNonNull(name, "name");
        this.requestSchema = Objects.requireNonNull(requestSchema, "requestSchema");
        this.id = id;
    }

    /** {@return the model's name} */
    public String name() {
        return name;
    }

    /** {@return the schema requests to this model are expressed in} */
    public FeatureSchema requestSchema() {
        return requestSchema;
    }

    /**
     * Validates {@code candidate} against the request schema and makes it the current version in
     * one atomic step. Requests already running finish on the version they started with; the
     * replaced version is closed when its last request finishes.
     *
     * @param candidate the new model
     * @return the new version
     * @throws SchemaMismatchException if the model reads a feature the request schema cannot
     *     supply; the current version keeps serving
     */
    public ModelVersion publish(Model candidate) {
        Objects.requireNonNull(candidate, "candidate");
        FeatureMapping mapping = FeatureMapping.resolve(requestSchema, candidate);
        ModelVersion previous;
        ModelVersion next;
        synchronized (publishLock) {
            next = new ModelVersion(name, ++lastVersion, candidate, mapping);
            previous = current.getAndSet(next);
        }
        if (previous != null) {
            previous.retire();
        }
        return next;
    }

    /**
     * {@return the version serving now}
     *
     * @throws ModelNotPublishedException if nothing has been published yet
     */
    public ModelVersion current() {
        ModelVersion v = current.get();
        if (v == null) {
            throw new ModelNotPublishedException(name);
        }
        return v;
    }

    /** {@return whether a version has been published} */
    public boolean isPublished() {
        return current.get() != null;
    }

    /** Enters a request on the current version; pair with {@link ModelVersion#exit()}. */
    ModelVersion enter() {
        while (true) {
            ModelVersion v = current.get();
            if (v == null) {
                throw new ModelNotPublishedException(name);
            }
            if (v.tryEnter()) {
                return v;
            }
        }
    }

    /** Retires the current version, closing it once drained. */
    void retireCurrent() {
        ModelVersion v = current.getAndSet(null);
        if (v != null) {
            v.retire();
        }
    }

    @Override
    public String toString() {
        ModelVersion v = current.get();
        return "ModelHandle[" + name + (v == null ? ", unpublished" : ", v" + v.version()) + "]";
    }
}
