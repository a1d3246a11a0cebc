package dev.verdict.loader.internal.xgboost;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.Model;
import dev.verdict.core.OutputSpec;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelFormatException;
import dev.verdict.loader.internal.trees.Arithmetic;
import dev.verdict.loader.internal.trees.CategoricalRule;
import dev.verdict.loader.internal.trees.DecisionTree;
import dev.verdict.loader.internal.trees.InputSchemaBuilder;
import dev.verdict.loader.internal.trees.ModelDetails;
import dev.verdict.loader.internal.trees.StoredCategories;
import dev.verdict.loader.internal.trees.TreeEnsemble;
import dev.verdict.loader.internal.trees.TreeModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Model} from an XGBoost model document (JSON or UBJSON, XGBoost 1.0 to 3.4),
 * predicting as XGBoost 3.4's CPU predictor does.
 *
 * <p>Format reference: XGBoost {@code src/learner.cc} ({@code learner_model_param},
 * {@code Intercept}), {@code src/gbm/gbtree_model.cc}, {@code src/tree/tree_model.cc},
 * {@code src/tree/multi_target_tree_model.cc}, {@code src/data/cat_container.cc}. Prediction:
 * {@code src/predictor/predict_fn.h} — missing → default child; {@code x < split} → left, on
 * float32; a categorical code in the node's set → right; leaves added to the base margin in
 * float32, in tree order; DART leaves scaled by their float32 weight first.
 */
public final class XGBoostModelReader {
    /**
     * Verdict scores dense rows; a model claiming more features than this is refused rather than
     * given a multi-gigabyte schema (also what stops a tiny hostile file from doing so).
     */
    static final int MAX_FEATURES = 1 << 20;

    private XGBoostModelReader() {
    }

    /**
     * @param bytes a JSON or UBJSON XGBoost model
     * @param options loading options
     * @return the model
     * @throws ModelFormatException naming the location and problem
     */
    public static Model read(byte[] bytes, LoadOptions options) {
        boolean ubjson = isUbjson(bytes);
        Document root = Document.parse(bytes, ubjson);
        return read(root, ubjson ? "xgboost-ubjson" : "xgboost-json", options);
    }

