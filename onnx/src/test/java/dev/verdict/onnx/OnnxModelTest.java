package dev.verdict.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.FeatureType;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.InvalidFeatureValueException;
import dev.verdict.core.Model;
import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelLoadException;
import dev.verdict.core.ModelRegistry;
import dev.verdict.core.OutputKind;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.ScoringSession;
import dev.verdict.core.Scorer;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, mapping, options, bad input, threads and native memory of ONNX models. */
class OnnxModelTest {
    static final Path FIXTURES = OnnxFidelityTest.FIXTURES;

    @Test
    void discoversInputsAndOutputs() {
        try (OnnxModel mlp = OnnxModel.load(FIXTURES.resolve("mlp.onnx"), OnnxOptions.defaults())) {
            assertEquals(100, mlp.inputSchema().size());
            assertEquals("features[0]", mlp.inputSchema().name(0));
            assertEquals(List.of("probability", "logit"), mlp.outputs().scoreNames());
            assertEquals(OutputKind.PREDICTION, mlp.outputs().kind());
            assertEquals("onnx", mlp.info().format());
            assertTrue(mlp.info().details().get("inputs").contains("features float32[batch,100]"),
                    mlp.info().details().toString());
        }
        try (OnnxModel two = OnnxModel.load(FIXTURES.resolve("two_inputs.onnx"), OnnxOptions.defaults())) {
            assertEquals(9, two.inputSchema().size());
            assertEquals(FeatureType.NUMERIC, two.inputSchema().type(0));
            assertEquals("category", two.inputSchema().name(8));
            assertEquals(FeatureType.CATEGORICAL, two.inputSchema().type(8));
        }
    }

    @Test
    void detectedByModelLoaderAndNamedFeaturesMapByName() {
        Model model = ModelLoader.load(FIXTURES.resolve("logreg.onnx"), LoadOptions.defaults());
        try (model) {
            assertEquals(OutputKind.PROBABILITY, model.outputs().kind());
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            names.add("x" + i);
        }
        try (OnnxModel named = OnnxModel.load(FIXTURES.resolve("logreg.onnx"),
                OnnxOptions.defaults().withFeatureNames("input", names));
                ModelRegistry registry = new ModelRegistry()) {
            assertTrue(named.hasFeatureNames());
            // The request schema lists the features in another order, with extras.
            var request = dev.verdict.core.FeatureSchema.builder().numeric("extra");
            for (int i = 9; i >= 0; i--) {
                request.add(dev.verdict.core.Feature.numeric("x" + i).asRequired());
            }
            var schema = request.build();
            ModelHandle h = registry.register("lr", schema);
            h.publish(named);
            FeatureVector row = schema.newVector().set("extra", 99);
            FeatureVector direct = named.inputSchema().newVector();
            for (int i = 0; i < 10; i++) {
                row.set("x" + i, i * 0.1);
                direct.set(i, i * 0.1);
            }
            ScoringSession session = registry.newSession();
            double viaSession = session.score(h, row).score();
            ScoreBuffer out = new ScoreBuffer(named.outputs());
            named.newScorer().score(direct, out);
            assertEquals(out.score(), viaSession);
        }
        assertThrows(ModelLoadException.class, () -> OnnxModel.load(FIXTURES.resolve("logreg.onnx"),
                OnnxOptions.defaults().withFeatureNames("input", List.of("too", "few"))));
        assertThrows(ModelLoadException.class, () -> OnnxModel.load(FIXTURES.resolve("logreg.onnx"),
                OnnxOptions.defaults().withFeatureNames("nope", List.of("a"))));
    }

