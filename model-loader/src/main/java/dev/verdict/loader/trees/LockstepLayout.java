package dev.verdict.loader.trees;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Numeric trees of any shape (LightGBM's leaf-wise trees, XGBoost lossguide trees), walked
 * without a data-dependent branch: nodes are stored breadth-first with each node's children
 * adjacent, so a step is {@code n = left[n] + (x[slot] <= t ? 0 : 1)}; leaves step to
 * themselves (they test a cell that is always 0 against +∞), so a tree is walked for a fixed
 * number of steps — its depth — and eight trees are walked side by side for the deepest of the
 * eight. No exit branch to mispredict, and eight independent load chains in flight.
 */
final class LockstepLayout {
    static final int BLOCK = 8;
    /** Slots and child offsets are packed into 16 bits each. */
    static final int MAX_INDEX = 0xffff;

    final int[] trees;      // ensemble index of each lockstep tree, in evaluation order
    final int[] nodeBase;   // per lockstep tree: first node
    final int[] leafBase;   // per lockstep tree: leaf position of its node 0
    final int[] blockStart; // per block: first lockstep tree
    final int[] blockSize;
    final int[] blockDepth;
    /**
     * Per block, the lockstep tree walked in each of the eight lanes. A ragged block repeats its
     * first tree in the spare lanes: they redo its walk and write the same leaf again, which is
     * cheaper than walking the block's trees one at a time without interleaving.
     */
    final int[] lane;
    final double[] threshold;
    final int[] meta;       // slot << 16 | index of the left child within the tree

    private LockstepLayout(int treeCount, int nodeCount, int blocks) {
        this.trees = new int[treeCount];
        this.nodeBase = new int[treeCount];
        this.leafBase = new int[treeCount];
        this.blockStart = new int[blocks];
        this.blockSize = new int[blocks];
        this.blockDepth = new int[blocks];
        this.lane = new int[blocks * BLOCK];
        this.threshold = new double[nodeCount];
        this.meta = new int[nodeCount];
    }

    /** Whether {@code tree} can use this layout in an ensemble with {@code slots} feature slots. */
    static boolean fits(DecisionTree tree, int zeroSlot) {
        return !tree.hasCategoricalSplits() && !tree.isLinear() && zeroSlot <= MAX_INDEX
                && 2 * tree.leafCount - 1 <= MAX_INDEX;
    }

    /**
     * Lays out {@code selected} trees; leaf values go to {@code leafValues} at
     * {@code leafCursor + node} for each tree.
     *
     * @return the layout; {@code leafCursor[0]} is advanced past the positions used
     */
    static LockstepLayout build(List<DecisionTree> all, int[] selected, TreeEnsemble e,
            double[] leafValues, int[] leafCursor, int zeroSlot) {
        // Blocks walk as deep as their deepest tree: grouping trees of similar depth wastes fewer
        // steps. The order is free, because leaves are added up in tree order afterwards.
        selected = java.util.Arrays.stream(selected).boxed()
                .sorted(java.util.Comparator.comparingInt(t -> all.get(t).depth))
                .mapToInt(Integer::intValue).toArray();
        int nodes = 0;
        for (int t : selected) {
            nodes += 2 * all.get(t).leafCount - 1;
        }
        int blocks = (selected.length + BLOCK - 1) / BLOCK;
        LockstepLayout layout = new LockstepLayout(selected.length, nodes, blocks);
        int cursor = 0;
        for (int k = 0; k < selected.length; k++) {
            DecisionTree tree = all.get(selected[k]);
            layout.trees[k] = selected[k];
            layout.nodeBase[k] = cursor;
            layout.leafBase[k] = leafCursor[0];
            int used = layout.place(tree, e, cursor, leafValues, leafCursor[0], zeroSlot);
            cursor += used;
            leafCursor[0] += used;
        }
        // A ragged block is walked one tree at a time (no interleaving), so it takes the
        // remainder from the shallow end of the depth order, where walks are shortest.
        int remainder = selected.length % BLOCK;
        for (int b = 0; b < blocks; b++) {
            int start = b == 0 ? 0 : (remainder == 0 ? b * BLOCK : remainder + (b - 1) * BLOCK);
            int size = b == 0 && remainder != 0 ? remainder : BLOCK;
            int depth = 0;
            for (int k = start; k < start + size; k++) {
                depth = Math.max(depth, all.get(selected[k]).depth);
            }
            layout.blockStart[b] = start;
            layout.blockSize[b] = size;
            layout.blockDepth[b] = depth;
            for (int l = 0; l < BLOCK; l++) {
                layout.lane[b * BLOCK + l] = start + (l < size ? l : 0);
            }
        }
        return layout;
    }

    /** Breadth-first placement with adjacent children; returns the nodes used. */
    private int place(DecisionTree tree, TreeEnsemble e, int base, double[] leafValues,
            int leafStart, int zeroSlot) {
        ArrayDeque<int[]> queue = new ArrayDeque<>(); // {tree node, position}
        queue.add(new int[] {0, 0});
        int next = 1;
        int width = e.leafWidth;
        while (!queue.isEmpty()) {
            int[] item = queue.poll();
            int n = item[0];
            int pos = item[1];
            if (tree.kind[n] == DecisionTree.LEAF) {
                threshold[base + pos] = Double.POSITIVE_INFINITY;
                meta[base + pos] = zeroSlot << 16 | pos;
                System.arraycopy(tree.leafValues, n * width, leafValues, (leafStart + pos) * width,
                        width);
                continue;
            }
            int left = next;
            next += 2;
            threshold[base + pos] = TreeEnsemble.threshold(tree.threshold[n]);
            meta[base + pos] = e.slot(tree, n) << 16 | left;
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
        for (int b = 0; b < blockStart.length; b++) {
            int depth = blockDepth[b];
            int l = b * BLOCK;
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
}
