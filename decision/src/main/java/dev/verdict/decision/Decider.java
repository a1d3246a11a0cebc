package dev.verdict.decision;

import dev.verdict.cache.FeatureReader;
import dev.verdict.cache.ReadStatus;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelRegistry;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.ScoringSession;
import dev.verdict.core.ThreadOwner;
import dev.verdict.core.UnknownModelException;
import dev.verdict.core.WrongThreadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thread's decision path: the entity's cached features, the request's own fields, every model
 * the policy names (and their challengers), and the policy, in one call that fills a reused
 * {@link Decision} and allocates nothing once warm.
 *
 * {@snippet class=dev.verdict.decision.Snippets region=decider}
 *
 * <p>The request vector is the registry's request schema for the policy's models (they must share
 * one layout): the caller sets the request's fields on it, each feature reader fills the features
 * its group holds (a reader's fill options decide what a missing or stale record leaves), then
 * every model scores the same vector through the registry, so a model published meanwhile serves
 * the next decision. Models are scored on every decision, also when a rule on request fields
 * decides before any score is looked at, so every decision records every score.
 *
 * <p>Thread-confined like a {@link ScoringSession}: the first thread that calls it owns it (and the
 * session and readers inside it); {@link #release()} hands it to another thread.
 */
public final class Decider {
    private final CompiledPolicy policy;
    private final DecisionPolicy source;
    private final ModelHandle[] handles;
    private final FeatureReader[] readers;
    private final boolean[] longKeys;
    private final ScoringSession session;
    private final FeatureVector row;
    private final double[] scores;
    private final Decision decision;
    private final ThreadOwner owner = new ThreadOwner("Decider");

    private Decider(Builder b) {
        this.source = b.policy;
        List<String> names = new ArrayList<>(b.policy.models());
        List<Boolean> challenger = new ArrayList<>();
        names.forEach(n -> challenger.add(false));
        for (Map.Entry<String, List<String>> e : b.policy.challengers().entrySet()) {
            for (String c : e.getValue()) {
                names.add(c);
                challenger.add(true);
            }
        }
        if (names.isEmpty()) {
            throw new PolicyException("policy '" + b.policy.name() + "' scores with no model");
        }
        this.handles = new ModelHandle[names.size()];
        FeatureSchema request = null;
        String requestOwner = null;
        for (int i = 0; i < handles.length; i++) {
            try {
                handles[i] = b.registry.handle(names.get(i));
            } catch (UnknownModelException e) {
                throw new PolicyException(whereModelIsNamed(b.policy, names.get(i)) + ": "
                        + e.getMessage(), e);
            }
            FeatureSchema s = handles[i].requestSchema();
            if (request == null) {
                request = s;
                requestOwner = names.get(i);
            } else if (!request.hasSameLayout(s)) {
                throw new PolicyException("models '" + requestOwner + "' and '" + names.get(i)
                        + "' are registered with request schemas of different layouts; a decision"
                        + " scores every model on one request vector: register them with one schema");
            }
        }
        this.policy = CompiledPolicy.compile(b.policy, request, names);
        this.readers = b.readers.toArray(new FeatureReader[0]);
        this.longKeys = new boolean[readers.length];
        String[] groups = new String[readers.length];
        for (int i = 0; i < readers.length; i++) {
            FeatureReader r = readers[i];
            if (!r.schema().hasSameLayout(request)) {
                throw new dev.verdict.core.SchemaMismatchException("the reader of group '"
                        + r.group().name() + "' fills vectors of " + r.schema() + ", but the policy's"
                        + " models take requests of " + request + ": make the reader with the models'"
                        + " request schema (handle.requestSchema())");
            }
            longKeys[i] = r.group().keyType() == dev.verdict.cache.KeyType.LONG;
            groups[i] = r.group().name();
        }
        this.session = b.registry.newSession();
        this.row = request.newVector();
        this.scores = new double[handles.length];
        boolean[] isChallenger = new boolean[handles.length];
        for (int i = 0; i < isChallenger.length; i++) {
            isChallenger[i] = challenger.get(i);
        }
        this.decision = new Decision(b.policy.name(), names.toArray(new String[0]), isChallenger,
                groups, row);
    }

    private static String whereModelIsNamed(DecisionPolicy policy, String model) {
        for (Rule r : policy.rules()) {
            if (model.equals(r.model()) || mentions(r.when(), model)) {
                return r.where();
            }
        }
        return "policy '" + policy.name() + "' (challenger '" + model + "')";
    }

    private static boolean mentions(Condition c, String model) {
        if (c == null) {
            return false;
        }
        if (c.source == Condition.Source.ALL) {
            return c.all.stream().anyMatch(x -> mentions(x, model));
        }
        return c.source == Condition.Source.SCORE && c.name.equals(model);
    }

    /**
     * {@return a builder of a decider for one thread}
     *
     * @param policy the policy
     * @param registry where the policy's models are registered by name
     */
    public static Builder builder(DecisionPolicy policy, ModelRegistry registry) {
        return new Builder(policy, registry);
    }

    /** {@return the policy this decider applies} */
    public DecisionPolicy policy() {
        return source;
    }

    /** {@return the schema of the request vector} */
    public FeatureSchema requestSchema() {
        return row.schema();
    }

    /**
     * Starts a decision: clears the request vector (every value missing) and returns it for the
     * request's own fields.
     *
     * @return the request vector
     * @throws WrongThreadException if another thread owns this decider
     */
    public FeatureVector begin() {
        owner.check();
        return row.clear();
    }

    /**
     * Decides for an entity with a {@code long} id: reads its features from every group, scores
     * the models and applies the policy.
     *
     * @param entityId the entity (applicant, account) id
     * @return the decision, valid until this decider's next call
     * @throws WrongThreadException if another thread owns this decider
     * @throws dev.verdict.cache.KeyTypeMismatchException if a group has string keys
     * @throws dev.verdict.core.InvalidFeatureValueException if a required feature is missing
     * @throws dev.verdict.core.ModelNotPublishedException if a model has no published version
     */
    public Decision decide(long entityId) {
        owner.check();
        for (int g = 0; g < readers.length; g++) {
            FeatureReader r = readers[g];
            ReadStatus status = r.read(entityId, row);
            decision.setFreshness(g, status, age(r, status));
        }
        return score();
    }

    /**
     * Decides for an entity with a string id, as {@link #decide(long)}.
     *
     * @param entityId the entity id
     * @return the decision, valid until this decider's next call
     * @throws WrongThreadException if another thread owns this decider
     * @throws dev.verdict.cache.KeyTypeMismatchException if a group has long keys
     */
    public Decision decide(CharSequence entityId) {
        owner.check();
        for (int g = 0; g < readers.length; g++) {
            FeatureReader r = readers[g];
            ReadStatus status = r.read(entityId, row);
            decision.setFreshness(g, status, age(r, status));
        }
        return score();
    }

    /**
     * Decides from the request vector alone, reading no cache.
     *
     * @return the decision, valid until this decider's next call
     * @throws WrongThreadException if another thread owns this decider
     */
    public Decision decide() {
        owner.check();
        for (int g = 0; g < readers.length; g++) {
            decision.setFreshness(g, null, -1);
        }
        return score();
    }

    /**
     * Ends the calling thread's ownership of this decider (and of its session and readers), so that
     * another thread may use it next, as a pool does when one is returned.
     *
     * @throws WrongThreadException if another thread owns this decider
     */
    public void release() {
        owner.check();
        session.release();
        for (FeatureReader r : readers) {
            r.release();
        }
        owner.release();
    }

    private static long age(FeatureReader reader, ReadStatus status) {
        if (status == ReadStatus.NOT_FOUND) {
            return -1;
        }
        return Math.max(0, reader.options().clock().millis() - reader.lastEventTimeMillis());
    }

    private Decision score() {
        for (int m = 0; m < handles.length; m++) {
            ScoreBuffer out = session.score(handles[m], row);
            scores[m] = out.score();
            decision.setScore(m, out.score(), out.modelVersion());
        }
        policy.evaluate(row, scores, decision);
        return decision;
    }

    /** Collects what a decider reads. Not thread-safe. */
    public static final class Builder {
        private final DecisionPolicy policy;
        private final ModelRegistry registry;
        private final List<FeatureReader> readers = new ArrayList<>();

        private Builder(DecisionPolicy policy, ModelRegistry registry) {
            this.policy = Objects.requireNonNull(policy, "policy");
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Adds a feature group to read before scoring, in call order; a later group overwrites a
         * feature an earlier one also holds. The reader becomes the decider's: give each decider
         * its own.
         *
         * @param reader a reader made with the models' request schema
         * @return this builder
         */
        public Builder features(FeatureReader reader) {
            readers.add(Objects.requireNonNull(reader, "reader"));
            return this;
        }

        /**
         * Binds the policy's names and builds the decider.
         *
         * @return the decider, for the calling thread (or the first that uses it)
         * @throws PolicyException if a model the policy names is not registered, or a feature it
         *     names is not in the request schema (naming the rule's line)
         * @throws dev.verdict.core.SchemaMismatchException if a reader fills another schema
         */
        public Decider build() {
            return new Decider(this);
        }
    }
}
