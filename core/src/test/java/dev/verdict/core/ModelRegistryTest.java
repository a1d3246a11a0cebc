package dev.verdict.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {
    private final FeatureSchema request = FeatureSchema.builder()
            .add(Feature.numeric("income").asRequired())
            .add(Feature.numeric("utilization"))
            .add(Feature.numeric("age"))
            .build();

    @Test
    void scoresThroughAMappedSchema() {
        // The model reads two of the request's features, in another order.
        FeatureSchema modelSchema = FeatureSchema.builder().numeric("age", "income").build();
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle credit = registry.register("credit", request);
            credit.publish(new LinearTestModel(modelSchema, 1.0, 10.0, 100.0));
            ScoringSession session = registry.newSession();
            FeatureVector row = request.newVector().set("income", 2).set("age", 3);
            ScoreBuffer out = session.score(credit, row);
            assertEquals(1.0 + 10 * 3 + 100 * 2, out.score());
            assertEquals(1, out.modelVersion());
            assertSame(out, session.score("credit", row));
        }
    }

    @Test
    void unnamedModelsReadLeadingFeaturesByPosition() {
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle h = registry.register("m", request);
            h.publish(new LinearTestModel(FeatureSchema.positional(2), false, 0.0, 1.0, 2.0));
            FeatureVector row = request.newVector().setAll(5, 7, 100);
            assertEquals(5 + 14, registry.newSession().score(h, row).score());
            assertThrows(SchemaMismatchException.class, () -> h.publish(
                    new LinearTestModel(FeatureSchema.positional(4), false, 0.0, 1, 1, 1, 1)));
        }
    }

    @Test
    void rejectedCandidateLeavesCurrentVersionServing() {
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle h = registry.register("credit", request);
            LinearTestModel good = new LinearTestModel(request, 0.0, 1, 1, 1);
            h.publish(good);
            FeatureSchema needsDebt = FeatureSchema.builder().numeric("income", "debt").build();
            SchemaMismatchException e = assertThrows(SchemaMismatchException.class,
                    () -> h.publish(new LinearTestModel(needsDebt, 0.0, 1, 1)));
            assertTrue(e.getMessage().contains("'debt' is missing"), e.getMessage());
            FeatureSchema categoricalIncome = FeatureSchema.of(List.of(Feature.categorical("income")));
            assertThrows(SchemaMismatchException.class,
                    () -> h.publish(new LinearTestModel(categoricalIncome, 0.0, 1)));
            assertSame(good, h.current().model());
            assertEquals(1, h.current().version());
            assertEquals(0, good.closes.get());
        }
    }

    @Test
    void typedErrorsForBadRequests() {
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle h = registry.register("credit", request);
            ScoringSession session = registry.newSession();
            FeatureVector row = request.newVector().set("utilization", 0.5);
            ModelNotPublishedException unpublished = assertThrows(ModelNotPublishedException.class,
                    () -> session.score(h, row));
            assertEquals("model 'credit' is registered but has no published version yet;"
                    + " publish one with ModelHandle.publish(model)", unpublished.getMessage());
            UnknownModelException unknown = assertThrows(UnknownModelException.class,
                    () -> session.score("nope", row));
            assertEquals("no model registered under 'nope' (registered: [credit])", unknown.getMessage());
            h.publish(new LinearTestModel(request, 0.0, 1, 1, 1));
            InvalidFeatureValueException missing = assertThrows(InvalidFeatureValueException.class,
                    () -> session.score(h, row));
            assertEquals("income", missing.featureName());
            FeatureVector other = FeatureSchema.builder().numeric("x").build().newVector();
            assertThrows(SchemaMismatchException.class, () -> session.score(h, other));
            assertThrows(IllegalStateException.class, () -> registry.register("credit", request));
        }
    }

    @Test
    void batchScoringUsesOneVersionAndMapsFeatures() {
        FeatureSchema modelSchema = FeatureSchema.builder().numeric("utilization", "income").build();
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle h = registry.register("m", request);
            h.publish(new LinearTestModel(modelSchema, 0.5, 2.0, 3.0));
            FeatureBatch batch = request.newBatch(8);
            batch.clear(3);
            for (int r = 0; r < 3; r++) {
                batch.set(r, 0, r).set(r, 1, 10 * r);
            }
            ScoreBatch out = new ScoreBatch(OutputSpec.prediction(), 8);
            registry.newSession().scoreBatch(h, batch, out);
            assertEquals(3, out.rowCount());
            for (int r = 0; r < 3; r++) {
                assertEquals(0.5 + 2.0 * 10 * r + 3.0 * r, out.score(r, 0));
            }
            batch.clear(1); // income (required) missing
            assertThrows(InvalidFeatureValueException.class,
                    () -> registry.newSession().scoreBatch(h, batch, out));
        }
    }

    /**
     * Many threads score while another publishes new versions as fast as it can. Every request
     * must succeed, see one version from start to end, and no model may be closed while a request
     * is using it; every replaced model is closed exactly once.
     */
    @Test
    void hotSwapUnderLoadNeverFailsOrMixesVersions() throws Exception {
        int threads = 4;
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle h = registry.register("credit", request);
            List<LinearTestModel> published = new ArrayList<>();
            LinearTestModel first = new LinearTestModel(request, 1_000_000.0, 0, 0, 0);
            published.add(first);
            h.publish(first);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong requests = new AtomicLong();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch started = new CountDownLatch(threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = Thread.ofPlatform().start(() -> {
                    ScoringSession session = registry.newSession();
                    FeatureVector row = request.newVector().setAll(1, 1, 1);
                    started.countDown();
                    long lastVersion = 0;
                    try {
                        while (!stop.get()) {
                            ScoreBuffer out = session.score(h, row);
                            // Version v's model scores exactly 1e6 * v.
                            long version = out.modelVersion();
                            if (out.score() != 1_000_000.0 * version) {
                                throw new AssertionError("score " + out.score() + " from v" + version);
                            }
                            if (version < lastVersion) {
                                throw new AssertionError("went back from v" + lastVersion + " to v" + version);
                            }
                            lastVersion = version;
                            requests.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                workers.add(w);
            }
            assertTrue(started.await(10, TimeUnit.SECONDS));
            for (int v = 2; v <= 2_000; v++) {
                LinearTestModel next = new LinearTestModel(request, 1_000_000.0 * v, 0, 0, 0);
                published.add(next);
                h.publish(next);
            }
            stop.set(true);
            for (Thread w : workers) {
                w.join(10_000);
            }
            assertTrue(failures.isEmpty(), () -> "failures: " + failures);
            assertTrue(requests.get() > 0);
            for (int i = 0; i < published.size() - 1; i++) {
                LinearTestModel m = published.get(i);
                assertEquals(1, m.closes.get(), "v" + (i + 1) + " closed once");
                assertFalse(m.scoredWhileClosed, "v" + (i + 1) + " closed while scoring");
            }
            assertEquals(0, published.getLast().closes.get());
            assertEquals(2_000, h.current().version());
        }
    }
}
