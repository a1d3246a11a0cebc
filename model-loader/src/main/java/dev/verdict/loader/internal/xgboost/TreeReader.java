package dev.verdict.loader.internal.xgboost;

import dev.verdict.loader.ModelFormatException;
import dev.verdict.loader.internal.trees.DecisionTree;

/**
 * Reads one XGBoost tree object ({@code RegTree::LoadModel}) into a {@link DecisionTree}.
 *
 * <p>XGBoost sends a present value {@code x} left iff {@code x < split} in float32; the engine's
 * rule is {@code x <= t}, and for floats {@code x < s} ⇔ {@code x <= nextDown(s)}, so the
 * threshold is stored as {@code Math.nextDown(split)}. Its predictor takes the right child of a
 * present value as {@code left + 1}, so trees where the stored right child differs are rejected
 * rather than scored differently from XGBoost.
 */
final class TreeReader {
    private static final int LEAF = -1;

    private TreeReader() {
    }

    /**
     * Each node's {@code sum_hessian} (the training rows' hessian that reached it: row counts
     * for squared error), a speed hint for the engine; a model without it, or with a malformed
     * one, simply goes without, since predictions do not depend on it.
     */
    private static float[] cover(Document tree, int nodes) {
        if (!tree.has("sum_hessian")) {
            return null;
        }
        try {
            return tree.get("sum_hessian").floats(nodes);
        } catch (ModelFormatException e) {
            return null;
        }
    }

    static DecisionTree read(Document tree, int numFeature, int leafWidth, float weight) {
        String where = tree.path();
        int nodes = tree.get("tree_param").get("num_nodes").asInt(1, 1 << 28);
        int[] left = tree.get("left_children").ints(nodes);
        int[] right = tree.get("right_children").ints(nodes);
        int[] feature = tree.get("split_indices").ints(nodes);
        float[] split = tree.get("split_conditions").floats(nodes);
        int[] defaultLeft = tree.get("default_left").ints(nodes);
        int[] splitType = tree.has("split_type") ? tree.get("split_type").ints(nodes) : new int[nodes];
        float[] cover = cover(tree, nodes);
        int[][] sets = categorySets(tree, nodes, splitType);

        float[] leafVectors = null;
        boolean leafWeightsByIndex = false;
        // The engine holds leafWidth values per node; in int, nodes * leafWidth could wrap (and
        // base_weights' expected length with it, passing a too-short array).
        if ((long) nodes * leafWidth > Integer.MAX_VALUE - 8) {
            throw tree.error(nodes + " nodes with vector leaves of " + leafWidth
                    + " values are more than a tree can hold");
        }
        if (leafWidth > 1) {
            if (tree.has("leaf_weights")) { // ≥ 3.2: right child of a leaf indexes leaf_weights
                leafVectors = tree.get("leaf_weights").floats(-1);
                leafWeightsByIndex = true;
                if (leafVectors.length % leafWidth != 0) {
                    throw tree.get("leaf_weights").error("length " + leafVectors.length
                            + " is not a multiple of the leaf width " + leafWidth);
                }
            } else { // 2.0–3.1: base_weights holds each node's vector
                leafVectors = tree.get("base_weights").floats(nodes * leafWidth);
            }
        }

        boolean[] reachable = reachable(left, right, tree);
        DecisionTree.Builder b = DecisionTree.builder(nodes, leafWidth, numFeature, where);
        for (int n = 0; n < nodes; n++) {
            if (!reachable[n]) {
                continue; // deleted or orphaned nodes are never visited
            }
            if (left[n] == LEAF) {
                if (cover != null) {
                    b.leafRows(n, cover[n]);
                }
                if (leafWidth == 1) {
                    b.leaf(n, scaled(split[n], weight));
                } else {
                    int row = leafWeightsByIndex ? right[n] : n;
                    // In long: for row = 2^31 - 1, (row + 1) * leafWidth wraps to 0 in int.
                    if (row < 0 || ((long) row + 1) * leafWidth > leafVectors.length) {
                        throw tree.error("leaf " + n + " refers to leaf vector " + row
                                + " outside the " + leafVectors.length / leafWidth + " stored");
                    }
                    double[] v = new double[leafWidth];
                    for (int k = 0; k < leafWidth; k++) {
                        v[k] = scaled(leafVectors[row * leafWidth + k], weight);
                    }
                    b.leaf(n, v);
                }
                continue;
            }
            if (right[n] != left[n] + 1) {
                throw tree.get("right_children").error("node " + n + " has children " + left[n]
                        + " and " + right[n] + "; XGBoost's predictor assumes the right child is"
                        + " left + 1 and would score this tree inconsistently");
            }
            boolean missingLeft = defaultLeft[n] != 0;
            if (splitType[n] == 1) {
                if (sets[n] == null) {
                    throw tree.error("node " + n + " is categorical but lists no categories");
                }
                b.categorical(n, feature[n], sets[n], left[n], right[n], missingLeft);
            } else if (splitType[n] == 0) {
                float s = split[n];
                if (Float.isNaN(s)) {
                    throw tree.get("split_conditions").error("node " + n + " has a NaN threshold");
                }
                b.numeric(n, feature[n], Math.nextDown(s), left[n], right[n], missingLeft, false);
            } else {
                throw tree.get("split_type").error("node " + n + " has unknown split type "
                        + splitType[n]);
            }
        }
        return b.build();
    }

