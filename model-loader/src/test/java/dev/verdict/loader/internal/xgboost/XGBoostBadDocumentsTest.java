package dev.verdict.loader.internal.xgboost;

import static dev.verdict.loader.LoadAssertions.assertEveryPrefixRejected;
import static dev.verdict.loader.LoadAssertions.assertLoads;
import static dev.verdict.loader.LoadAssertions.assertMessageHas;
import static dev.verdict.loader.LoadAssertions.assertMessageHasAny;
import static dev.verdict.loader.LoadAssertions.assertNoReaderBug;
import static dev.verdict.loader.LoadAssertions.assertRejected;
import static dev.verdict.loader.LoadAssertions.assertSameScores;
import static dev.verdict.loader.LoadAssertions.utf8;
import static dev.verdict.loader.ModelDocuments.longs;
import static dev.verdict.loader.ModelDocuments.object;
import static dev.verdict.loader.ModelDocuments.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.Model;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelDocuments;
import dev.verdict.loader.ModelFormat;
import dev.verdict.loader.ModelFormatException;
import dev.verdict.loader.ModelLoader;
import dev.verdict.loader.SmallModels;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad XGBoost JSON and UBJSON documents are rejected at load with a {@link ModelFormatException}
 * whose message names the problem and where it is, and nothing half-loaded is ever returned.
 * Starting from small valid models trained by XGBoost4J in the test, (a) every truncation throws
 * a {@link dev.verdict.core.ModelLoadException} and never anything else, and (b) targeted
 * corruptions — wrong types, out-of-range child or feature indices, cycles, shared nodes, NaN
 * thresholds, unknown objectives, wrong lengths, negative counts, malformed base scores,
 * categorical and vector-leaf errors, JSON syntax and UBJSON counts — each give a message that
 * says what is wrong.
 */
class XGBoostBadDocumentsTest {
    private static final ModelFormat JSON = ModelFormat.XGBOOST_JSON;
    private static final ModelFormat UBJSON = ModelFormat.XGBOOST_UBJSON;

    private static SmallModels.XGBoostBytes logistic;
    private static SmallModels.XGBoostBytes categorical;
    private static SmallModels.XGBoostBytes vectorLeaves;

    @BeforeAll
    static void trainSmallModels() {
        logistic = SmallModels.xgboostLogistic();
        categorical = SmallModels.xgboostCategorical();
        vectorLeaves = SmallModels.xgboostVectorLeaves();
    }

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
    }

    /** sum_hessian only steers the engine's walk: missing or garbled, it changes no score. */
    @Test
    void rowCountHintsAreOptional() {
        String xgb = logistic.jsonText();
        assertTrue(xgb.contains("\"sum_hessian\""));
        List<byte[]> xgboost = List.of(
                utf8(xgb.replaceAll("\"sum_hessian\":\\[[^\\]]*\\]", "\"sum_hessian\":[1]")),
                utf8(xgb.replaceAll("\"sum_hessian\":\\[[^\\]]*\\],?", "")));
        for (byte[] v : xgboost) {
            assertTrue(!Arrays.equals(v, logistic.json()), "the XGBoost variant differs");
        }
        assertSameScores(assertLoads(logistic.json(), JSON), xgboost, JSON);
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

    // ------------------------------------------------------------------ (b) corruptions

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
}
