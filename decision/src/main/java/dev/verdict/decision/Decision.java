package dev.verdict.decision;

import dev.verdict.cache.ReadStatus;
import dev.verdict.core.FeatureVector;

/**
 * The result of one {@link Decider#decide} call, reused by the decider's next call: the outcome,
 * the rule that decided it, every model's score and version (challengers included), and how fresh
 * the cached features were. Read it before the next decision on the same decider; copy what must
 * outlive it.
 *
 * {@snippet class=dev.verdict.decision.Snippets region=decision}
 */
public final class Decision {
    /** The rule id reported when no rule decided and the policy's default applied. */
    public static final String OTHERWISE = "otherwise";

    private final String policy;
    private final String[] models;
    private final boolean[] challenger;
    private final double[] scores;
    private final long[] versions;
    private final String[] groups;
    private final ReadStatus[] freshness;
    private final long[] ageMillis;
    private final FeatureVector features;
    private Outcome outcome;
    private String rule;

    Decision(String policy, String[] models, boolean[] challenger, String[] groups,
            FeatureVector features) {
        this.policy = policy;
        this.models = models;
        this.challenger = challenger;
        this.scores = new double[models.length];
        this.versions = new long[models.length];
        this.groups = groups;
        this.freshness = new ReadStatus[groups.length];
        this.ageMillis = new long[groups.length];
        this.features = features;
    }

    /** {@return what the policy decided} */
    public Outcome outcome() {
        return outcome;
    }

    /** {@return the id of the rule that decided, or {@link #OTHERWISE}} */
    public String rule() {
        return rule;
    }

    /** {@return the name of the policy that decided} */
    public String policy() {
        return policy;
    }

    /**
     * {@return the first score of the policy's primary model: the first whose score is cut into
     *     bands}
     */
    public double score() {
        return scores[0];
    }

    /** {@return how many models were scored: the rules' models, then the challengers} */
    public int modelCount() {
        return models.length;
    }

    /**
     * {@return the name of a scored model}
     *
     * @param model an index below {@link #modelCount()}
     */
    public String modelName(int model) {
        return models[model];
    }

    /**
     * {@return a model's first score}
     *
     * @param model an index below {@link #modelCount()}
     */
    public double score(int model) {
        return scores[model];
    }

    /**
     * {@return the first score of the model named {@code name}, or NaN if it was not scored}
     *
     * @param name a model name
     */
    public double score(String name) {
        for (int i = 0; i < models.length; i++) {
            if (models[i].equals(name)) {
                return scores[i];
            }
        }
        return Double.NaN;
    }

    /**
     * {@return the published version of a model that scored this decision}
     *
     * @param model an index below {@link #modelCount()}
     */
    public long modelVersion(int model) {
        return versions[model];
    }

    /**
     * {@return whether a model is a challenger (recorded, never deciding)}
     *
     * @param model an index below {@link #modelCount()}
     */
    public boolean isChallenger(int model) {
        return challenger[model];
    }

    /** {@return how many feature groups were read} */
    public int groupCount() {
        return groups.length;
    }

    /**
     * {@return a feature group's name}
     *
     * @param group an index below {@link #groupCount()}
     */
    public String groupName(int group) {
        return groups[group];
    }

    /**
     * {@return whether the entity's record was found in a group, and fresh; null when the decision
     *     read no cache}
     *
     * @param group an index below {@link #groupCount()}
     */
    public ReadStatus freshness(int group) {
        return freshness[group];
    }

    /**
     * {@return the age of the record read from a group in milliseconds, or -1 when none was found}
     *
     * @param group an index below {@link #groupCount()}
     */
    public long ageMillis(int group) {
        return ageMillis[group];
    }

    /** {@return the features the models saw: request fields and cached features} */
    public FeatureVector features() {
        return features;
    }

    void setScore(int model, double score, long version) {
        scores[model] = score;
        versions[model] = version;
    }

    void setFreshness(int group, ReadStatus status, long age) {
        freshness[group] = status;
        ageMillis[group] = age;
    }

    void decide(Outcome outcome, String rule) {
        this.outcome = outcome;
        this.rule = rule;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Decision[").append(outcome).append(" by ").append(rule)
                .append(" of ").append(policy);
        for (int i = 0; i < models.length; i++) {
            sb.append(", ").append(models[i]).append(" v").append(versions[i]).append('=')
                    .append(scores[i]).append(challenger[i] ? " (challenger)" : "");
        }
        for (int i = 0; i < groups.length; i++) {
            sb.append(", ").append(groups[i]).append(' ').append(freshness[i]);
            if (ageMillis[i] >= 0) {
                sb.append(" age ").append(ageMillis[i]).append(" ms");
            }
        }
        return sb.append(']').toString();
    }
}
