package dev.verdict.loader.internal.xgboost;

import dev.verdict.core.Model;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelFormatException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads XGBoost's legacy binary model format (written by {@code save_model("m.model")} in 0.x–2.0,
 * readable up to 3.0) and translates it into the same document shape as the JSON format, so one
 * builder ({@link XGBoostModelReader}) makes the model.
 *
 * <p>Layout (little-endian; XGBoost {@code src/learner.cc} {@code LoadModel(dmlc::Stream*)},
 * {@code src/gbm/gbtree_model.cc}, {@code src/tree/tree_model.cc}): optional {@code "binf"};
 * a 136-byte learner parameter block (base_score, num_feature, num_class, flags, versions,
 * num_target, boost_from_average); the objective and booster names as u64-length strings; for
 * gbtree/dart a 160-byte model parameter block, then each tree as a 148-byte parameter block,
 * 20-byte nodes and 16-byte statistics; {@code tree_info}; DART weights; the attributes.
 * Files written before 1.0 ({@code major_version == 0}) store the base score as a margin, which
 * XGBoost 1.2+ maps back through the objective's transform before applying its link; so does
 * this reader.
 */
public final class LegacyBinaryReader {
    private static final int LEARNER_PARAM_BYTES = 136;
    private static final int GBTREE_PARAM_BYTES = 160;
    private static final int TREE_PARAM_BYTES = 148;
    private static final int NODE_BYTES = 20;
    private static final int STAT_BYTES = 16;
    private static final int GBLINEAR_PARAM_BYTES = 136;

    private final ByteBuffer in;

