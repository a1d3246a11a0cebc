package dev.verdict.loader.internal.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The same float32 trees walked by the fused perfect layout and by the lockstep layout it falls
 * back to (for more feature slots than the fused node packing holds) must give bit-identical
 * margins, including on split values, ±0, NaN and shallow leaves.
 */
class LayoutEquivalenceTest {
    private static final int USED_FEATURES = 20;
    private static final float[] SPLITS = {-1.5f, -0f, 0f, 0.25f, 1f, Float.MIN_VALUE, 3e38f};

    @Test
    void fusedAndLockstepWalksAgree() {
        SplittableRandom random = new SplittableRandom(11);
        List<DecisionTree> trees = new ArrayList<>();
        for (int t = 0; t < 53; t++) { // not a multiple of the block size
            trees.add(randomTree(random, 1 + random.nextInt(6)));
        }
        TreeEnsemble fused = ensemble(trees, USED_FEATURES);
        TreeEnsemble lockstep = ensemble(trees, 2100); // 4,200 slots > 4,096: no fused packing
        assertNotNull(fused.perfect);
        assertNull(lockstep.perfect);
        assertEquals(fused.treeCount(), lockstep.lockstep.treeCount());

        TreeWalker a = fused.newWalker();
        TreeWalker b = lockstep.newWalker();
        FeatureVector small = FeatureSchema.positional(USED_FEATURES).newVector();
        FeatureVector large = FeatureSchema.positional(2100).newVector();
        double[] ma = new double[1];
        double[] mb = new double[1];
        for (int r = 0; r < 20_000; r++) {
            for (int f = 0; f < USED_FEATURES; f++) {
                double v = switch (random.nextInt(4)) {
                    case 0 -> Double.NaN;
                    case 1 -> SPLITS[random.nextInt(SPLITS.length)];
                    case 2 -> Math.nextUp(SPLITS[random.nextInt(SPLITS.length)]);
                    default -> (float) random.nextGaussian();
                };
                small.set(f, v);
                large.set(f, v);
            }
            assertEquals(-1, a.margins(small, ma));
            assertEquals(-1, b.margins(large, mb));
            assertEquals(Double.doubleToRawLongBits(mb[0]), Double.doubleToRawLongBits(ma[0]), "row " + r);
        }
    }

    private static TreeEnsemble ensemble(List<DecisionTree> trees, int features) {
        TreeEnsemble.Builder builder = TreeEnsemble.builder(features, 1, Arithmetic.FLOAT32,
                CategoricalRule.XGBOOST).baseMargins(new double[] {0.5});
        for (DecisionTree tree : trees) {
            builder.add(tree, 0);
        }
        return builder.build();
    }

    /** A tree of at most {@code depth} levels whose branches stop early at random. */
    private static DecisionTree randomTree(SplittableRandom random, int depth) {
        int capacity = (1 << (depth + 1)) - 1;
        DecisionTree.Builder b = DecisionTree.builder(capacity, 1, USED_FEATURES, "random");
        int[] next = {1};
        grow(b, random, 0, depth, next);
        return b.build();
    }

    private static void grow(DecisionTree.Builder b, SplittableRandom random, int node, int levels,
            int[] next) {
        if (levels == 0 || (node > 2 && random.nextInt(12) == 0)) { // sparse enough to stay "perfect"
            b.leaf(node, (float) random.nextGaussian());
            return;
        }
        int left = next[0]++;
        int right = next[0]++;
        float split = random.nextBoolean() ? SPLITS[random.nextInt(SPLITS.length)] : (float) random.nextGaussian();
        b.numeric(node, random.nextInt(USED_FEATURES), split, left, right, random.nextBoolean(), false);
        grow(b, random, left, levels - 1, next);
        grow(b, random, right, levels - 1, next);
    }

