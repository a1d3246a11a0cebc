package dev.verdict.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.cache.FeatureGroup;
import dev.verdict.cache.FeatureReader;
import dev.verdict.cache.FeatureStore;
import dev.verdict.cache.FeatureWriter;
import dev.verdict.cache.ReadOptions;
import dev.verdict.cache.ReadStatus;
import dev.verdict.core.AllocationMeter;
import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelRegistry;
import dev.verdict.core.SchemaMismatchException;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.core.WrongThreadException;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.onnx.OnnxModel;
import dev.verdict.onnx.OnnxOptions;
import dev.verdict.testing.XGBoostOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole decision on real parts: a Chronicle feature store, XGBoost models trained in the test
 * (a champion and a challenger), an ONNX fraud model, and a policy read from a file. Every
 * decision is compared with the same steps done by hand (a second reader, the models' own scorers,
 * the policy written out as Java), and the path allocates nothing.
 */
class DeciderTest {
    static final long NOW = 1_780_000_000_000L;
    static final String[] HISTORY = {"AGE", "PAY_0", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8"};
    static final int APPLICANTS = 400;

    @TempDir
    Path dir;
    FeatureSchema request;
    ModelRegistry registry;
    FeatureStore store;
    Model credit;
    Model creditNext;
    Model fraud;
    Path policyFile;
    byte[] creditV2;

    @BeforeEach
    void setUp() throws Exception {
        List<Feature> features = new ArrayList<>();
        features.add(Feature.numeric("LIMIT_BAL").asRequired());
        for (String h : HISTORY) {
            features.add(Feature.numeric(h));
        }
        request = FeatureSchema.of(features);

        // Applicants' history in the cache (every third id is unknown to it).
        FeatureGroup.Builder g = FeatureGroup.builder("applicant").capacity(10_000).maxAge(Duration.ofDays(30))
                .int32("AGE", Double.NaN).int32("PAY_0", Double.NaN);
        for (int f = 1; f <= 8; f++) {
            g.float32("F" + f, 0);
        }
        FeatureGroup group = g.build();
        SplittableRandom random = new SplittableRandom(7);
        try (FeatureWriter writer = FeatureWriter.open(dir.resolve("store"), group)) {
            for (int id = 1; id <= APPLICANTS; id++) {
                if (id % 3 == 0) {
                    continue;
                }
                var record = writer.newRecord().set("AGE", 16 + random.nextInt(60))
                        .set("PAY_0", random.nextInt(11) - 2);
                for (int f = 1; f <= 8; f++) {
                    if (random.nextDouble() > 0.1) {
                        record.set("F" + f, (float) random.nextGaussian());
                    }
                }
                writer.upsert(id, NOW - id * 60_000L, record);
            }
        }
        store = FeatureStore.open(dir.resolve("store"));

        // Models trained here on data shaped like the requests.
        float[][] x = new float[2_000][request.size()];
        float[] y = new float[x.length];
        for (int r = 0; r < x.length; r++) {
            x[r][0] = 10_000 + random.nextInt(90) * 1_000;
            x[r][1] = 18 + random.nextInt(60);
            x[r][2] = random.nextInt(11) - 2;
            double s = -2 + 0.6 * x[r][2] - x[r][0] / 100_000.0;
            for (int f = 3; f < x[r].length; f++) {
                x[r][f] = random.nextDouble() < 0.1 ? Float.NaN : (float) random.nextGaussian();
                s += (f % 2 == 0 ? 0.3 : -0.2) * (Float.isNaN(x[r][f]) ? 0 : x[r][f]);
            }
            y[r] = random.nextDouble() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
        }
        String[] names = request.features().stream().map(Feature::name).toArray(String[]::new);
        credit = ModelLoader.load(train(x, y, names, 3, 40).json(), LoadOptions.defaults());
        creditNext = ModelLoader.load(train(x, y, names, 5, 80).ubj(), LoadOptions.defaults());
        creditV2 = train(x, y, names, 4, 60).json();
        fraud = OnnxModel.load(Path.of("../onnx/src/test/resources/onnx/logreg.onnx"),
                OnnxOptions.defaults().withMissingAllowed()
                        .withFeatureNames("input", List.of(HISTORY)));

        registry = new ModelRegistry();
        registry.register("credit", request).publish(credit);
        registry.register("credit-next", request).publish(creditNext);
        registry.register("fraud", request).publish(fraud);
        policyFile = Files.writeString(dir.resolve("policy.json"), """
                {
                  "policy": "credit-underwriting",
                  "rules": [
                    {"id": "underage", "when": {"feature": "AGE", "lt": 18}, "then": "DECLINE"},
                    {"id": "fraud", "when": {"score": "fraud", "gt": 0.8}, "then": "DECLINE"},
                    {"id": "no-history", "when": {"feature": "PAY_0", "missing": true}, "then": "REFER"},
                    {"id": "young-applicants", "segment": {"feature": "AGE", "lt": 25}, "score": "credit",
                     "bands": [{"below": 0.08, "then": "APPROVE"}, {"below": 0.25, "then": "REFER"},
                               {"then": "DECLINE"}]},
                    {"id": "cut-offs", "score": "credit",
                     "bands": [{"below": 0.12, "then": "APPROVE"}, {"below": 0.35, "then": "REFER"},
                               {"then": "DECLINE"}]}
                  ],
                  "challengers": {"credit": ["credit-next"]},
                  "otherwise": "REFER"
                }
                """);
    }

    static XGBoostOracle.NativeBooster train(float[][] x, float[] y, String[] names, int depth, int rounds) {
        return XGBoostOracle.training(x).labels(y).featureNames(names)
                .param("objective", "binary:logistic").param("max_depth", depth).rounds(rounds).train();
    }

    @AfterEach
    void tearDown() {
        registry.close();
        store.close();
    }

    Decider decider() {
        return Decider.builder(DecisionPolicy.read(policyFile), registry)
                .features(store.reader("applicant", request, at(NOW)))
                .build();
    }

    static ReadOptions at(long millis) {
        return ReadOptions.defaults().clock(InstantSource.fixed(Instant.ofEpochMilli(millis)));
    }

    @Test
    void everyDecisionIsWhatTheStepsDoneByHandGive() {
        Decider decider = decider();
        FeatureReader reader = store.reader("applicant", request, at(NOW));
        Scorer[] scorers = {credit.newScorer(), fraud.newScorer(), creditNext.newScorer()};
        ScoreBuffer[] outs = {new ScoreBuffer(credit.outputs()), new ScoreBuffer(fraud.outputs()),
            new ScoreBuffer(creditNext.outputs())};
        FeatureVector byHand = request.newVector();
        FeatureVector fraudInput = fraud.inputSchema().newVector();
        int limit = request.indexOf("LIMIT_BAL");
        int[] outcomes = new int[3];
        for (long id = 1; id <= APPLICANTS + 5; id++) {
            double limitBal = 10_000 + (id * 7_919) % 90_000;
            decider.begin().set(limit, limitBal);
            Decision d = decider.decide(id);

            byHand.clear().set(limit, limitBal);
            ReadStatus status = reader.read(id, byHand);
            assertEquals(status, d.freshness(0), "freshness of " + id);
            assertEquals(status == ReadStatus.NOT_FOUND ? -1 : (id * 60_000L), d.ageMillis(0));
            // The decider scores the banded model, then the model a condition tests, then the
            // challenger; the ONNX model reads its ten features by name.
            scorers[0].score(byHand, outs[0]);
            for (int f = 0; f < fraudInput.size(); f++) {
                fraudInput.set(f, byHand.get(request.indexOf(fraudInput.schema().name(f))));
            }
            scorers[1].score(fraudInput, outs[1]);
            scorers[2].score(byHand, outs[2]);
            double creditScore = outs[0].score();
            double fraudScore = outs[1].score();
            assertEquals(List.of("credit", "fraud", "credit-next"),
                    List.of(d.modelName(0), d.modelName(1), d.modelName(2)));
            assertEquals(creditScore, d.score(0), "credit score of " + id);
            assertEquals(fraudScore, d.score(1), "fraud score of " + id);
            assertEquals(outs[2].score(), d.score(2), "challenger score of " + id);
            assertTrue(d.isChallenger(2));

            // The policy file, written out by hand.
            double age = byHand.get(request.indexOf("AGE"));
            double pay0 = byHand.get(request.indexOf("PAY_0"));
            String rule;
            Outcome outcome;
            if (age < 18) {
                rule = "underage";
                outcome = Outcome.DECLINE;
            } else if (fraudScore > 0.8) {
                rule = "fraud";
                outcome = Outcome.DECLINE;
            } else if (Double.isNaN(pay0)) {
                rule = "no-history";
                outcome = Outcome.REFER;
            } else if (age < 25) {
                rule = "young-applicants";
                outcome = creditScore < 0.08 ? Outcome.APPROVE : creditScore < 0.25 ? Outcome.REFER : Outcome.DECLINE;
            } else {
                rule = "cut-offs";
                outcome = creditScore < 0.12 ? Outcome.APPROVE : creditScore < 0.35 ? Outcome.REFER : Outcome.DECLINE;
            }
            assertEquals(rule, d.rule(), "rule for " + id + ": " + d);
            assertEquals(outcome, d.outcome(), "outcome for " + id + ": " + d);
            outcomes[outcome.ordinal()]++;
        }
        for (int o : outcomes) {
            assertTrue(o > 0, "every outcome occurs: " + java.util.Arrays.toString(outcomes));
        }
    }

    @Test
    void aDecisionAllocatesNothing() {
        Decider decider = decider();
        int limit = decider.requestSchema().indexOf("LIMIT_BAL");
        long[] next = {1};
        double[] sink = new double[1];
        double bytes = AllocationMeter.bytesPerCall(20_000, 50_000, () -> {
            long id = next[0]++ % (APPLICANTS + 10) + 1;
            decider.begin().set(limit, 25_000);
            Decision d = decider.decide(id);
            sink[0] += d.score() + d.outcome().ordinal() + d.ageMillis(0);
        });
        assertEquals(0.0, bytes, "bytes per decision");
    }

    @Test
    void aNewVersionServesTheNextDecisionAndIsRecorded() {
        Decider decider = decider();
        decider.begin().set(0, 20_000);
        assertEquals(1, decider.decide(1).modelVersion(0));
        ModelHandle handle = registry.handle("credit");
        handle.publish(ModelLoader.load(creditV2, LoadOptions.defaults()));
        decider.begin().set(0, 20_000);
        Decision d = decider.decide(1);
        assertEquals(2, d.modelVersion(0));
        assertEquals(1, d.modelVersion(2), "the challenger kept its version");
    }

    @Test
    void aDeciderBelongsToOneThread() throws Exception {
        Decider decider = decider();
        decider.begin().set(0, 20_000);
        decider.decide(1);
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                decider.begin();
            } catch (Throwable e) {
                other.set(e);
            }
        });
        t.join();
        assertTrue(other.get() instanceof WrongThreadException, String.valueOf(other.get()));
        decider.release();
        Thread next = Thread.ofPlatform().start(() -> {
            decider.begin().set(0, 30_000);
            decider.decide(2);
        });
        next.join();
    }

    @Test
    void withoutTheCacheTheRequestAloneIsScored() {
        Decider decider = Decider.builder(DecisionPolicy.read(policyFile), registry).build();
        decider.begin().set(0, 40_000).set(1, 40).set(2, 0);
        Decision d = decider.decide();
        assertEquals(0, d.groupCount());
        assertTrue(List.of("fraud", "cut-offs").contains(d.rule()), d.rule());
    }

    @Test
    void aReaderOfAnotherSchemaIsRejected() {
        FeatureSchema other = FeatureSchema.builder().numeric("AGE", "PAY_0").build();
        FeatureReader reader = store.reader("applicant", other, at(NOW));
        SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () ->
                Decider.builder(DecisionPolicy.read(policyFile), registry).features(reader).build());
        assertTrue(e.getMessage().contains("make the reader with the models' request schema"), e.getMessage());
    }
}
