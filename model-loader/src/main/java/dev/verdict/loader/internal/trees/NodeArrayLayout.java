package dev.verdict.loader.internal.trees;

import java.util.List;

/**
 * The trees no branch-free layout takes: those with categorical splits or linear leaves, and those
 * too large for the {@link LockstepLayout}'s 16-bit packing. Compact node arrays, walked one tree
 * at a time with an ordinary loop; categorical nodes test a bitset under the ensemble's
 * {@link CategoricalRule}.
 */
final class NodeArrayLayout {
    private final CategoricalRule categoricalRule;
    private final int[] trees; // ensemble index of each tree walked here, ascending
    private final int[] root;  // per tree: root node, or ~leaf position when the root is a leaf
    private final int[] slot;  // per node: the slot it reads ({@link RowRegions})
    private final double[] threshold;
    private final int[] left;  // next node, or ~leaf position
    private final int[] right;
    private final int[] catOffset; // into categoryBits; -1 for numeric nodes
    private final int[] catLength;
    private final boolean[] missingLeft;
    private final int[] categoryBits;

    private NodeArrayLayout(CategoricalRule categoricalRule, int[] trees, int nodes, int catWords) {
        this.categoricalRule = categoricalRule;
        this.trees = trees;
        this.root = new int[trees.length];
        this.slot = new int[nodes];
        this.threshold = new double[nodes];
        this.left = new int[nodes];
        this.right = new int[nodes];
        this.catOffset = new int[nodes];
        this.catLength = new int[nodes];
        this.missingLeft = new boolean[nodes];
        this.categoryBits = new int[catWords];
    }

    /** @return how many trees this layout walks */
    int treeCount() {
        return trees.length;
    }

    /**
     * Lays out {@code selected} trees (ensemble indices, ascending); their leaves go to
     * {@code leaves}.
     */
    static NodeArrayLayout build(List<DecisionTree> all, int[] selected, RowRegions regions,
            CategoricalRule categoricalRule, LeafTable.Builder leaves) {
        int nodes = 0;
        int catWords = 0;
        for (int t : selected) {
            DecisionTree tree = all.get(t);
            nodes += tree.nodeCount;
            for (int n = 0; n < tree.nodeCount; n++) {
                if (tree.categoryBits[n] != null) {
                    catWords += tree.categoryBits[n].length;
                }
            }
        }
        NodeArrayLayout layout = new NodeArrayLayout(categoricalRule, selected.clone(), nodes,
                catWords);
        int nodeCursor = 0;
        int catCursor = 0;
        for (int k = 0; k < selected.length; k++) {
            DecisionTree tree = all.get(selected[k]);
            // Tree nodes to layout nodes (internal) and leaf positions (~position), in pre-order.
            int[] global = new int[tree.nodeCount];
            int[] order = reachable(tree);
            for (int n : order) {
                if (tree.kind[n] == DecisionTree.LEAF) {
                    int p = leaves.reserve(1);
                    leaves.set(p, tree, n);
                    if (tree.isLinear()) {
                        leaves.setLinear(p, tree, n);
                    }
                    global[n] = ~p;
                } else {
                    global[n] = nodeCursor++;
                }
            }
            for (int n : order) {
                int g = global[n];
                if (g < 0) {
                    continue;
                }
                layout.left[g] = global[tree.left[n]];
                layout.right[g] = global[tree.right[n]];
                layout.missingLeft[g] = tree.missingLeft[n];
                if (tree.kind[n] == DecisionTree.CATEGORICAL) {
                    int[] bits = tree.categoryBits[n];
                    layout.slot[g] = RowRegions.NAN_RIGHT * regions.featureCount + tree.feature[n];
                    layout.catOffset[g] = catCursor;
                    layout.catLength[g] = bits.length;
                    System.arraycopy(bits, 0, layout.categoryBits, catCursor, bits.length);
                    catCursor += bits.length;
                } else {
                    layout.slot[g] = regions.slot(tree, n);
                    layout.threshold[g] = RowRegions.threshold(tree.threshold[n]);
                    layout.catOffset[g] = -1;
                }
            }
            layout.root[k] = global[0];
        }
        return layout;
    }

    /** The nodes reachable from the root, in pre-order (left subtree first). */
    private static int[] reachable(DecisionTree tree) {
        int[] order = new int[tree.nodeCount];
        int count = 0;
        int[] stack = new int[tree.nodeCount];
        int top = 0;
        stack[top++] = 0;
        while (top > 0) {
            int n = stack[--top];
            order[count++] = n;
            if (tree.kind[n] != DecisionTree.LEAF) {
                stack[top++] = tree.right[n];
                stack[top++] = tree.left[n];
            }
        }
        return java.util.Arrays.copyOf(order, count);
    }

    /** Finds the leaf position of every tree of this layout for the row in {@code x}. */
    void descend(double[] x, int[] leafPos) {
        final int[] trees = this.trees;
        if (trees.length == 0) {
            return;
        }
        final int[] slot = this.slot;
        final double[] thr = this.threshold;
        final int[] left = this.left;
        final int[] right = this.right;
        final int[] catOffset = this.catOffset;
        for (int g = 0; g < trees.length; g++) {
            int n = root[g];
            while (n >= 0) {
                int c = catOffset[n];
                boolean goLeft;
                if (c < 0) {
                    goLeft = x[slot[n]] <= thr[n];
                } else {
                    goLeft = categoricalGoesLeft(n, c, x[slot[n]]);
                }
                n = goLeft ? left[n] : right[n];
            }
            leafPos[trees[g]] = ~n;
        }
    }

    private boolean categoricalGoesLeft(int n, int offset, double v) {
        if (v == Double.POSITIVE_INFINITY) { // the stand-in for missing; real inputs are finite
            return missingLeft[n];
        }
        int words = catLength[n];
        if (categoricalRule == CategoricalRule.XGBOOST) {
            if (v < 0 || v >= 16777216.0) {
                return true;
            }
            int code = (int) v;
            boolean in = (code >>> 5) < words
                    && (categoryBits[offset + (code >>> 5)] >>> (code & 31) & 1) != 0;
            return !in;
        }
        // LightGBM: static_cast<int>, then negative codes go right. On x86-64 a value beyond
        // int's range converts to INT_MIN (negative: right); Java's cast saturates to MAX_VALUE,
        // so that case is decided here. A fraction truncates toward zero (-0.5 is category 0).
        if (v >= 2147483648.0) {
            return false;
        }
        int code = (int) v;
        if (code < 0) {
            return false;
        }
        return (code >>> 5) < words
                && (categoryBits[offset + (code >>> 5)] >>> (code & 31) & 1) != 0;
    }
}
