package dev.verdict.loader.internal.trees;

import dev.verdict.loader.ModelFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled tree ensemble: the format-independent engine that XGBoost and LightGBM models run
 * on. Immutable and shared by all threads; each thread evaluates through its own
 * {@link TreeEvaluator}.
 *
 * <p>Evaluation happens in two passes so that speed and exactness do not fight:
 * <ol>
 *   <li><b>Descent</b> finds the leaf each tree routes the row to, in any order. Trees shallow
 *       enough are stored <em>perfect</em>: padded to a complete binary tree in breadth-first
 *       order, so a level is {@code i = 2i + 1 + (x[f] <= t ? 0 : 1)} with no data-dependent
 *       branch, and eight trees descend side by side so their memory loads overlap. In the
 *       fused float32 walk a step loads both children before the comparison picks one, and
 *       compares int order keys instead of floats ({@link #key}). Other trees (deep,
 *       categorical, linear) use a compact node-array walk.</li>
 *   <li><b>Accumulation</b> adds the leaves to the margins strictly in tree order, in the
 *       library's arithmetic ({@link Arithmetic}), starting from the base margins, which is
 *       what makes the result bit-identical to the native library.</li>
 * </ol>
 *
 * <p>Missing values cost no branch in the descent either. The row is copied into a scratch of up
 * to four regions of {@code featureCount} doubles each: NaN becomes +∞ in one and −∞ in another
 * (and, for LightGBM's {@code missing_type=Zero}, NaN and 0 become ±∞ in two more). Each split
 * reads the region whose substitute goes its missing direction under {@code x <= t}; real inputs
 * are never infinite (rejected on entry), so the substitutes cannot collide with data.
 */
public final class TreeEnsemble {
    /** Deepest tree stored perfect; deeper trees would waste 2^depth nodes. */
    static final int MAX_PERFECT_DEPTH = 8;
    /** Trees descended side by side. */
    static final int BLOCK = 8;

    /**
     * The fused walk's node packing: a child index in the low 20 bits, a feature slot in the 12
     * above. Constants, so that the walk keeps no register for them (it needs every register
     * for its eight trees); larger ensembles (over 2,048 features or a million padded nodes)
     * are walked in lockstep instead.
     */
    static final int FUSED_SHIFT = 20;
    static final int FUSED_MASK = (1 << FUSED_SHIFT) - 1;

    static final int REGION_NAN_RIGHT = 0;
    static final int REGION_NAN_LEFT = 1;
    static final int REGION_ZERO_RIGHT = 2;
    static final int REGION_ZERO_LEFT = 3;

    final int featureCount;
    final int outputCount;
    final int treeCount;
    final Arithmetic arithmetic;
    final CategoricalRule categoricalRule;
    final int regions;

    final double[] baseMargins;
    final float[] baseMarginsF;
    final int[] treeOutput; // output of each tree; -1 = vector leaf adding to every output
    final int leafWidth;

    // Perfect trees: breadth-first internal nodes; leaves follow in leafValues.
    final int[] perfectFeature;
    final double[] perfectThreshold;
    // Blocks of consecutive perfect trees: first tree, count, depth, node base per tree.
    final int[] blockFirstTree;
    final int[] blockSize;
    final int[] blockDepth;
    final int[] perfectNodeBase; // per tree
    final int[] perfectLeafBase; // per tree

    // General trees.
    final int[] generalTrees; // indices of trees walked generally
    final int[] generalRoot;  // per general tree: root node, or ~leaf when the root is a leaf
    final int[] nodeSlot;     // feature slot (region * featureCount + feature)
    final double[] nodeThreshold;
    final int[] nodeLeft;     // next node, or ~leafPosition
    final int[] nodeRight;
    final int[] nodeCatOffset; // -1 for numeric nodes
    final int[] nodeCatLength;
    final boolean[] nodeMissingLeft;
    final int[] categoryBits;

    // Leaves: position p holds leafWidth values at p * leafWidth.
    final double[] leafValues;
    final float[] leafValuesF;
    // Linear leaves (LightGBM linear_tree): per leaf position, or null.
    final int[] linearOffset;   // into linearFeature/linearCoefficient; -1 = plain leaf
    final int[] linearLength;
    final double[] linearConstant;
    final int[] linearFeature;
    final double[] linearCoefficient;

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

    final int maxDepth;
    final int totalLeaves;
    /** FLOAT32, one output, scalar leaves, every tree perfect: the fused fast path applies. */
    final boolean fusedFloat;
    final float[] perfectThresholdF;
    /** Numeric trees too irregular for the perfect layout. */
    final LockstepLayout lockstep;
    /** A scratch cell that always holds 0.0 (lockstep leaves test it against +∞). */
    final int zeroSlot;
    /**
     * Perfect nodes packed for the fused path: the high int is the threshold's {@link #key} and
     * the low int holds the feature slot above {@link #FUSED_SHIFT} and the index of the left
     * child below it (a node index, or on the last level a leaf index; the right child follows).
     */
    final long[] fusedNode;

    private TreeEnsemble(Builder b) {
        this.featureCount = b.featureCount;
        this.outputCount = b.outputCount;
        this.arithmetic = b.arithmetic;
        this.categoricalRule = b.categoricalRule;
        this.treeCount = b.trees.size();
        this.sourceTrees = b.source;
        this.baseMargins = b.baseMargins.clone();
        this.baseMarginsF = new float[outputCount];
        for (int i = 0; i < outputCount; i++) {
            baseMarginsF[i] = (float) baseMargins[i];
        }
        this.leafWidth = b.leafWidth;
        this.treeOutput = new int[treeCount];
        boolean zeroRegions = false;
        boolean anyLinear = false;
        for (int t = 0; t < treeCount; t++) {
            treeOutput[t] = b.outputs.get(t);
            zeroRegions |= b.trees.get(t).hasZeroIsMissing();
            anyLinear |= b.trees.get(t).isLinear();
        }
        this.regions = zeroRegions ? 4 : 2;

        // Decide the layout of each tree. The padded perfect layout serves the fused float32
        // path (XGBoost's common case: one output, every tree shallow and numeric); everything
        // else is walked in lockstep, or generally when a tree has categorical or linear parts.
        boolean[] perfect = new boolean[treeCount];
        boolean allPerfect = arithmetic == Arithmetic.FLOAT32 && outputCount == 1 && b.leafWidth == 1;
        int depthMax = 0;
        int leaves = 0;
        for (int t = 0; t < treeCount; t++) {
            DecisionTree tree = b.trees.get(t);
            depthMax = Math.max(depthMax, tree.depth);
            leaves += tree.leafCount;
            int internal = tree.leafCount - 1;
            perfect[t] = !tree.hasCategoricalSplits() && !tree.isLinear()
                    && tree.depth <= MAX_PERFECT_DEPTH
                    && (1 << tree.depth) - 1 <= 4 * internal + 16;
            allPerfect &= perfect[t];
        }
        this.maxDepth = depthMax;
        this.totalLeaves = leaves;
        this.zeroSlot = regions * featureCount;

        // Blocks of consecutive perfect trees, padded to the block's deepest tree (at least one
        // split, so that every walk has a last level that selects a leaf).
        List<int[]> blocks = allPerfect ? perfectBlocks(b.trees) : List.of();
        int perfectNodes = 0;
        int perfectLeaves = 0;
        for (int[] blk : blocks) {
            perfectNodes += blk[1] * ((1 << blk[2]) - 1);
            perfectLeaves += blk[1] << blk[2];
        }
        // The fused walk packs a node's feature slot and the index of its left child into one
        // int (FUSED_SHIFT); an ensemble too large for that is walked in lockstep instead.
        if (allPerfect && (regions * featureCount > 1 << (32 - FUSED_SHIFT)
                || Math.max(perfectNodes + 1, perfectLeaves) > FUSED_MASK)) {
            allPerfect = false;
            blocks = List.of();
            perfectNodes = 0;
            perfectLeaves = 0;
        }
        if (!allPerfect) {
            java.util.Arrays.fill(perfect, false);
        }
        boolean[] lockstep = new boolean[treeCount];
        int lockstepCount = 0;
        for (int t = 0; t < treeCount; t++) {
            lockstep[t] = !perfect[t] && LockstepLayout.fits(b.trees.get(t), zeroSlot);
            if (lockstep[t]) {
                lockstepCount++;
            }
        }
        this.blockFirstTree = new int[blocks.size()];
        this.blockSize = new int[blocks.size()];
        this.blockDepth = new int[blocks.size()];
        int[] paddedDepth = new int[treeCount];
        for (int i = 0; i < blocks.size(); i++) {
            int[] blk = blocks.get(i);
            blockFirstTree[i] = blk[0];
            blockSize[i] = blk[1];
            blockDepth[i] = blk[2];
            for (int t = blk[0]; t < blk[0] + blk[1]; t++) {
                paddedDepth[t] = blk[2];
            }
        }
        int generalCount = 0;
        int generalNodes = 0;
        int generalLeaves = 0;
        int catWords = 0;
        int linearTerms = 0;
        int lockstepSlots = 0;
        for (int t = 0; t < treeCount; t++) {
            if (lockstep[t]) {
                lockstepSlots += 2 * b.trees.get(t).leafCount - 1;
            } else if (!perfect[t]) {
                DecisionTree tree = b.trees.get(t);
                generalCount++;
                generalNodes += tree.nodeCount;
                generalLeaves += tree.leafCount;
                for (int n = 0; n < tree.nodeCount; n++) {
                    if (tree.categoryBits[n] != null) {
                        catWords += tree.categoryBits[n].length;
                    }
                    if (tree.isLinear() && tree.linearFeatures[n] != null) {
                        linearTerms += tree.linearFeatures[n].length;
                    }
                }
            }
        }
        int leafPositions = perfectLeaves + lockstepSlots + generalLeaves;
        this.leafValues = new double[Math.multiplyExact(leafPositions, leafWidth)];
        this.perfectFeature = new int[perfectNodes];
        this.perfectThreshold = new double[perfectNodes];
        this.perfectNodeBase = new int[treeCount];
        this.perfectLeafBase = new int[treeCount];
        this.generalTrees = new int[generalCount];
        this.generalRoot = new int[generalCount];
        this.nodeSlot = new int[generalNodes];
        this.nodeThreshold = new double[generalNodes];
        this.nodeLeft = new int[generalNodes];
        this.nodeRight = new int[generalNodes];
        this.nodeCatOffset = new int[generalNodes];
        this.nodeCatLength = new int[generalNodes];
        this.nodeMissingLeft = new boolean[generalNodes];
        this.categoryBits = new int[catWords];
        if (anyLinear) {
            this.linearOffset = new int[leafPositions];
            this.linearLength = new int[leafPositions];
            this.linearConstant = new double[leafPositions];
            this.linearFeature = new int[linearTerms];
            this.linearCoefficient = new double[linearTerms];
            java.util.Arrays.fill(linearOffset, -1);
        } else {
            this.linearOffset = null;
            this.linearLength = null;
            this.linearConstant = null;
            this.linearFeature = null;
            this.linearCoefficient = null;
        }

        int nodeCursor = 0;
        int leafCursor = 0;
        int generalIndex = 0;
        int gNodeCursor = 0;
        int catCursor = 0;
        int linearCursor = 0;
        for (int t = 0; t < treeCount; t++) {
            DecisionTree tree = b.trees.get(t);
            if (perfect[t]) {
                perfectNodeBase[t] = nodeCursor;
                perfectLeafBase[t] = leafCursor;
                fillPerfect(tree, 0, 0, paddedDepth[t], nodeCursor, leafCursor, 0);
                nodeCursor += (1 << paddedDepth[t]) - 1;
                leafCursor += 1 << paddedDepth[t];
            } else if (lockstep[t]) {
                continue; // laid out below
            } else {
                generalTrees[generalIndex] = t;
                // Map tree nodes to global node and leaf positions.
                int[] global = new int[tree.nodeCount];
                for (int n = 0; n < tree.nodeCount; n++) {
                    global[n] = Integer.MIN_VALUE;
                }
                int[] order = reachable(tree);
                for (int n : order) {
                    if (tree.kind[n] == DecisionTree.LEAF) {
                        global[n] = ~leafCursor;
                        System.arraycopy(tree.leafValues, n * leafWidth, leafValues,
                                leafCursor * leafWidth, leafWidth);
                        if (tree.isLinear()) {
                            int terms = tree.linearFeatures[n].length;
                            linearOffset[leafCursor] = linearCursor;
                            linearLength[leafCursor] = terms;
                            linearConstant[leafCursor] = tree.linearConstant[n];
                            for (int k = 0; k < terms; k++) {
                                linearFeature[linearCursor + k] = tree.linearFeatures[n][k];
                                linearCoefficient[linearCursor + k] = tree.linearCoefficients[n][k];
                            }
                            linearCursor += terms;
                        }
                        leafCursor++;
                    } else {
                        global[n] = gNodeCursor++;
                    }
                }
                for (int n : order) {
                    int g = global[n];
                    if (g < 0) {
                        continue;
                    }
                    nodeLeft[g] = global[tree.left[n]];
                    nodeRight[g] = global[tree.right[n]];
                    nodeMissingLeft[g] = tree.missingLeft[n];
                    if (tree.kind[n] == DecisionTree.CATEGORICAL) {
                        int[] bits = tree.categoryBits[n];
                        nodeSlot[g] = REGION_NAN_RIGHT * featureCount + tree.feature[n];
                        nodeCatOffset[g] = catCursor;
                        nodeCatLength[g] = bits.length;
                        System.arraycopy(bits, 0, categoryBits, catCursor, bits.length);
                        catCursor += bits.length;
                    } else {
                        nodeSlot[g] = slot(tree, n);
                        nodeThreshold[g] = threshold(tree.threshold[n]);
                        nodeCatOffset[g] = -1;
                    }
                }
                generalRoot[generalIndex] = global[0];
                generalIndex++;
            }
        }
        int[] selected = new int[lockstepCount];
        for (int t = 0, k = 0; t < treeCount; t++) {
            if (lockstep[t]) {
                selected[k++] = t;
            }
        }
        int[] cursor = {leafCursor};
        this.lockstep = LockstepLayout.build(b.trees, selected, this, leafValues, cursor, zeroSlot);
        this.fusedFloat = arithmetic == Arithmetic.FLOAT32 && outputCount == 1 && leafWidth == 1
                && generalTrees.length == 0 && lockstepCount == 0;
        if (arithmetic == Arithmetic.FLOAT32) {
            // Thresholds of float models are float values (nextDown of a float split), or the
            // ±∞/MAX_VALUE stand-ins, which keep their meaning as floats.
            this.perfectThresholdF = new float[perfectThreshold.length];
            for (int i = 0; i < perfectThreshold.length; i++) {
                double t = perfectThreshold[i];
                perfectThresholdF[i] = t == Double.MAX_VALUE ? Float.MAX_VALUE : (float) t;
            }
            this.fusedNode = fusedFloat ? fusedNodes(paddedDepth) : null;
        } else {
            this.perfectThresholdF = null;
            this.fusedNode = null;
        }
        if (arithmetic == Arithmetic.FLOAT32) {
            this.leafValuesF = new float[leafValues.length];
            for (int i = 0; i < leafValues.length; i++) {
                leafValuesF[i] = (float) leafValues[i];
            }
        } else {
            this.leafValuesF = null;
        }
    }

    /**
     * Writes the subtree at {@code node} into perfect-layout position {@code pos} at
     * {@code level}; a leaf above the bottom level is padded with always-left splits.
     */
    private void fillPerfect(DecisionTree tree, int node, int level, int depth, int nodeBase,
            int leafBase, int pos) {
        if (level == depth) {
            int leaf = leafBase + (pos - ((1 << depth) - 1));
            System.arraycopy(tree.leafValues, node * leafWidth, leafValues, leaf * leafWidth,
                    leafWidth);
            return;
        }
        if (tree.kind[node] == DecisionTree.LEAF) {
            perfectFeature[nodeBase + pos] = 0;
            perfectThreshold[nodeBase + pos] = Double.POSITIVE_INFINITY; // always left
            fillPerfect(tree, node, level + 1, depth, nodeBase, leafBase, 2 * pos + 1);
            fillPerfect(tree, node, level + 1, depth, nodeBase, leafBase, 2 * pos + 2);
            return;
        }
        perfectFeature[nodeBase + pos] = slot(tree, node);
        perfectThreshold[nodeBase + pos] = threshold(tree.threshold[node]);
        fillPerfect(tree, tree.left[node], level + 1, depth, nodeBase, leafBase, 2 * pos + 1);
        fillPerfect(tree, tree.right[node], level + 1, depth, nodeBase, leafBase, 2 * pos + 2);
    }

    /** {first tree, trees, depth} for runs of up to {@link #BLOCK} consecutive trees. */
    private static List<int[]> perfectBlocks(List<DecisionTree> trees) {
        List<int[]> blocks = new ArrayList<>();
        for (int t = 0; t < trees.size();) {
            int first = t;
            int depth = 1;
            while (t < trees.size() && t - first < BLOCK) {
                depth = Math.max(depth, trees.get(t).depth);
                t++;
            }
            blocks.add(new int[] {first, t - first, depth});
        }
        return blocks;
    }

    private long[] fusedNodes(int[] paddedDepth) {
        long[] nodes = new long[perfectThresholdF.length];
        for (int t = 0; t < treeCount; t++) {
            int internal = (1 << paddedDepth[t]) - 1;
            for (int pos = 0; pos < internal; pos++) {
                int left = 2 * pos + 1;
                int child = left < internal ? perfectNodeBase[t] + left
                        : perfectLeafBase[t] + left - internal;
                int i = perfectNodeBase[t] + pos;
                int low = perfectFeature[i] << FUSED_SHIFT | child;
                nodes[i] = (long) key(perfectThresholdF[i]) << 32 | (low & 0xffffffffL);
            }
        }
        return nodes;
    }

    /**
     * An int whose signed order is the order of the float: for any non-NaN {@code a, b},
     * {@code a <= b} exactly when {@code key(a) <= key(b)}. -0.0 shares +0.0's key, since the
     * two compare equal. The fused walk compares keys, which needs no float unit on the path.
     */
    static int key(float v) {
        int bits = Float.floatToRawIntBits(v == 0f ? 0f : v);
        return bits ^ (bits >> 31 & 0x7fffffff);
    }

    int slot(DecisionTree tree, int n) {
        int region = tree.zeroIsMissing[n]
                ? (tree.missingLeft[n] ? REGION_ZERO_LEFT : REGION_ZERO_RIGHT)
                : (tree.missingLeft[n] ? REGION_NAN_LEFT : REGION_NAN_RIGHT);
        return region * featureCount + tree.feature[n];
    }

    /**
     * +∞ would send the +∞ stand-in for "missing, go right" left; for real (finite) inputs
     * {@code x <= MAX_VALUE} is the same test.
     */
    static double threshold(double t) {
        return t == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : t;
    }

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

    /** @return a builder */
    public static Builder builder(int featureCount, int outputCount, Arithmetic arithmetic,
            CategoricalRule categoricalRule) {
        return new Builder(featureCount, outputCount, arithmetic, categoricalRule);
    }

    /** @return the number of input features */
    public int featureCount() {
        return featureCount;
    }

    /** @return the number of margins */
    public int outputCount() {
        return outputCount;
    }

    /** @return the number of trees */
    public int treeCount() {
        return treeCount;
    }

    /** @return the deepest tree's depth */
    public int maxDepth() {
        return maxDepth;
    }

    /** @return the number of leaves over all trees */
    public int leafCount() {
        return totalLeaves;
    }

    /** @return the arithmetic */
    public Arithmetic arithmetic() {
        return arithmetic;
    }

    /** @return how many trees use the perfect (padded, branch-free) layout */
    public int perfectTreeCount() {
        return treeCount - generalTrees.length - lockstep.trees.length;
    }

    /** @return how many trees use the lockstep (unpadded, branch-free) layout */
    public int lockstepTreeCount() {
        return lockstep.trees.length;
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

    /** @return a new evaluator with its own scratch, for one thread */
    public TreeEvaluator newEvaluator() {
        return new TreeEvaluator(this);
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
                // The fused path walks trees eight at a time; pad with one-leaf trees holding
                // -0.0, which leaves any float sum unchanged (x + -0.0 == x, also for ±0.0), so
                // the walk has no ragged remainder for the JIT to compile differently.
                int real = trees.size();
                while (trees.size() % BLOCK != 0) {
                    trees.add(DecisionTree.builder(1, 1, featureCount, "padding").leaf(0, -0.0).build());
                    outputs.add(0);
                }
                TreeEnsemble e = new TreeEnsemble(this);
                trees.subList(real, trees.size()).clear();
                outputs.subList(real, outputs.size()).clear();
                return e;
            }
            return new TreeEnsemble(this);
        }
    }
}
