package dev.verdict.loader.internal.lightgbm;

import static dev.verdict.loader.LoadAssertions.assertEveryPrefixRejected;
import static dev.verdict.loader.LoadAssertions.assertLoads;
import static dev.verdict.loader.LoadAssertions.assertMessageHas;
import static dev.verdict.loader.LoadAssertions.assertRejected;
import static dev.verdict.loader.LoadAssertions.assertSameScores;
import static dev.verdict.loader.LoadAssertions.utf8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.loader.ModelFormat;
import dev.verdict.loader.ModelFormatException;
import dev.verdict.loader.SmallModels;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad LightGBM text models are rejected at load with a {@link ModelFormatException} naming the
 * line and the problem, and nothing half-loaded is ever returned. Starting from small valid
 * models trained by lightgbmlib in the test, (a) every truncation that cuts into the trees throws
 * a {@link dev.verdict.core.ModelLoadException} and never anything else, and (b) targeted
 * corruptions — header keys and values, token counts, decision types, children and features,
 * cycles, NaN thresholds, counts, categorical sets, missing trees, {@code pandas_categorical} —
 * each give a message that says what is wrong.
 */
class LightGbmBadFilesTest {
    private static final ModelFormat LIGHTGBM = ModelFormat.LIGHTGBM_TEXT;

    private static String lightgbmBinary;
    private static String lightgbmCategorical;
    private static String lightgbmLinear;

    @BeforeAll
    static void trainSmallModels() {
        // Tree 0 gets a fixed layout so the corruptions below know which node is where.
        lightgbmBinary = setTreeField(setTreeField(SmallModels.lightgbmBinary(),
                0, "left_child", "1 -1"), 0, "right_child", "-2 -3");
        lightgbmCategorical = SmallModels.lightgbmCategorical();
        lightgbmLinear = SmallModels.lightgbmLinear();
    }

    @Test
    void theStartingModelsAreValid() {
        assertLoads(utf8(lightgbmBinary), LIGHTGBM);
        assertLoads(utf8(lightgbmCategorical), LIGHTGBM);
        assertLoads(utf8(lightgbmLinear), LIGHTGBM);
    }

    /** leaf_count only steers the engine's walk: missing or garbled, it changes no score. */
    @Test
    void rowCountHintsAreOptional() {
        String lgb = lightgbmBinary;
        assertTrue(lgb.contains("leaf_count="));
        List<byte[]> lightgbm = List.of(utf8(lgb.replaceAll("(?m)^leaf_count=.*$", "leaf_count=1 x")),
                utf8(lgb.replaceAll("(?m)^leaf_count=.*\\R", "")));
        for (byte[] v : lightgbm) {
            assertTrue(!Arrays.equals(v, utf8(lgb)), "the LightGBM variant differs");
        }
        assertSameScores(assertLoads(utf8(lgb), LIGHTGBM), lightgbm, LIGHTGBM);
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

    /** Counts whose int sums wrap; the fuzz corpus replays the same input. */
    @Test
    void countsThatWouldOverflowAnIntAreNamed() {
        String inputs = "/dev/verdict/loader/ModelParsersFuzzTestInputs/";
        assertMessageHas(assertRejected(SmallModels.resource(inputs
                + "lightgbmText/regression-linear-count-overflow.txt"), LIGHTGBM),
                "tree 1 num_features: counts add up to 4294967298");
    }

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

    private static String setTreeField(String text, int tree, String key, String value) {
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
