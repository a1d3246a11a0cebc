package dev.verdict.loader;

import static dev.verdict.loader.ModelDocuments.floats;
import static dev.verdict.loader.ModelDocuments.longs;
import static dev.verdict.loader.ModelDocuments.object;
import static dev.verdict.loader.ModelDocuments.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ModelLoadException;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.VerdictException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad model files are rejected at load with a {@link ModelFormatException} whose message names
 * the problem, and nothing half-loaded is ever returned. Each format starts from a small valid
 * model (trained by the native oracles in the test, or for the legacy binary format the committed
 * fixture {@code bad-input/binary-logistic.model}) and checks (a) that every truncation throws a
 * {@link ModelLoadException} and never anything else, and (b) that targeted corruptions — wrong
 * types, out-of-range child or feature indices, cycles, shared nodes, NaN thresholds, unknown
 * objectives, wrong lengths, negative counts, malformed base scores, and LightGBM's header,
 * token-count, decision-type, categorical and tree-count errors — each give a message that says
 * what is wrong. Messages are asserted on substrings so that they stay useful.
 */
class BadModelFilesTest {
    private static final ModelFormat JSON = ModelFormat.XGBOOST_JSON;
    private static final ModelFormat UBJSON = ModelFormat.XGBOOST_UBJSON;
    private static final ModelFormat BINARY = ModelFormat.XGBOOST_BINARY;
    private static final ModelFormat LIGHTGBM = ModelFormat.LIGHTGBM_TEXT;

    private static SmallModels.XGBoostBytes logistic;
    private static SmallModels.XGBoostBytes categorical;
    private static SmallModels.XGBoostBytes vectorLeaves;
    private static String lightgbmBinary;
    private static String lightgbmCategorical;
    private static String lightgbmLinear;
    private static byte[] legacyBinary;

    @BeforeAll
    static void trainSmallModels() {
        logistic = SmallModels.xgboostLogistic();
        categorical = SmallModels.xgboostCategorical();
        vectorLeaves = SmallModels.xgboostVectorLeaves();
        // Tree 0 gets a fixed layout so the corruptions below know which node is where.
        lightgbmBinary = setTreeField(setTreeField(SmallModels.lightgbmBinary(),
                0, "left_child", "1 -1"), 0, "right_child", "-2 -3");
        lightgbmCategorical = SmallModels.lightgbmCategorical();
        lightgbmLinear = SmallModels.lightgbmLinear();
        legacyBinary = SmallModels.xgboostLegacyBinary();
    }

    // ------------------------------------------------------------------ valid baselines

    @Test
    void theStartingModelsAreValid() {
        for (byte[] b : new byte[][] {logistic.json(), categorical.json(), vectorLeaves.json(),
                xgboostJson(doc -> { }, logistic)}) {
            assertLoads(b, JSON);
        }
        for (byte[] b : new byte[][] {logistic.ubj(), categorical.ubj(), vectorLeaves.ubj(),
                xgboostUbjson(doc -> { }, logistic)}) {
            assertLoads(b, UBJSON);
        }
        assertLoads(utf8(lightgbmBinary), LIGHTGBM);
        assertLoads(utf8(lightgbmCategorical), LIGHTGBM);
        assertLoads(utf8(lightgbmLinear), LIGHTGBM);
        assertEquals(BINARY, ModelFormat.detect(legacyBinary));
        Model m = assertLoads(legacyBinary, BINARY);
        // make_fixtures.py records what XGBoost 1.7.4 predicts for an all-missing row.
        String[] expected = new String(SmallModels.resource("/bad-input/binary-logistic.expected"),
                StandardCharsets.US_ASCII).lines().filter(l -> !l.startsWith("#")).findFirst()
                .orElseThrow().trim().split(" ");
        ScoreBuffer out = new ScoreBuffer(m.outputs());
        m.newScorer().score(m.inputSchema().newVector(), out);
        assertEquals(Float.intBitsToFloat(Integer.parseUnsignedInt(expected[0], 16)), (float) out.margin());
        assertEquals(Float.intBitsToFloat(Integer.parseUnsignedInt(expected[1], 16)), (float) out.score());
    }

    /** Row counts only steer the engine's walk: missing or garbled ones change no score. */
    @Test
    void rowCountHintsAreOptional() {
        String lgb = lightgbmBinary;
        String xgb = logistic.jsonText();
        assertTrue(lgb.contains("leaf_count=") && xgb.contains("\"sum_hessian\""));
        List<byte[]> lightgbm = List.of(utf8(lgb.replaceAll("(?m)^leaf_count=.*$", "leaf_count=1 x")),
                utf8(lgb.replaceAll("(?m)^leaf_count=.*\\R", "")));
        List<byte[]> xgboost = List.of(
                utf8(xgb.replaceAll("\"sum_hessian\":\\[[^\\]]*\\]", "\"sum_hessian\":[1]")),
                utf8(xgb.replaceAll("\"sum_hessian\":\\[[^\\]]*\\],?", "")));
        for (byte[] v : lightgbm) {
            assertTrue(!Arrays.equals(v, utf8(lgb)), "the LightGBM variant differs");
        }
        for (byte[] v : xgboost) {
            assertTrue(!Arrays.equals(v, logistic.json()), "the XGBoost variant differs");
        }
        assertSameScores(assertLoads(utf8(lgb), LIGHTGBM), lightgbm, LIGHTGBM);
        assertSameScores(assertLoads(logistic.json(), JSON), xgboost, JSON);
    }

