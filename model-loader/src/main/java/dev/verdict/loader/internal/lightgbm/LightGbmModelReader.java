package dev.verdict.loader.internal.lightgbm;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.Model;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Model} from a LightGBM text model (v2 to v4), predicting as LightGBM's
 * {@code GBDT::Predict} does.
 *
 * <p>Format reference: {@code src/boosting/gbdt_model_text.cpp} ({@code LoadModelFromString}),
 * {@code src/io/tree.cpp} ({@code Tree::Tree(const char*)}). Prediction: {@code tree.h} —
 * {@code decision_type} bit 0 categorical, bit 1 default-left, bits 2–3 missing type
 * (None/Zero/NaN); {@code x <= threshold} in double goes left; categories in the bitset go left;
 * leaves summed in double, tree by tree; linear leaves per {@code Tree::Predict}. Trees are read
 * sequentially, not by the {@code tree_sizes} byte offsets, so CRLF-edited files still load.
 */
public final class LightGbmModelReader {
    /** As for XGBoost: dense rows of more features than this are refused. */
    private static final int MAX_FEATURES = 1 << 20;

    private LightGbmModelReader() {
    }

    /** Whether {@code bytes} look like a LightGBM text model. */
    public static boolean looksLikeLightGbm(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.UTF_8);
        return head.startsWith("tree\n") || head.startsWith("tree\r\n")
                || head.startsWith("version=") || head.contains("\nnum_class=");
    }

    /**
     * @param bytes the model text
     * @param options loading options
     * @return the model
     * @throws ModelFormatException naming the line and problem
     */
    public static Model read(byte[] bytes, LoadOptions options) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1);
        Header header = Header.read(lines);
        int numClass = header.integer("num_class", 1, 1 << 20);
        int perIteration = header.has("num_tree_per_iteration")
                ? header.integer("num_tree_per_iteration", 1, 1 << 20) : numClass;
        int numFeature = header.integer("max_feature_idx", -1, MAX_FEATURES - 1) + 1;
        String[] names = header.tokens("feature_names", numFeature, "feature names");
        String[] infos = header.tokens("feature_infos", numFeature, "feature infos");
        String objectiveWhere = "line " + (header.line("objective", 0) + 1);
        LightGbmObjective objective = LightGbmObjective.parse(header.value("objective"), objectiveWhere);
        if (objective.isMultiClass() && objective.numClass != perIteration) {
            throw error(header.line("objective", 0), "objective has " + objective.numClass
                    + " classes, but there are " + perIteration + " trees per iteration");
        }
        boolean averageOutput = header.has("average_output");

        Trees trees = Trees.read(lines, header.end, numFeature);
        if (trees.list.size() % perIteration != 0) {
            throw error(trees.end, trees.list.size() + " trees is not a multiple of " + perIteration
                    + " trees per iteration");
        }
        if (header.has("tree_sizes")) {
            int declared = tokens(header.value("tree_sizes")).length;
            if (declared != trees.list.size()) {
                throw error(header.line("tree_sizes", 0), "tree_sizes lists " + declared
                        + " trees, but " + trees.list.size() + " are stored (truncated file?)");
            }
        }
        List<StoredCategories> pandasCategories = pandasCategorical(lines);

        int iterations = trees.list.size() / perIteration;
        int useIterations = options.iterationLimit() > 0
                ? Math.min(iterations, options.iterationLimit()) : iterations;
        TreeEnsemble.Builder builder = TreeEnsemble.builder(numFeature, perIteration,
                Arithmetic.FLOAT64, CategoricalRule.LIGHTGBM);
        for (int t = 0; t < useIterations * perIteration; t++) {
            builder.add(trees.list.get(t), t % perIteration);
        }
        TreeEnsemble ensemble = builder.build();
        FeatureSchema schema = schema(names, infos, trees.categoricalSplit, pandasCategories);

        ModelDetails details = new ModelDetails()
                .count("trees", useIterations * perIteration, trees.list.size())
                .put("iterations", String.valueOf(useIterations))
                .put("trees per iteration", String.valueOf(perIteration))
                .shape(ensemble, schema);
        if (averageOutput) {
            details.put("average output", "yes (random forest)");
        }
        if (trees.linear) {
            details.put("linear trees", "yes");
        }
        String objectiveName = objective.text.isEmpty() ? "custom (raw scores)" : objective.text;
        return new TreeModel(details.info("lightgbm-text", header.value("version", ""), objectiveName),
                schema, true, objective.outputs(perIteration), ensemble,
                objective.transform(averageOutput ? useIterations : 0));
    }

    /** The header: {@code key=value} lines before the first tree. */
    private static final class Header {
        private final Map<String, String> values = new HashMap<>();
        private final Map<String, Integer> lines = new HashMap<>();
        /** The index of the first line after the header. */
        private int end;

        static Header read(String[] lines) {
            Header h = new Header();
            int i = 0;
            for (; i < lines.length && !lines[i].startsWith("Tree="); i++) {
                String line = lines[i];
                if (line.isEmpty() || line.equals("tree") || line.equals("end of trees")) {
                    continue;
                }
                int eq = line.indexOf('=');
                String key = eq < 0 ? line : line.substring(0, eq);
                String value = eq < 0 ? "" : line.substring(eq + 1);
                if (!key.equals("feature_names") && !key.equals("monotone_constraints")
                        && value.indexOf('=') >= 0) {
                    throw error(i, "malformed header line '" + abbreviate(line) + "'");
                }
                h.values.put(key, value);
                h.lines.put(key, i);
            }
            h.end = i;
            return h;
        }

        boolean has(String key) {
            return values.containsKey(key);
        }

        /** @return the value, or null when absent */
        String value(String key) {
            return values.get(key);
        }

        String value(String key, String absent) {
            return values.getOrDefault(key, absent);
        }

        int line(String key, int absent) {
            return lines.getOrDefault(key, absent);
        }

        String require(String key) {
            String v = values.get(key);
            if (v == null) {
                throw new ModelFormatException("LightGBM model header lacks '" + key
                        + "' (not a LightGBM text model, or truncated)");
            }
            return v;
        }

        int integer(String key, int min, int max) {
            String v = require(key);
            int line = lines.get(key);
            int n = LightGbmNumbers.atoi(v, "line " + (line + 1) + ": " + key);
            if (n < min || n > max) {
                throw error(line, key + " " + n + " outside [" + min + ", " + max + "]");
            }
            return n;
        }

        /** The space-separated tokens of {@code key}, which must number {@code count}. */
        String[] tokens(String key, int count, String what) {
            String[] t = LightGbmModelReader.tokens(require(key));
            if (t.length != count) {
                throw error(lines.get(key), t.length + " " + what + " for " + count + " features");
            }
            return t;
        }
    }

    /**
     * The {@code Tree=} blocks up to {@code end of trees}: the trees, which features any
     * categorical split tests, and whether any tree is linear.
     *
     * @param end the line of {@code end of trees}
     */
    private record Trees(List<DecisionTree> list, boolean[] categoricalSplit, boolean linear,
            int end) {
        static Trees read(String[] lines, int from, int numFeature) {
            List<DecisionTree> trees = new ArrayList<>();
            boolean[] categoricalSplit = new boolean[numFeature];
            boolean linear = false;
            int i = from;
            while (i < lines.length && lines[i].startsWith("Tree=")) {
                int start = i;
                Map<String, String> fields = new HashMap<>();
                Map<String, Integer> fieldLine = new HashMap<>();
                i++;
                for (; i < lines.length && !lines[i].isEmpty(); i++) {
                    int eq = lines[i].indexOf('=');
                    if (eq < 0) {
                        throw error(i, "expected key=value in tree " + trees.size());
                    }
                    fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
                    fieldLine.put(lines[i].substring(0, eq), i);
                }
                TreeBlock block = new TreeBlock(fields, fieldLine, start, trees.size(), numFeature);
                trees.add(block.build(categoricalSplit));
                linear |= block.linear;
                while (i < lines.length && lines[i].isEmpty()) {
                    i++;
                }
            }
            if (trees.isEmpty() && (i >= lines.length || !lines[i].startsWith("end of trees"))) {
                throw error(Math.min(i, lines.length - 1), "no trees and no 'end of trees' (truncated file?)");
            }
            if (i >= lines.length || !lines[i].startsWith("end of trees")) {
                throw error(Math.min(i, lines.length - 1),
                        "expected 'end of trees' after " + trees.size() + " trees (truncated file?)");
            }
            return new Trees(trees, categoricalSplit, linear, i);
        }
    }

    /**
     * Names from {@code feature_names}; a feature is categorical when a split treats it so or its
     * {@code feature_infos} token is a category list. Python's {@code pandas_categorical} lists
     * one dictionary per pandas categorical column in column order; they are matched to the
     * categorical features in order when the counts agree (an ordered pandas categorical is
     * numeric to LightGBM, and a non-pandas column may be declared categorical, so when the counts
     * differ there is no telling which list is whose and none is attached).
     */
    private static FeatureSchema schema(String[] names, String[] infos, boolean[] categoricalSplit,
            List<StoredCategories> pandasCategories) {
        int n = names.length;
        boolean[] categorical = new boolean[n];
        int count = 0;
        for (int f = 0; f < n; f++) {
            // feature_infos: "[min:max]" numeric, "none" unused, otherwise the category list.
            categorical[f] = categoricalSplit[f]
                    || (!infos[f].startsWith("[") && !infos[f].equals("none"));
            if (categorical[f]) {
                count++;
            }
        }
        boolean dictionaries = pandasCategories != null && pandasCategories.size() == count;
        InputSchemaBuilder schema = new InputSchemaBuilder();
        for (int f = 0, k = 0; f < n; f++) {
            if (categorical[f]) {
                schema.categorical(names[f], dictionaries ? pandasCategories.get(k++) : null);
            } else {
                schema.numeric(names[f]);
            }
        }
        return schema.build(message -> new ModelFormatException("feature_names: " + message));
    }

    /** Python's trailing {@code pandas_categorical:[[...], ...]} line, or null. */
    private static List<StoredCategories> pandasCategorical(String[] lines) {
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("pandas_categorical:")) {
                String json = lines[i].substring("pandas_categorical:".length()).trim();
                if (json.equals("null") || json.isEmpty()) {
                    return null;
                }
                try {
                    return PandasCategories.parse(json);
                } catch (RuntimeException e) {
                    throw error(i, "malformed pandas_categorical: " + e.getMessage());
                }
            }
        }
        return null;
    }

    private static String[] tokens(String value) {
        String trimmed = value.trim();
        return trimmed.isEmpty() ? new String[0] : trimmed.split(" +");
    }

    static ModelFormatException error(int line, String message) {
        return new ModelFormatException("line " + (line + 1) + ": " + message);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /** One {@code Tree=} block. */
    private static final class TreeBlock {
        private final Map<String, String> fields;
        private final Map<String, Integer> fieldLine;
        private final int startLine;
        private final int index;
        private final int numFeature;
        boolean linear;

        TreeBlock(Map<String, String> fields, Map<String, Integer> fieldLine, int startLine,
                int index, int numFeature) {
            this.fields = fields;
            this.fieldLine = fieldLine;
            this.startLine = startLine;
            this.index = index;
            this.numFeature = numFeature;
        }

        DecisionTree build(boolean[] categoricalSplit) {
            int leaves = integer("num_leaves", 1, 1 << 24);
            int numCat = fields.containsKey("num_cat") ? integer("num_cat", 0, leaves) : 0;
            linear = fields.containsKey("is_linear") && integer("is_linear", 0, 1) == 1;
            double[] leafValue = doubles("leaf_value", leaves);
            int internal = leaves - 1;
            String where = "tree " + index + " (line " + (startLine + 1) + ")";
            DecisionTree.Builder b = DecisionTree.builder(Math.max(1, 2 * leaves - 1), 1,
                    numFeature, where);
            if (internal > 0) {
                int[] feature = ints("split_feature", internal);
                double[] threshold = doubles("threshold", internal);
                int[] decision = ints("decision_type", internal);
                int[] left = ints("left_child", internal);
                int[] right = ints("right_child", internal);
                int[] catBoundaries = numCat > 0 ? ints("cat_boundaries", numCat + 1) : new int[0];
                long[] catThreshold = numCat > 0 ? unsigned("cat_threshold") : new long[0];
                for (int n = 0; n < internal; n++) {
                    int l = node(left[n], internal, leaves, "left_child", n);
                    int r = node(right[n], internal, leaves, "right_child", n);
                    int dt = decision[n];
                    boolean defaultLeft = (dt & 2) != 0;
                    int missingType = (dt >> 2) & 3;
                    if ((dt & 1) != 0) {
                        double t = threshold[n];
                        int catIndex = (int) t;
                        if (t != catIndex || catIndex < 0 || catIndex >= numCat) {
                            throw fieldError("threshold", "node " + n + " is categorical with set "
                                    + t + ", outside [0, " + numCat + ")");
                        }
                        int from = catBoundaries[catIndex];
                        int to = catBoundaries[catIndex + 1];
                        if (from < 0 || to < from || to > catThreshold.length) {
                            throw fieldError("cat_boundaries", "set " + catIndex + " spans ["
                                    + from + ", " + to + ") of " + catThreshold.length + " words");
                        }
                        int[] bits = new int[to - from];
                        for (int w = from; w < to; w++) {
                            bits[w - from] = (int) catThreshold[w];
                        }
                        if (feature[n] >= 0 && feature[n] < numFeature) {
                            categoricalSplit[feature[n]] = true;
                        }
                        // LightGBM sends NaN right at categorical nodes, whatever the flags say.
                        b.categorical(n, feature[n], bits, l, r, false);
                    } else {
                        double t = threshold[n];
                        if (Double.isNaN(t)) {
                            throw fieldError("threshold", "node " + n + " has a NaN threshold");
                        }
                        switch (missingType) {
                            // None: a NaN is compared as 0.0.
                            case 0 -> b.numeric(n, feature[n], t, l, r, 0.0 <= t, false);
                            case 1 -> b.numeric(n, feature[n], t, l, r, defaultLeft, true);
                            case 2 -> b.numeric(n, feature[n], t, l, r, defaultLeft, false);
                            default -> throw fieldError("decision_type", "node " + n
                                    + " has unknown missing type " + missingType);
                        }
                    }
                }
            }
            double[] leafCount = optionalCounts("leaf_count", leaves);
            for (int leaf = 0; leaf < leaves; leaf++) {
                int node = internal == 0 ? 0 : internal + leaf;
                b.leaf(node, leafValue[leaf]);
                if (leafCount != null) {
                    b.leafRows(node, leafCount[leaf]);
                }
            }
            if (linear) {
                double[] constant = doubles("leaf_const", leaves);
                int[] counts = ints("num_features", leaves);
                // Summed in long: large counts could wrap an int sum back to the token count and
                // send copyOfRange below past the arrays (or into a huge allocation).
                long total = 0;
                for (int c : counts) {
                    if (c < 0) {
                        throw fieldError("num_features", "negative count " + c);
                    }
                    total += c;
                }
                if (total > Integer.MAX_VALUE) {
                    throw fieldError("num_features", "counts add up to " + total);
                }
                int[] features = ints("leaf_features", (int) total);
                double[] coefficients = doubles("leaf_coeff", (int) total);
                int offset = 0;
                for (int leaf = 0; leaf < leaves; leaf++) {
                    int node = internal == 0 ? 0 : internal + leaf;
                    int c = counts[leaf];
                    b.linear(node, constant[leaf],
                            java.util.Arrays.copyOfRange(features, offset, offset + c),
                            java.util.Arrays.copyOfRange(coefficients, offset, offset + c));
                    offset += c;
                }
            }
            return b.build();
        }

        /** LightGBM child encoding: {@code >= 0} internal node, {@code < 0} leaf {@code ~child}. */
        private int node(int child, int internal, int leaves, String key, int n) {
            if (child >= 0) {
                if (child >= internal) {
                    throw fieldError(key, "node " + n + " has child " + child + " beyond the "
                            + internal + " internal nodes");
                }
                return child;
            }
            int leaf = ~child;
            if (leaf >= leaves) {
                throw fieldError(key, "node " + n + " has leaf " + leaf + " beyond the " + leaves
                        + " leaves");
            }
            return internal + leaf;
        }

        private String field(String key) {
            String v = fields.get(key);
            if (v == null) {
                throw new ModelFormatException("tree " + index + " (line " + (startLine + 1)
                        + "): missing '" + key + "' (truncated file?)");
            }
            return v;
        }

        private int integer(String key, int min, int max) {
            String v = field(key);
            int n = LightGbmNumbers.atoi(v, "line " + (fieldLine.get(key) + 1) + ": " + key);
            if (n < min || n > max) {
                throw fieldError(key, "value " + n + " outside [" + min + ", " + max + "]");
            }
            return n;
        }

        private int[] ints(String key, int count) {
            String[] t = tokens(field(key));
            if (t.length != count) {
                throw fieldError(key, "expected " + count + " values, found " + t.length);
            }
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                try {
                    out[i] = Integer.parseInt(t[i]);
                } catch (NumberFormatException e) {
                    throw fieldError(key, "value " + i + " is not an integer: '" + t[i] + "'");
                }
            }
            return out;
        }

        private long[] unsigned(String key) {
            String[] t = tokens(field(key));
            long[] out = new long[t.length];
            for (int i = 0; i < t.length; i++) {
                try {
                    out[i] = Integer.toUnsignedLong(Integer.parseUnsignedInt(t[i]));
                } catch (NumberFormatException e) {
                    throw fieldError(key, "value " + i + " is not a 32-bit word: '" + t[i] + "'");
                }
            }
            return out;
        }

        /**
         * A field that only informs speed ({@code leaf_count}): absent, short or unparsable
         * gives null rather than an error, since the predictions do not depend on it.
         */
        private double[] optionalCounts(String key, int count) {
            String value = fields.get(key);
            if (value == null) {
                return null;
            }
            String[] t = tokens(value);
            if (t.length != count) {
                return null;
            }
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                try {
                    out[i] = LightGbmNumbers.parseDouble(t[i]);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return out;
        }

        private double[] doubles(String key, int count) {
            String[] t = tokens(field(key));
            if (t.length != count) {
                throw fieldError(key, "expected " + count + " values, found " + t.length);
            }
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                try {
                    out[i] = LightGbmNumbers.parseDouble(t[i]);
                } catch (NumberFormatException e) {
                    throw fieldError(key, "value " + i + " is not a number: '" + t[i] + "'");
                }
            }
            return out;
        }

        private ModelFormatException fieldError(String key, String message) {
            Integer line = fieldLine.get(key);
            return new ModelFormatException("line " + ((line == null ? startLine : line) + 1)
                    + ": tree " + index + " " + key + ": " + message);
        }
    }
}