    @Test
    void badFilesAreClearLoadErrors() {
        ModelLoadException notOnnx = assertThrows(ModelLoadException.class,
                () -> OnnxModel.load(FIXTURES.resolve("not_onnx.onnx"), OnnxOptions.defaults()));
        assertTrue(notOnnx.getMessage().contains("not_onnx.onnx"), notOnnx.getMessage());
        ModelLoadException truncated = assertThrows(ModelLoadException.class,
                () -> OnnxModel.load(FIXTURES.resolve("truncated.onnx"), OnnxOptions.defaults()));
        assertTrue(truncated.getMessage().contains("ONNX Runtime"), truncated.getMessage());
        assertThrows(ModelLoadException.class,
                () -> OnnxModel.load(FIXTURES.resolve("missing.onnx"), OnnxOptions.defaults()));
        assertThrows(ModelLoadException.class,
                () -> OnnxModel.load(new byte[] {8, 7, 1, 2, 3}, OnnxOptions.defaults()));
    }

    @Test
    void zipMapOutputIsNotScoredButTheLabelIs() throws Exception {
        try (OnnxModel model = OnnxModel.load(FIXTURES.resolve("zipmap.onnx"), OnnxOptions.defaults())) {
            assertEquals(List.of("output_label"), model.outputs().scoreNames());
            assertTrue(model.info().details().get("not scored").contains("output_probability"));
            ScoreBuffer out = new ScoreBuffer(model.outputs());
            model.newScorer().score(model.inputSchema().newVector().setAll(0.1, 0.2, 0.3, 0.4), out);
            double label = out.score();
            assertTrue(label == 0 || label == 1, "label " + label);
        }
    }

    @Test
    void missingValuesFollowThePolicy() {
        try (OnnxModel strict = OnnxModel.load(FIXTURES.resolve("logreg.onnx"), OnnxOptions.defaults());
                OnnxModel lenient = OnnxModel.load(FIXTURES.resolve("logreg.onnx"),
                        OnnxOptions.defaults().withMissingAllowed())) {
            FeatureVector row = strict.inputSchema().newVector().setAll(1, 2, 3, 4, 5, 6, 7, 8, 9, Double.NaN);
            ScoreBuffer out = new ScoreBuffer(strict.outputs());
            InvalidFeatureValueException e = assertThrows(InvalidFeatureValueException.class,
                    () -> strict.newScorer().score(row, out));
            assertEquals("input[9]", e.featureName());
            assertTrue(strict.inputSchema().feature(9).required());
            FeatureVector row2 = lenient.inputSchema().newVector().setAll(1, 2, 3, 4, 5, 6, 7, 8, 9, Double.NaN);
            lenient.newScorer().score(row2, out);
            assertTrue(Double.isNaN(out.score()), "NaN propagates through the network");
        }
        try (OnnxModel two = OnnxModel.load(FIXTURES.resolve("two_inputs.onnx"),
                OnnxOptions.defaults().withMissingAllowed())) {
            // Integer tensors cannot hold NaN even when missing values are allowed.
            FeatureVector row = two.inputSchema().newVector().setAll(1, 2, 3, 4, 5, 6, 7, 8, 0);
            row.setMissing(8);
            ScoreBuffer out = new ScoreBuffer(two.outputs());
            assertThrows(InvalidFeatureValueException.class, () -> two.newScorer().score(row, out));
        }
    }

    @Test
    void runtimeErrorsAreTyped() {
        try (OnnxModel two = OnnxModel.load(FIXTURES.resolve("two_inputs.onnx"), OnnxOptions.defaults())) {
            // Category 500 is outside the 20-row embedding: ONNX Runtime's Gather rejects it.
            FeatureVector row = two.inputSchema().newVector().setAll(1, 2, 3, 4, 5, 6, 7, 8, 500);
            ScoreBuffer out = new ScoreBuffer(two.outputs());
            OnnxRuntimeException e = assertThrows(OnnxRuntimeException.class,
                    () -> two.newScorer().score(row, out));
            assertTrue(e.getMessage().contains("Run failed"), e.getMessage());
        }
    }