    /**
     * XGBoost's own sniffing: after '{' and whitespace, '"' is JSON text, anything else UBJSON.
     *
     * @param bytes an artifact
     * @return whether it is UBJSON
     */
    public static boolean isUbjson(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && isSpace(bytes[i])) {
            i++;
        }
        if (i >= bytes.length || bytes[i] != '{') {
            return false;
        }
        i++;
        while (i < bytes.length && isSpace(bytes[i])) {
            i++;
        }
        return i < bytes.length && bytes[i] != '"' && bytes[i] != '}';
    }

    /**
     * What an XGBoost model says about itself, read without building its trees: for the native
     * fallback, which scores with XGBoost4J but describes the model as Verdict would.
     *
     * @param version the XGBoost version that wrote it
     * @param objective the objective's name, as stored
     * @param schema the input schema (names, types and category dictionaries as stored)
     * @param named whether the names come from the artifact
     * @param outputGroups outputs per row: classes, targets, or 1
     */
    public record Description(String version, String objective, FeatureSchema schema,
            boolean named, int outputGroups) {
    }

    /**
     * @param bytes a JSON or UBJSON XGBoost model
     * @return what it says about itself
     * @throws ModelFormatException naming the location and problem
     */
    public static Description describe(byte[] bytes) {
        Document root = Document.parse(bytes, isUbjson(bytes));
        Document learner = root.get("learner");
        LearnerParams params = LearnerParams.read(learner.get("learner_model_param"));
        Document gb = learner.get("gradient_booster");
        Document model = gb.has("model") ? gb.get("model")
                : gb.has("gbtree") ? gb.get("gbtree").get("model") : gb;
        return new Description(versionOf(root), learner.get("objective").get("name").asString(),
                schema(learner, model, params.numFeature), named(learner), params.groups);
    }

    /**
     * @param objective an objective name as XGBoost stores it
     * @param groups outputs per row
     * @return the outputs Verdict gives such a model, or null for an objective it does not know
     */
    public static OutputSpec outputsOf(String objective, int groups) {
        try {
            return XGBoostObjective.named(objective).outputs(groups);
        } catch (ModelFormatException unknown) {
            return null;
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** Builds the model from a parsed document (JSON, UBJSON, or the legacy binary format's translation). */
    static Model read(Document root, String format, LoadOptions options) {
        Document learner = root.get("learner");
        String version = versionOf(root);
        Document paramDoc = learner.get("learner_model_param");
        LearnerParams params = LearnerParams.read(paramDoc);
        float[] baseScore = baseScore(paramDoc.get("base_score"), params);
        XGBoostObjective objective = XGBoostObjective.named(
                learner.get("objective").get("name").asString());
        if (objective.isMultiClass() && params.numClass < 1) {
            throw learner.error(objective.name + " without num_class");
        }
        Map<String, String> attributes = attributes(learner);
        Document gb = learner.get("gradient_booster");
        String booster = gb.get("name").asString();
        if (booster.equals("gblinear")) {
            return GBLinearModel.read(gb.get("model"), format, version, objective, params,
                    baseScore, schema(learner, null, params.numFeature), named(learner));
        }
        TreeBooster trees = TreeBooster.locate(gb, booster);
        Rounds rounds = Rounds.of(trees, params, attributes, learner, options);
        // XGBoost 3.x Intercept::InitModelUserParam: an unfitted model uses base_score raw.
        float[] margins = trees.count == 0 && params.boostFromAverage ? baseScore
                : objective.baseMargins(baseScore);
        Compiled compiled = compile(trees, rounds.usedTrees, params, margins);
        // The schema is built after the trees are read: num_feature may be up to 2^24, and a
        // schema that large costs seconds, which a file with a broken tree should not get to spend.
        FeatureSchema schema = schema(learner, trees.model, params.numFeature);

        ModelDetails details = new ModelDetails()
                .put("booster", booster + (trees.weights != null && !booster.equals("dart") ? " (dart)" : ""))
                .count("trees", rounds.usedTrees, trees.count)
                .count("rounds", rounds.used, rounds.stored)
                .shape(compiled.ensemble, schema)
                .put("outputs", params.groups + (compiled.vectorLeaves ? " (vector leaves)" : ""))
                .put("base score", Arrays.toString(baseScore));
        if (rounds.best != null) {
            details.put("best iteration", rounds.bestDetail());
        }
        return new TreeModel(details.info(format, version, objective.name), schema, named(learner),
                objective.outputs(params.groups), compiled.ensemble, objective.transform());
    }

    /** {@code learner_model_param}: the shape of the model. */
    record LearnerParams(int numFeature, int numClass, int numTarget, int groups,
            boolean boostFromAverage) {
        static LearnerParams read(Document params) {
            int numFeature = params.get("num_feature").asInt(0, MAX_FEATURES);
            int numClass = params.get("num_class").asInt(0, 1 << 20);
            Document t = params.find("num_target");
            int numTarget = t == null ? 1 : Math.max(1, t.asInt(0, 1 << 20));
            Document bfa = params.find("boost_from_average");
            boolean boostFromAverage = bfa == null || bfa.asLong() != 0;
            return new LearnerParams(numFeature, numClass, numTarget,
                    Math.max(Math.max(numClass, numTarget), 1), boostFromAverage);
        }
    }

    /** Where a tree booster keeps its trees (gbtree, DART in its 1.x–3.4 shapes), and their order. */
    private record TreeBooster(Document model, Document trees, int count, int parallel,
            int[] treeInfo, float[] weights) {
        static TreeBooster locate(Document gb, String booster) {
            Document model;
            Document weightDrop;
            switch (booster) {
                case "gbtree" -> {
                    model = gb.get("model");
                    weightDrop = gb.find("weight_drop");
                    if (weightDrop == null) {
                        weightDrop = model.find("weight_drop");
                    }
                }
                case "dart" -> {
                    model = gb.get("gbtree").get("model");
                    weightDrop = gb.find("weight_drop");
                }
                default -> throw gb.get("name").error("unknown booster '" + booster + "'");
            }
            Document trees = model.get("trees");
            int count = trees.size();
            Document param = model.get("gbtree_model_param");
            int declared = param.get("num_trees").asInt(0, Integer.MAX_VALUE);
            if (declared != count) {
                throw param.get("num_trees").error("declares " + declared + " trees, but "
                        + count + " are stored");
            }
            Document npt = param.find("num_parallel_tree");
            int parallel = npt == null ? 1 : Math.max(1, npt.asInt(0, 1 << 20));
            int[] treeInfo = model.get("tree_info").ints(count);
            float[] weights = weightDrop == null ? null : weightDrop.floats(-1);
            return new TreeBooster(model, trees, count, parallel, treeInfo, weights);
        }
    }

    /**
     * The boosting rounds stored and used: all of them, unless the options ask for the stored best
     * iteration or a limit.
     *
     * @param best the stored {@code best_iteration}, or null
     * @param bestUsed whether the rounds were cut at {@code best}
     */
    private record Rounds(int stored, int used, int usedTrees, String best, boolean bestUsed) {
        /**
         * The "best iteration" detail: the stored value, and whether scoring uses it (the
         * default, like XGBoost's {@code Booster.predict}, is every round; scikit-learn's
         * {@code predict} stops at it).
         */
        String bestDetail() {
            int b;
            try {
                b = Integer.parseInt(best);
            } catch (NumberFormatException e) {
                return best;
            }
            if (b < 0) {
                return best;
            }
            if (bestUsed) {
                return b + " (used: rounds 0–" + (used - 1) + " of " + stored + ")";
            }
            if (b + 1L >= stored) {
                return b + " (the last round: every round scores either way)";
            }
            return b + " (not used: all " + stored + " rounds score)";
        }

        static Rounds of(TreeBooster trees, LearnerParams params, Map<String, String> attributes,
                Document learner, LoadOptions options) {
            int[] indptr = iterationIndptr(trees.model, trees.treeInfo, trees.parallel,
                    params.groups);
            int stored = indptr.length - 1;
            int used = stored;
            String best = attributes.get("best_iteration");
            if (options.useBestIteration() && best != null) {
                int bestIteration;
                try {
                    bestIteration = Integer.parseInt(best.trim());
                } catch (NumberFormatException e) {
                    throw learner.get("attributes").error("best_iteration is not an integer: " + best);
                }
                // A negative value would index indptr below 0, and MAX_VALUE + 1 wraps negative.
                if (bestIteration < 0) {
                    throw learner.get("attributes").error("best_iteration is negative: " + best);
                }
                used = (int) Math.min(used, bestIteration + 1L);
            }
            boolean bestUsed = options.useBestIteration() && best != null;
            if (options.iterationLimit() > 0) {
                used = Math.min(used, options.iterationLimit());
            }
            return new Rounds(stored, used, indptr[used], best == null ? null : best.trim(), bestUsed);
        }
    }

    /** The compiled trees, and whether their leaves are vectors (one value per target). */
    private record Compiled(TreeEnsemble ensemble, boolean vectorLeaves) {
    }

    /** Reads the first {@code useTrees} trees into an ensemble starting from {@code margins}. */
    private static Compiled compile(TreeBooster trees, int useTrees, LearnerParams params,
            float[] margins) {
        int groups = params.groups;
        TreeEnsemble.Builder ensemble = TreeEnsemble.builder(params.numFeature, groups,
                Arithmetic.FLOAT32, CategoricalRule.XGBOOST);
        double[] base = new double[groups];
        for (int g = 0; g < groups; g++) {
            base[g] = margins[g];
        }
        ensemble.baseMargins(base);
        boolean vectorLeaves = false;
        for (int i = 0; i < useTrees; i++) {
            Document tree = trees.trees.at(i);
            float w = trees.weights == null || i >= trees.weights.length ? 1.0f : trees.weights[i];
            int width = leafWidth(tree);
            // Checked before the tree is read: the engine allocates nodes * width leaf values, so
            // a corrupt width must not get that far.
            if (width > 1 && width != groups) {
                throw tree.error("vector leaves of " + width + " values, model has " + groups
                        + " outputs");
            }
            DecisionTree dt = TreeReader.read(tree, params.numFeature, width, w);
            if (width > 1) {
                vectorLeaves = true;
                ensemble.addVector(dt);
            } else {
                if (trees.treeInfo[i] < 0 || trees.treeInfo[i] >= groups) {
                    throw trees.model.get("tree_info").error("tree " + i + " adds to output "
                            + trees.treeInfo[i] + ", but the model has " + groups);
                }
                ensemble.add(dt, trees.treeInfo[i]);
            }
        }
        return new Compiled(ensemble.build(), vectorLeaves);
    }

    private static boolean named(Document learner) {
        return learner.has("feature_names") && learner.get("feature_names").size() > 0;
    }

    private static String versionOf(Document root) {
        Document v = root.find("version");
        if (v == null) {
            return "";
        }
        int[] parts = v.ints(-1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            sb.append(i == 0 ? "" : ".").append(parts[i]);
        }
        return sb.toString();
    }

    /**
     * {@code base_score}: "0.500000" (1.0–1.1), "5E-1" (1.2–3.0), "[5E-1,…]" (≥ 3.1), one per
     * output or one broadcast to all.
     */
    private static float[] baseScore(Document d, LearnerParams params) {
        int groups = params.groups;
        String text = d.asString().replace(" ", "").replace('(', '[').replace(')', ']');
        float[] values;
        if (text.startsWith("[")) {
            if (!text.endsWith("]")) {
                throw d.error("malformed base_score \"" + text + "\"");
            }
            String inner = text.substring(1, text.length() - 1);
            String[] parts = inner.isEmpty() ? new String[0] : inner.split(",", -1);
            values = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                values[i] = d.parseFloat(parts[i]);
            }
        } else {
            values = new float[] {d.parseFloat(text)};
        }
        if (values.length == 1 && groups > 1) {
            float v = values[0];
            values = new float[groups];
            Arrays.fill(values, v);
        }
        if (values.length != groups) {
            throw d.error("base_score has " + values.length + " values, but the model has "
                    + groups + " outputs (num_class " + params.numClass + ", num_target "
                    + params.numTarget + ")");
        }
        for (float v : values) {
            if (Float.isNaN(v) || Float.isInfinite(v)) {
                throw d.error("base_score " + v + " is not finite");
            }
        }
        return values;
    }

    private static Map<String, String> attributes(Document learner) {
        Map<String, String> out = new LinkedHashMap<>();
        Document attrs = learner.find("attributes");
        if (attrs != null) {
            for (Map.Entry<?, ?> e : attrs.asObject().entrySet()) {
                out.put(String.valueOf(e.getKey()),
                        attrs.get(String.valueOf(e.getKey())).asString());
            }
        }
        return out;
    }

    /** Trees per boosting round: stored since 2.0, reconstructed as XGBoost's MakeIndptr before. */
    private static int[] iterationIndptr(Document model, int[] treeInfo, int parallel, int groups) {
        int trees = treeInfo.length;
        Document stored = model.find("iteration_indptr");
        if (stored != null) {
            int[] indptr = stored.ints(-1);
            if (indptr.length == 0 || indptr[0] != 0 || indptr[indptr.length - 1] != trees) {
                throw stored.error("must start at 0 and end at the tree count " + trees);
            }
            for (int i = 1; i < indptr.length; i++) {
                if (indptr[i] < indptr[i - 1]) {
                    throw stored.error("decreases at " + i);
                }
            }
            return indptr;
        }
        // In long: num_parallel_tree and the output count may each be up to 2^20, and an int
        // product could wrap to a value that makes the round count negative.
        long layer = Math.max(1L, (long) parallel * groups);
        int rounds = (int) ((trees + layer - 1) / layer);
        int[] indptr = new int[rounds + 1];
        for (int i = 0; i <= rounds; i++) {
            indptr[i] = (int) Math.min(trees, i * layer);
        }
        return indptr;
    }

    private static int leafWidth(Document tree) {
        Document size = tree.get("tree_param").find("size_leaf_vector");
        int width = size == null ? 1 : size.asInt(0, 1 << 20);
        return Math.max(width, 1);
    }

    /**
     * Feature names and types; categorical features carry the stored dictionary (≥ 3.1).
     *
     * @param model the tree model holding {@code cats}, or null (gblinear)
     */
    private static FeatureSchema schema(Document learner, Document model, int numFeature) {
        String[] names = learner.has("feature_names") ? learner.get("feature_names").strings()
                : new String[0];
        String[] types = learner.has("feature_types") ? learner.get("feature_types").strings()
                : new String[0];
        if (names.length != 0 && names.length != numFeature) {
            throw learner.get("feature_names").error(names.length + " names for " + numFeature
                    + " features");
        }
        if (types.length != 0 && types.length != numFeature) {
            throw learner.get("feature_types").error(types.length + " types for " + numFeature
                    + " features");
        }
        List<StoredCategories> categories = model == null ? null : categoriesOf(model, numFeature);
        InputSchemaBuilder schema = new InputSchemaBuilder();
        for (int f = 0; f < numFeature; f++) {
            String name = names.length == 0 ? "f" + f : names[f];
            if (types.length != 0 && types[f].equals("c")) {
                schema.categorical(name, categories == null ? null : categories.get(f));
            } else {
                schema.numeric(name);
            }
        }
        Document where = names.length != 0 ? learner.get("feature_names") : learner;
        return schema.build(where::error);
    }

    /**
     * The 3.1+ category dictionary ({@code cats}): per feature, the training categories in code
     * order (names for string columns, numbers for integer and, in 3.1–3.3, float columns); null
     * entries for features without one.
     */
    private static List<StoredCategories> categoriesOf(Document model, int numFeature) {
        Document cats = model.find("cats");
        List<StoredCategories> out = new ArrayList<>(numFeature);
        for (int f = 0; f < numFeature; f++) {
            out.add(null);
        }
        if (cats == null) {
            return out;
        }
        Document enc = cats.get("enc");
        if (enc.size() == 0) {
            return out;
        }
        if (enc.size() != numFeature) {
            throw enc.error(enc.size() + " columns for " + numFeature + " features");
        }
        for (int f = 0; f < numFeature; f++) {
            Document column = enc.at(f);
            if (column.has("offsets")) {
                int[] offsets = column.get("offsets").ints(-1);
                int[] bytes = column.get("values").ints(-1);
                if (offsets.length == 0) {
                    continue;
                }
                String[] names = new String[offsets.length - 1];
                for (int j = 0; j < names.length; j++) {
                    int from = offsets[j];
                    int to = offsets[j + 1];
                    if (from < 0 || to < from || to > bytes.length) {
                        throw column.get("offsets").error("offsets out of order or range at " + j);
                    }
                    byte[] raw = new byte[to - from];
                    for (int k = from; k < to; k++) {
                        raw[k - from] = (byte) bytes[k];
                    }
                    names[j] = new String(raw, StandardCharsets.UTF_8);
                }
                out.set(f, StoredCategories.ofNames(List.of(names)));
            } else if (column.has("type")) {
                Document values = column.get("values");
                int type = column.get("type").asInt();
                double[] numbers = new double[values.size()];
                if (type == 7 || type == 8) {
                    // f32/f64 (3.1–3.3 only): read as XGBoost's JSON reader reads numbers, float32.
                    float[] floats = values.floats(-1);
                    for (int j = 0; j < numbers.length; j++) {
                        numbers[j] = floats[j];
                    }
                } else {
                    // Integer types; u64 values beyond 2^63 are read unsigned.
                    long[] ints = longs(values);
                    for (int j = 0; j < numbers.length; j++) {
                        numbers[j] = type == 16 && ints[j] < 0
                                ? Double.parseDouble(Long.toUnsignedString(ints[j])) : ints[j];
                    }
                }
                out.set(f, StoredCategories.ofNumbers(numbers));
            } else {
                throw column.error("category column has neither offsets nor type");
            }
        }
        return out;
    }

    private static long[] longs(Document values) {
        Object raw = values.raw();
        if (raw instanceof long[] a) {
            return a.clone();
        }
        int n = values.size();
        long[] out = new long[n];
        if (raw instanceof int[] a) {
            for (int i = 0; i < n; i++) {
                out[i] = a[i];
            }
        } else if (raw instanceof byte[] a) {
            for (int i = 0; i < n; i++) {
                out[i] = a[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = values.at(i).asLong();
            }
        }
        return out;
    }
}