    /** DART: XGBoost adds {@code f32(leaf * weight)}; plain gbtree weights are exactly 1. */
    private static double scaled(float leaf, float weight) {
        return weight == 1.0f ? leaf : leaf * weight;
    }

    /** Reachability from the root without trusting the structure (cycles stop the walk). */
    private static boolean[] reachable(int[] left, int[] right, Document tree) {
        int n = left.length;
        boolean[] seen = new boolean[n];
        int[] stack = new int[n];
        int top = 0;
        stack[top++] = 0;
        seen[0] = true;
        while (top > 0) {
            int node = stack[--top];
            if (left[node] == LEAF) {
                continue;
            }
            for (int child : new int[] {left[node], right[node]}) {
                if (child < 0 || child >= n) {
                    throw tree.error("node " + node + " has child " + child + " outside [0, " + n + ")");
                }
                if (seen[child]) {
                    throw tree.error("node " + child + " is reached twice (cycle or shared child)");
                }
                seen[child] = true;
                stack[top++] = child;
            }
        }
        return seen;
    }

    /** Category sets of the categorical nodes, as bitsets (bit c%32 of word c/32). */
    private static int[][] categorySets(Document tree, int nodes, int[] splitType) {
        int[][] sets = new int[nodes][];
        if (!tree.has("categories_nodes")) {
            return sets;
        }
        int[] catNodes = tree.get("categories_nodes").ints(-1);
        int[] segments = tree.get("categories_segments").ints(catNodes.length);
        int[] sizes = tree.get("categories_sizes").ints(catNodes.length);
        int[] categories = tree.get("categories").ints(-1);
        for (int k = 0; k < catNodes.length; k++) {
            int node = catNodes[k];
            if (node < 0 || node >= nodes) {
                throw tree.get("categories_nodes").error("node " + node + " outside [0, " + nodes + ")");
            }
            int from = segments[k];
            int size = sizes[k];
            if (from < 0 || size < 0 || (long) from + size > categories.length) {
                throw tree.get("categories_segments").error("segment " + k + " outside the "
                        + categories.length + " stored categories");
            }
            int max = -1;
            for (int i = from; i < from + size; i++) {
                int c = categories[i];
                if (c < 0 || c >= (1 << 24)) {
                    throw tree.get("categories").error("category " + c + " outside [0, 2^24)");
                }
                max = Math.max(max, c);
            }
            int[] bits = new int[(max + 32) >>> 5];
            for (int i = from; i < from + size; i++) {
                int c = categories[i];
                bits[c >>> 5] |= 1 << (c & 31);
            }
            sets[node] = bits;
        }
        return sets;
    }
}