    private static void assertSameScores(Model reference, List<byte[]> variants, ModelFormat format) {
        double[][] rows = SmallModels.features(99, false);
        for (byte[] variant : variants) {
            Model m = assertLoads(variant, format);
            ScoreBuffer a = new ScoreBuffer(reference.outputs());
            ScoreBuffer b = new ScoreBuffer(m.outputs());
            for (double[] row : rows) {
                reference.newScorer().score(reference.inputSchema().newVector().setAll(row), a);
                m.newScorer().score(m.inputSchema().newVector().setAll(row), b);
                assertEquals(a.margin(), b.margin());
            }
        }
    }

    // ------------------------------------------------------------------ (a) truncation

    @Test
    void everyTruncatedXGBoostJsonModelIsRejected() {
        assertEveryPrefixRejected(logistic.json(), JSON, logistic.json().length);
        assertEveryPrefixRejected(categorical.json(), JSON, categorical.json().length);
    }

    @Test
    void everyTruncatedXGBoostUbjsonModelIsRejected() {
        assertEveryPrefixRejected(logistic.ubj(), UBJSON, logistic.ubj().length);
        assertEveryPrefixRejected(vectorLeaves.ubj(), UBJSON, vectorLeaves.ubj().length);
    }

    @Test
    void everyTruncatedLegacyBinaryModelIsRejected() {
        // The attributes run to the end of the file, so no proper prefix is a whole model.
        assertEveryPrefixRejected(legacyBinary, BINARY, legacyBinary.length);
    }

    @Test
    void everyLightGbmModelTruncatedBeforeTheEndOfTheTreesIsRejected() {
        for (String text : List.of(lightgbmBinary, lightgbmCategorical, lightgbmLinear)) {
            // What follows "end of trees" (importances, parameters, pandas_categorical) is optional
            // in LightGBM too, so only prefixes that cut into the trees must fail.
            int mustFailBelow = text.indexOf("end of trees") + "end of trees".length();
            assertEveryPrefixRejected(utf8(text), LIGHTGBM, mustFailBelow);
        }
    }

