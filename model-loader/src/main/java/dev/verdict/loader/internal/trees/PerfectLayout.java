package dev.verdict.loader.internal.trees;

import java.util.ArrayList;
import java.util.List;

/**
 * XGBoost's common case: one float32 output, scalar leaves, every tree shallow and numeric. Each
 * tree is padded to a <em>perfect</em> binary tree (a leaf above the bottom level becomes
 * always-left splits), stored breadth-first, so a level is {@code i = 2i + 1 + (x[f] <= t ? 0 : 1)}
 * with no data-dependent branch. Blocks of {@link TreeEnsemble#BLOCK} consecutive trees are padded
 * to the block's deepest tree and descend side by side so their memory loads overlap, and each
 * block's leaves are added to the float32 margin in tree order as soon as it is done.
 *
 * <p>The walk is <em>fused</em>: a node is one {@code long} holding the threshold's order
 * {@link #key} (high int) and the feature slot and left child (low int), so a step loads both
 * children of the current node while its comparison is still pending and keeps one with a
 * conditional move, and compares ints instead of floats. Measurements of the alternatives (gathers,
 * more lanes, rank thresholds): {@code docs/tree-engine-speed.md}.
 */
final class PerfectLayout {
    /** Deepest tree stored perfect; deeper trees would waste 2^depth nodes. */
    private static final int MAX_DEPTH = 8;

    /**
     * The node packing: a child index in the low 20 bits, a feature slot in the 12 above.
     * Constants, so that the walk keeps no register for them (it needs every register for its
     * eight trees); larger ensembles (over 2,048 features or a million padded nodes) are walked
     * in lockstep instead.
     */
    private static final int SHIFT = 20;
    private static final int MASK = (1 << SHIFT) - 1;

    /** Per block: its first tree and the depth its trees are padded to. */
    private final int[] blockFirstTree;
    private final int[] blockDepth;
    /** Per tree: the index of its root in {@link #node}. */
    private final int[] nodeBase;
    /**
     * The nodes: the high int is the threshold's {@link #key}; the low int holds the feature slot
     * above {@link #SHIFT} and the index of the left child below it (a node index, or on the last
     * level a leaf index; the right child follows it).
     */
    private final long[] node;
    private final float[] leaf;

    private PerfectLayout(int[] blockFirstTree, int[] blockDepth, int[] nodeBase, long[] node,
            float[] leaf) {
        this.blockFirstTree = blockFirstTree;
        this.blockDepth = blockDepth;
        this.nodeBase = nodeBase;
        this.node = node;
        this.leaf = leaf;
    }

    /** Whether {@code tree} is shallow, numeric and dense enough to be padded. */
    static boolean fits(DecisionTree tree) {
        int internal = tree.leafCount - 1;
        return !tree.hasCategoricalSplits() && !tree.isLinear() && tree.depth <= MAX_DEPTH
                && (1 << tree.depth) - 1 <= 4 * internal + 16;
    }

    /** Whether the padded trees' slots and child indices fit the node packing ({@link #SHIFT}). */
    static boolean packs(List<DecisionTree> trees, RowRegions regions) {
        long nodes = 0;
        long leaves = 0;
        for (int[] block : blocks(trees)) {
            nodes += (long) block[1] * ((1 << block[2]) - 1);
            leaves += (long) block[1] << block[2];
        }
        return regions.count * regions.featureCount <= 1 << (32 - SHIFT)
                && Math.max(nodes + 1, leaves) <= MASK;
    }

