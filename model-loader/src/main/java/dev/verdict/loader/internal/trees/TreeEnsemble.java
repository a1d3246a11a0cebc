package dev.verdict.loader.internal.trees;

import dev.verdict.loader.ModelFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled tree ensemble: the format-independent engine that XGBoost and LightGBM models run
 * on. Immutable and shared by all threads; each thread walks it through its own
 * {@link TreeWalker}.
 *
 * <p>Scoring happens in two passes so that speed and exactness do not fight:
 * <ol>
 *   <li><b>Descent</b> finds the leaf each tree routes the row to, in any order, in the layout
 *       {@link LayoutChoice} picked for the tree: the {@link PerfectLayout} (shallow numeric trees,
 *       eight at a time, branch-free, fused with the float32 sum), the {@link LockstepLayout}
 *       (numeric trees of any shape, eight at a time, branch-free) or the
 *       {@link NodeArrayLayout} (categorical splits, linear leaves, very large trees). Missing
 *       values cost no branch either: the walks read the row through {@link RowRegions}.</li>
 *   <li><b>Accumulation</b> adds the leaves to the margins strictly in tree order, in the
 *       library's arithmetic ({@link Arithmetic}), starting from the base margins, which is
 *       what makes the result bit-identical to the native library.</li>
 * </ol>
 */
public final class TreeEnsemble {
    /**
     * Trees walked side by side by the perfect and the lockstep walks, which are unrolled for
     * exactly this many (eight independent load chains in flight; twelve and sixteen were
     * measured slower, see {@code docs/tree-engine-speed.md}).
     */
    static final int BLOCK = 8;

    final int featureCount;
    final int outputCount;
    /** The trees walked: the model's, and the padding {@link Builder#build()} may add. */
    final int treeCount;
    /** The model's trees, without padding. */
    final int modelTreeCount;
    final Arithmetic arithmetic;
    final RowRegions regions;
    final double[] baseMargins;
    final float[] baseMarginsF;
    final int[] treeOutput; // output of each tree; -1 = vector leaf adding to every output
    final int leafWidth;
    /** Every tree, when {@link LayoutChoice} chose the perfect layout; else null. */
    final PerfectLayout perfect;
    final LockstepLayout lockstep;
    final NodeArrayLayout nodeArray;
    /** The leaves of the lockstep and node-array trees. */
    final LeafTable leaves;
    /** The deepest tree's depth. */
    final int maxDepth;

    /**
     * Bound to {@code true} around a load, keeps the trees as the reader built them, for
     * {@link #trees()}: jmh's C generator ({@code dev.verdict.jmh.tools.CompiledTrees}) loads its
     * models that way.
     *
     * {@snippet :
     * Model model = ScopedValue.where(TreeEnsemble.KEEP_SOURCE_TREES, true)
     *         .call(() -> ModelLoader.load(bytes, LoadOptions.defaults()));
     * }
     *
     * <p>Off by default because the engine never reads them and they cost more than the compiled
     * form: a 500-tree, depth-6 XGBoost model took 1.1 MB of heap loaded, 3.0 MB with its trees
     * kept (LightGBM 500 × 63 leaves: 0.9 and 3.0 MB).
     */
    public static final ScopedValue<Boolean> KEEP_SOURCE_TREES = ScopedValue.newInstance();

    /** The trees as the reader built them, without the padding; null unless {@link #KEEP_SOURCE_TREES}. */
    private final List<DecisionTree> sourceTrees;

    private TreeEnsemble(Builder b, int modelTreeCount) {
        this.featureCount = b.featureCount;
        this.modelTreeCount = modelTreeCount;
        this.outputCount = b.outputCount;
        this.arithmetic = b.arithmetic;
        this.treeCount = b.trees.size();
        this.sourceTrees = b.source;
        this.baseMargins = b.baseMargins.clone();
        this.baseMarginsF = new float[outputCount];
        for (int i = 0; i < outputCount; i++) {
            baseMarginsF[i] = (float) baseMargins[i];
        }
        this.leafWidth = b.leafWidth;
        this.treeOutput = new int[treeCount];
        boolean zeroIsMissing = false;
        int depth = 0;
        for (int t = 0; t < treeCount; t++) {
            DecisionTree tree = b.trees.get(t);
            treeOutput[t] = b.outputs.get(t);
            zeroIsMissing |= tree.hasZeroIsMissing();
            depth = Math.max(depth, tree.depth);
        }
        this.maxDepth = depth;
        this.regions = new RowRegions(featureCount, zeroIsMissing);

        LayoutChoice choice = LayoutChoice.of(b.trees, arithmetic, outputCount, leafWidth, regions);
        this.perfect = choice.perfect ? PerfectLayout.build(b.trees, regions) : null;
        LeafTable.Builder leafTable = new LeafTable.Builder(leafWidth);
        this.nodeArray = NodeArrayLayout.build(b.trees, choice.nodeArrayTrees, regions,
                b.categoricalRule, leafTable);
        this.lockstep = LockstepLayout.build(b.trees, choice.lockstepTrees, regions, leafTable);
        this.leaves = leafTable.build(arithmetic == Arithmetic.FLOAT32);
    }

