package dev.verdict.loader.internal.trees;

import java.util.List;

/**
 * Which layout walks each tree of an ensemble, decided in one place:
 * <ol>
 *   <li>the {@link PerfectLayout}, for all trees or none: one float32 output, scalar leaves, every
 *       tree shallow and numeric, and the whole ensemble small enough for its node packing
 *       (XGBoost's common case);</li>
 *   <li>otherwise the {@link LockstepLayout} for each numeric tree whose nodes and slots fit its
 *       16-bit packing;</li>
 *   <li>and the {@link NodeArrayLayout} for the rest (categorical splits, linear leaves, or too
 *       large).</li>
 * </ol>
 */
final class LayoutChoice {
    /** Every tree uses the perfect layout. */
    final boolean perfect;
    /** Ensemble indices of the trees walked in lockstep, ascending. */
    final int[] lockstepTrees;
    /** Ensemble indices of the trees walked as node arrays, ascending. */
    final int[] nodeArrayTrees;

    private LayoutChoice(boolean perfect, int[] lockstepTrees, int[] nodeArrayTrees) {
        this.perfect = perfect;
        this.lockstepTrees = lockstepTrees;
        this.nodeArrayTrees = nodeArrayTrees;
    }

    static LayoutChoice of(List<DecisionTree> trees, Arithmetic arithmetic, int outputCount,
            int leafWidth, RowRegions regions) {
        boolean perfect = arithmetic == Arithmetic.FLOAT32 && outputCount == 1 && leafWidth == 1;
        for (int t = 0; t < trees.size() && perfect; t++) {
            perfect = PerfectLayout.fits(trees.get(t));
        }
        if (perfect && PerfectLayout.packs(trees, regions)) {
            return new LayoutChoice(true, new int[0], new int[0]);
        }
        int lockstep = 0;
        boolean[] inLockstep = new boolean[trees.size()];
        for (int t = 0; t < trees.size(); t++) {
            inLockstep[t] = LockstepLayout.fits(trees.get(t), regions);
            if (inLockstep[t]) {
                lockstep++;
            }
        }
        int[] lockstepTrees = new int[lockstep];
        int[] nodeArrayTrees = new int[trees.size() - lockstep];
        for (int t = 0, l = 0, n = 0; t < trees.size(); t++) {
            if (inLockstep[t]) {
                lockstepTrees[l++] = t;
            } else {
                nodeArrayTrees[n++] = t;
            }
        }
        return new LayoutChoice(false, lockstepTrees, nodeArrayTrees);
    }
}
