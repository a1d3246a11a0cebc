package dev.verdict.samples.underwriting.decisions;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.verdict.cache.ReadStatus;
import dev.verdict.decision.Decision;
import dev.verdict.decision.Outcome;
import dev.verdict.samples.underwriting.models.ModelDirectoryWatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision as the service answers it, copied out of the decider's reused {@link Decision}
 * before the decider goes back to its pool.
 *
 * @param requestId the request's id (also in the {@code X-Request-Id} header)
 * @param applicantId the applicant
 * @param outcome APPROVE, REFER or DECLINE
 * @param rule the policy rule that decided, or {@code otherwise}
 * @param policy the policy's name
 * @param score the primary model's score (probability of default)
 * @param model the primary model: the first whose score the policy cuts into bands
 * @param otherModels further models the rules test, if any
 * @param challengers challenger models, scored on the same features; they never decide
 * @param features per feature group: FOUND, STALE or NOT_FOUND, and the record's age
 */
record DecisionResponse(String requestId, long applicantId, Outcome outcome, String rule,
        String policy, Double score, ModelScore model,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ModelScore> otherModels,
        List<ModelScore> challengers, List<Freshness> features) {

    /**
     * One model's part in a decision.
     *
     * @param name the model
     * @param version the registry's version number that scored
     * @param file the file that version was loaded from
     * @param score its score; null if it was not a number
     */
    record ModelScore(String name, long version, String file, Double score) {
    }

    /**
     * How fresh a group's record was.
     *
     * @param group the feature group
     * @param status FOUND, STALE or NOT_FOUND
     * @param ageMillis the record's age; null when not found
     */
    record Freshness(String group, ReadStatus status, Long ageMillis) {
    }

    static DecisionResponse of(String requestId, long applicantId, Decision d,
            ModelDirectoryWatcher watcher) {
        ModelScore primary = null;
        List<ModelScore> others = new ArrayList<>(0);
        List<ModelScore> challengers = new ArrayList<>(1);
        for (int m = 0; m < d.modelCount(); m++) {
            String name = d.modelName(m);
            ModelScore s = new ModelScore(name, d.modelVersion(m), watcher.fileOf(name, d.modelVersion(m)),
                    number(d.score(m)));
            if (d.isChallenger(m)) {
                challengers.add(s);
            } else if (primary == null) {
                primary = s;
            } else {
                others.add(s);
            }
        }
        List<Freshness> features = new ArrayList<>(d.groupCount());
        for (int g = 0; g < d.groupCount(); g++) {
            long age = d.ageMillis(g);
            features.add(new Freshness(d.groupName(g), d.freshness(g), age < 0 ? null : age));
        }
        return new DecisionResponse(requestId, applicantId, d.outcome(), d.rule(), d.policy(),
                number(d.score()), primary, others, challengers, features);
    }

    /** JSON has no NaN: a score that is not a number is written as null. */
    private static Double number(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
