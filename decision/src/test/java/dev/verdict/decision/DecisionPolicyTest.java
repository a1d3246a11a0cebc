package dev.verdict.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.AbstractModel;
import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.ModelInfo;
import dev.verdict.core.ModelRegistry;
import dev.verdict.core.OutputSpec;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * What a policy decides, rule by rule, on scores the test controls exactly; and every way a
 * policy can be wrong, in Java and in a file, with the error naming the line.
 */
class DecisionPolicyTest {
    static final FeatureSchema REQUEST = FeatureSchema.builder().numeric("AGE", "PAY_0", "S", "T").build();

    /** Scores what feature {@code S} (or {@code T}) holds, so a test sets the score directly. */
    static final class EchoModel extends AbstractModel {
        private final int feature;

        EchoModel(String feature) {
            super(new ModelInfo("echo", "1", "test", Map.of()), REQUEST, true, OutputSpec.prediction());
            this.feature = REQUEST.indexOf(feature);
        }

        @Override
        public Scorer newScorer() {
            return new Scorer() {
                @Override
                public void score(FeatureVector features, ScoreBuffer out) {
                    out.setMargin(0, features.get(feature));
                    out.setScore(0, features.get(feature));
                }

                @Override
                public void scoreBatch(FeatureBatch features, ScoreBatch out) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    static ModelRegistry registry() {
        ModelRegistry registry = new ModelRegistry();
        registry.register("credit", REQUEST).publish(new EchoModel("S"));
        registry.register("credit-next", REQUEST).publish(new EchoModel("T"));
        registry.register("fraud", REQUEST).publish(new EchoModel("T"));
        return registry;
    }

    static final String POLICY = """
            {
              "policy": "credit-underwriting",
              "rules": [
                {"id": "underage", "when": {"feature": "AGE", "lt": 18}, "then": "DECLINE"},
                {"id": "no-history", "when": {"feature": "PAY_0", "missing": true}, "then": "REFER"},
                {"id": "severe-delinquency", "when": {"feature": "PAY_0", "in": [6, 7, 8]}, "then": "DECLINE"},
                {"id": "young-applicants", "segment": {"all": [{"feature": "AGE", "lt": 25},
                                                               {"feature": "PAY_0", "le": 0}]},
                 "score": "credit",
                 "bands": [{"below": 0.08, "then": "APPROVE"}, {"below": 0.25, "then": "REFER"},
                           {"then": "DECLINE"}]},
                {"id": "cut-offs", "score": "credit",
                 "bands": [{"below": 0.12, "then": "APPROVE"}, {"below": 0.35, "then": "REFER"}]}
              ],
              "challengers": {"credit": ["credit-next"]},
              "otherwise": "DECLINE"
            }
            """;

    static DecisionPolicy javaPolicy() {
        return DecisionPolicy.builder("credit-underwriting")
                .when("underage", Condition.feature("AGE").lessThan(18), Outcome.DECLINE)
                .when("no-history", Condition.feature("PAY_0").isMissing(), Outcome.REFER)
                .when("severe-delinquency", Condition.feature("PAY_0").in(6, 7, 8), Outcome.DECLINE)
                .bands("young-applicants", Condition.allOf(Condition.feature("AGE").lessThan(25),
                                Condition.feature("PAY_0").atMost(0)), "credit",
                        Band.below(0.08, Outcome.APPROVE), Band.below(0.25, Outcome.REFER),
                        Band.rest(Outcome.DECLINE))
                .bands("cut-offs", "credit", Band.below(0.12, Outcome.APPROVE),
                        Band.below(0.35, Outcome.REFER))
                .challenger("credit", "credit-next")
                .otherwise(Outcome.DECLINE)
                .build();
    }

    /** age, pay0, score, challenger score → outcome and rule. */
    static Stream<Arguments> cases() {
        double nan = Double.NaN;
        return Stream.of(
                Arguments.of(17, 0, 0.01, 0.5, Outcome.DECLINE, "underage"),
                Arguments.of(17, nan, 0.01, 0.5, Outcome.DECLINE, "underage"),    // first rule wins
                Arguments.of(40, nan, 0.01, 0.5, Outcome.REFER, "no-history"),
                Arguments.of(40, 7, 0.01, 0.5, Outcome.DECLINE, "severe-delinquency"),
                Arguments.of(22, 0, 0.05, 0.9, Outcome.APPROVE, "young-applicants"),
                Arguments.of(22, 0, 0.08, 0.9, Outcome.REFER, "young-applicants"),  // bounds exclusive
                Arguments.of(22, -1, 0.30, 0.0, Outcome.DECLINE, "young-applicants"),
                Arguments.of(22, 1, 0.05, 0.0, Outcome.APPROVE, "cut-offs"),        // not in the segment
                Arguments.of(nan, 0, 0.05, 0.0, Outcome.APPROVE, "cut-offs"),       // missing: comparisons false
                Arguments.of(40, 2, 0.11999, 0.0, Outcome.APPROVE, "cut-offs"),
                Arguments.of(40, 2, 0.12, 0.0, Outcome.REFER, "cut-offs"),
                Arguments.of(40, 2, 0.35, 0.0, Outcome.DECLINE, Decision.OTHERWISE), // beyond the closed bands
                Arguments.of(40, 2, nan, 0.0, Outcome.DECLINE, Decision.OTHERWISE)); // no score: falls through
    }

    @ParameterizedTest(name = "age {0}, PAY_0 {1}, score {2} -> {4} by {5}")
    @MethodSource("cases")
    void rulesDecideInOrderAndTheFileSaysWhatTheJavaSays(double age, double pay0, double score,
            double challengerScore, Outcome outcome, String rule) {
        for (DecisionPolicy policy : List.of(javaPolicy(), DecisionPolicy.fromJson(POLICY, "policy.json"))) {
            try (ModelRegistry registry = registry()) {
                Decider decider = Decider.builder(policy, registry).build();
                decider.begin().set(0, age).set(1, pay0).set(2, score).set(3, challengerScore);
                Decision d = decider.decide();
                assertEquals(outcome, d.outcome());
                assertEquals(rule, d.rule());
                assertEquals(score, d.score(), "the champion's score");
                assertEquals(2, d.modelCount());
                assertEquals("credit-next", d.modelName(1));
                assertTrue(d.isChallenger(1));
                assertEquals(challengerScore, d.score("credit-next"), "the challenger's score is recorded");
                assertEquals(1, d.modelVersion(0));
            }
        }
    }

    @Test
    void aChallengerNeverChangesTheOutcome() {
        DecisionPolicy without = DecisionPolicy.fromJson(POLICY.replace(
                "\"challengers\": {\"credit\": [\"credit-next\"]},", ""), "policy.json");
        try (ModelRegistry registry = registry()) {
            Decider a = Decider.builder(javaPolicy(), registry).build();
            Decider b = Decider.builder(without, registry).build();
            for (int i = 0; i < 2_000; i++) {
                double age = 15 + i % 50;
                double pay0 = i % 11 - 2;
                double s = (i * 0.618) % 1;
                double t = (i * 0.377) % 1;
                a.begin().set(0, age).set(1, pay0).set(2, s).set(3, t);
                b.begin().set(0, age).set(1, pay0).set(2, s).set(3, t);
                Decision da = a.decide();
                Decision db = b.decide();
                assertEquals(db.outcome(), da.outcome());
                assertEquals(db.rule(), da.rule());
                assertEquals(1, db.modelCount());
            }
        }
    }

    @Test
    void aScoreCanBeAHardRule() {
        DecisionPolicy policy = DecisionPolicy.builder("fraud-first")
                .when("fraud", Condition.score("fraud").greaterThan(0.9), Outcome.DECLINE)
                .bands("cut-offs", "credit", Band.below(0.5, Outcome.APPROVE), Band.rest(Outcome.REFER))
                .otherwise(Outcome.REFER).build();
        assertEquals(List.of("credit", "fraud"), policy.models(), "banded models first");
        try (ModelRegistry registry = registry()) {
            Decider decider = Decider.builder(policy, registry).build();
            decider.begin().set(0, 40).set(1, 0).set(2, 0.1).set(3, 0.95);
            assertEquals("fraud", decider.decide().rule());
            decider.begin().set(0, 40).set(1, 0).set(2, 0.1).set(3, 0.5);
            Decision d = decider.decide();
            assertEquals(Outcome.APPROVE, d.outcome());
            assertEquals(0.1, d.score(), "score() is the primary model's: the banded one");
            assertEquals(0.5, d.score("fraud"));
        }
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("{\"policy\": \"p\", \"rules\": [\n{\"id\": \"a\", \"when\": {\"feature\": \"AGE\", \"lt\": 18}, \"then\": \"DECLINE\"}\n]}",
                        "p.json, line 1: no default outcome"),
                Arguments.of("{\"policy\": \"p\", \"otherwise\": \"REFER\", \"rules\": [\n{\"id\": \"b\", \"score\": \"credit\",\n \"bands\": [{\"below\": 0.3, \"then\": \"APPROVE\"}, {\"below\": 0.2, \"then\": \"REFER\"}]}]}",
                        "p.json, line 2 (rule 'b'): band 2 (below 0.2) does not start where band 1 (below 0.3) ends"),
                Arguments.of("{\"policy\": \"p\", \"otherwise\": \"REFER\", \"rules\": [\n{\"id\": \"b\", \"score\": \"credit\",\n \"bands\": [{\"below\": 0.3, \"then\": \"APPROVE\"}, {\"below\": 0.3, \"then\": \"REFER\"}]}]}",
                        "p.json, line 2 (rule 'b'): band 2 (below 0.3) does not start where band 1"),
                Arguments.of("{\"policy\": \"p\", \"otherwise\": \"REFER\", \"rules\": [\n{\"id\": \"b\", \"score\": \"credit\", \"bands\": [\n{\"then\": \"APPROVE\"},\n {\"below\": 0.5, \"then\": \"REFER\"}]}]}",
                        "p.json, line 3: band 1 has no upper bound"),
                Arguments.of("{\"policy\": \"p\", \"otherwise\": \"MAYBE\", \"rules\": [{\"id\": \"a\", \"when\": {\"feature\": \"AGE\", \"lt\": 18}, \"then\": \"DECLINE\"}]}",
                        "p.json, line 1: 'otherwise' must be APPROVE, REFER or DECLINE, got \"MAYBE\""),
                Arguments.of("{\"policy\": \"p\", \"otherwise\": \"REFER\", \"rules\": [\n{\"id\": \"a\",\n \"when\": {\"feature\": \"AGE\", \"lt\": 18, \"gt\": 70}, \"then\": \"DECLINE\"}]}",
                        "p.json, line 3: a condition has one operator; use {\"all\": [...]}"),
                Arguments.of("{\"policy\": \"p\", \"otherwise\": \"REFER\", \"rules\": [\n{\"id\": \"a\", \"when\": {\"feature\": \"AGE\", \"below\": 18}, \"then\": \"DECLINE\"}]}",
                        "p.json, line 2: unknown field 'below' in a condition"),
                Arguments.of("{\"policy\": \"p\", \"otherwise\": \"REFER\", \"rules\": [\n{\"id\": \"a\", \"when\": {\"feature\": \"AGE\", \"lt\": 18}, \"then\": \"DECLINE\"},\n{\"id\": \"a\", \"when\": {\"feature\": \"AGE\", \"gt\": 80}, \"then\": \"REFER\"}]}",
                        "p.json, line 3 (rule 'a'): a second rule with id 'a'"),
                Arguments.of("{\"policy\": \"p\", \"otherwise\": \"REFER\", \"rules\": [\n{\"id\": \"a\", \"when\": {\"feature\": \"AGE\", \"lt\": \"18\"}, \"then\": \"DECLINE\"}]}",
                        "p.json, line 2: 'lt' must be a number"),
                Arguments.of("{\"policy\": \"p\", \"otherwise\": \"REFER\", \"rules\": [\n{\"id\": \"a\", \"when\": {\"feature\": \"AGE\", \"lt\": 18}, \"then\": \"DECLINE\",\n \"else\": \"APPROVE\"}]}",
                        "p.json, line 3: unknown field 'else' in a rule"),
                Arguments.of("{\"policy\": \"p\", \"otherwise\": \"REFER\", \"rules\": [\n{\"id\": \"a\", \"when\": {\"feature\": \"AGE\", \"lt\": 18}\n \"then\": \"DECLINE\"}]}",
                        "p.json, line 3: not valid JSON"),
                Arguments.of("{\"policy\": \"p\", \"otherwise\": \"REFER\", \"challengers\": {\"fraud\": [\"x\"]}, \"rules\": [{\"id\": \"b\", \"score\": \"credit\", \"bands\": [{\"then\": \"REFER\"}]}]}",
                        "p.json, line 1: challengers are given for model 'fraud', which no rule scores with"),
                Arguments.of("", "p.json: empty policy file"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFiles")
    void aBadPolicyFileIsAnErrorNamingTheLine(String json, String message) {
        PolicyException e = assertThrows(PolicyException.class, () -> DecisionPolicy.fromJson(json, "p.json"));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void namesThatDoNotResolveAreErrorsNamingTheRulesLine() {
        String unknownModel = POLICY.replace("{\"id\": \"cut-offs\", \"score\": \"credit\",",
                "{\"id\": \"cut-offs\", \"score\": \"credit-v9\",");
        int cutOffsLine = lineOf(POLICY, "\"cut-offs\"");
        String unknownFeature = POLICY.replace("\"feature\": \"AGE\", \"lt\": 18", "\"feature\": \"AGE_YEARS\", \"lt\": 18");
        try (ModelRegistry registry = registry()) {
            PolicyException model = assertThrows(PolicyException.class, () -> Decider.builder(
                    DecisionPolicy.fromJson(unknownModel, "policy.json"), registry).build());
            assertTrue(model.getMessage().startsWith("policy.json, line " + cutOffsLine + " (rule 'cut-offs'): no model"
                    + " registered under 'credit-v9' (registered: "), model.getMessage());
            PolicyException feature = assertThrows(PolicyException.class, () -> Decider.builder(
                    DecisionPolicy.fromJson(unknownFeature, "policy.json"), registry).build());
            assertTrue(feature.getMessage().startsWith("policy.json, line 4: the condition feature"
                    + " 'AGE_YEARS' lt 18.0 names a feature the request schema does not have"),
                    feature.getMessage());
        }
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }

    @Test
    void theBuilderRejectsWhatTheFileRejects() {
        assertThrows(PolicyException.class, () -> DecisionPolicy.builder("p")
                .bands("b", "credit", Band.below(0.3, Outcome.APPROVE), Band.below(0.1, Outcome.REFER)));
        assertThrows(PolicyException.class, () -> DecisionPolicy.builder("p")
                .bands("b", "credit", Band.rest(Outcome.APPROVE), Band.below(0.5, Outcome.REFER)));
        PolicyException noDefault = assertThrows(PolicyException.class, () -> DecisionPolicy.builder("p")
                .bands("b", "credit", Band.rest(Outcome.APPROVE)).build());
        assertTrue(noDefault.getMessage().contains("has no default outcome"), noDefault.getMessage());
        assertThrows(PolicyException.class, () -> DecisionPolicy.builder("p")
                .when("otherwise", Condition.feature("AGE").lessThan(1), Outcome.REFER));
        assertThrows(PolicyException.class, () -> Condition.feature("AGE").lessThan(Double.NaN));
        assertThrows(PolicyException.class, () -> DecisionPolicy.builder("p").otherwise(Outcome.REFER).build());
    }
}
