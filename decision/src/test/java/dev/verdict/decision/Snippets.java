package dev.verdict.decision;

import dev.verdict.cache.FeatureStore;
import dev.verdict.cache.ReadOptions;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelRegistry;
import java.nio.file.Path;

/** The decision module's Javadoc examples, compiled (and run by {@code DeciderTest}). */
@SuppressWarnings("unused")
final class Snippets {
    private Snippets() {
    }

    static Condition conditions() {
        // @start region=conditions
        Condition underage = Condition.feature("AGE").lessThan(18);
        Condition noHistory = Condition.feature("PAY_0").isMissing();
        Condition youngAndRisky = Condition.allOf(
                Condition.feature("AGE").lessThan(25), Condition.score("credit").atLeast(0.3));
        // @end
        return youngAndRisky;
    }

    static DecisionPolicy policy() {
        // @start region=policy
        DecisionPolicy policy = DecisionPolicy.builder("credit-underwriting")
                .when("underage", Condition.feature("AGE").lessThan(18), Outcome.DECLINE)
                .when("severe-delinquency", Condition.feature("PAY_0").atLeast(4), Outcome.DECLINE)
                .bands("young-applicants", Condition.feature("AGE").lessThan(25), "credit",
                        Band.below(0.08, Outcome.APPROVE), Band.below(0.25, Outcome.REFER),
                        Band.rest(Outcome.DECLINE))
                .bands("cut-offs", "credit",
                        Band.below(0.12, Outcome.APPROVE), Band.below(0.35, Outcome.REFER),
                        Band.rest(Outcome.DECLINE))
                .challenger("credit", "credit-next")      // scored and recorded, never deciding
                .otherwise(Outcome.REFER)
                .build();
        // @end
        return policy;
    }

    static void decider(ModelRegistry registry, FeatureStore store, Path policyFile,
            long applicantId) {
        // @start region=decider
        // Once per thread:
        DecisionPolicy policy = DecisionPolicy.read(policyFile);
        ModelHandle credit = registry.handle("credit");
        Decider decider = Decider.builder(policy, registry)
                .features(store.reader("applicant", credit.requestSchema(), ReadOptions.defaults()))
                .build();
        int limit = decider.requestSchema().indexOf("LIMIT_BAL");
        // Per request, 0 bytes allocated:
        FeatureVector request = decider.begin();        // every value missing
        request.set(limit, 50_000);                      // the request's own fields
        Decision decision = decider.decide(applicantId); // cache, models, policy
        // @end
    }

    static void decision(Decision decision) {
        // @start region=decision
        Outcome outcome = decision.outcome();             // APPROVE, REFER or DECLINE
        String rule = decision.rule();                    // the rule that decided, or "otherwise"
        double pDefault = decision.score();               // the policy's first model
        long version = decision.modelVersion(0);          // which version scored it
        for (int m = 0; m < decision.modelCount(); m++) {
            if (decision.isChallenger(m)) {
                double challenger = decision.score(m);   // recorded beside the champion
            }
        }
        boolean fresh = decision.freshness(0) == dev.verdict.cache.ReadStatus.FOUND;
        // @end
    }
}
