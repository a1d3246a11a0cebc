package dev.verdict.loader;

import dev.verdict.loader.fidelity.Exactness;
import dev.verdict.loader.fidelity.Scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.verdict.core.Feature;
import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureType;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.InvalidFeatureValueException;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.testing.XGBoostOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models written by older XGBoost versions load and score exactly as their writer predicted.
 *
 * <ol>
 *   <li>Fixtures written by XGBoost 1.7.4 ({@code src/test/resources/xgboost-1.7/}, made by its
 *       {@code generate.py}) in all three formats 1.7 can write — JSON, UBJSON and the legacy
 *       binary {@code .model} ({@code "binf"}) — are loaded with {@link ModelLoader#load(Path)};
 *       every margin and prediction must have 1.7.4's float32 bits. XGBoost4J 3.4 loading the same
 *       JSON/UBJSON files must agree too (3.4 cannot read the legacy binary format).</li>
 *   <li>Older JSON shapes 1.7 cannot write (1.0–1.5: boolean {@code default_left}, {@code "%f"}
 *       base_score, no {@code split_type}/{@code categories*}, no {@code num_target},
 *       {@code boost_from_average}, {@code num_parallel_tree}, {@code leaf_child_counts} present)
 *       and newer ones (2.0 {@code iteration_indptr}; 3.1+ {@code "[5E-1]"} base_score and
 *       {@code cats}; DART weights where 3.3 and 3.4 put them) are derived from the 1.7 JSON and
 *       must predict the same.</li>
 *   <li>The 3.1+ category dictionary {@code cats}, which XGBoost4J cannot produce, is injected into
 *       a model trained on codes; it becomes the schema's dictionary.</li>
 * </ol>
 *
 * <p><b>Where 1.7.4 and 3.4 legitimately differ</b>, Verdict follows 3.4, and these tests check it
 * against XGBoost4J 3.4 loading the very same document:
 * <ul>
 *   <li>An unfitted model (0 trees, or gblinear without {@code boosted_rounds}, i.e. a ≤ 1.5
 *       gblinear JSON) with {@code boost_from_average} 1: 3.1+ uses the raw base_score as the
 *       margin ({@code Intercept::InitModelUserParam}); 1.7 applied the link, so for
 *       binary:logistic with base_score 0.5, 1.7 predicts margin -0.0 and 3.4 margin 0.5. The
 *       legacy binary file of the 0-tree model gets the same rule (3.1+ cannot read that format;
 *       Verdict treats the formats alike). XGBoost4J 3.4 cannot predict the 1.7 0-tree JSON at
 *       all (empty rebuilt {@code iteration_indptr}), so its reference is taken from the same
 *       document with {@code iteration_indptr [0]}, as 3.4 writes it.</li>
 *   <li>A logistic base_score of 0 or 1, which 1.7 refuses to load (its ProbToMargin CHECKs
 *       (0, 1)) and 3.2+ clamps to [1e-6, 1 - 1e-6].</li>
 * </ul>
 * Everything else — sigmoid (≥ 1.6 form), softmax, DART ({@code leaf * w} added per tree, the
 * DMatrix path of 1.4–3.2), accumulation order (sequential since 1.3), categorical decisions
 * (≥ 1.7.3 rules) — is identical in 1.7.4 and 3.4 for these models.
 */
class XGBoostOlderVersionsTest {
    private static final Path DIR = resourceDir("/xgboost-1.7");
    private static final String[] FORMATS = {"json", "ubj", "model"};
    private static final List<String> FIXTURES = List.of("binary_logistic", "multi_softprob", "dart",
            "gblinear", "count_poisson", "categorical", "early_stopping", "unfitted");

    /** Reads XGBoost JSON (bare NaN tokens); see {@link #parse(byte[])}. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------------------------------
    // 1. The 1.7.4 fixtures in every format, against 1.7.4's references.

    static Stream<Arguments> fixtureFiles() {
        List<Arguments> out = new ArrayList<>();
        for (String name : FIXTURES) {
            for (String ext : FORMATS) {
                Path file = DIR.resolve(name + "." + ext);
                if (name.equals("categorical") && ext.equals("model")) {
                    // 1.7: "Please use JSON/UBJSON for saving models with categorical splits."
                    assertFalse(Files.exists(file), "1.7 cannot write categorical binary models");
                    continue;
                }
                assertTrue(Files.exists(file), file + " is missing; run generate.py");
                out.add(Arguments.of(name, ext));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("fixtureFiles")
    void identicalToXGBoost174(String name, String ext) {
        Reference ref = Reference.read(name);
        Model model = ModelLoader.load(DIR.resolve(name + "." + ext));
        assertEquals(switch (ext) {
            case "json" -> "xgboost-json";
            case "ubj" -> "xgboost-ubjson";
            default -> "xgboost-binary";
        }, model.info().format());
        // JSON/UBJSON store [1,7,4]; the binary header stores major and minor only.
        assertEquals(ext.equals("model") ? "1.7.0" : "1.7.4", model.info().formatVersion());
        assertEquals(ref.features, model.inputSchema().size());

        Scoring.Scored scored = Scoring.score(model, ref.rows);
        if (name.equals("unfitted")) {
            // 1.7.4 links base_score 0.5 of the 0-tree model: margin -logf(1/0.5 - 1) = -0.0.
            // XGBoost 3.1+ uses the raw 0.5 (see the class comment); Verdict follows 3.4, checked
            // against XGBoost4J 3.4 itself in unfittedModelFollows34.
            for (double[] m : scored.margins()) {
                assertEquals(0.5, m[0]);
            }
        } else {
            Exactness.assertFloatsIdentical(name + "." + ext + " margins", ref.margins(), scored.margins());
            Exactness.assertFloatsIdentical(name + "." + ext + " predictions", ref.predictions, scored.scores());
        }
        Scoring.Scored batch = Scoring.scoreBatch(model, ref.rows);
        assertArrayEquals(scored.margins(), batch.margins(), name + "." + ext + " batch margins");
        assertArrayEquals(scored.scores(), batch.scores(), name + "." + ext + " batch predictions");

        if (ref.bestMargins != null) {
            // 1.x core predict uses every tree; best_iteration is an attribute (here also in the
            // legacy binary trailer), which LoadOptions.withBestIteration() honours.
            Model best = ModelLoader.load(DIR.resolve(name + "." + ext),
                    LoadOptions.defaults().withBestIteration());
            assertEquals("9", best.info().details().get("best iteration"));
            assertEquals("10 of 13", best.info().details().get("rounds"));
            Scoring.Scored b = Scoring.score(best, ref.rows);
            Exactness.assertFloatsIdentical(name + "." + ext + " best margins", ref.bestMargins, b.margins());
            Exactness.assertFloatsIdentical(name + "." + ext + " best predictions", ref.bestPredictions, b.scores());
        }
    }

    /**
     * XGBoost4J 3.4 loading the 1.7.4 JSON and UBJSON files reproduces 1.7.4's outputs: 1.7 and
     * 3.4 semantics coincide for these models. (The unfitted one is covered by
     * {@link #unfittedModelFollows34()}.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fittedFixtureNames")
    void xgboost34AgreesWith174(String name) {
        Reference ref = Reference.read(name);
        for (String ext : new String[] {"json", "ubj"}) {
            float[][] margins = native34(name, ext, ref.rows, false);
            float[][] predictions = native34(name, ext, ref.rows, true);
            Exactness.assertFloatsIdentical(name + "." + ext + " 3.4 vs 1.7.4 margins", ref.margins(), toDouble(margins));
            Exactness.assertFloatsIdentical(name + "." + ext + " 3.4 vs 1.7.4 predictions", ref.predictions,
                    toDouble(predictions));
        }
    }

    static Stream<String> fittedFixtureNames() {
        return FIXTURES.stream().filter(n -> !n.equals("unfitted"));
    }

    /**
     * The 0-tree model: 1.7.4 predicts margin -0.0 (the linked base_score), 3.1+ the raw 0.5.
     * XGBoost4J 3.4 cannot even predict the 1.7 file (its rebuilt {@code iteration_indptr} is
     * empty and a CHECK fails), so its reference comes from the same document in the shape 3.4
     * writes for a 0-round model ({@code iteration_indptr [0]}); Verdict loads every format.
     */
    @Test
    void unfittedModelFollows34() throws IOException {
        Reference ref = Reference.read("unfitted");
        for (float[] m : ref.margins()) {
            assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(m[0]), "1.7.4 margin");
        }
        try (XGBoostOracle.NativeBooster oracle = XGBoostOracle.load(Files.readAllBytes(DIR.resolve("unfitted.json")))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> oracle.margins(ref.rows));
            assertTrue(e.getMessage().contains("iteration_indptr"), e.getMessage());
        }
        ObjectNode doc = read(DIR.resolve("unfitted.json"));
        shape20(doc);
        float[][] margins;
        float[][] predictions;
        try (XGBoostOracle.NativeBooster oracle = XGBoostOracle.load(write(doc))) {
            margins = oracle.margins(ref.rows);
            predictions = oracle.predictions(ref.rows);
        }
        for (float[] m : margins) {
            assertEquals(0.5f, m[0], "3.1+ uses the raw base_score of an unfitted model");
        }
        Path shaped = tmp.resolve("unfitted-2.0.json");
        Files.write(shaped, write(doc));
        for (Path file : List.of(DIR.resolve("unfitted.json"), DIR.resolve("unfitted.ubj"),
                DIR.resolve("unfitted.model"), shaped)) {
            Scoring.Scored scored = Scoring.score(ModelLoader.load(file), ref.rows);
            Exactness.assertFloatsIdentical(file.getFileName() + " margins (3.4)", margins, scored.margins());
            Exactness.assertFloatsIdentical(file.getFileName() + " predictions (3.4)", predictions, scored.scores());
        }
    }

    static Stream<String> fixtureNames() {
        return FIXTURES.stream();
    }

    // ---------------------------------------------------------------------------------------
    // 2. Older and newer JSON shapes derived from the 1.7 JSON.

    /** A document shape: how to rewrite a 1.7 JSON model, and whether XGBoost4J 3.4 loads it. */
    record Variant(String fixture, String shape, Consumer<ObjectNode> rewrite, boolean native34) {
        @Override
        public String toString() {
            return fixture + " as " + shape;
        }
    }

    static Stream<Variant> variants() {
        List<Variant> out = new ArrayList<>();
        for (String name : List.of("binary_logistic", "multi_softprob", "dart", "count_poisson",
                "early_stopping")) {
            // 3.4 rejects the integer 0 tokens that 1.0's writer used for zeros in float arrays.
            out.add(new Variant(name, "1.0", XGBoostOlderVersionsTest::shape10, false));
            out.add(new Variant(name, "1.5", XGBoostOlderVersionsTest::shape15, true));
            out.add(new Variant(name, "2.0", XGBoostOlderVersionsTest::shape20, true));
            out.add(new Variant(name, "3.1", XGBoostOlderVersionsTest::shape31, true));
        }
        out.add(new Variant("categorical", "1.5", XGBoostOlderVersionsTest::shape15, true));
        out.add(new Variant("categorical", "2.0", XGBoostOlderVersionsTest::shape20, true));
        out.add(new Variant("categorical", "3.1", XGBoostOlderVersionsTest::shape31, true));
        out.add(new Variant("dart", "3.3", XGBoostOlderVersionsTest::shape33, true));
        out.add(new Variant("dart", "3.4", XGBoostOlderVersionsTest::shape34, true));
        out.add(new Variant("gblinear", "3.1", XGBoostOlderVersionsTest::shape31, true));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void olderAndNewerShapesPredictTheSame(Variant v) throws IOException {
        Reference ref = Reference.read(v.fixture);
        ObjectNode doc = read(DIR.resolve(v.fixture + ".json"));
        v.rewrite.accept(doc);
        byte[] bytes = write(doc);
        Path file = tmp.resolve(v.fixture + "-" + v.shape + ".json");
        Files.write(file, bytes);

        Model model = ModelLoader.load(file);
        assertEquals(doc.get("version").get(0).asInt() + "." + doc.get("version").get(1).asInt() + ".0",
                model.info().formatVersion());
        Scoring.Scored scored = Scoring.score(model, ref.rows);
        Exactness.assertFloatsIdentical(v + " margins", ref.margins(), scored.margins());
        Exactness.assertFloatsIdentical(v + " predictions", ref.predictions, scored.scores());
        if (ref.bestMargins != null) {
            Scoring.Scored best = Scoring.score(ModelLoader.load(file, LoadOptions.defaults().withBestIteration()), ref.rows);
            Exactness.assertFloatsIdentical(v + " best margins", ref.bestMargins, best.margins());
        }
        if (v.native34) {
            try (XGBoostOracle.NativeBooster oracle = XGBoostOracle.load(bytes)) {
                Exactness.assertFloatsIdentical(v + " margins (3.4)", toFloat(scored.margins()),
                        toDouble(predict34(oracle, v.fixture, ref.rows, false)));
                Exactness.assertFloatsIdentical(v + " predictions (3.4)", toFloat(scored.scores()),
                        toDouble(predict34(oracle, v.fixture, ref.rows, true)));
            }
        } else {
            // XGBoost 3.4 is stricter than Verdict here: an integer token in a float array.
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> XGBoostOracle.load(bytes));
            assertTrue(e.getMessage().contains("Invalid cast, from Integer to Number"), e.getMessage());
        }
    }

    /**
     * A ≤ 1.5 gblinear JSON has no {@code boosted_rounds}: 3.1+ treats it as unfitted and adds the
     * raw base_score (0.5) instead of its logit (-0.0) that 1.7 (and the 1.7 file) used.
     */
    @Test
    void gblinearWithoutBoostedRoundsFollows34() throws IOException {
        Reference ref = Reference.read("gblinear");
        ObjectNode doc = read(DIR.resolve("gblinear.json"));
        shape10(doc);
        ObjectNode linear = (ObjectNode) doc.get("learner").get("gradient_booster").get("model");
        assertFalse(linear.has("boosted_rounds"));
        byte[] bytes = write(doc);
        Path file = tmp.resolve("gblinear-1.0.json");
        Files.write(file, bytes);
        Scoring.Scored scored = Scoring.score(ModelLoader.load(file), ref.rows);
        try (XGBoostOracle.NativeBooster oracle = XGBoostOracle.load(bytes)) {
            float[][] margins = oracle.dmatrixMargins(ref.rows);
            Exactness.assertFloatsIdentical("gblinear 1.0 shape margins (3.4)", margins, scored.margins());
            Exactness.assertFloatsIdentical("gblinear 1.0 shape predictions (3.4)",
                    oracle.dmatrixPredictions(ref.rows), scored.scores());
            int differ = 0;
            for (int r = 0; r < margins.length; r++) {
                differ += margins[r][0] != ref.margins()[r][0] ? 1 : 0;
            }
            assertTrue(differ > ref.rows.length / 2, "3.4 adds 0.5 where 1.7 added -0.0");
        }
    }

    /** Logistic base_score 0 or 1: 1.7 cannot load it; 3.2+ clamps it to [1e-6, 1 - 1e-6]. */
    @ParameterizedTest(name = "base_score {0}")
    @MethodSource("extremeBaseScores")
    void logisticBaseScoreIsClampedAs34(String baseScore) throws IOException {
        Reference ref = Reference.read("binary_logistic");
        ObjectNode doc = read(DIR.resolve("binary_logistic.json"));
        shape31(doc);
        params(doc).put("base_score", baseScore);
        byte[] bytes = write(doc);
        Path file = tmp.resolve("clamped.json");
        Files.write(file, bytes);
        Scoring.Scored scored = Scoring.score(ModelLoader.load(file), ref.rows);
        try (XGBoostOracle.NativeBooster oracle = XGBoostOracle.load(bytes)) {
            Exactness.assertFloatsIdentical("base_score " + baseScore + " margins (3.4)",
                    oracle.margins(ref.rows), scored.margins());
            Exactness.assertFloatsIdentical("base_score " + baseScore + " predictions (3.4)",
                    oracle.predictions(ref.rows), scored.scores());
        }
    }

    static Stream<String> extremeBaseScores() {
        return Stream.of("[0E0]", "[1E0]");
    }

    /**
     * XGBoost 1.0–1.2: {@code version [1,0,0]}; 17-digit scientific floats with integer zeros;
     * base_score {@code "%f"}; boolean default_left; leaf_child_counts; no split_type or
     * categories*, num_target, boost_from_average, num_parallel_tree, num_deleted,
     * feature_names/feature_types, boosted_rounds.
     */
    static void shape10(ObjectNode doc) {
        version(doc, 1, 0, 0);
        ObjectNode learner = (ObjectNode) doc.get("learner");
        learner.remove(List.of("feature_names", "feature_types"));
        ObjectNode params = params(doc);
        float base = Float.parseFloat(params.get("base_score").asText());
        params.put("base_score", String.format(Locale.ROOT, "%f", base));
        params.remove(List.of("num_target", "boost_from_average"));
        ObjectNode gb = (ObjectNode) learner.get("gradient_booster");
        if (gb.get("name").asText().equals("gblinear")) {
            ObjectNode model = (ObjectNode) gb.get("model");
            model.remove("boosted_rounds"); // ≥ 1.6
            model.set("weights", oldFloats((ArrayNode) model.get("weights")));
            return;
        }
        if (gb.has("weight_drop")) {
            gb.set("weight_drop", oldFloats((ArrayNode) gb.get("weight_drop")));
        }
        ObjectNode model = treeModel(doc);
        assertFalse(model.has("iteration_indptr"), "≤ 1.7 files have no iteration_indptr (2.0+)");
        ((ObjectNode) model.get("gbtree_model_param")).remove("num_parallel_tree");
        for (JsonNode t : model.get("trees")) {
            ObjectNode tree = (ObjectNode) t;
            assertEquals(0, tree.get("categories_nodes").size(), "a 1.0 tree has no categorical splits");
            tree.remove(List.of("split_type", "categories", "categories_nodes", "categories_segments",
                    "categories_sizes"));
            ((ObjectNode) tree.get("tree_param")).remove("num_deleted");
            booleanDefaultLeft(tree);
            addLeafChildCounts(tree);
            for (String field : List.of("split_conditions", "base_weights", "loss_changes", "sum_hessian")) {
                tree.set(field, oldFloats((ArrayNode) tree.get(field)));
            }
        }
    }

    /**
     * XGBoost 1.3–1.5: ryu floats, {@code version [1,5,0]}, boolean default_left, split_type and
     * categories* present; no num_target, boost_from_average or num_parallel_tree.
     */
    static void shape15(ObjectNode doc) {
        version(doc, 1, 5, 0);
        params(doc).remove(List.of("num_target", "boost_from_average"));
        ObjectNode model = treeModel(doc);
        ((ObjectNode) model.get("gbtree_model_param")).remove("num_parallel_tree");
        for (JsonNode t : model.get("trees")) {
            booleanDefaultLeft((ObjectNode) t);
        }
    }

    /** XGBoost 2.0: iteration_indptr; size_leaf_vector "1" per tree, none in gbtree_model_param. */
    static void shape20(ObjectNode doc) {
        version(doc, 2, 0, 0);
        ObjectNode model = treeModel(doc);
        if (model == null) {
            return;
        }
        ObjectNode param = (ObjectNode) model.get("gbtree_model_param");
        param.remove("size_leaf_vector");
        int groups = Math.max(1, params(doc).get("num_class").asInt());
        int layer = groups * param.get("num_parallel_tree").asInt();
        int trees = param.get("num_trees").asInt();
        ArrayNode indptr = model.putArray("iteration_indptr");
        for (int i = 0; i * layer <= trees; i++) {
            indptr.add(i * layer);
        }
        for (JsonNode t : model.get("trees")) {
            ((ObjectNode) t.get("tree_param")).put("size_leaf_vector", "1");
        }
    }

    /**
     * XGBoost 3.1: base_score as an array string with one value per output, an empty {@code cats},
     * categorical split_conditions {@code 1E-45} instead of NaN.
     */
    static void shape31(ObjectNode doc) {
        shape20(doc);
        version(doc, 3, 1, 0);
        ObjectNode params = params(doc);
        int groups = Math.max(1, params.get("num_class").asInt());
        String base = params.get("base_score").asText();
        params.put("base_score", "[" + String.join(",", java.util.Collections.nCopies(groups, base)) + "]");
        ObjectNode model = treeModel(doc);
        if (model == null) {
            return;
        }
        ObjectNode cats = model.putObject("cats");
        cats.putArray("enc");
        cats.putArray("feature_segments");
        cats.putArray("sorted_idx");
        for (JsonNode t : model.get("trees")) {
            ObjectNode tree = (ObjectNode) t;
            ArrayNode splits = (ArrayNode) tree.get("split_conditions");
            for (JsonNode n : tree.get("categories_nodes")) {
                assertTrue(Float.isNaN(floatOf(splits.get(n.asInt()))), "1.7 stores NaN at categorical splits");
                splits.set(n.asInt(), JSON.getNodeFactory().rawValueNode(new RawValue("1E-45")));
            }
        }
    }

    /** XGBoost 3.3: DART merged into gbtree, weight_drop beside the model. */
    static void shape33(ObjectNode doc) {
        shape31(doc);
        version(doc, 3, 3, 0);
        ObjectNode gb = (ObjectNode) doc.get("learner").get("gradient_booster");
        assertEquals("dart", gb.get("name").asText());
        ObjectNode merged = JSON.createObjectNode();
        merged.put("name", "gbtree");
        merged.set("model", gb.get("gbtree").get("model"));
        merged.set("weight_drop", gb.get("weight_drop"));
        ((ObjectNode) doc.get("learner")).set("gradient_booster", merged);
    }

    /** XGBoost 3.4: weight_drop inside the model. */
    static void shape34(ObjectNode doc) {
        shape33(doc);
        version(doc, 3, 4, 0);
        ObjectNode gb = (ObjectNode) doc.get("learner").get("gradient_booster");
        ((ObjectNode) gb.get("model")).set("weight_drop", gb.remove("weight_drop"));
    }

    private static void version(ObjectNode doc, int major, int minor, int patch) {
        doc.putArray("version").add(major).add(minor).add(patch);
    }

    private static ObjectNode params(ObjectNode doc) {
        return (ObjectNode) doc.get("learner").get("learner_model_param");
    }

    /** The GBTreeModel object (legacy dart nests it), or null for gblinear. */
    private static ObjectNode treeModel(ObjectNode doc) {
        JsonNode gb = doc.get("learner").get("gradient_booster");
        return switch (gb.get("name").asText()) {
            case "dart" -> (ObjectNode) gb.get("gbtree").get("model");
            case "gbtree" -> (ObjectNode) gb.get("model");
            default -> null;
        };
    }

    private static void booleanDefaultLeft(ObjectNode tree) {
        ArrayNode bools = JSON.createArrayNode();
        for (JsonNode d : tree.get("default_left")) {
            bools.add(d.asInt() != 0);
        }
        tree.set("default_left", bools);
    }

    private static void addLeafChildCounts(ObjectNode tree) {
        ArrayNode counts = tree.putArray("leaf_child_counts");
        for (int i = 0; i < tree.get("left_children").size(); i++) {
            counts.add(0);
        }
    }

    /** 1.0–1.1 floats: 17 digits after the point, scientific; +0 as the integer {@code 0}. */
    private static ArrayNode oldFloats(ArrayNode values) {
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode v : values) {
            float f = floatOf(v);
            String text = Float.floatToRawIntBits(f) == 0 ? "0"
                    : String.format(Locale.ROOT, "%.17e", (double) f);
            out.addRawValue(new RawValue(text));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // 3. The 3.1+ category dictionary.

    private static final String[] COLOURS = {"red", "grün", "東京", "blue", "Ærø", "z"};
    private static final long[] SIZES = {10, -3, 7, 1000, 42};

    @Test
    void storedCategoryDictionary() throws IOException {
        Random random = new Random(5);
        float[][] train = catRows(random, 500);
        float[] labels = new float[train.length];
        double[] colourEffect = {1.2, -0.8, 2.0, -1.5, 0.4, -0.2};
        double[] sizeEffect = {-0.5, 0.9, 0.1, -1.1, 0.7};
        for (int r = 0; r < train.length; r++) {
            double z = (Float.isNaN(train[r][1]) ? 0 : colourEffect[(int) train[r][1]])
                    + (Float.isNaN(train[r][3]) ? 0 : sizeEffect[(int) train[r][3]])
                    + (Float.isNaN(train[r][0]) ? 0 : 0.5 * train[r][0]);
            labels[r] = z + random.nextGaussian() * 0.5 > 0 ? 1 : 0;
        }
        float[][] rows = catRows(random, 200);
        try (XGBoostOracle.NativeBooster trained = XGBoostOracle.training(train).labels(labels)
                .featureTypes("q", "c", "q", "c").featureNames("amount", "colour", "rate", "size")
                .param("objective", "binary:logistic").param("tree_method", "hist")
                .param("max_cat_to_onehot", 1).param("max_depth", 4).rounds(12).train()) {
            float[][] margins = trained.margins(rows);
            float[][] predictions = trained.predictions(rows);

            ObjectNode doc = (ObjectNode) parse(trained.json());
            ObjectNode model = treeModel(doc);
            assertEquals(parse("{\"enc\":[],\"feature_segments\":[],\"sorted_idx\":[]}".getBytes(StandardCharsets.UTF_8)),
                    model.get("cats"), "a model trained on codes has an empty dictionary");
            ObjectNode cats = cats();
            model.set("cats", cats);
            byte[] injected = write(doc);

            // XGBoost 3.4 accepts the constructed dictionary and writes it back unchanged (JSON),
            // or as typed arrays (UBJSON: int8 values with negative UTF-8 bytes, int32 sizes).
            byte[] json34;
            byte[] ubj34;
            try (XGBoostOracle.NativeBooster native34 = XGBoostOracle.load(injected)) {
                Exactness.assertFloatsIdentical("3.4 with cats, margins", margins, toDouble(native34.margins(rows)));
                json34 = native34.json();
                ubj34 = native34.ubj();
            }
            JsonNode written = treeModel((ObjectNode) parse(json34)).get("cats");
            JsonNode ours = parse(write(cats));
            for (String key : List.of("enc", "feature_segments", "sorted_idx")) {
                assertEquals(ours.get(key), written.get(key), "3.4 writes cats." + key + " back unchanged");
            }

            Map<String, byte[]> files = Map.of("injected.json", injected, "3.4.json", json34, "3.4.ubj", ubj34);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path file = tmp.resolve(e.getKey());
                Files.write(file, e.getValue());
                Model m = ModelLoader.load(file);
                checkDictionary(e.getKey(), m, rows, margins, predictions);
            }
        }
    }

    private static void checkDictionary(String what, Model model, float[][] rows, float[][] margins,
            float[][] predictions) {
        FeatureSchema schema = model.inputSchema();
        assertEquals(List.of("amount", "colour", "rate", "size"),
                schema.features().stream().map(Feature::name).toList());
        assertEquals(FeatureType.NUMERIC, schema.type(0));
        assertEquals(List.of(), schema.feature(0).categories());
        assertEquals(FeatureType.CATEGORICAL, schema.type(1));
        assertEquals(List.of(COLOURS), schema.feature(1).categories(), what);
        assertEquals(FeatureType.CATEGORICAL, schema.type(3));
        assertEquals(Arrays.stream(SIZES).mapToObj(Long::toString).toList(), schema.feature(3).categories(), what);

        FeatureVector v = schema.newVector();
        for (int c = 0; c < COLOURS.length; c++) {
            assertEquals(c, v.setCategory(1, COLOURS[c]).get(1), what + " code of " + COLOURS[c]);
        }
        for (int c = 0; c < SIZES.length; c++) {
            assertEquals(c, v.setCategory(3, Long.toString(SIZES[c])).get(3), what + " code of " + SIZES[c]);
        }
        // Unseen categories: XGBoost 3.1+ raises "Found a category not in the training set".
        for (String unseen : List.of("purple", "Grün", "gr\u00fcn ", "東", "")) {
            assertThrows(InvalidFeatureValueException.class, () -> v.setCategory(1, unseen), unseen);
        }
        for (String unseen : List.of("11", "-4", "1000.0", "red")) {
            assertThrows(InvalidFeatureValueException.class, () -> v.setCategory(3, unseen), unseen);
        }
        assertThrows(InvalidFeatureValueException.class, () -> v.set(1, COLOURS.length));

        // Rows given by names score as XGBoost does on the corresponding codes.
        Scorer scorer = model.newScorer();
        ScoreBuffer out = new ScoreBuffer(model.outputs());
        double[][] gotMargins = new double[rows.length][1];
        double[][] gotPredictions = new double[rows.length][1];
        for (int r = 0; r < rows.length; r++) {
            float[] row = rows[r];
            v.clear().set(0, row[0]).set(2, row[2]);
            if (!Float.isNaN(row[1])) {
                v.setCategory(1, COLOURS[(int) row[1]]);
            }
            if (!Float.isNaN(row[3])) {
                v.setCategory(3, Long.toString(SIZES[(int) row[3]]));
            }
            scorer.score(v, out);
            gotMargins[r][0] = out.margin(0);
            gotPredictions[r][0] = out.score(0);
        }
        Exactness.assertFloatsIdentical(what + " margins", margins, gotMargins);
        Exactness.assertFloatsIdentical(what + " predictions", predictions, gotPredictions);
    }

    /** Rows of [numeric, colour code, numeric, size code], about 10% missing in each column. */
    private static float[][] catRows(Random random, int n) {
        float[][] rows = new float[n][4];
        for (float[] row : rows) {
            row[0] = (float) random.nextGaussian();
            row[1] = random.nextInt(COLOURS.length);
            row[2] = (float) random.nextGaussian();
            row[3] = random.nextInt(SIZES.length);
            for (int f = 0; f < 4; f++) {
                if (random.nextDouble() < 0.1) {
                    row[f] = Float.NaN;
                }
            }
        }
        return rows;
    }

    /**
     * {@code CatContainer::Save} layout: one column per feature — numeric features an empty string
     * column, strings as Arrow offsets + int8 bytes, integers as {@code {type, values}} (13 = i32);
     * {@code feature_segments} is the CSR pointer over categories; {@code sorted_idx} each
     * feature's stable argsort of its categories (strings compared as signed int8 spans).
     */
    private static ObjectNode cats() {
        ObjectNode cats = JSON.createObjectNode();
        ArrayNode enc = cats.putArray("enc");
        ArrayNode segments = cats.putArray("feature_segments");
        ArrayNode sorted = cats.putArray("sorted_idx");
        segments.add(0);
        int total = 0;

        emptyColumn(enc);
        segments.add(total);

        ObjectNode colour = enc.addObject();
        ArrayNode offsets = colour.putArray("offsets");
        ArrayNode values = colour.putArray("values");
        byte[][] names = new byte[COLOURS.length][];
        int at = 0;
        offsets.add(at);
        boolean negative = false;
        for (int c = 0; c < COLOURS.length; c++) {
            names[c] = COLOURS[c].getBytes(StandardCharsets.UTF_8);
            for (byte b : names[c]) {
                values.add(b); // int8: UTF-8 bytes >= 0x80 are negative
                negative |= b < 0;
            }
            at += names[c].length;
            offsets.add(at);
        }
        assertTrue(negative);
        total += COLOURS.length;
        segments.add(total);
        Integer[] order = argsort(COLOURS.length, (a, b) -> Arrays.compare(names[a], names[b]));
        for (int i : order) {
            sorted.add(i);
        }

        emptyColumn(enc);
        segments.add(total);

        ObjectNode size = enc.addObject();
        size.put("type", 13);
        ArrayNode sizeValues = size.putArray("values");
        for (long s : SIZES) {
            sizeValues.add(s);
        }
        total += SIZES.length;
        segments.add(total);
        for (int i : argsort(SIZES.length, (a, b) -> Long.compare(SIZES[a], SIZES[b]))) {
            sorted.add(i);
        }
        return cats;
    }

    private static void emptyColumn(ArrayNode enc) {
        ObjectNode column = enc.addObject();
        column.putArray("offsets");
        column.putArray("values");
    }

    private static Integer[] argsort(int n, java.util.Comparator<Integer> order) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, order); // stable
        return idx;
    }

    // ---------------------------------------------------------------------------------------
    // Helpers.

    /** A fixture's CSV: rows and 1.7.4's outputs (see generate.py). */
    record Reference(int features, float[][] rows, float[][] margins, float[][] predictions,
            float[][] bestMargins, float[][] bestPredictions) {
        static Reference read(String name) {
            List<String> lines;
            try {
                lines = Files.readAllLines(DIR.resolve(name + ".csv"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String[] header = lines.get(0).split(",");
            float[][] table = new float[lines.size() - 1][];
            for (int r = 1; r < lines.size(); r++) {
                String[] cells = lines.get(r).split(",", -1);
                assertEquals(header.length, cells.length, name + ".csv line " + (r + 1));
                float[] row = new float[cells.length];
                for (int k = 0; k < cells.length; k++) {
                    row[k] = cells[k].equals("nan") ? Float.NaN : exactFloat(cells[k]);
                }
                table[r - 1] = row;
            }
            int features = count(header, "x");
            return new Reference(features, columns(table, header, "x"), columns(table, header, "margin"),
                    columns(table, header, "pred"), columns(table, header, "best_margin"),
                    columns(table, header, "best_pred"));
        }

        /** The text is the repr of a float32's exact double value. */
        private static float exactFloat(String text) {
            double d = Double.parseDouble(text);
            float f = (float) d;
            if (f != d) {
                fail(text + " is not a float32 value");
            }
            return f;
        }

        private static int count(String[] header, String prefix) {
            int n = 0;
            while (Arrays.asList(header).contains(prefix + n)) {
                n++;
            }
            return n;
        }

        private static float[][] columns(float[][] table, String[] header, String prefix) {
            int n = count(header, prefix);
            if (n == 0) {
                return null;
            }
            int first = Arrays.asList(header).indexOf(prefix + 0);
            float[][] out = new float[table.length][n];
            for (int r = 0; r < table.length; r++) {
                System.arraycopy(table[r], first, out[r], 0, n);
            }
            return out;
        }
    }

    /** XGBoost4J 3.4 loading the fixture file: margins or predictions of every tree. */
    private static float[][] native34(String name, String ext, float[][] rows, boolean transformed) {
        try (XGBoostOracle.NativeBooster oracle = XGBoostOracle.load(Files.readAllBytes(DIR.resolve(name + "." + ext)))) {
            return predict34(oracle, name, rows, transformed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[][] predict34(XGBoostOracle.NativeBooster oracle, String name, float[][] rows,
            boolean transformed) {
        if (name.equals("gblinear")) { // gblinear has no inplace predict
            return transformed ? oracle.dmatrixPredictions(rows) : oracle.dmatrixMargins(rows);
        }
        return transformed ? oracle.predictions(rows) : oracle.margins(rows);
    }

    private static double[][] toDouble(float[][] values) {
        double[][] out = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            out[r] = new double[values[r].length];
            for (int k = 0; k < values[r].length; k++) {
                out[r][k] = values[r][k];
            }
        }
        return out;
    }

    private static float[][] toFloat(double[][] values) {
        float[][] out = new float[values.length][];
        for (int r = 0; r < values.length; r++) {
            out[r] = new float[values[r].length];
            for (int k = 0; k < values[r].length; k++) {
                out[r][k] = (float) values[r][k];
            }
        }
        return out;
    }

    private static ObjectNode read(Path file) throws IOException {
        return (ObjectNode) parse(Files.readAllBytes(file));
    }

    /**
     * A JSON tree that keeps each float token's text ({@code 5E-1}, {@code -0E0}, {@code NaN}) as a
     * raw value, so rewriting a document never re-rounds a float or loses the sign of a zero.
     * Integers become int (or long) nodes.
     */
    static JsonNode parse(byte[] bytes) throws IOException {
        try (JsonParser p = JSON.createParser(bytes)) {
            p.nextToken();
            return node(p);
        }
    }

    private static JsonNode node(JsonParser p) throws IOException {
        JsonNodeFactory f = JSON.getNodeFactory();
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode o = f.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    o.set(key, node(p));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = f.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(node(p));
                }
                yield a;
            }
            case VALUE_STRING -> f.textNode(p.getText());
            case VALUE_NUMBER_INT -> {
                long v = p.getLongValue();
                yield v == (int) v ? f.numberNode((int) v) : f.numberNode(v);
            }
            case VALUE_NUMBER_FLOAT -> f.rawValueNode(new RawValue(p.getText()));
            case VALUE_TRUE, VALUE_FALSE -> f.booleanNode(p.getBooleanValue());
            case VALUE_NULL -> f.nullNode();
            default -> throw new IOException("unexpected " + p.currentToken());
        };
    }

    /** A float token (raw text) or integer node as float32, parsed straight from its text. */
    private static float floatOf(JsonNode n) {
        if (n instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw) {
            return Float.parseFloat(raw.rawValue().toString()); // also "NaN", "Infinity"
        }
        if (n.isIntegralNumber()) {
            return n.intValue();
        }
        throw new IllegalArgumentException("not a number: " + n);
    }

    private static byte[] write(JsonNode doc) throws IOException {
        return JSON.writeValueAsBytes(doc);
    }

    private static Path resourceDir(String name) {
        try {
            return Path.of(XGBoostOlderVersionsTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
