package dev.verdict.loader.internal.xgboost;


import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.Model;
import dev.verdict.core.ModelInfo;
import dev.verdict.core.OutputSpec;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelFormatException;
import dev.verdict.loader.internal.trees.Arithmetic;
import dev.verdict.loader.internal.trees.CategoricalRule;
import dev.verdict.loader.internal.trees.DecisionTree;
import dev.verdict.loader.internal.trees.TreeEnsemble;
import dev.verdict.loader.internal.trees.TreeModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        Document params = learner.get("learner_model_param");
        int numFeature = params.get("num_feature").asInt(0, MAX_FEATURES);
        int numClass = params.get("num_class").asInt(0, 1 << 20);
        Document t = params.find("num_target");
        int groups = Math.max(Math.max(numClass, t == null ? 1 : t.asInt(0, 1 << 20)), 1);
        Document gb = learner.get("gradient_booster");
        Document model = gb.has("model") ? gb.get("model")
                : gb.has("gbtree") ? gb.get("gbtree").get("model") : gb;
        FeatureSchema schema = features(learner, categoriesOf(model, numFeature), numFeature);
        boolean named = learner.has("feature_names") && learner.get("feature_names").size() > 0;
        return new Description(versionOf(root), learner.get("objective").get("name").asString(),
                schema, named, groups);
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

    static Model read(Document root, String format, LoadOptions options) {
        Document learner = root.get("learner");
        String version = versionOf(root);
        Document params = learner.get("learner_model_param");
        int numFeature = params.get("num_feature").asInt(0, MAX_FEATURES);
        int numClass = params.get("num_class").asInt(0, 1 << 20);
        Document t = params.find("num_target");
        int numTarget = t == null ? 1 : Math.max(1, t.asInt(0, 1 << 20));
        Document bfa = params.find("boost_from_average");
        boolean boostFromAverage = bfa == null || bfa.asLong() != 0;
        int groups = Math.max(Math.max(numClass, numTarget), 1);
        float[] baseScore = baseScore(params.get("base_score"), groups, numClass, numTarget);

        XGBoostObjective objective = XGBoostObjective.named(
                learner.get("objective").get("name").asString());
        if (objective.isMultiClass() && numClass < 1) {
            throw learner.error(objective.name + " without num_class");
        }
        Map<String, String> attributes = attributes(learner);
        Document gb = learner.get("gradient_booster");
        String booster = gb.get("name").asString();

        Document model;
        Document weightDrop = null;
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
            case "gblinear" -> {
                return GBLinearModel.read(gb.get("model"), learner, format, version, objective,
                        numFeature, groups, baseScore, boostFromAverage, features(learner, null,
                                numFeature));
            }
            default -> throw gb.get("name").error("unknown booster '" + booster + "'");
        }

        Document trees = model.get("trees");
        int treeCount = trees.size();
        Document param = model.get("gbtree_model_param");
        int declared = param.get("num_trees").asInt(0, Integer.MAX_VALUE);
        if (declared != treeCount) {
            throw param.get("num_trees").error("declares " + declared + " trees, but "
                    + treeCount + " are stored");
        }
        Document npt = param.find("num_parallel_tree");
        int parallel = npt == null ? 1 : Math.max(1, npt.asInt(0, 1 << 20));
        int[] treeInfo = model.get("tree_info").ints(treeCount);
        float[] weights = weightDrop == null ? null : weightDrop.floats(-1);
        int[] indptr = iterationIndptr(model, treeInfo, parallel, groups);

        int useRounds = indptr.length - 1;
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
            useRounds = (int) Math.min(useRounds, bestIteration + 1L);
        }
        if (options.iterationLimit() > 0) {
            useRounds = Math.min(useRounds, options.iterationLimit());
        }
        int useTrees = indptr[useRounds];

        boolean vectorLeaves = false;
        TreeEnsemble.Builder ensemble = TreeEnsemble.builder(numFeature, groups, Arithmetic.FLOAT32,
                CategoricalRule.XGBOOST);
        float[] margins;
        boolean fitted = treeCount > 0;
        if (!fitted && boostFromAverage) {
            // XGBoost 3.x Intercept::InitModelUserParam: an unfitted model uses base_score raw.
            margins = baseScore;
        } else {
            margins = objective.baseMargins(baseScore);
        }
        double[] base = new double[groups];
        for (int g = 0; g < groups; g++) {
            base[g] = margins[g];
        }
        ensemble.baseMargins(base);
        int maxDepth = 0;
        for (int i = 0; i < useTrees; i++) {
            Document tree = trees.at(i);
            float w = weights == null || i >= weights.length ? 1.0f : weights[i];
            int width = leafWidth(tree);
            // Checked before the tree is read: the engine allocates nodes * width leaf values, so
            // a corrupt width must not get that far.
            if (width > 1 && width != groups) {
                throw tree.error("vector leaves of " + width + " values, model has " + groups
                        + " outputs");
            }
            DecisionTree dt = TreeReader.read(tree, i, numFeature, width, w);
            maxDepth = Math.max(maxDepth, dt.depth());
            if (width > 1) {
                vectorLeaves = true;
                ensemble.addVector(dt);
            } else {
                if (treeInfo[i] < 0 || treeInfo[i] >= groups) {
                    throw model.get("tree_info").error("tree " + i + " adds to output "
                            + treeInfo[i] + ", but the model has " + groups);
                }
                ensemble.add(dt, treeInfo[i]);
            }
        }
        // The schema is built after the trees are read: num_feature may be up to 2^24, and a
        // schema that large costs seconds, which a file with a broken tree should not get to spend.
        List<String[]> categories = categoriesOf(model, numFeature);
        FeatureSchema schema = features(learner, categories, numFeature);
        boolean named = learner.has("feature_names") && learner.get("feature_names").size() > 0;
        TreeEnsemble compiled = ensemble.build();
        OutputSpec outputs = objective.outputs(groups);

        Map<String, String> details = new LinkedHashMap<>();
        details.put("booster", booster + (weights != null && !booster.equals("dart") ? " (dart)" : ""));
        details.put("trees", useTrees + (useTrees < treeCount ? " of " + treeCount : ""));
        details.put("rounds", useRounds + (useRounds < indptr.length - 1 ? " of " + (indptr.length - 1) : ""));
        details.put("max depth", String.valueOf(maxDepth));
        details.put("features", String.valueOf(numFeature));
        details.put("outputs", String.valueOf(groups) + (vectorLeaves ? " (vector leaves)" : ""));
        details.put("base score", java.util.Arrays.toString(baseScore));
        if (best != null) {
            details.put("best iteration", best.trim());
        }
        int categorical = 0;
        for (int f = 0; f < schema.size(); f++) {
            if (schema.type(f) == dev.verdict.core.FeatureType.CATEGORICAL) {
                categorical++;
            }
        }
        if (categorical > 0) {
            details.put("categorical features", String.valueOf(categorical));
        }
        ModelInfo info = new ModelInfo(format, version, objective.name, details);
        return new TreeModel(info, schema, named, outputs, compiled, objective.transform());
    }

    static String versionOf(Document root) {
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
    static float[] baseScore(Document d, int groups, int numClass, int numTarget) {
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
            java.util.Arrays.fill(values, v);
        }
        if (values.length != groups) {
            throw d.error("base_score has " + values.length + " values, but the model has "
                    + groups + " outputs (num_class " + numClass + ", num_target " + numTarget + ")");
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

    /** Feature names and types; categorical features carry the stored dictionary (≥ 3.1). */
    static FeatureSchema features(Document learner, List<String[]> categories, int numFeature) {
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
        List<Feature> list = new ArrayList<>(numFeature);
        // Feature's constructor rejects an empty name and FeatureSchema.of a repeated name or
        // category, both with IllegalArgumentException: report those as format errors.
        try {
            for (int f = 0; f < numFeature; f++) {
                String name = names.length == 0 ? "f" + f : names[f];
                boolean categorical = types.length != 0 && types[f].equals("c");
                if (categorical) {
                    String[] dict = categories == null ? null : categories.get(f);
                    list.add(dict == null || dict.length == 0 ? Feature.categorical(name)
                            : Feature.categorical(name, List.of(dict)));
                } else {
                    list.add(Feature.numeric(name));
                }
            }
            return FeatureSchema.of(list);
        } catch (IllegalArgumentException e) {
            throw (names.length != 0 ? learner.get("feature_names") : learner).error(e.getMessage());
        }
    }

    /**
     * The 3.1+ category dictionary ({@code cats}): per feature, the training categories in code
     * order; null entries for features without one.
     */
    static List<String[]> categoriesOf(Document model, int numFeature) {
        Document cats = model.find("cats");
        List<String[]> out = new ArrayList<>(numFeature);
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
                out.set(f, names);
            } else if (column.has("type")) {
                Document values = column.get("values");
                String[] names = new String[values.size()];
                long[] ints = longs(values);
                int type = column.get("type").asInt();
                for (int j = 0; j < names.length; j++) {
                    names[j] = type == 16 ? Long.toUnsignedString(ints[j]) : Long.toString(ints[j]);
                }
                out.set(f, names);
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
