package dev.verdict.loader.internal.xgboost;

import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.DIR;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.predict34;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.read;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON shapes that XGBoost 1.7 cannot write, derived from its fixtures, predict what 1.7.4
 * predicted for the original: older ones (1.0–1.5: boolean {@code default_left}, {@code "%f"}
 * base_score, no {@code split_type}/{@code categories*}, no {@code num_target},
 * {@code boost_from_average}, {@code num_parallel_tree}, {@code leaf_child_counts} present) and
 * newer ones (2.0 {@code iteration_indptr}; 3.1+ {@code "[5E-1]"} base_score and {@code cats};
 * DART weights where 3.3 and 3.4 put them). XGBoost4J 3.4 loading each shape must agree, except
 * where it is stricter than Verdict (integer tokens in float arrays, as 1.0 wrote them).
 */
class XGBoostDocumentShapesTest {
    @TempDir
    Path tmp;

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
            out.add(new Variant(name, "1.0", XGBoostFixtures::shape10, false));
            out.add(new Variant(name, "1.5", XGBoostFixtures::shape15, true));
            out.add(new Variant(name, "2.0", XGBoostFixtures::shape20, true));
            out.add(new Variant(name, "3.1", XGBoostFixtures::shape31, true));
        }
        out.add(new Variant("categorical", "1.5", XGBoostFixtures::shape15, true));
        out.add(new Variant("categorical", "2.0", XGBoostFixtures::shape20, true));
        out.add(new Variant("categorical", "3.1", XGBoostFixtures::shape31, true));
        out.add(new Variant("dart", "3.3", XGBoostFixtures::shape33, true));
        out.add(new Variant("dart", "3.4", XGBoostFixtures::shape34, true));
        out.add(new Variant("gblinear", "3.1", XGBoostFixtures::shape31, true));
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
        Scoring.Scored scored = Scoring.score(model, ref.rows());
        Exactness.assertFloatsIdentical(v + " margins", ref.margins(), scored.margins());
        Exactness.assertFloatsIdentical(v + " predictions", ref.predictions(), scored.scores());
        if (ref.bestMargins() != null) {
            Scoring.Scored best = Scoring.score(ModelLoader.load(file, LoadOptions.defaults().withBestIteration()), ref.rows());
            Exactness.assertFloatsIdentical(v + " best margins", ref.bestMargins(), best.margins());
        }
        if (v.native34) {
            try (XGBoostOracle.NativeBooster oracle = XGBoostOracle.load(bytes)) {
                Exactness.assertFloatsIdentical(v + " margins (3.4)", Rows.narrow(scored.margins()),
                        Rows.widen(predict34(oracle, v.fixture, ref.rows(), false)));
                Exactness.assertFloatsIdentical(v + " predictions (3.4)", Rows.narrow(scored.scores()),
                        Rows.widen(predict34(oracle, v.fixture, ref.rows(), true)));
            }
        } else {
            // XGBoost 3.4 is stricter than Verdict here: an integer token in a float array.
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> XGBoostOracle.load(bytes));
            assertTrue(e.getMessage().contains("Invalid cast, from Integer to Number"), e.getMessage());
        }
    }
}
