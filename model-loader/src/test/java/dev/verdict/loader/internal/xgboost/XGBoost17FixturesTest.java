package dev.verdict.loader.internal.xgboost;

import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.DIR;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.FIXTURES;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.FORMATS;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.native34;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.params;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.read;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.shape10;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.shape20;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.shape31;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.core.Model;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.loader.fidelity.Exactness;
import dev.verdict.loader.fidelity.Scoring;
import dev.verdict.loader.internal.xgboost.XGBoostFixtures.Reference;
import dev.verdict.testing.Rows;
import dev.verdict.testing.XGBoostOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models written by XGBoost 1.7.4 load and score exactly as 1.7.4 predicted: fixtures in all three
 * formats 1.7 can write — JSON, UBJSON and the legacy binary {@code .model} ({@code "binf"}) — are
 * loaded with {@link ModelLoader#load(Path)}; every margin and prediction must have 1.7.4's
 * float32 bits. XGBoost4J 3.4 loading the same JSON/UBJSON files must agree too (3.4 cannot read
 * the legacy binary format).
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
class XGBoost17FixturesTest {
    @TempDir
    Path tmp;

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
        assertEquals(ref.features(), model.inputSchema().size());

        Scoring.Scored scored = Scoring.score(model, ref.rows());
        if (name.equals("unfitted")) {
            // 1.7.4 links base_score 0.5 of the 0-tree model: margin -logf(1/0.5 - 1) = -0.0.
            // XGBoost 3.1+ uses the raw 0.5 (see the class comment); Verdict follows 3.4, checked
            // against XGBoost4J 3.4 itself in unfittedModelFollows34.
            for (double[] m : scored.margins()) {
                assertEquals(0.5, m[0]);
            }
        } else {
            Exactness.assertFloatsIdentical(name + "." + ext + " margins", ref.margins(), scored.margins());
            Exactness.assertFloatsIdentical(name + "." + ext + " predictions", ref.predictions(), scored.scores());
        }
        Scoring.Scored batch = Scoring.scoreBatch(model, ref.rows());
        assertArrayEquals(scored.margins(), batch.margins(), name + "." + ext + " batch margins");
        assertArrayEquals(scored.scores(), batch.scores(), name + "." + ext + " batch predictions");

        if (ref.bestMargins() != null) {
            // 1.x core predict uses every tree; best_iteration is an attribute (here also in the
            // legacy binary trailer), which LoadOptions.withBestIteration() honours.
            Model best = ModelLoader.load(DIR.resolve(name + "." + ext),
                    LoadOptions.defaults().withBestIteration());
            assertEquals("9 (used: rounds 0–9 of 13)", best.info().details().get("best iteration"));
            assertEquals("9 (not used: all 13 rounds score)", model.info().details().get("best iteration"));
            assertEquals("10 of 13", best.info().details().get("rounds"));
            Scoring.Scored b = Scoring.score(best, ref.rows());
            Exactness.assertFloatsIdentical(name + "." + ext + " best margins", ref.bestMargins(), b.margins());
            Exactness.assertFloatsIdentical(name + "." + ext + " best predictions", ref.bestPredictions(), b.scores());
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
            float[][] margins = native34(name, ext, ref.rows(), false);
            float[][] predictions = native34(name, ext, ref.rows(), true);
            Exactness.assertFloatsIdentical(name + "." + ext + " 3.4 vs 1.7.4 margins", ref.margins(), Rows.widen(margins));
            Exactness.assertFloatsIdentical(name + "." + ext + " 3.4 vs 1.7.4 predictions", ref.predictions(),
                    Rows.widen(predictions));
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
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> oracle.margins(ref.rows()));
            assertTrue(e.getMessage().contains("iteration_indptr"), e.getMessage());
        }
        ObjectNode doc = read(DIR.resolve("unfitted.json"));
        shape20(doc);
        float[][] margins;
        float[][] predictions;
        try (XGBoostOracle.NativeBooster oracle = XGBoostOracle.load(write(doc))) {
            margins = oracle.margins(ref.rows());
            predictions = oracle.predictions(ref.rows());
        }
        for (float[] m : margins) {
            assertEquals(0.5f, m[0], "3.1+ uses the raw base_score of an unfitted model");
        }
        Path shaped = tmp.resolve("unfitted-2.0.json");
        Files.write(shaped, write(doc));
        for (Path file : List.of(DIR.resolve("unfitted.json"), DIR.resolve("unfitted.ubj"),
                DIR.resolve("unfitted.model"), shaped)) {
            Scoring.Scored scored = Scoring.score(ModelLoader.load(file), ref.rows());
            Exactness.assertFloatsIdentical(file.getFileName() + " margins (3.4)", margins, scored.margins());
            Exactness.assertFloatsIdentical(file.getFileName() + " predictions (3.4)", predictions, scored.scores());
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
        Scoring.Scored scored = Scoring.score(ModelLoader.load(file), ref.rows());
        try (XGBoostOracle.NativeBooster oracle = XGBoostOracle.load(bytes)) {
            float[][] margins = oracle.dmatrixMargins(ref.rows());
            Exactness.assertFloatsIdentical("gblinear 1.0 shape margins (3.4)", margins, scored.margins());
            Exactness.assertFloatsIdentical("gblinear 1.0 shape predictions (3.4)",
                    oracle.dmatrixPredictions(ref.rows()), scored.scores());
            int differ = 0;
            for (int r = 0; r < margins.length; r++) {
                differ += margins[r][0] != ref.margins()[r][0] ? 1 : 0;
            }
            assertTrue(differ > ref.rows().length / 2, "3.4 adds 0.5 where 1.7 added -0.0");
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
        Scoring.Scored scored = Scoring.score(ModelLoader.load(file), ref.rows());
        try (XGBoostOracle.NativeBooster oracle = XGBoostOracle.load(bytes)) {
            Exactness.assertFloatsIdentical("base_score " + baseScore + " margins (3.4)",
                    oracle.margins(ref.rows()), scored.margins());
            Exactness.assertFloatsIdentical("base_score " + baseScore + " predictions (3.4)",
                    oracle.predictions(ref.rows()), scored.scores());
        }
    }

    static Stream<String> extremeBaseScores() {
        return Stream.of("[0E0]", "[1E0]");
    }
}
