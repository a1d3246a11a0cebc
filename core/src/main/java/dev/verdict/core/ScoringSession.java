package dev.verdict.core;

import java.util.Arrays;

/**
 * Scores requests against the models of a {@link ModelRegistry} for one thread. A session owns a
 * scorer, a model-ordered input vector and an output buffer per model, created on first use and
 * again after a version change; every other call allocates nothing.
 *
 * {@snippet class=dev.verdict.core.Snippets region=session}
 *
 * <p>Thread-confined: the first thread that calls a session owns it, and a call from another
 * thread throws {@link WrongThreadException} instead of overwriting the owner's buffers. Give each
 * thread its own session (they are cheap), or pool them: a pooled session is
 * {@linkplain #release() released} by the thread that used it before another takes it. The returned
 * buffers are owned by the session and overwritten by its next call for the same model.
 */
public final class ScoringSession implements AutoCloseable {
    private final ModelRegistry registry;
    private final ThreadOwner owner = new ThreadOwner("ScoringSession");
    private Slot[] slots = new Slot[4];

    ScoringSession(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * Scores one request with the current version of a model.
     *
     * @param model the model's handle
     * @param request values in the handle's {@link ModelHandle#requestSchema() request schema}
     * @return the scores, valid until the next call for this model on this session
     * @throws SchemaMismatchException if {@code request} is of another schema
     * @throws InvalidFeatureValueException if a required value is missing
     * @throws ModelNotPublishedException if nothing has been published under the handle yet
     * @throws WrongThreadException if another thread owns this session
     */
    public ScoreBuffer score(ModelHandle model, FeatureVector request) {
        owner.check();
        checkSchema(model, request.schema());
        ModelVersion version = model.enter();
        try {
            Slot slot = slotFor(model, version);
            FeatureMapping mapping = version.mapping;
            checkRequired(model.requestSchema(), mapping.requiredIndex, request);
            FeatureVector input = request;
            if (!mapping.identity) {
                mapping.copy(request, slot.input);
                input = slot.input;
            }
            slot.scorer.score(input, slot.out);
            slot.out.setModelVersion(version.version());
            return slot.out;
        } finally {
            version.exit();
        }
    }

    /**
     * Scores one request and computes its feature contributions, both with the same version of
     * the model, so the contributions explain exactly the score returned even across a hot swap.
     * Allocation-free after the first call for a model version when {@code out} already has the
     * model's shape.
     *
     * {@snippet class=dev.verdict.core.Snippets region=sessionExplain}
     *
     * @param model the model's handle
     * @param request values in the model's request schema
     * @param out receives the contributions, in the model's input order, stamped with the version
     * @return the scores, valid until the next call for this model on this session
     * @throws ExplanationNotSupportedException if the published version cannot explain
     */
    public ScoreBuffer explain(ModelHandle model, FeatureVector request, Contributions out) {
        owner.check();
        checkSchema(model, request.schema());
        ModelVersion version = model.enter();
        try {
            Slot slot = slotFor(model, version);
            FeatureMapping mapping = version.mapping;
            checkRequired(model.requestSchema(), mapping.requiredIndex, request);
            FeatureVector input = request;
            if (!mapping.identity) {
                mapping.copy(request, slot.input);
                input = slot.input;
            }
            Explainer explainer = slot.explainer();
            slot.scorer.score(input, slot.out);
            slot.out.setModelVersion(version.version());
            explainer.explain(input, out);
            out.setModelVersion(version.version());
            return slot.out;
        } finally {
            version.exit();
        }
    }

    /**
     * Like {@link #explain(ModelHandle, FeatureVector, Contributions)}, by name.
     *
     * @param name the model's name
     * @param request values in the model's request schema
     * @param out receives the contributions
     * @return the scores, valid until the next call for this model on this session
     * @throws UnknownModelException if nothing is registered under {@code name}
     * @throws ExplanationNotSupportedException if the published version cannot explain
     */
    public ScoreBuffer explain(String name, FeatureVector request, Contributions out) {
        return explain(registry.handle(name), request, out);
    }

    /**
     * Scores one request with the current version of the model registered under {@code name}.
     * Costs one hash lookup more than {@link #score(ModelHandle, FeatureVector)}.
     *
     * @param name the model's name
     * @param request values in the model's request schema
     * @return the scores, valid until the next call for this model on this session
     * @throws UnknownModelException if nothing is registered under {@code name}
     */
    public ScoreBuffer score(String name, FeatureVector request) {
        return score(registry.handle(name), request);
    }

    /**
     * Scores a batch of requests with the current version of a model; the whole batch uses one
     * version.
     *
     * @param model the model's handle
     * @param requests rows in the handle's request schema
     * @param out receives one row of scores per request row
     * @throws SchemaMismatchException if {@code requests} is of another schema
     * @throws InvalidFeatureValueException if a required value is missing in any row
     * @throws ModelNotPublishedException if nothing has been published under the handle yet
     * @throws WrongThreadException if another thread owns this session
     */
    public void scoreBatch(ModelHandle model, FeatureBatch requests, ScoreBatch out) {
        owner.check();
        checkSchema(model, requests.schema());
        if (out.capacity() < requests.rowCount()) {
            throw new IllegalArgumentException("output batch holds " + out.capacity()
                    + " rows, input has " + requests.rowCount());
        }
        ModelVersion version = model.enter();
        try {
            Slot slot = slotFor(model, version);
            FeatureMapping mapping = version.mapping;
            if (mapping.requiredIndex.length > 0) {
                for (int row = 0; row < requests.rowCount(); row++) {
                    requests.copyRow(row, slot.requestScratch());
                    checkRequired(model.requestSchema(), mapping.requiredIndex,
                            slot.requestScratch());
                }
            }
            FeatureBatch input = requests;
            if (!mapping.identity) {
                input = slot.inputBatch(requests.capacity());
                mapping.copy(requests, input, slot.requestScratch(), slot.input);
            }
            slot.scorer.scoreBatch(input, out);
            out.setModelVersion(version.version());
        } finally {
            version.exit();
        }
    }

    /**
     * Closes the scorers this session created.
     *
     * @throws WrongThreadException if another thread owns this session
     */
    @Override
    public void close() {
        owner.check();
        for (Slot slot : slots) {
            if (slot != null) {
                slot.close();
            }
        }
        Arrays.fill(slots, null);
    }

    /**
     * Ends the calling thread's ownership so that another thread may use this session next: what
     * a pool does when a session is returned. The buffers its calls returned must not be read
     * after this.
     *
     * {@snippet class=dev.verdict.core.Snippets region=pool}
     *
     * @throws WrongThreadException if another thread owns this session
     */
    public void release() {
        owner.release();
    }

    private static void checkSchema(ModelHandle model, FeatureSchema given) {
        FeatureSchema expected = model.requestSchema();
        if (!expected.hasSameLayout(given)) {
            throw new SchemaMismatchException("model '" + model.name() + "' takes requests of "
                    + expected + ", got a vector of " + given + ": "
                    + expected.differenceFrom(given));
        }
    }

    private static void checkRequired(FeatureSchema schema, int[] required, FeatureVector request) {
        for (int index : required) {
            if (request.isMissing(index)) {
                throw new InvalidFeatureValueException(schema.name(index), Double.NaN,
                        "a value is required");
            }
        }
    }

    private Slot slotFor(ModelHandle model, ModelVersion version) {
        int id = model.id;
        if (id >= slots.length) {
            slots = Arrays.copyOf(slots, Math.max(id + 1, slots.length * 2));
        }
        Slot slot = slots[id];
        if (slot == null || slot.version != version) {
            if (slot != null) {
                slot.close();
            }
            slot = new Slot(model, version);
            slots[id] = slot;
        }
        return slot;
    }

    /** Per-model state of a session, rebuilt when the model's version changes. */
    private static final class Slot {
        final ModelVersion version;
        final Scorer scorer;
        final FeatureVector input;
        final ScoreBuffer out;
        private final FeatureSchema requestSchema;
        private FeatureVector requestScratch;
        private FeatureBatch inputBatch;
        private Explainer explainer;

        Slot(ModelHandle handle, ModelVersion version) {
            Model model = version.model();
            this.version = version;
            this.scorer = model.newScorer();
            this.input = model.inputSchema().newVector();
            this.out = new ScoreBuffer(model.outputs());
            this.requestSchema = handle.requestSchema();
        }

        Explainer explainer() {
            if (explainer == null) {
                explainer = version.model().newExplainer();
            }
            return explainer;
        }

        void close() {
            scorer.close();
            if (explainer != null) {
                explainer.close();
            }
        }

        FeatureVector requestScratch() {
            if (requestScratch == null) {
                requestScratch = requestSchema.newVector();
            }
            return requestScratch;
        }

        FeatureBatch inputBatch(int capacity) {
            if (inputBatch == null || inputBatch.capacity() < capacity) {
                inputBatch = version.model().inputSchema().newBatch(capacity);
            }
            return inputBatch;
        }
    }
}
