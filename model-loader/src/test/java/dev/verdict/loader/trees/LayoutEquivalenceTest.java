package dev.verdict.loader.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertTrue(fused.fusedFloat);
        assertFalse(lockstep.fusedFloat);
        assertEquals(fused.treeCount(), lockstep.lockstepTreeCount() + lockstep.perfectTreeCount());

        TreeEvaluator a = fused.newEvaluator();
        TreeEvaluator b = lockstep.newEvaluator();
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
}