    /**
     * @param trees trees that all {@link #fits fit}, a whole number of blocks, that
     *     {@link #packs pack}
     */
    static PerfectLayout build(List<DecisionTree> trees, RowRegions regions) {
        if (trees.size() % TreeEnsemble.BLOCK != 0) {
            throw new IllegalArgumentException(trees.size() + " trees are not whole blocks");
        }
        List<int[]> blocks = blocks(trees);
        int[] blockFirstTree = new int[blocks.size()];
        int[] blockDepth = new int[blocks.size()];
        int[] paddedDepth = new int[trees.size()];
        int nodes = 0;
        int leaves = 0;
        for (int i = 0; i < blocks.size(); i++) {
            int[] block = blocks.get(i);
            blockFirstTree[i] = block[0];
            blockDepth[i] = block[2];
            for (int t = block[0]; t < block[0] + block[1]; t++) {
                paddedDepth[t] = block[2];
            }
            nodes += block[1] * ((1 << block[2]) - 1);
            leaves += block[1] << block[2];
        }
        Padded padded = new Padded(nodes, leaves, regions);
        int[] nodeBase = new int[trees.size()];
        int[] leafBase = new int[trees.size()];
        for (int t = 0, nodeCursor = 0, leafCursor = 0; t < trees.size(); t++) {
            nodeBase[t] = nodeCursor;
            leafBase[t] = leafCursor;
            padded.fill(trees.get(t), 0, 0, paddedDepth[t], nodeCursor, leafCursor, 0);
            nodeCursor += (1 << paddedDepth[t]) - 1;
            leafCursor += 1 << paddedDepth[t];
        }
        long[] node = new long[nodes];
        for (int t = 0; t < trees.size(); t++) {
            int internal = (1 << paddedDepth[t]) - 1;
            for (int pos = 0; pos < internal; pos++) {
                int left = 2 * pos + 1;
                int child = left < internal ? nodeBase[t] + left : leafBase[t] + left - internal;
                int i = nodeBase[t] + pos;
                int low = padded.slot[i] << SHIFT | child;
                node[i] = (long) key(padded.threshold[i]) << 32 | (low & 0xffffffffL);
            }
        }
        return new PerfectLayout(blockFirstTree, blockDepth, nodeBase, node, padded.leaf);
    }

    /** {first tree, trees, depth} for runs of up to {@link TreeEnsemble#BLOCK} consecutive trees. */
    private static List<int[]> blocks(List<DecisionTree> trees) {
        List<int[]> blocks = new ArrayList<>();
        for (int t = 0; t < trees.size();) {
            int first = t;
            // At least one split, so that every walk has a last level that selects a leaf.
            int depth = 1;
            while (t < trees.size() && t - first < TreeEnsemble.BLOCK) {
                depth = Math.max(depth, trees.get(t).depth);
                t++;
            }
            blocks.add(new int[] {first, t - first, depth});
        }
        return blocks;
    }

    /** The padded trees before packing: per node a slot and a float threshold, and the leaves. */
    private static final class Padded {
        final int[] slot;
        final float[] threshold;
        final float[] leaf;
        final RowRegions regions;

        Padded(int nodes, int leaves, RowRegions regions) {
            this.slot = new int[nodes];
            this.threshold = new float[nodes];
            this.leaf = new float[leaves];
            this.regions = regions;
        }

        /**
         * Writes the subtree at {@code n} into perfect-layout position {@code pos} at
         * {@code level}; a leaf above the bottom level is padded with always-left splits.
         */
        void fill(DecisionTree tree, int n, int level, int depth, int nodeBase, int leafBase,
                int pos) {
            if (level == depth) {
                // Float models' leaves are float values, so the narrowing is exact.
                leaf[leafBase + (pos - ((1 << depth) - 1))] = (float) tree.leafValues[n];
                return;
            }
            if (tree.kind[n] == DecisionTree.LEAF) {
                slot[nodeBase + pos] = 0;
                threshold[nodeBase + pos] = Float.POSITIVE_INFINITY; // always left
                fill(tree, n, level + 1, depth, nodeBase, leafBase, 2 * pos + 1);
                fill(tree, n, level + 1, depth, nodeBase, leafBase, 2 * pos + 2);
                return;
            }
            slot[nodeBase + pos] = regions.slot(tree, n);
            // Thresholds of float models are float values (nextDown of a float split), or the
            // ±∞/MAX_VALUE stand-ins, which keep their meaning as floats.
            double t = RowRegions.threshold(tree.threshold[n]);
            threshold[nodeBase + pos] = t == Double.MAX_VALUE ? Float.MAX_VALUE : (float) t;
            fill(tree, tree.left[n], level + 1, depth, nodeBase, leafBase, 2 * pos + 1);
            fill(tree, tree.right[n], level + 1, depth, nodeBase, leafBase, 2 * pos + 2);
        }
    }

    /**
     * An int whose signed order is the order of the float: for any non-NaN {@code a, b},
     * {@code a <= b} exactly when {@code key(a) <= key(b)}. -0.0 shares +0.0's key, since the
     * two compare equal. The walk compares keys, which needs no float unit on the path.
     */
    static int key(float v) {
        int bits = Float.floatToRawIntBits(v == 0f ? 0f : v);
        return bits ^ (bits >> 31 & 0x7fffffff);
    }