    @Test
    void sessionOptionsAreApplied(@TempDir Path dir) {
        Path cache = dir.resolve("mlp.optimized.onnx");
        OnnxOptions options = OnnxOptions.defaults().withOptimizedModelCache(cache)
                .withOptimization(OnnxOptions.Optimization.EXTENDED).withMemoryArena(false)
                .withIntraOpThreads(2);
        try (OnnxModel model = OnnxModel.load(FIXTURES.resolve("mlp.onnx"), options)) {
            assertTrue(Files.exists(cache), "optimized model written");
            assertEquals("2 intra-op, 1 inter-op", model.info().details().get("threads"));
            assertEquals("extended", model.info().details().get("optimization"));
        }
        // The cached, optimized model loads and scores like the original.
        try (OnnxModel original = OnnxModel.load(FIXTURES.resolve("mlp.onnx"), OnnxOptions.defaults());
                OnnxModel optimized = OnnxModel.load(cache, OnnxOptions.defaults())) {
            double[] row = OnnxFidelityTest.rows(original, 1)[0];
            ScoreBuffer a = new ScoreBuffer(original.outputs());
            ScoreBuffer b = new ScoreBuffer(optimized.outputs());
            original.newScorer().score(original.inputSchema().newVector().setAll(row), a);
            optimized.newScorer().score(optimized.inputSchema().newVector().setAll(row), b);
            assertEquals(a.score(), b.score());
        }
    }

    @Test
    void oneSessionManyThreads() throws Exception {
        try (OnnxModel model = OnnxModel.load(FIXTURES.resolve("transformer.onnx"), OnnxOptions.defaults())) {
            double[][] rows = OnnxFidelityTest.rows(model, 16);
            double[] expected = new double[rows.length];
            Scorer reference = model.newScorer();
            ScoreBuffer out = new ScoreBuffer(model.outputs());
            for (int r = 0; r < rows.length; r++) {
                reference.score(model.inputSchema().newVector().setAll(rows[r]), out);
                expected[r] = out.score();
            }
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try (Scorer scorer = model.newScorer()) {
                        FeatureVector v = model.inputSchema().newVector();
                        ScoreBuffer mine = new ScoreBuffer(model.outputs());
                        for (int i = 0; i < 400; i++) {
                            int r = i % rows.length;
                            scorer.score(v.setAll(rows[r]), mine);
                            if (mine.score() != expected[r]) {
                                throw new AssertionError("row " + r + ": " + mine.score() + " vs " + expected[r]);
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(failures.isEmpty(), failures.toString());
        }
    }

    /** Loading and closing 1,000 models leaves native memory (RSS) flat. */
    @Test
    void loadingAndClosingKeepsNativeMemoryFlat() throws Exception {
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve("mlp.onnx"));
        // Warm up until the Java heap and the native allocators reach their working size, then
        // measure: a leaked session (weights, arena, tensors) would cost ≥ 100 KB a cycle, 100 MB
        // over 1,000 cycles; the bound leaves room for heap and allocator noise only.
        for (int i = 0; i < 1_000; i++) {
            cycle(bytes);
        }
        System.gc();
        long before = rssKb();
        for (int i = 0; i < 1_000; i++) {
            cycle(bytes);
        }
        System.gc();
        long growth = rssKb() - before;
        System.out.println("RSS growth over 1,000 ONNX load/score/close cycles: " + growth + " KB");
        assertTrue(growth < 20_000, "RSS grew by " + growth + " KB over 1,000 load/score/close cycles");
    }

    private static void cycle(byte[] bytes) {
        try (OnnxModel model = OnnxModel.load(bytes, OnnxOptions.defaults())) {
            try (Scorer scorer = model.newScorer()) {
                ScoreBuffer out = new ScoreBuffer(model.outputs());
                scorer.score(model.inputSchema().newVector().setAll(new double[100]), out);
                assertFalse(Double.isNaN(out.score()));
            }
        }
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

}