    /**
     * Every prefix shorter than {@code mustFailBelow} throws a {@link ModelLoadException} raised
     * by the reader itself; longer proper prefixes may load, but may not throw anything else.
     */
    private static void assertEveryPrefixRejected(byte[] bytes, ModelFormat format, int mustFailBelow) {
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            Model m;
            try {
                m = ModelLoader.load(prefix, format, LoadOptions.defaults());
            } catch (ModelLoadException e) {
                assertNoReaderBug(e, format + " prefix of " + n + " bytes");
                continue;
            } catch (RuntimeException | Error e) {
                throw new AssertionError(format + " prefix of " + n + " bytes threw " + e, e);
            }
            if (n < mustFailBelow) {
                fail(format + " prefix of " + n + " of " + bytes.length + " bytes loaded: " + m);
            }
            m.newScorer().score(m.inputSchema().newVector(), new ScoreBuffer(m.outputs()));
        }
    }

    // ------------------------------------------------------------------ (b) XGBoost JSON/UBJSON

    /** A corruption of an XGBoost document and the message fragments it must produce. */
    record DocCase(String name, SmallModels.XGBoostBytes base, Consumer<Map<String, Object>> edit,
            String... expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String TREES = "learner.gradient_booster.model.trees";
    private static final String TREE0 = TREES + "[0]";

    static Stream<DocCase> xgboostDocumentCases() {
        List<DocCase> c = new ArrayList<>();
        // Wrong JSON types.
        c.add(new DocCase("string where the trees array belongs", logistic,
                d -> object(d, "learner.gradient_booster.model").put("trees", "oops"),
                TREES + ": expected an array, found the string \"oops\""));
        c.add(new DocCase("object where left_children belongs", logistic,
                d -> tree(d, 0).put("left_children", new java.util.LinkedHashMap<>()),
                TREE0 + ".left_children: expected an array of integers, found an object"));
        c.add(new DocCase("string in split_conditions", logistic,
                d -> list(tree(d, 0), "split_conditions").set(1, "abc"),
                TREE0 + ".split_conditions[1]: expected a number, found \"abc\""));
        c.add(new DocCase("non-numeric num_feature", logistic,
                d -> object(d, "learner.learner_model_param").put("num_feature", "ten"),
                "learner.learner_model_param.num_feature: expected an integer, found \"ten\""));
        c.add(new DocCase("number where the objective name belongs", logistic,
                d -> object(d, "learner.objective").put("name", 5L),
                "learner.objective.name: expected a string, found the integer 5"));
        c.add(new DocCase("array where the learner belongs", logistic,
                d -> d.put("learner", longs(1)),
                "learner: expected an object, found an array",
                "learner: expected an object, found an integer array")); // UBJSON: a typed array
        c.add(new DocCase("missing learner_model_param", logistic,
                d -> object(d, "learner").remove("learner_model_param"),
                "learner: missing member \"learner_model_param\""));
        // Out-of-range child and feature indices, cycles, shared nodes.
        c.add(new DocCase("child index beyond the nodes", logistic,
                d -> children(d, new long[] {1, 9, 5, -1, -1, -1, -1}, new long[] {2, 10, 6, -1, -1, -1, -1}),
                TREE0 + ": node 1 has child 9 outside [0, 7)"));
        c.add(new DocCase("negative child index other than -1", logistic,
                d -> children(d, new long[] {1, -5, 5, -1, -1, -1, -1}, new long[] {2, -4, 6, -1, -1, -1, -1}),
                TREE0 + ": node 1 has child -5 outside [0, 7)"));
        c.add(new DocCase("cycle: node 2 points back to the root", logistic,
                d -> children(d, new long[] {1, 3, 0, -1, -1, -1, -1}, new long[] {2, 4, 1, -1, -1, -1, -1}),
                TREE0 + ": node 0 is reached twice (cycle or shared child)"));
        c.add(new DocCase("node shared by two parents", logistic,
                d -> children(d, new long[] {1, 3, 3, -1, -1, -1, -1}, new long[] {2, 4, 4, -1, -1, -1, -1}),
                TREE0 + ": node 3 is reached twice (cycle or shared child)"));
        c.add(new DocCase("right child not left + 1", logistic,
                d -> children(d, new long[] {2, 3, 5, -1, -1, -1, -1}, new long[] {1, 4, 6, -1, -1, -1, -1}),
                TREE0 + ".right_children: node 0 has children 2 and 1"));
        c.add(new DocCase("feature index beyond num_feature", logistic,
                d -> list(tree(d, 0), "split_indices").set(0, 3L),
                TREE0 + ": node 0 uses feature 3, but the model has 3 features"));
        c.add(new DocCase("negative feature index", logistic,
                d -> list(tree(d, 0), "split_indices").set(1, -2L),
                TREE0 + ": node 1 uses feature -2, but the model has 3 features"));
        // NaN threshold, unknown objective.
        c.add(new DocCase("NaN threshold", logistic,
                d -> list(tree(d, 0), "split_conditions").set(0, Float.NaN),
                TREE0 + ".split_conditions: node 0 has a NaN threshold"));
        c.add(new DocCase("unknown objective", logistic,
                d -> object(d, "learner.objective").put("name", "reg:bogus"),
                "unknown XGBoost objective 'reg:bogus'"));
        c.add(new DocCase("unknown booster", logistic,
                d -> object(d, "learner.gradient_booster").put("name", "gbforest"),
                "learner.gradient_booster.name: unknown booster 'gbforest'"));
        c.add(new DocCase("unknown split type", logistic,
                d -> list(tree(d, 0), "split_type").set(0, 2L),
                TREE0 + ".split_type: node 0 has unknown split type 2"));
        // Wrong array lengths, counts that disagree.
        c.add(new DocCase("split_conditions one short", logistic,
                d -> list(tree(d, 0), "split_conditions").removeLast(),
                TREE0 + ".split_conditions: expected 7 elements, found 6"));
        c.add(new DocCase("default_left one long", logistic,
                d -> list(tree(d, 0), "default_left").add(0L),
                TREE0 + ".default_left: expected 7 elements, found 8"));
        c.add(new DocCase("tree_info one short", logistic,
                d -> list(object(d, "learner.gradient_booster.model"), "tree_info").removeLast(),
                "learner.gradient_booster.model.tree_info: expected 3 elements, found 2"));
        c.add(new DocCase("num_trees larger than the trees stored", logistic,
                d -> object(d, "learner.gradient_booster.model.gbtree_model_param").put("num_trees", "5"),
                "num_trees: declares 5 trees, but 3 are stored"));
        c.add(new DocCase("tree_info naming an output the model lacks", logistic,
                d -> list(object(d, "learner.gradient_booster.model"), "tree_info").set(0, 4L),
                "tree_info: tree 0 adds to output 4, but the model has 1"));
        c.add(new DocCase("iteration_indptr not ending at the tree count", logistic,
                d -> object(d, "learner.gradient_booster.model").put("iteration_indptr", longs(0, 1, 2, 5)),
                "iteration_indptr: must start at 0 and end at the tree count 3"));
        c.add(new DocCase("more feature names than features", logistic,
                d -> object(d, "learner").put("feature_names", List.of("a", "b", "c", "d")),
                "learner.feature_names: 4 names for 3 features"));
        c.add(new DocCase("empty feature name", logistic,
                d -> object(d, "learner").put("feature_names", List.of("a", "", "c")),
                "learner.feature_names", "feature name must not be empty"));
        // Negative counts.
        c.add(new DocCase("negative num_nodes", logistic,
                d -> object(tree(d, 0), "tree_param").put("num_nodes", "-1"),
                TREE0 + ".tree_param.num_nodes: value -1 outside [1, "));
        c.add(new DocCase("negative num_trees", logistic,
                d -> object(d, "learner.gradient_booster.model.gbtree_model_param").put("num_trees", "-3"),
                "num_trees: value -3 outside [0, "));
        c.add(new DocCase("negative num_feature", logistic,
                d -> object(d, "learner.learner_model_param").put("num_feature", "-1"),
                "learner.learner_model_param.num_feature: value -1 outside [0, "));
        c.add(new DocCase("negative num_class", logistic,
                d -> object(d, "learner.learner_model_param").put("num_class", "-2"),
                "learner.learner_model_param.num_class: value -2 outside [0, "));
        // Malformed base_score.
        c.add(new DocCase("base_score not a number", logistic,
                d -> object(d, "learner.learner_model_param").put("base_score", "abc"),
                "learner.learner_model_param.base_score: expected a number, found \"abc\""));
        c.add(new DocCase("base_score with an unclosed bracket", logistic,
                d -> object(d, "learner.learner_model_param").put("base_score", "[5E-1"),
                "base_score: malformed base_score \"[5E-1\""));
        c.add(new DocCase("base_score with two values for one output", logistic,
                d -> object(d, "learner.learner_model_param").put("base_score", "[5E-1,5E-1]"),
                "base_score has 2 values, but the model has 1 outputs"));
        c.add(new DocCase("NaN base_score", logistic,
                d -> object(d, "learner.learner_model_param").put("base_score", "NaN"),
                "base_score NaN is not finite"));
        c.add(new DocCase("base_score as a bare number", logistic,
                d -> object(d, "learner.learner_model_param").put("base_score", 0.5f),
                "base_score: expected a string, found the number 0.5"));
        // Categorical splits.
        c.add(new DocCase("categories_nodes naming a node the tree lacks", categorical,
                d -> tree(d, 0).put("categories_nodes", longs(1, 9)),
                TREE0 + ".categories_nodes: node 9 outside [0, 7)"));
        c.add(new DocCase("categories_segments beyond the categories", categorical,
                d -> tree(d, 0).put("categories_segments", longs(0, 4)),
                TREE0 + ".categories_segments: segment 1 outside the 5 stored categories"));
        c.add(new DocCase("negative category", categorical,
                d -> list(tree(d, 0), "categories").set(0, -2L),
                TREE0 + ".categories: category -2 outside [0, 2^24)"));
        c.add(new DocCase("categories_sizes of the wrong length", categorical,
                d -> tree(d, 0).put("categories_sizes", longs(2)),
                TREE0 + ".categories_sizes: expected 2 elements, found 1"));
        c.add(new DocCase("categorical node without categories", categorical,
                d -> list(tree(d, 0), "split_type").set(0, 1L),
                TREE0 + ": node 0 is categorical but lists no categories"));
        c.add(new DocCase("feature_types of the wrong length", categorical,
                d -> object(d, "learner").put("feature_types", List.of("q", "c")),
                "learner.feature_types: 2 types for 3 features"));
        // Vector leaves.
        c.add(new DocCase("leaf_weights not a multiple of the leaf width", vectorLeaves,
                d -> list(tree(d, 0), "leaf_weights").removeLast(),
                TREE0 + ".leaf_weights: length 3 is not a multiple of the leaf width 2"));
        c.add(new DocCase("leaf referring to a leaf vector that is not stored", vectorLeaves,
                d -> list(tree(d, 0), "right_children").set(2, 9L),
                TREE0 + ": leaf 2 refers to leaf vector 9 outside the 2 stored"));
        c.add(new DocCase("leaf vector index whose row end wraps an int", vectorLeaves,
                d -> list(tree(d, 0), "right_children").set(2, (long) Integer.MAX_VALUE),
                TREE0 + ": leaf 2 refers to leaf vector 2147483647 outside the 2 stored"));
        c.add(new DocCase("vector leaves wider than the outputs", vectorLeaves,
                d -> object(tree(d, 0), "tree_param").put("size_leaf_vector", "4"),
                TREE0 + ": vector leaves of 4 values, model has 2 outputs"));
        return c.stream();
    }

    static Stream<Arguments> xgboostDocumentCorruptions() {
        return xgboostDocumentCases().flatMap(c -> Stream.of(Arguments.of(c, JSON), Arguments.of(c, UBJSON)));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("xgboostDocumentCorruptions")
    void xgboostDocumentCorruptionsAreNamed(DocCase c, ModelFormat format) {
        byte[] bytes = format == JSON ? xgboostJson(c.edit(), c.base()) : xgboostUbjson(c.edit(), c.base());
        ModelFormatException e = assertRejected(bytes, format);
        assertMessageHasAny(e, c.expected());
    }

    @Test
    void ubjsonNegativeAndOversizedCountsAreNamed() {
        byte[] ubj = xgboostUbjson(d -> { }, logistic);
        int at = ModelDocuments.typedArrayCountOffset(ubj, "left_children");
        byte[] negative = ubj.clone();
        ByteBuffer.wrap(negative).putLong(at, -1);
        assertMessageHas(assertRejected(negative, UBJSON), "UBJSON byte", "negative length -1");
        byte[] huge = ubj.clone();
        ByteBuffer.wrap(huge).putLong(at, 1L << 40);
        assertMessageHas(assertRejected(huge, UBJSON), "length 1099511627776 exceeds the",
                "bytes left (truncated or corrupt file)");
        byte[] badMarker = ubj.clone();
        badMarker[at - 3] = 'q'; // the element type of the typed array
        assertMessageHas(assertRejected(badMarker, UBJSON), "unknown type marker 'q'");
    }

    @Test
    void jsonSyntaxErrorsAreNamedWithTheirPosition() {
        String json = logistic.jsonText();
        assertMessageHas(assertRejected(utf8(json.replaceFirst("\"learner\":", "\"learner\" ")), JSON),
                "JSON line 1, column", "expected ':'");
        assertMessageHas(assertRejected(utf8(json + "}"), JSON),
                "unexpected content after the top-level value");
        assertMessageHas(assertRejected(utf8(json.replaceFirst("\\{\"learner\":\\{",
                "{\"learner\":{\"attributes\":{},")), JSON), "duplicate member \"attributes\"");
        assertMessageHas(assertRejected(utf8("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"), JSON),
                "nesting deeper than 64 levels");
        assertMessageHas(assertRejected(utf8(json.replace("\"learner\"", "\"lea\\qrner\"")), JSON),
                "unknown escape '\\q'");
        assertMessageHas(assertRejected(utf8(json.replace("\"num_class\":\"0\"", "\"num_class\":0x1")), JSON),
                "expected ',' or '}' in object, found 'x'");
    }

    /** Counts whose int products or sums wrap; the fuzz corpus replays the same inputs. */
    @Test
    void countsThatWouldOverflowAnIntAreNamed() {
        String inputs = "/dev/verdict/loader/ModelParsersFuzzTestInputs/";
        assertMessageHas(assertRejected(SmallModels.resource(inputs
                + "xgboostJson/regression-gblinear-weight-count-overflow.json"), JSON),
                "learner.gradient_booster.model.weights: a linear model of 4095 features and 1048576"
                        + " outputs needs 4294967296 weights");
        assertMessageHas(assertRejected(SmallModels.resource(inputs
                + "lightgbmText/regression-linear-count-overflow.txt"), LIGHTGBM),
                "tree 1 num_features: counts add up to 4294967298");
        // 1015839 parallel trees * 2114 classes is 2^31 - 2: the rounds are counted in long.
        Model m = assertLoads(SmallModels.resource(inputs
                + "xgboostJson/regression-round-count-overflow.json"), JSON);
        assertEquals("1", m.info().details().get("rounds"));
    }

    @Test
    void aNegativeBestIterationIsNamed() {
        byte[] json = xgboostJson(d -> object(d, "learner").put("attributes",
                new java.util.LinkedHashMap<>(Map.of("best_iteration", "-1"))), logistic);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelLoader.load(json,
                JSON, LoadOptions.defaults().withBestIteration()));
        assertNoReaderBug(e, "best_iteration -1");
        assertMessageHas(e, "learner.attributes: best_iteration is negative: -1");
        byte[] huge = xgboostJson(d -> object(d, "learner").put("attributes",
                new java.util.LinkedHashMap<>(Map.of("best_iteration", "2147483647"))), logistic);
        Model m = ModelLoader.load(huge, JSON, LoadOptions.defaults().withBestIteration());
        assertEquals("3", m.info().details().get("rounds"));
    }

    // ------------------------------------------------------------------ (b) legacy binary

    /** Offsets in the legacy binary fixture, from its layout (see LegacyBinaryReader). */
    private static final int LEARNER = 4;                    // after "binf"
    private static final int OBJECTIVE_LENGTH = LEARNER + 136;
    private static final int OBJECTIVE = OBJECTIVE_LENGTH + 8; // "binary:logistic", 15 bytes
    private static final int BOOSTER_LENGTH = OBJECTIVE + 15;
    private static final int BOOSTER = BOOSTER_LENGTH + 8;    // "gbtree", 6 bytes
    private static final int GBTREE_PARAM = BOOSTER + 6;
    private static final int BIN_TREE0 = GBTREE_PARAM + 160;
    private static final int BIN_TREE0_NODES = BIN_TREE0 + 148;

    private static int node(int n) {
        return BIN_TREE0_NODES + 20 * n; // parent, left, right, split index | default-left bit, split
    }

    private static byte[] binary(Consumer<ByteBuffer> edit) {
        byte[] b = legacyBinary.clone();
        edit.accept(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN));
        return b;
    }

    @Test
    void theLegacyFixtureHasTheLayoutTheCorruptionsAssume() {
        ByteBuffer b = ByteBuffer.wrap(legacyBinary).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("binf", new String(legacyBinary, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(15, b.getLong(OBJECTIVE_LENGTH));
        assertEquals("binary:logistic", new String(legacyBinary, OBJECTIVE, 15, StandardCharsets.US_ASCII));
        assertEquals("gbtree", new String(legacyBinary, BOOSTER, 6, StandardCharsets.US_ASCII));
        assertEquals(3, b.getInt(GBTREE_PARAM));    // num_trees
        assertEquals(7, b.getInt(BIN_TREE0 + 4));   // num_nodes of tree 0
        assertEquals(1, b.getInt(node(0) + 4));     // root: children 1, 2
        assertEquals(2, b.getInt(node(0) + 8));
        assertEquals(3, b.getInt(node(1) + 4));     // node 1: children 3, 4
        assertEquals(5, b.getInt(node(2) + 4));     // node 2: children 5, 6
    }

    static Stream<Arguments> legacyBinaryCorruptions() {
        return Stream.of(
                Arguments.of("implausible num_feature", (Consumer<ByteBuffer>) b -> b.putInt(LEARNER + 4, -1),
                        new String[] {"XGBoost binary model, byte 4: implausible learner parameters (num_feature 4294967295"}),
                Arguments.of("negative num_class", (Consumer<ByteBuffer>) b -> b.putInt(LEARNER + 8, -3),
                        new String[] {"implausible learner parameters", "num_class -3"}),
                Arguments.of("objective name longer than the file", (Consumer<ByteBuffer>) b -> b.putLong(OBJECTIVE_LENGTH, 1L << 40),
                        new String[] {"byte 140: objective name of length 1099511627776 exceeds the file"}),
                Arguments.of("negative objective name length", (Consumer<ByteBuffer>) b -> b.putLong(OBJECTIVE_LENGTH, -8),
                        new String[] {"objective name of length -8 exceeds the file"}),
                Arguments.of("unknown objective", (Consumer<ByteBuffer>) b -> b.put(OBJECTIVE + 14, (byte) 'X'),
                        new String[] {"unknown XGBoost objective 'binary:logistiX'"}),
                Arguments.of("unknown booster", (Consumer<ByteBuffer>) b -> b.put(BOOSTER + 5, (byte) 'X'),
                        new String[] {"unknown booster 'gbtreX'"}),
                Arguments.of("negative tree count", (Consumer<ByteBuffer>) b -> b.putInt(GBTREE_PARAM, -1),
                        new String[] {"byte " + GBTREE_PARAM + ": negative tree count -1"}),
                Arguments.of("more trees than the file holds", (Consumer<ByteBuffer>) b -> b.putInt(GBTREE_PARAM, 1000),
                        new String[] {"1000 trees do not fit in the", "bytes left (truncated or corrupt file)"}),
                Arguments.of("tree without nodes", (Consumer<ByteBuffer>) b -> b.putInt(BIN_TREE0 + 4, 0),
                        new String[] {"byte " + BIN_TREE0 + ": tree 0 has 0 nodes"}),
                Arguments.of("negative node count", (Consumer<ByteBuffer>) b -> b.putInt(BIN_TREE0 + 4, -7),
                        new String[] {"tree 0 has -7 nodes"}),
                Arguments.of("more nodes than the file holds", (Consumer<ByteBuffer>) b -> b.putInt(BIN_TREE0 + 4, 1 << 20),
                        new String[] {"1048576 nodes of tree 0 do not fit"}),
                Arguments.of("child index beyond the nodes", (Consumer<ByteBuffer>) b -> {
                    b.putInt(node(1) + 4, 9);
                    b.putInt(node(1) + 8, 10);
                }, new String[] {"trees[0]: node 1 has child 9 outside [0, 7)"}),
                Arguments.of("cycle: node 2 points back to the root", (Consumer<ByteBuffer>) b -> {
                    b.putInt(node(2) + 4, 0);
                    b.putInt(node(2) + 8, 1);
                }, new String[] {"trees[0]: node 0 is reached twice (cycle or shared child)"}),
                Arguments.of("node shared by two parents", (Consumer<ByteBuffer>) b -> {
                    b.putInt(node(2) + 4, 3);
                    b.putInt(node(2) + 8, 4);
                }, new String[] {"trees[0]: node 3 is reached twice (cycle or shared child)"}),
                Arguments.of("feature index beyond num_feature", (Consumer<ByteBuffer>) b ->
                        b.putInt(node(0) + 12, (b.getInt(node(0) + 12) & 0x80000000) | 50),
                        new String[] {"trees[0]: node 0 uses feature 50, but the model has 3 features"}),
                Arguments.of("NaN threshold", (Consumer<ByteBuffer>) b -> b.putFloat(node(0) + 16, Float.NaN),
                        new String[] {"trees[0].split_conditions: node 0 has a NaN threshold"}),
                Arguments.of("attribute count beyond the file", (Consumer<ByteBuffer>) b ->
                        b.putLong(legacyAttributesOffset(), 1L << 40),
                        new String[] {"1099511627776 attributes do not fit"}),
                Arguments.of("negative attribute count", (Consumer<ByteBuffer>) b ->
                        b.putLong(legacyAttributesOffset(), -2),
                        new String[] {"-2 attributes do not fit"}));
    }

    /** The u64 attribute count: after the trees and the int32 tree_info. */
    private static int legacyAttributesOffset() {
        ByteBuffer b = ByteBuffer.wrap(legacyBinary).order(ByteOrder.LITTLE_ENDIAN);
        int trees = b.getInt(GBTREE_PARAM);
        int at = BIN_TREE0;
        for (int t = 0; t < trees; t++) {
            at += 148 + 36 * b.getInt(at + 4);
        }
        return at + 4 * trees;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("legacyBinaryCorruptions")
    void legacyBinaryCorruptionsAreNamed(String name, Consumer<ByteBuffer> edit, String[] expected) {
        assertMessageHas(assertRejected(binary(edit), BINARY), expected);
    }

    // ------------------------------------------------------------------ (b) LightGBM text

    static Stream<Arguments> lightgbmCorruptions() {
        return Stream.of(
                // Missing required header keys.
                lg("missing max_feature_idx", () -> removeHeader(lightgbmBinary, "max_feature_idx"),
                        "LightGBM model header lacks 'max_feature_idx'"),
                lg("missing feature_names", () -> removeHeader(lightgbmBinary, "feature_names"),
                        "LightGBM model header lacks 'feature_names'"),
                lg("missing feature_infos", () -> removeHeader(lightgbmBinary, "feature_infos"),
                        "LightGBM model header lacks 'feature_infos'"),
                lg("missing num_class", () -> removeHeader(lightgbmBinary, "num_class"),
                        "LightGBM model header lacks 'num_class'"),
                lg("malformed header line", () -> setHeader(lightgbmBinary, "label_index", "0=1"),
                        "malformed header line 'label_index=0=1'"),
                // Wrong header values.
                lg("non-integer max_feature_idx", () -> setHeader(lightgbmBinary, "max_feature_idx", "two"),
                        "max_feature_idx: expected an integer, found 'two'"),
                lg("num_class 0", () -> setHeader(lightgbmBinary, "num_class", "0"),
                        "num_class 0 outside [1, "),
                lg("negative num_tree_per_iteration", () -> setHeader(lightgbmBinary, "num_tree_per_iteration", "-1"),
                        "num_tree_per_iteration -1 outside [1, "),
                lg("unknown objective", () -> setHeader(lightgbmBinary, "objective", "bogus"),
                        "unknown LightGBM objective 'bogus'"),
                lg("binary objective without sigmoid", () -> setHeader(lightgbmBinary, "objective", "binary"),
                        "objective 'binary' needs a positive sigmoid parameter"),
                lg("multiclass objective disagreeing with the trees per iteration",
                        () -> setHeader(lightgbmBinary, "objective", "multiclass num_class:3"),
                        "objective has 3 classes, but there are 1 trees per iteration"),
                // Wrong token counts.
                lg("two feature names for three features", () -> setHeader(lightgbmBinary, "feature_names", "a b"),
                        "2 feature names for 3 features"),
                lg("four feature infos for three features",
                        () -> setHeader(lightgbmBinary, "feature_infos", "none none none none"),
                        "4 feature infos for 3 features"),
                lg("duplicate feature names", () -> setHeader(lightgbmBinary, "feature_names", "a b a"),
                        "feature_names: duplicate feature name 'a'"),
                lg("leaf_value one short", () -> setTreeField(lightgbmBinary, 0, "leaf_value", "0.1 0.2"),
                        "tree 0 leaf_value: expected 3 values, found 2"),
                lg("split_feature one long", () -> setTreeField(lightgbmBinary, 0, "split_feature", "0 1 2"),
                        "tree 0 split_feature: expected 2 values, found 3"),
                lg("threshold not a number", () -> setTreeField(lightgbmBinary, 0, "threshold", "0.5 zero"),
                        "tree 0 threshold: value 1 is not a number: 'zero'"),
                lg("line without '=' in a tree", () -> lightgbmBinary.replaceFirst("\nleaf_value=", "\nleaf_value "),
                        "expected key=value in tree 0"),
                lg("tree block missing left_child", () -> removeTreeField(lightgbmBinary, 0, "left_child"),
                        "tree 0 (line ", "missing 'left_child'"),
                // Bad decision_type.
                lg("missing type 3 in decision_type", () -> setTreeField(lightgbmBinary, 0, "decision_type", "12 2"),
                        "tree 0 decision_type: node 0 has unknown missing type 3"),
                lg("non-integer decision_type", () -> setTreeField(lightgbmBinary, 0, "decision_type", "2 x"),
                        "tree 0 decision_type: value 1 is not an integer: 'x'"),
                // Out-of-range children and features, cycles, shared nodes, NaN thresholds.
                lg("internal child beyond the internal nodes", () -> setTreeField(lightgbmBinary, 0, "left_child", "5 -1"),
                        "tree 0 left_child: node 0 has child 5 beyond the 2 internal nodes"),
                lg("leaf child beyond the leaves", () -> setTreeField(lightgbmBinary, 0, "right_child", "-2 -9"),
                        "tree 0 right_child: node 1 has leaf 8 beyond the 3 leaves"),
                lg("feature index beyond max_feature_idx", () -> setTreeField(lightgbmBinary, 0, "split_feature", "7 0"),
                        "node 0 uses feature 7, but the model has 3 features"),
                lg("negative feature index", () -> setTreeField(lightgbmBinary, 0, "split_feature", "0 -1"),
                        "node 1 uses feature -1, but the model has 3 features"),
                lg("cycle: node 1 points back to the root", () -> setTreeField(lightgbmBinary, 0, "left_child", "1 0"),
                        "node 0 is reached twice (cycle or shared child"),
                lg("node shared by two parents", () -> setTreeField(setTreeField(lightgbmBinary, 0,
                        "left_child", "1 -1"), 0, "right_child", "1 -2"),
                        "node 1 is reached twice (cycle or shared child"),
                lg("NaN threshold", () -> setTreeField(lightgbmBinary, 0, "threshold", "nan 0.5"),
                        "tree 0 threshold: node 0 has a NaN threshold"),
                // Negative and inconsistent counts.
                lg("negative num_leaves", () -> setTreeField(lightgbmBinary, 0, "num_leaves", "-1"),
                        "tree 0 num_leaves: value -1 outside [1, "),
                lg("num_cat beyond the leaves", () -> setTreeField(lightgbmBinary, 0, "num_cat", "9"),
                        "tree 0 num_cat: value 9 outside [0, 3]"),
                lg("negative linear feature count", () -> setTreeField(lightgbmLinear, 1, "num_features", "-1 1 2"),
                        "tree 1 num_features: negative count -1"),
                lg("linear leaf feature beyond max_feature_idx", () -> setTreeField(lightgbmLinear, 1, "leaf_features",
                        "0 1 1 0 7"), "uses feature 7, but the model has 3 features"),
                // Categorical thresholds out of range.
                lg("categorical threshold beyond num_cat", () -> setCategoricalThreshold(lightgbmCategorical, "7"),
                        "is categorical with set 7.0, outside [0, "),
                lg("categorical threshold not an integer", () -> setCategoricalThreshold(lightgbmCategorical, "0.5"),
                        "is categorical with set 0.5, outside [0, "),
                lg("cat_boundaries beyond cat_threshold", () -> setTreeField(lightgbmCategorical, 0, "cat_boundaries",
                        "0 1 9"), "tree 0 cat_boundaries: set ", "of 2 words"),
                lg("cat_threshold word that is not a 32-bit word", () -> setTreeField(lightgbmCategorical, 0,
                        "cat_threshold", "26 4294967296"), "tree 0 cat_threshold: value 1 is not a 32-bit word"),
                // Truncated or missing trees.
                lg("truncated after one of two trees (tree_sizes mismatch)", () -> removeTree(lightgbmBinary, 1),
                        "tree_sizes lists 2 trees, but 1 are stored (truncated file?)"),
                lg("no 'end of trees'", () -> lightgbmBinary.replace("end of trees", "end of tree"),
                        "expected 'end of trees' after 2 trees (truncated file?)"),
                lg("no trees at all", () -> removeTree(removeTree(lightgbmBinary, 1), 0)
                        .replace("end of trees", ""), "no trees and no 'end of trees' (truncated file?)"),
                lg("trees not a multiple of the trees per iteration",
                        () -> setHeader(removeHeader(lightgbmMulticlassLike(), "tree_sizes"),
                                "num_tree_per_iteration", "2"),
                        "3 trees is not a multiple of 2 trees per iteration"),
                lg("malformed pandas_categorical", () -> lightgbmBinary.replace("pandas_categorical:null",
                        "pandas_categorical:[[\"a\""), "malformed pandas_categorical"));
    }

    /** The binary model with a third tree, so that per-iteration counts can disagree. */
    private static String lightgbmMulticlassLike() {
        int from = lightgbmBinary.indexOf("Tree=1");
        int to = lightgbmBinary.indexOf("end of trees");
        String copy = lightgbmBinary.substring(from, to).replace("Tree=1", "Tree=2");
        return lightgbmBinary.substring(0, to) + copy + lightgbmBinary.substring(to);
    }

    private static Arguments lg(String name, Supplier<String> text, String... expected) {
        return Arguments.of(name, text, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lightgbmCorruptions")
    void lightgbmCorruptionsAreNamed(String name, Supplier<String> text, String[] expected) {
        assertMessageHas(assertRejected(utf8(text.get()), LIGHTGBM), expected);
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] xgboostJson(Consumer<Map<String, Object>> edit, SmallModels.XGBoostBytes base) {
        Map<String, Object> doc = ModelDocuments.parseJson(base.json());
        edit.accept(doc);
        return ModelDocuments.toJson(doc);
    }

    private static byte[] xgboostUbjson(Consumer<Map<String, Object>> edit, SmallModels.XGBoostBytes base) {
        Map<String, Object> doc = ModelDocuments.parseJson(base.json());
        edit.accept(doc);
        return ModelDocuments.toUbjson(doc);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> m, String key) {
        return (List<Object>) m.get(key);
    }

    /** Tree 0 of the logistic model (7 nodes) with the given children. */
    private static void children(Map<String, Object> doc, long[] left, long[] right) {
        Map<String, Object> t = tree(doc, 0);
        assertEquals("7", object(t, "tree_param").get("num_nodes"));
        t.put("left_children", longs(left));
        t.put("right_children", longs(right));
    }

    private static Model assertLoads(byte[] bytes, ModelFormat format) {
        Model m = ModelLoader.load(bytes, format, LoadOptions.defaults());
        FeatureVector row = m.inputSchema().newVector();
        m.newScorer().score(row, new ScoreBuffer(m.outputs()));
        return m;
    }

    private static ModelFormatException assertRejected(byte[] bytes, ModelFormat format) {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelLoader.load(bytes, format, LoadOptions.defaults()));
        assertNoReaderBug(e, format.toString());
        return e;
    }

    /** ModelLoader wraps a reader's unexpected exceptions; such a cause means an unchecked input. */
    private static void assertNoReaderBug(ModelLoadException e, String what) {
        if (e.getCause() != null && !(e.getCause() instanceof VerdictException)) {
            throw new AssertionError(what + ": reader bug, " + e.getCause(), e);
        }
    }

    private static void assertMessageHas(ModelFormatException e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message \"" + e.getMessage()
                    + "\" does not contain \"" + f + "\"");
        }
    }

    /** At least one fragment; used where JSON and UBJSON find the same problem in different order. */
    private static void assertMessageHasAny(ModelFormatException e, String... fragments) {
        for (String f : fragments) {
            if (e.getMessage().contains(f)) {
                return;
            }
        }
        fail("message \"" + e.getMessage() + "\" contains none of " + Arrays.toString(fragments));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String setHeader(String text, String key, String value) {
        int end = text.indexOf("\nTree=");
        String header = text.substring(0, end);
        String replaced = header.replaceFirst("(?m)^" + key + "=.*$",
                java.util.regex.Matcher.quoteReplacement(key + "=" + value));
        if (replaced.equals(header) && !header.contains("\n" + key + "=" + value)) {
            throw new IllegalArgumentException("no header line " + key);
        }
        return replaced + text.substring(end);
    }

    private static String removeHeader(String text, String key) {
        int end = text.indexOf("\nTree=");
        String header = text.substring(0, end);
        String removed = header.replaceFirst("(?m)^" + key + "=.*\n", "");
        if (removed.equals(header)) {
            throw new IllegalArgumentException("no header line " + key);
        }
        return removed + text.substring(end);
    }

    /** [start, end) of the block of tree {@code tree}, from its "Tree=" line to the next block. */
    private static int[] treeBlock(String text, int tree) {
        int start = text.indexOf("\nTree=" + tree + "\n");
        if (start < 0) {
            throw new IllegalArgumentException("no tree " + tree);
        }
        start++;
        int next = text.indexOf("\nTree=", start);
        int end = next >= 0 ? next + 1 : text.indexOf("end of trees", start);
        return new int[] {start, end};
    }

    static String setTreeField(String text, int tree, String key, String value) {
        int[] block = treeBlock(text, tree);
        String body = text.substring(block[0], block[1]);
        String replaced = body.replaceFirst("(?m)^" + key + "=.*$",
                java.util.regex.Matcher.quoteReplacement(key + "=" + value));
        if (replaced.equals(body) && !body.contains("\n" + key + "=" + value + "\n")) {
            throw new IllegalArgumentException("tree " + tree + " has no " + key);
        }
        return text.substring(0, block[0]) + replaced + text.substring(block[1]);
    }

    private static String removeTreeField(String text, int tree, String key) {
        int[] block = treeBlock(text, tree);
        String body = text.substring(block[0], block[1]).replaceFirst("(?m)^" + key + "=.*\n", "");
        return text.substring(0, block[0]) + body + text.substring(block[1]);
    }

    private static String removeTree(String text, int tree) {
        int[] block = treeBlock(text, tree);
        return text.substring(0, block[0]) + text.substring(block[1]);
    }

    private static String treeField(String text, int tree, String key) {
        int[] block = treeBlock(text, tree);
        for (String line : text.substring(block[0], block[1]).split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1);
            }
        }
        throw new IllegalArgumentException("tree " + tree + " has no " + key);
    }

    /** Sets the threshold of tree 0's first categorical node (decision_type bit 0). */
    private static String setCategoricalThreshold(String text, String value) {
        String[] decision = treeField(text, 0, "decision_type").trim().split(" +");
        String[] threshold = treeField(text, 0, "threshold").trim().split(" +");
        for (int i = 0; i < decision.length; i++) {
            if ((Integer.parseInt(decision[i]) & 1) != 0) {
                threshold[i] = value;
                return setTreeField(text, 0, "threshold", String.join(" ", threshold));
            }
        }
        throw new IllegalStateException("tree 0 of the categorical model has no categorical split");
    }
}