    /**
     * Descends every tree and adds its leaf to {@code base}, in tree order, so the sequential
     * float adds overlap with the loads of the next block's descent.
     *
     * <p>A step loads both children of the current node before its comparison is known and keeps
     * one with a conditional move: the next level's node loads then wait only for the current
     * node, not for the feature load and comparison behind it, which roughly halves the latency of
     * a step. Eight trees walk side by side, so eight such chains are in flight.
     *
     * @param x the row's order keys, as {@link RowRegions#loadFloatKeys} writes them
     * @param base the base margin
     * @return the margin
     */
    float margin(int[] x, float base) {
        final long[] node = this.node;
        final float[] leaf = this.leaf;
        final int[] nodeBase = this.nodeBase;
        final int blocks = blockFirstTree.length;
        float acc = base;
        for (int b = 0; b < blocks; b++) {
            int t = blockFirstTree[b];
            int depth = blockDepth[b];
            long n0 = node[nodeBase[t + 0]];
            long n1 = node[nodeBase[t + 1]];
            long n2 = node[nodeBase[t + 2]];
            long n3 = node[nodeBase[t + 3]];
            long n4 = node[nodeBase[t + 4]];
            long n5 = node[nodeBase[t + 5]];
            long n6 = node[nodeBase[t + 6]];
            long n7 = node[nodeBase[t + 7]];
            for (int d = 1; d < depth; d++) {
                int l0 = (int) n0 & MASK;
                long l0L = node[l0];
                long l0R = node[l0 + 1];
                n0 = x[(int) n0 >>> SHIFT] <= (int) (n0 >> 32) ? l0L : l0R;
                int l1 = (int) n1 & MASK;
                long l1L = node[l1];
                long l1R = node[l1 + 1];
                n1 = x[(int) n1 >>> SHIFT] <= (int) (n1 >> 32) ? l1L : l1R;
                int l2 = (int) n2 & MASK;
                long l2L = node[l2];
                long l2R = node[l2 + 1];
                n2 = x[(int) n2 >>> SHIFT] <= (int) (n2 >> 32) ? l2L : l2R;
                int l3 = (int) n3 & MASK;
                long l3L = node[l3];
                long l3R = node[l3 + 1];
                n3 = x[(int) n3 >>> SHIFT] <= (int) (n3 >> 32) ? l3L : l3R;
                int l4 = (int) n4 & MASK;
                long l4L = node[l4];
                long l4R = node[l4 + 1];
                n4 = x[(int) n4 >>> SHIFT] <= (int) (n4 >> 32) ? l4L : l4R;
                int l5 = (int) n5 & MASK;
                long l5L = node[l5];
                long l5R = node[l5 + 1];
                n5 = x[(int) n5 >>> SHIFT] <= (int) (n5 >> 32) ? l5L : l5R;
                int l6 = (int) n6 & MASK;
                long l6L = node[l6];
                long l6R = node[l6 + 1];
                n6 = x[(int) n6 >>> SHIFT] <= (int) (n6 >> 32) ? l6L : l6R;
                int l7 = (int) n7 & MASK;
                long l7L = node[l7];
                long l7R = node[l7 + 1];
                n7 = x[(int) n7 >>> SHIFT] <= (int) (n7 >> 32) ? l7L : l7R;
            }
            acc += leaf[((int) n0 & MASK) + (x[(int) n0 >>> SHIFT] <= (int) (n0 >> 32) ? 0 : 1)];
            acc += leaf[((int) n1 & MASK) + (x[(int) n1 >>> SHIFT] <= (int) (n1 >> 32) ? 0 : 1)];
            acc += leaf[((int) n2 & MASK) + (x[(int) n2 >>> SHIFT] <= (int) (n2 >> 32) ? 0 : 1)];
            acc += leaf[((int) n3 & MASK) + (x[(int) n3 >>> SHIFT] <= (int) (n3 >> 32) ? 0 : 1)];
            acc += leaf[((int) n4 & MASK) + (x[(int) n4 >>> SHIFT] <= (int) (n4 >> 32) ? 0 : 1)];
            acc += leaf[((int) n5 & MASK) + (x[(int) n5 >>> SHIFT] <= (int) (n5 >> 32) ? 0 : 1)];
            acc += leaf[((int) n6 & MASK) + (x[(int) n6 >>> SHIFT] <= (int) (n6 >> 32) ? 0 : 1)];
            acc += leaf[((int) n7 & MASK) + (x[(int) n7 >>> SHIFT] <= (int) (n7 >> 32) ? 0 : 1)];
        }
        return acc;
    }
}
