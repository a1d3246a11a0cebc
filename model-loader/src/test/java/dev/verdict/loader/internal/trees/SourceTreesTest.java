package dev.verdict.loader.internal.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trees an ensemble keeps for tools (jmh's C generator) only when asked to. */
class SourceTreesTest {
    /** Three float32 trees: the engine pads them to eight for its fused walk. */
    private static List<DecisionTree> trees() {
        List<DecisionTree> trees = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            trees.add(DecisionTree.builder(3, 1, 2, "tree " + t)
                    .numeric(0, t % 2, 0.25 * t, 1, 2, t == 1, false)
                    .leaf(1, -t).leaf(2, t + 0.5).build());
        }
        return trees;
    }

    private static TreeEnsemble ensemble(List<DecisionTree> trees) {
        TreeEnsemble.Builder b = TreeEnsemble.builder(2, 1, Arithmetic.FLOAT32, CategoricalRule.XGBOOST)
                .baseMargins(new double[] {0.5});
        trees.forEach(t -> b.add(t, 0));
        return b.build();
    }

    @Test
    void anEnsembleBuiltWhileAskedKeepsTheReadersTreesWithoutPadding() {
        List<DecisionTree> trees = trees();
        TreeEnsemble e = ScopedValue.where(TreeEnsemble.KEEP_SOURCE_TREES, true).call(() -> ensemble(trees));
        assertEquals(3, e.trees().size());
        for (int t = 0; t < 3; t++) {
            assertSame(trees.get(t), e.trees().get(t));
        }
        assertEquals(0.5, e.baseMargin(0));
        DecisionTree second = e.trees().get(1);
        assertEquals(3, second.nodeCount());
        assertFalse(second.isLeaf(0));
        assertFalse(second.isCategorical(0));
        assertEquals(1, second.feature(0));
        assertEquals(0.25, second.threshold(0));
        assertEquals(1, second.left(0));
        assertEquals(2, second.right(0));
        assertTrue(second.missingGoesLeft(0));
        assertTrue(second.isLeaf(2));
        assertEquals(1.5, second.leafValue(2));
    }

    @Test
    void byDefaultAnEnsembleKeepsNoTreesAndSaysHowToAsk() {
        TreeEnsemble e = ensemble(trees());
        IllegalStateException thrown = assertThrows(IllegalStateException.class, e::trees);
        assertTrue(thrown.getMessage().contains("KEEP_SOURCE_TREES"), thrown.getMessage());
    }
}