    /**
     * Lopsided deep trees (leaf-wise chains) walked in lockstep without training row counts (to
     * their full depth) and with them (blocks stop early and stragglers finish alone), against a
     * plain reference walk.
     */
    @Test
    void lockstepWithEarlyFinishMatchesAPlainWalk() {
        SplittableRandom random = new SplittableRandom(5);
        List<DecisionTree> plain = new ArrayList<>();
        List<DecisionTree> counted = new ArrayList<>();
        for (int t = 0; t < 37; t++) {
            long seed = random.nextLong();
            plain.add(chainTree(new SplittableRandom(seed), false));
            counted.add(chainTree(new SplittableRandom(seed), true));
        }
        TreeEnsemble a = ensemble(plain, USED_FEATURES);
        TreeEnsemble b = ensemble(counted, USED_FEATURES);
        // All lockstep (the builder pads to 40 trees).
        assertEquals(a.treeCount(), a.lockstep.treeCount());
        assertEquals(b.treeCount(), b.lockstep.treeCount());
        assertFalse(finishesAlone(a.lockstep), "without row counts every block walks to its depth");
        assertTrue(finishesAlone(b.lockstep), "with row counts some lanes finish alone");
        TreeWalker ea = a.newWalker();
        TreeWalker eb = b.newWalker();
        FeatureVector row = FeatureSchema.positional(USED_FEATURES).newVector();
        double[] ma = new double[1];
        double[] mb = new double[1];
        for (int r = 0; r < 20_000; r++) {
            for (int f = 0; f < USED_FEATURES; f++) {
                row.set(f, random.nextInt(8) == 0 ? Double.NaN : (float) random.nextGaussian());
            }
            float expected = 0.5f;
            for (DecisionTree tree : plain) {
                expected += (float) referenceLeaf(tree, row);
            }
            ea.margins(row, ma);
            eb.margins(row, mb);
            assertEquals(expected, (float) ma[0], "row " + r);
            assertEquals(expected, (float) mb[0], "row " + r + " (with row counts)");
        }
    }

    private static boolean finishesAlone(LockstepLayout layout) {
        for (boolean finish : layout.blockFinish) {
            if (finish) {
                return true;
            }
        }
        return false;
    }

    /** A leaf-wise-looking tree: one long chain (up to 16 deep) with short side branches. */
    private static DecisionTree chainTree(SplittableRandom random, boolean counts) {
        int depth = 3 + random.nextInt(14);
        DecisionTree.Builder b = DecisionTree.builder(4 * depth + 3, 1, USED_FEATURES, "chain");
        int next = 1;
        int node = 0;
        for (int d = 0; d < depth; d++) {
            int left = next++;
            int right = next++;
            b.numeric(node, random.nextInt(USED_FEATURES), (float) random.nextGaussian(), left, right,
                    random.nextBoolean(), false);
            boolean chainLeft = random.nextBoolean();
            int side = chainLeft ? right : left;
            if (random.nextInt(3) == 0 && d < depth - 1) { // a small side split
                int l2 = next++;
                int r2 = next++;
                b.numeric(side, random.nextInt(USED_FEATURES), (float) random.nextGaussian(), l2, r2,
                        random.nextBoolean(), false);
                leaf(b, random, l2, counts);
                leaf(b, random, r2, counts);
            } else {
                leaf(b, random, side, counts);
            }
            node = chainLeft ? left : right;
        }
        leaf(b, random, node, counts);
        return b.build();
    }

    private static void leaf(DecisionTree.Builder b, SplittableRandom random, int node, boolean counts) {
        b.leaf(node, (float) random.nextGaussian());
        if (counts) { // from the node number, so that both versions of a tree stay the same shape
            int mix = (node * 0x9E3779B1) >>> 20;
            b.leafRows(node, mix % 4 == 0 ? 1000 + mix : mix % 20);
        }
    }

    private static double referenceLeaf(DecisionTree tree, FeatureVector row) {
        int n = 0;
        while (tree.kind[n] != DecisionTree.LEAF) {
            double v = row.get(tree.feature[n]);
            boolean left = Double.isNaN(v) ? tree.missingLeft[n] : (float) v <= tree.threshold[n];
            n = left ? tree.left[n] : tree.right[n];
        }
        return tree.leafValues[n];
    }

    /** XGBoost rejects a value that overflows float32; both float32 walks report which one. */
    @Test
    void valuesBeyondFloat32AreReportedByBothWalks() {
        SplittableRandom random = new SplittableRandom(3);
        List<DecisionTree> trees = new ArrayList<>();
        for (int t = 0; t < 9; t++) {
            trees.add(randomTree(random, 3));
        }
        double[] margins = new double[1];
        for (int features : new int[] {USED_FEATURES, 2100}) {
            TreeEnsemble e = ensemble(trees, features);
            FeatureVector row = FeatureSchema.positional(features).newVector();
            row.set(0, 1.0).set(7, 1e39);
            assertEquals(7, e.newWalker().margins(row, margins), features + " features");
            row.set(7, -Float.MAX_VALUE);
            assertEquals(-1, e.newWalker().margins(row, margins), features + " features");
        }
    }
}
