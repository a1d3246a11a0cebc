package dev.verdict.core;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named, versioned models with atomic hot swap. Register a name with the schema its requests use,
 * publish versions into it, and score through {@link ScoringSession}s.
 *
 * {@snippet class=dev.verdict.core.Snippets region=registry}
 *
 * <p>Thread-safe. A request sees exactly one version from start to end; publishing validates the
 * new model first, so a model that cannot be fed from the request schema is rejected while the
 * current version keeps serving.
 */
public final class ModelRegistry implements AutoCloseable {
    private final ConcurrentHashMap<String, ModelHandle> handles = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();

    /** Creates an empty registry. */
    public ModelRegistry() {
    }

    /**
     * {@return the new handle}
     *
     * @param name the model's name
     * @param requestSchema the schema its requests are expressed in
     * @throws IllegalStateException if the name is taken
     */
    public ModelHandle register(String name, FeatureSchema requestSchema) {
        ModelHandle handle = new ModelHandle(name, requestSchema, nextId.getAndIncrement());
        if (handles.putIfAbsent(name, handle) != null) {
            throw new IllegalStateException("a model named '" + name + "' is already registered");
        }
        return handle;
    }

    /**
     * Registers {@code name} with the model's own input schema (if not registered yet) and
     * publishes the model.
     *
     * @param name the model's name
     * @param model the model
     * @return the new version
     */
    public ModelVersion publish(String name, Model model) {
        ModelHandle handle = handles.get(name);
        if (handle == null) {
            handle = handles.computeIfAbsent(name,
                    n -> new ModelHandle(n, model.inputSchema(), nextId.getAndIncrement()));
        }
        return handle.publish(model);
    }

    /**
     * {@return its handle}
     *
     * @param name a model name
     * @throws UnknownModelException if nothing is registered under the name
     */
    public ModelHandle handle(String name) {
        ModelHandle handle = handles.get(name);
        if (handle == null) {
            throw new UnknownModelException(name, handles.keySet());
        }
        return handle;
    }

    /** {@return the registered names} */
    public List<String> names() {
        return List.copyOf(handles.keySet());
    }

    /** {@return a new session for one thread} */
    public ScoringSession newSession() {
        return new ScoringSession(this);
    }

    /** Retires every model; each is closed once its in-flight requests finish. */
    @Override
    public void close() {
        handles.values().forEach(ModelHandle::retireCurrent);
    }
}
