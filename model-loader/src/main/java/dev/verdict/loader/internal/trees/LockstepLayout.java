package dev.verdict.loader.internal.trees;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Numeric trees of any shape (LightGBM's leaf-wise trees, XGBoost lossguide trees), walked
 * without a data-dependent branch: nodes are stored breadth-first with each node's children
 * adjacent, so a step is {@code n = left[n] + (x[slot] <= t ? 0 : 1)}; leaves step to
 * themselves (they test a cell that is always 0 against +∞), so eight trees can walk side by
 * side for a fixed number of steps with eight independent load chains in flight.
 *
 * <p>Leaf-wise trees are lopsided: a tree 19 levels deep may route most rows through 5. Walking
 * every tree to its full depth would waste most steps, so when the model records how many
 * training rows reached each leaf, a block walks in lockstep only as far as the expected cost
 * says pays ({@link #lockstepSteps}), and a lane still inside its tree then finishes alone with
 * an ordinary loop. Without counts every block walks to its deepest tree's depth.
 */
final class LockstepLayout {
    /** Slots and child offsets are packed into 16 bits each. */
    private static final int MAX_INDEX = 0xffff;

    private final int[] trees;      // ensemble index of each lockstep tree, in evaluation order
    private final int[] nodeBase;   // per lockstep tree: first node
    private final int[] leafBase;   // per lockstep tree: leaf position of its node 0
    private final int[] blockDepth; // lockstep steps of each block
    final boolean[] blockFinish;    // whether a lane may still be inside its tree after them
    private final int zeroSlot;
    /**
     * Per block, the lockstep tree walked in each of the eight lanes. A ragged block repeats its
     * first tree in the spare lanes: they redo its walk and write the same leaf again, which is
     * cheaper than walking the block's trees one at a time without interleaving.
     */
    private final int[] lane;
    private final double[] threshold;
    private final int[] meta;       // slot << 16 | index of the left child within the tree

    private LockstepLayout(int treeCount, int nodeCount, int blocks, int zeroSlot) {
        this.zeroSlot = zeroSlot;
        this.trees = new int[treeCount];
        this.nodeBase = new int[treeCount];
        this.leafBase = new int[treeCount];
        this.blockDepth = new int[blocks];
        this.blockFinish = new boolean[blocks];
        this.lane = new int[blocks * TreeEnsemble.BLOCK];
        this.threshold = new double[nodeCount];
        this.meta = new int[nodeCount];
    }

    /** Whether {@code tree} can use this layout in an ensemble whose row has these regions. */
    static boolean fits(DecisionTree tree, RowRegions regions) {
        return !tree.hasCategoricalSplits() && !tree.isLinear() && regions.zeroSlot <= MAX_INDEX
                && 2 * tree.leafCount - 1 <= MAX_INDEX;
    }

    /** @return how many trees this layout walks */
    int treeCount() {
        return trees.length;
    }

    /**
     * Lays out {@code selected} trees; each tree reserves one leaf position per node in
     * {@code leaves}, leaf values at {@code first position + node}.
     */
    static LockstepLayout build(List<DecisionTree> all, int[] selected, RowRegions regions,
            LeafTable.Builder leaves) {
        // Grouping trees of similar typical depth (or, without row counts, of similar depth)
        // lets a block's eight lanes stop their lockstep walk at about the same step. The order
        // is free, because leaves are added up in tree order afterwards.
        int[] typical = new int[all.size()];
        double[][] shares = new double[all.size()][];
        for (int t : selected) {
            shares[t] = leafShares(all.get(t));
            typical[t] = shares[t] != null ? typicalDepth(shares[t]) : all.get(t).depth;
        }
        selected = java.util.Arrays.stream(selected).boxed()
                .sorted(java.util.Comparator.comparingInt(t -> typical[t]))
                .mapToInt(Integer::intValue).toArray();
        int nodes = 0;
        for (int t : selected) {
            nodes += 2 * all.get(t).leafCount - 1;
        }
        int blocks = (selected.length + TreeEnsemble.BLOCK - 1) / TreeEnsemble.BLOCK;
        LockstepLayout layout = new LockstepLayout(selected.length, nodes, blocks, regions.zeroSlot);
        int cursor = 0;
        for (int k = 0; k < selected.length; k++) {
            DecisionTree tree = all.get(selected[k]);
            layout.trees[k] = selected[k];
            layout.nodeBase[k] = cursor;
            layout.leafBase[k] = leaves.reserve(2 * tree.leafCount - 1);
            cursor += layout.place(tree, regions, cursor, leaves, layout.leafBase[k]);
        }
        // A ragged block is walked one tree at a time (no interleaving), so it takes the
        // remainder from the shallow end of the depth order, where walks are shortest.
        int remainder = selected.length % TreeEnsemble.BLOCK;
        for (int b = 0; b < blocks; b++) {
            int start = b == 0 ? 0
                    : remainder == 0 ? b * TreeEnsemble.BLOCK : remainder + (b - 1) * TreeEnsemble.BLOCK;
            int size = b == 0 && remainder != 0 ? remainder : TreeEnsemble.BLOCK;
            List<double[]> blockShares = new java.util.ArrayList<>();
            int deepest = 0;
            boolean counted = true;
            for (int k = start; k < start + size; k++) {
                blockShares.add(shares[selected[k]]);
                counted &= shares[selected[k]] != null;
                deepest = Math.max(deepest, all.get(selected[k]).depth);
            }
            // Without row counts there is no telling where rows go (in leaf-wise trees they
            // follow the deep branches more often than an even split would say), so walk on.
            int depth = counted ? lockstepSteps(blockShares) : deepest;
            layout.blockFinish[b] = depth < deepest;
            layout.blockDepth[b] = depth;
            for (int l = 0; l < TreeEnsemble.BLOCK; l++) {
                layout.lane[b * TreeEnsemble.BLOCK + l] = start + (l < size ? l : 0);
            }
        }
        return layout;
    }

    /**
     * The share of rows that reach a leaf at each depth, from the training row counts the model
     * carries (LightGBM's {@code leaf_count}, XGBoost's {@code sum_hessian}); null when it
     * carries none usable. A single leaf needs none.
     */
    private static double[] leafShares(DecisionTree tree) {
        if (tree.depth == 0) {
            return new double[] {1.0};
        }
        return tree.leafRows != null ? shares(tree) : null;
    }

    /** @return the normalised shares, or null if the counts add up to nothing usable */
    private static double[] shares(DecisionTree tree) {
        double[] share = new double[tree.depth + 1];
        int[] stack = new int[2 * tree.leafCount];
        int[] level = new int[2 * tree.leafCount];
        int top = 0;
        stack[top] = 0;
        level[top++] = 0;
        while (top > 0) {
            int n = stack[--top];
            int d = level[top];
            if (tree.kind[n] == DecisionTree.LEAF) {
                share[d] += tree.leafRows[n];
            } else {
                stack[top] = tree.left[n];
                level[top++] = d + 1;
                stack[top] = tree.right[n];
                level[top++] = d + 1;
            }
        }
        double total = 0;
        for (double v : share) {
            total += v;
        }
        if (!(total > 0 && total < Double.POSITIVE_INFINITY)) {
            return null;
        }
        for (int d = 0; d < share.length; d++) {
            share[d] /= total;
        }
        return share;
    }

    /** The smallest depth by which 90% of rows have reached a leaf (under {@link #leafShares}). */
    private static int typicalDepth(double[] share) {
        double reached = 0;
        for (int d = 0; d < share.length; d++) {
            reached += share[d];
            if (reached >= 0.9) {
                return d;
            }
        }
        return share.length - 1;
    }

    // Rough costs, in nanoseconds on the project's machine, of one lockstep step of a block, of
    // a lane left inside its tree (a mispredicted branch, which also discards the overlapped
    // work of the next block), and of each further step that lane takes alone.
    private static final double STEP = 10;
    private static final double STRAGGLER = 25;
    private static final double ALONE_STEP = 5;

    /** The lockstep steps that minimise the expected cost of walking these trees' rows. */
    private static int lockstepSteps(List<double[]> shares) {
        int deepest = 0;
        for (double[] share : shares) {
            deepest = Math.max(deepest, share.length - 1);
        }
        int best = deepest;
        double bestCost = deepest * STEP;
        for (int k = 0; k < deepest; k++) {
            double cost = k * STEP;
            for (double[] share : shares) {
                for (int d = k + 1; d < share.length; d++) {
                    // Rows ending at depth d are left inside the tree after k steps.
                    cost += share[d] * (STRAGGLER + ALONE_STEP * (d - k));
                }
            }
            if (cost < bestCost) {
                best = k;
                bestCost = cost;
            }
        }
        return best;
    }

    /** Breadth-first placement with adjacent children; returns the nodes used. */
    private int place(DecisionTree tree, RowRegions regions, int base, LeafTable.Builder leaves,
            int leafStart) {
        ArrayDeque<int[]> queue = new ArrayDeque<>(); // {tree node, position}
        queue.add(new int[] {0, 0});
        int next = 1;
        while (!queue.isEmpty()) {
            int[] item = queue.poll();
            int n = item[0];
            int pos = item[1];
            if (tree.kind[n] == DecisionTree.LEAF) {
                threshold[base + pos] = Double.POSITIVE_INFINITY;
                meta[base + pos] = zeroSlot << 16 | pos;
                leaves.set(leafStart + pos, tree, n);
                continue;
            }
            int left = next;
            next += 2;
            threshold[base + pos] = RowRegions.threshold(tree.threshold[n]);
            meta[base + pos] = regions.slot(tree, n) << 16 | left;
            queue.add(new int[] {tree.left[n], left});
            queue.add(new int[] {tree.right[n], left + 1});
        }
        return next;
    }

    /** Finds the leaf of every lockstep tree for the row in {@code x}. */
    void descend(double[] x, int[] leafPos) {
        final double[] thr = threshold;
        final int[] meta = this.meta;
        final int[] lane = this.lane;
        for (int b = 0; b < blockDepth.length; b++) {
            int depth = blockDepth[b];
            int l = b * TreeEnsemble.BLOCK;
            int k0 = lane[l];
            int k1 = lane[l + 1];
            int k2 = lane[l + 2];
            int k3 = lane[l + 3];
            int k4 = lane[l + 4];
            int k5 = lane[l + 5];
            int k6 = lane[l + 6];
            int k7 = lane[l + 7];
            int b0 = nodeBase[k0];
            int b1 = nodeBase[k1];
            int b2 = nodeBase[k2];
            int b3 = nodeBase[k3];
            int b4 = nodeBase[k4];
            int b5 = nodeBase[k5];
            int b6 = nodeBase[k6];
            int b7 = nodeBase[k7];
            int n0 = 0;
            int n1 = 0;
            int n2 = 0;
            int n3 = 0;
            int n4 = 0;
            int n5 = 0;
            int n6 = 0;
            int n7 = 0;
            for (int d = 0; d < depth; d++) {
                int m0 = meta[b0 + n0];
                n0 = (m0 & 0xffff) + (x[m0 >>> 16] <= thr[b0 + n0] ? 0 : 1);
                int m1 = meta[b1 + n1];
                n1 = (m1 & 0xffff) + (x[m1 >>> 16] <= thr[b1 + n1] ? 0 : 1);
                int m2 = meta[b2 + n2];
                n2 = (m2 & 0xffff) + (x[m2 >>> 16] <= thr[b2 + n2] ? 0 : 1);
                int m3 = meta[b3 + n3];
                n3 = (m3 & 0xffff) + (x[m3 >>> 16] <= thr[b3 + n3] ? 0 : 1);
                int m4 = meta[b4 + n4];
                n4 = (m4 & 0xffff) + (x[m4 >>> 16] <= thr[b4 + n4] ? 0 : 1);
                int m5 = meta[b5 + n5];
                n5 = (m5 & 0xffff) + (x[m5 >>> 16] <= thr[b5 + n5] ? 0 : 1);
                int m6 = meta[b6 + n6];
                n6 = (m6 & 0xffff) + (x[m6 >>> 16] <= thr[b6 + n6] ? 0 : 1);
                int m7 = meta[b7 + n7];
                n7 = (m7 & 0xffff) + (x[m7 >>> 16] <= thr[b7 + n7] ? 0 : 1);
            }
            if (blockFinish[b]) {
                n0 = finish(b0, n0, x);
                n1 = finish(b1, n1, x);
                n2 = finish(b2, n2, x);
                n3 = finish(b3, n3, x);
                n4 = finish(b4, n4, x);
                n5 = finish(b5, n5, x);
                n6 = finish(b6, n6, x);
                n7 = finish(b7, n7, x);
            }
            leafPos[trees[k0]] = leafBase[k0] + n0;
            leafPos[trees[k1]] = leafBase[k1] + n1;
            leafPos[trees[k2]] = leafBase[k2] + n2;
            leafPos[trees[k3]] = leafBase[k3] + n3;
            leafPos[trees[k4]] = leafBase[k4] + n4;
            leafPos[trees[k5]] = leafBase[k5] + n5;
            leafPos[trees[k6]] = leafBase[k6] + n6;
            leafPos[trees[k7]] = leafBase[k7] + n7;
        }
    }

    /** Walks one lane on from node {@code n} of the tree at {@code base} until it is at a leaf. */
    private int finish(int base, int n, double[] x) {
        int m = meta[base + n];
        while (m >>> 16 != zeroSlot) {
            n = (m & 0xffff) + (x[m >>> 16] <= threshold[base + n] ? 0 : 1);
            m = meta[base + n];
        }
        return n;
    }
}