    private LegacyBinaryReader(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Whether {@code bytes} plausibly hold a legacy binary model. */
    public static boolean looksLikeLegacyBinary(byte[] bytes) {
        int offset = bytes.length >= 4 && bytes[0] == 'b' && bytes[1] == 'i' && bytes[2] == 'n'
                && bytes[3] == 'f' ? 4 : 0;
        if (bytes.length < offset + LEARNER_PARAM_BYTES + 8) {
            return offset == 4;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long nameLength = b.getLong(offset + LEARNER_PARAM_BYTES);
        if (nameLength < 4 || nameLength > 64
                || offset + LEARNER_PARAM_BYTES + 8 + nameLength > bytes.length) {
            return offset == 4;
        }
        String name = new String(bytes, offset + LEARNER_PARAM_BYTES + 8, (int) nameLength,
                StandardCharsets.US_ASCII);
        return offset == 4 || name.matches("(binary|reg|multi|count|survival|rank|gpu):[a-z:_]+");
    }

    /**
     * @param bytes the model file
     * @param options loading options
     * @return the model
     * @throws ModelFormatException naming the byte offset and problem
     */
    public static Model read(byte[] bytes, LoadOptions options) {
        LegacyBinaryReader reader = new LegacyBinaryReader(bytes);
        Map<String, Object> root;
        try {
            root = reader.document();
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new ModelFormatException("XGBoost binary model: unexpected end of file at byte "
                    + reader.in.position() + " (truncated file?)");
        }
        return XGBoostModelReader.read(new Document(root, ""), "xgboost-binary", options);
    }

    private Map<String, Object> document() {
        if (in.remaining() >= 4 && in.get(0) == 'b' && in.get(1) == 'i' && in.get(2) == 'n'
                && in.get(3) == 'f') {
            in.position(4);
        }
        int start = in.position();
        float baseScore = in.getFloat(start);
        long numFeature = Integer.toUnsignedLong(in.getInt(start + 4));
        int numClass = in.getInt(start + 8);
        int extraAttributes = in.getInt(start + 12);
        int major = in.getInt(start + 20);
        int minor = in.getInt(start + 24);
        int numTarget = in.getInt(start + 28);
        int boostFromAverage = in.getInt(start + 32);
        seek(start + LEARNER_PARAM_BYTES);
        if (numFeature > XGBoostModelReader.MAX_FEATURES || numClass < 0 || numClass > (1 << 20) || numTarget < 0
                || numTarget > (1 << 20)) {
            throw error(start, "implausible learner parameters (num_feature " + numFeature
                    + ", num_class " + numClass + ", num_target " + numTarget + ")");
        }
        String objective = string("objective name");
        String booster = string("booster name");
        int groups = Math.max(Math.max(numClass, numTarget), 1);

        if (major == 0 && !objective.startsWith("multi:")) {
            // Pre-1.0 files hold the margin; XGBoost ≥ 1.2 maps it back to output space first.
            double[] margin = {baseScore};
            double[] score = new double[1];
            XGBoostObjective.named(objective).transform().apply(margin, score);
            baseScore = (float) score[0];
        }

        Map<String, Object> gradientBooster = new LinkedHashMap<>();
        switch (booster) {
            case "gbtree", "dart" -> {
                Map<String, Object> model = trees(groups);
                if (booster.equals("dart")) {
                    int trees = ((List<?>) model.get("trees")).size();
                    List<Object> weights = new ArrayList<>();
                    if (trees > 0) {
                        long count = in.getLong();
                        requireCount(count, 4, "DART weights");
                        for (long i = 0; i < count; i++) {
                            weights.add(in.getFloat());
                        }
                    }
                    gradientBooster.put("name", "dart");
                    gradientBooster.put("gbtree", Map.of("name", "gbtree", "model", model));
                    gradientBooster.put("weight_drop", weights);
                } else {
                    gradientBooster.put("name", "gbtree");
                    gradientBooster.put("model", model);
                }
            }
            case "gblinear" -> {
                seek(in.position() + GBLINEAR_PARAM_BYTES);
                long count = in.getLong();
                requireCount(count, 4, "gblinear weights");
                List<Object> weights = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) {
                    weights.add(in.getFloat());
                }
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("weights", weights);
                model.put("boosted_rounds", 1L); // binary files do not record it; treat as fitted
                gradientBooster.put("name", "gblinear");
                gradientBooster.put("model", model);
            }
            default -> throw error(in.position(), "unknown booster '" + booster + "'");
        }

        Map<String, Object> attributes = new LinkedHashMap<>();
        if (extraAttributes != 0) {
            long count = in.getLong();
            requireCount(count, 16, "attributes");
            for (long i = 0; i < count; i++) {
                String key = string("attribute name");
                String value = string("attribute value");
                attributes.put(key, value);
            }
        }
        // Anything after the attributes (0.x poisson max_delta_step, metric names) is ignored,
        // as XGBoost 1.x ignores it.

        Map<String, Object> params = new LinkedHashMap<>();
        params.put("base_score", Float.toString(baseScore));
        params.put("num_feature", numFeature);
        params.put("num_class", (long) numClass);
        params.put("num_target", (long) Math.max(numTarget, 1));
        params.put("boost_from_average", (long) boostFromAverage);

        Map<String, Object> learner = new LinkedHashMap<>();
        learner.put("learner_model_param", params);
        learner.put("objective", Map.of("name", objective));
        learner.put("attributes", attributes);
        learner.put("gradient_booster", gradientBooster);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", List.of((long) major, (long) minor, 0L));
        root.put("learner", learner);
        return root;
    }

    private Map<String, Object> trees(int groups) {
        int paramStart = in.position();
        int numTrees = in.getInt(paramStart);
        int numParallel = in.getInt(paramStart + 4);
        seek(paramStart + GBTREE_PARAM_BYTES);
        if (numTrees < 0) {
            throw error(paramStart, "negative tree count " + numTrees);
        }
        requireCount(numTrees, TREE_PARAM_BYTES, "trees");
        List<Object> trees = new ArrayList<>(numTrees);
        for (int t = 0; t < numTrees; t++) {
            trees.add(tree(t));
        }
        List<Object> treeInfo = new ArrayList<>(numTrees);
        if (numTrees > 0) {
            requireCount(numTrees, 4, "tree_info");
            for (int t = 0; t < numTrees; t++) {
                treeInfo.add((long) in.getInt());
            }
        }
        Map<String, Object> param = new LinkedHashMap<>();
        param.put("num_trees", (long) numTrees);
        param.put("num_parallel_tree", (long) Math.max(1, numParallel));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("gbtree_model_param", param);
        model.put("trees", trees);
        model.put("tree_info", treeInfo);
        return model;
    }

    private Map<String, Object> tree(int index) {
        int start = in.position();
        int numNodes = in.getInt(start + 4);
        int sizeLeafVector = in.getInt(start + 20);
        seek(start + TREE_PARAM_BYTES);
        if (numNodes < 1) {
            throw error(start, "tree " + index + " has " + numNodes + " nodes");
        }
        if (sizeLeafVector > 1) {
            throw error(start, "tree " + index + " has leaf vectors, which this format version"
                    + " does not support");
        }
        requireCount(numNodes, NODE_BYTES + STAT_BYTES, "nodes of tree " + index);
        int[] left = new int[numNodes];
        int[] right = new int[numNodes];
        int[] feature = new int[numNodes];
        float[] split = new float[numNodes];
        int[] defaultLeft = new int[numNodes];
        for (int n = 0; n < numNodes; n++) {
            in.getInt(); // parent
            left[n] = in.getInt();
            right[n] = in.getInt();
            int sindex = in.getInt();
            feature[n] = sindex & 0x7fffffff;
            defaultLeft[n] = sindex >>> 31;
            split[n] = in.getFloat();
        }
        seek(in.position() + numNodes * STAT_BYTES);
        Map<String, Object> param = new LinkedHashMap<>();
        param.put("num_nodes", (long) numNodes);
        param.put("size_leaf_vector", 1L);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("tree_param", param);
        tree.put("left_children", left);
        tree.put("right_children", right);
        tree.put("split_indices", feature);
        tree.put("split_conditions", split);
        tree.put("default_left", defaultLeft);
        return tree;
    }

    private String string(String what) {
        int at = in.position();
        long length = in.getLong();
        if (length < 0 || length > in.remaining() || length > (1 << 28)) {
            throw error(at, what + " of length " + length + " exceeds the file (truncated or corrupt)");
        }
        byte[] b = new byte[(int) length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Moves to {@code offset}. {@link ByteBuffer#position(int)} throws IllegalArgumentException
     * past the end, which the truncation handler in {@link #read} would not catch.
     */
    private void seek(int offset) {
        if (offset < 0 || offset > in.limit()) {
            throw error(in.position(), "the file ends at byte " + in.limit() + ", before byte "
                    + Integer.toUnsignedString(offset) + " (truncated file?)");
        }
        in.position(offset);
    }

    private void requireCount(long count, int bytesEach, String what) {
        // Divided rather than multiplied: count * bytesEach can wrap for a corrupt 64-bit count.
        if (count < 0 || count > in.remaining() / bytesEach) {
            throw error(in.position(), count + " " + what + " do not fit in the " + in.remaining()
                    + " bytes left (truncated or corrupt file)");
        }
    }

    private static ModelFormatException error(int offset, String message) {
        return new ModelFormatException("XGBoost binary model, byte " + offset + ": " + message);
    }
}