    /**
     * @param featureCount the number of input features
     * @param outputCount the number of margins
     * @param arithmetic the library's number type
     * @param categoricalRule how categorical splits route a value
     * @return a builder
     */
    public static Builder builder(int featureCount, int outputCount, Arithmetic arithmetic,
            CategoricalRule categoricalRule) {
        return new Builder(featureCount, outputCount, arithmetic, categoricalRule);
    }

    /** @return the number of trees, padding included */
    int treeCount() {
        return treeCount;
    }

    /** @return the number of input features */
    public int featureCount() {
        return featureCount;
    }

    /** @return the number of margins */
    public int outputCount() {
        return outputCount;
    }

    /** @return the number type the library predicts in */
    public Arithmetic arithmetic() {
        return arithmetic;
    }

    /**
     * For tools that turn a loaded model into something else (jmh's C generator,
     * {@code dev.verdict.jmh.tools.CompiledTrees}); the engine never reads them.
     *
     * @return the trees as the format reader built them, in prediction order, without the padding
     *     the engine adds to fill its blocks
     * @throws IllegalStateException unless the ensemble was built with {@link #KEEP_SOURCE_TREES}
     */
    public List<DecisionTree> trees() {
        if (sourceTrees == null) {
            throw new IllegalStateException("the ensemble was built without its source trees;"
                    + " load the model inside ScopedValue.where(TreeEnsemble.KEEP_SOURCE_TREES, true)");
        }
        return sourceTrees;
    }

    /**
     * @param output an output
     * @return the value its margin starts from (a float32 value for {@link Arithmetic#FLOAT32})
     */
    public double baseMargin(int output) {
        return baseMargins[output];
    }

    /** @return a new walker with its own scratch, for one thread */
    TreeWalker newWalker() {
        return new TreeWalker(this);
    }

    /** Collects trees in prediction order. */
    public static final class Builder {
        private final int featureCount;
        private final int outputCount;
        private final Arithmetic arithmetic;
        private final CategoricalRule categoricalRule;
        private final List<DecisionTree> trees = new ArrayList<>();
        private final List<Integer> outputs = new ArrayList<>();
        private double[] baseMargins;
        private int leafWidth = 1;
        private List<DecisionTree> source;

        private Builder(int featureCount, int outputCount, Arithmetic arithmetic,
                CategoricalRule categoricalRule) {
            if (featureCount < 0 || outputCount < 1) {
                throw new ModelFormatException("invalid ensemble shape: " + featureCount
                        + " features, " + outputCount + " outputs");
            }
            this.featureCount = featureCount;
            this.outputCount = outputCount;
            this.arithmetic = arithmetic;
            this.categoricalRule = categoricalRule;
            this.baseMargins = new double[outputCount];
        }

        /**
         * @param margins the value each margin starts from, one per output
         * @return this builder
         */
        public Builder baseMargins(double[] margins) {
            if (margins.length != outputCount) {
                throw new ModelFormatException("expected " + outputCount + " base margins, got "
                        + margins.length);
            }
            this.baseMargins = margins.clone();
            return this;
        }

        /**
         * Appends a tree that adds its leaf to one output.
         *
         * @param tree the tree
         * @param output the output it adds to
         * @return this builder
         */
        public Builder add(DecisionTree tree, int output) {
            if (output < 0 || output >= outputCount) {
                throw new ModelFormatException("tree " + trees.size() + " adds to output " + output
                        + ", but the model has " + outputCount);
            }
            if (tree.leafWidth != 1) {
                throw new ModelFormatException("tree " + trees.size() + " has vector leaves; use addVector");
            }
            mixCheck(1);
            trees.add(tree);
            outputs.add(output);
            return this;
        }

        /**
         * Appends a tree whose leaves hold one value per output.
         *
         * @param tree a tree with {@code leafWidth == outputCount}
         * @return this builder
         */
        public Builder addVector(DecisionTree tree) {
            if (tree.leafWidth != outputCount) {
                throw new ModelFormatException("tree " + trees.size() + " has " + tree.leafWidth
                        + " values per leaf, but the model has " + outputCount + " outputs");
            }
            mixCheck(outputCount);
            trees.add(tree);
            outputs.add(-1);
            return this;
        }

        private void mixCheck(int width) {
            if (!trees.isEmpty() && width != leafWidth) {
                throw new ModelFormatException("mixing scalar-leaf and vector-leaf trees is not supported");
            }
            leafWidth = width;
        }

        /** @return the compiled ensemble */
        public TreeEnsemble build() {
            source = KEEP_SOURCE_TREES.orElse(false) ? List.copyOf(trees) : null;
            if (arithmetic == Arithmetic.FLOAT32 && outputCount == 1 && leafWidth == 1) {
                // The perfect layout walks whole blocks of trees; pad with one-leaf trees holding
                // -0.0, which leaves any float sum unchanged (x + -0.0 == x, also for ±0.0), so
                // the walk has no ragged remainder for the JIT to compile differently.
                int real = trees.size();
                while (trees.size() % BLOCK != 0) {
                    trees.add(DecisionTree.builder(1, 1, featureCount, "padding").leaf(0, -0.0).build());
                    outputs.add(0);
                }
                TreeEnsemble e = new TreeEnsemble(this, real);
                trees.subList(real, trees.size()).clear();
                outputs.subList(real, outputs.size()).clear();
                return e;
            }
            return new TreeEnsemble(this, trees.size());
        }
    }
}
