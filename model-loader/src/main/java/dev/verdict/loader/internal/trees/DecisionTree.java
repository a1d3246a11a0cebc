package dev.verdict.loader.internal.trees;

import dev.verdict.loader.ModelFormatException;
import java.util.Arrays;

/**
 * One decision tree as a format reader describes it to the engine, in the engine's own terms:
 * numeric nodes go left iff {@code x <= threshold}, categorical nodes test a bitset, and each
 * node says where a missing value goes. Readers translate their format's rules into these (for
 * XGBoost, {@code x < t} on float32 becomes {@code x <= nextDown(t)}), so one engine runs every
 * format. {@link Builder#build()} validates the structure, so a tree that exists is well formed:
 * every internal node has two in-range children, every node is reached exactly once from the root
 * (no cycles, no sharing), feature indices are in range, and numeric thresholds are not NaN.
 */
public final class DecisionTree {
    /** The most node values (nodes × leaf width) one tree may hold: 128 Mi doubles, 1 GiB. */
    static final long MAX_LEAF_VALUES = 1L << 27;

    /** Node kinds. */
    static final byte LEAF = 0;
    static final byte NUMERIC = 1;
    static final byte CATEGORICAL = 2;

    final int nodeCount;
    final byte[] kind;
    final int[] left;
    final int[] right;
    final int[] feature;
    final double[] threshold;
    final boolean[] missingLeft;
    final boolean[] zeroIsMissing;
    final int[][] categoryBits;
    final int leafWidth;
    final double[] leafValues;
    final int[][] linearFeatures;
    final double[][] linearCoefficients;
    final double[] linearConstant;
    /** Training rows that reached each leaf, or null when the model does not say. */
    final double[] leafRows;
    /** The length of the longest root-to-leaf path, in splits. */
    final int depth;
    /** The number of reachable leaves. */
    final int leafCount;

    private DecisionTree(Builder b, int depth, int leafCount) {
        this.nodeCount = b.nodeCount;
        this.kind = b.kind;
        this.left = b.left;
        this.right = b.right;
        this.feature = b.feature;
        this.threshold = b.threshold;
        this.missingLeft = b.missingLeft;
        this.zeroIsMissing = b.zeroIsMissing;
        this.categoryBits = b.categoryBits;
        this.leafWidth = b.leafWidth;
        this.leafValues = b.leafValues;
        this.linearFeatures = b.linearFeatures;
        this.linearCoefficients = b.linearCoefficients;
        this.linearConstant = b.linearConstant;
        this.leafRows = b.leafRows;
        this.depth = depth;
        this.leafCount = leafCount;
    }

    /**
     * @param nodeCount number of nodes; node 0 is the root
     * @param leafWidth values per leaf: 1, or the number of targets of a vector-leaf tree
     * @param featureCount the number of input features, for range checks
     * @param where how to name this tree in error messages, e.g. {@code trees[3]}
     * @return a builder
     */
    public static Builder builder(int nodeCount, int leafWidth, int featureCount, String where) {
        return new Builder(nodeCount, leafWidth, featureCount, where);
    }

    // Read accessors for tools that turn a loaded model into something else: jmh's C generator
    // (dev.verdict.jmh.tools.CompiledTrees) reads trees through these. The engine itself reads
    // the fields.

    /** @return the number of nodes, reachable or not; node 0 is the root */
    public int nodeCount() {
        return nodeCount;
    }

    /**
     * @param node a node reachable from the root (others read as leaves of value 0)
     * @return whether it is a leaf
     */
    public boolean isLeaf(int node) {
        return kind[node] == LEAF;
    }

    /**
     * @param node a reachable node
     * @return whether it is a categorical split (which {@link #threshold} does not describe)
     */
    public boolean isCategorical(int node) {
        return kind[node] == CATEGORICAL;
    }

    /**
     * @param node a split
     * @return the feature it tests
     */
    public int feature(int node) {
        return feature[node];
    }

    /**
     * @param node a numeric split
     * @return its threshold in engine form: a present value {@code x <= threshold} goes left
     */
    public double threshold(int node) {
        return threshold[node];
    }

    /**
     * @param node a split
     * @return its left child
     */
    public int left(int node) {
        return left[node];
    }

    /**
     * @param node a split
     * @return its right child
     */
    public int right(int node) {
        return right[node];
    }

    /**
     * @param node a split
     * @return whether a missing value goes left
     */
    public boolean missingGoesLeft(int node) {
        return missingLeft[node];
    }

    /**
     * @param node a leaf
     * @return its value (the first, for vector leaves)
     */
    public double leafValue(int node) {
        return leafValues[node * leafWidth];
    }

    boolean hasCategoricalSplits() {
        for (int n = 0; n < nodeCount; n++) {
            if (kind[n] == CATEGORICAL) {
                return true;
            }
        }
        return false;
    }

    boolean hasZeroIsMissing() {
        for (int n = 0; n < nodeCount; n++) {
            if (kind[n] == NUMERIC && zeroIsMissing[n]) {
                return true;
            }
        }
        return false;
    }

    boolean isLinear() {
        return linearConstant != null;
    }

    /** Collects the nodes of one tree. Nodes not reachable from the root are ignored. */
    public static final class Builder {
        private final int nodeCount;
        private final int featureCount;
        private final String where;
        private final byte[] kind;
        private final int[] left;
        private final int[] right;
        private final int[] feature;
        private final double[] threshold;
        private final boolean[] missingLeft;
        private final boolean[] zeroIsMissing;
        private final int[][] categoryBits;
        private final int leafWidth;
        private final double[] leafValues;
        private final boolean[] defined;
        private int[][] linearFeatures;
        private double[][] linearCoefficients;
        private double[] linearConstant;
        private double[] leafRows;

        private Builder(int nodeCount, int leafWidth, int featureCount, String where) {
            this.where = where;
            if (nodeCount < 1) {
                throw new ModelFormatException(where + ": a tree needs at least one node, has "
                        + nodeCount);
            }
            if (leafWidth < 1) {
                throw new ModelFormatException(where + ": leaf width " + leafWidth);
            }
            if ((long) nodeCount * leafWidth > MAX_LEAF_VALUES) {
                // Bounds memory for hostile files: a few bytes can claim huge vector leaves.
                throw new ModelFormatException(where + ": " + nodeCount + " nodes of " + leafWidth
                        + " values each exceed the " + MAX_LEAF_VALUES + " values a tree may hold");
            }
            this.nodeCount = nodeCount;
            this.featureCount = featureCount;
            this.kind = new byte[nodeCount];
            this.left = new int[nodeCount];
            this.right = new int[nodeCount];
            this.feature = new int[nodeCount];
            this.threshold = new double[nodeCount];
            this.missingLeft = new boolean[nodeCount];
            this.zeroIsMissing = new boolean[nodeCount];
            this.categoryBits = new int[nodeCount][];
            this.leafWidth = leafWidth;
            this.leafValues = new double[Math.multiplyExact(nodeCount, leafWidth)];
            this.defined = new boolean[nodeCount];
        }

        /**
         * A numeric split: {@code x <= threshold} goes left.
         *
         * @param node the node
         * @param featureIndex the feature tested
         * @param threshold the threshold, in engine form
         * @param leftChild the left child node
         * @param rightChild the right child node
         * @param missingGoesLeft where a missing value goes
         * @param zeroIsMissing whether 0.0 counts as missing here (LightGBM {@code missing_type=Zero})
         * @return this builder
         */
        public Builder numeric(int node, int featureIndex, double threshold, int leftChild,
                int rightChild, boolean missingGoesLeft, boolean zeroIsMissing) {
            define(node, NUMERIC, featureIndex, leftChild, rightChild, missingGoesLeft);
            if (Double.isNaN(threshold)) {
                throw new ModelFormatException(where + ": node " + node + " has a NaN threshold");
            }
            this.threshold[node] = threshold;
            this.zeroIsMissing[node] = zeroIsMissing;
            return this;
        }

        /**
         * A categorical split on a set of category codes, as a bitset: code {@code c} is in the
         * set iff bit {@code c % 32} of word {@code c / 32} is set. Which side the set goes to is
         * the ensemble's {@link CategoricalRule}.
         *
         * @param node the node
         * @param featureIndex the feature tested
         * @param bits the set, as bitset words
         * @param leftChild the left child node
         * @param rightChild the right child node
         * @param missingGoesLeft where a missing value goes
         * @return this builder
         */
        public Builder categorical(int node, int featureIndex, int[] bits, int leftChild,
                int rightChild, boolean missingGoesLeft) {
            define(node, CATEGORICAL, featureIndex, leftChild, rightChild, missingGoesLeft);
            this.categoryBits[node] = bits.clone();
            return this;
        }

        /**
         * @param node the node
         * @param value the leaf's value (for a leaf width of 1)
         * @return this builder
         */
        public Builder leaf(int node, double value) {
            checkNode(node);
            kind[node] = LEAF;
            defined[node] = true;
            leafValues[node * leafWidth] = value;
            return this;
        }

        /**
         * Records how many training rows reached a leaf (LightGBM's {@code leaf_count}, XGBoost's
         * {@code sum_hessian}): a hint the engine uses to decide how far to walk trees side by
         * side; it never changes a result. Invalid counts (negative, NaN, infinite) are ignored.
         *
         * @param node a leaf node
         * @param rows the rows that reached it
         * @return this builder
         */
        public Builder leafRows(int node, double rows) {
            checkNode(node);
            if (rows >= 0 && rows < Double.POSITIVE_INFINITY) {
                if (leafRows == null) {
                    leafRows = new double[nodeCount];
                }
                leafRows[node] = rows;
            }
            return this;
        }

        /**
         * @param node the node
         * @param values the leaf's values, {@code leafWidth} of them
         * @return this builder
         */
        public Builder leaf(int node, double[] values) {
            checkNode(node);
            if (values.length != leafWidth) {
                throw new ModelFormatException(where + ": leaf " + node + " has " + values.length
                        + " values, expected " + leafWidth);
            }
            kind[node] = LEAF;
            defined[node] = true;
            System.arraycopy(values, 0, leafValues, node * leafWidth, leafWidth);
            return this;
        }

        /**
         * Makes a leaf linear (LightGBM {@code linear_tree}): its output is
         * {@code constant + Σ coefficients[i] * x[features[i]]}, or its plain value when any of
         * those features is missing.
         *
         * @param node a leaf node
         * @param constant the constant term
         * @param features the features of the linear terms
         * @param coefficients their coefficients
         * @return this builder
         */
        public Builder linear(int node, double constant, int[] features, double[] coefficients) {
            checkNode(node);
            if (features.length != coefficients.length) {
                throw new ModelFormatException(where + ": leaf " + node + " has " + features.length
                        + " linear features but " + coefficients.length + " coefficients");
            }
            for (int f : features) {
                checkFeature(node, f);
            }
            if (linearConstant == null) {
                linearConstant = new double[nodeCount];
                linearFeatures = new int[nodeCount][];
                linearCoefficients = new double[nodeCount][];
            }
            linearConstant[node] = constant;
            linearFeatures[node] = features.clone();
            linearCoefficients[node] = coefficients.clone();
            return this;
        }

        private void define(int node, byte k, int featureIndex, int leftChild, int rightChild,
                boolean missingGoesLeft) {
            checkNode(node);
            checkFeature(node, featureIndex);
            if (leftChild < 0 || leftChild >= nodeCount || rightChild < 0 || rightChild >= nodeCount) {
                throw new ModelFormatException(where + ": node " + node + " has children "
                        + leftChild + " and " + rightChild + ", outside [0, " + nodeCount + ")");
            }
            kind[node] = k;
            defined[node] = true;
            feature[node] = featureIndex;
            left[node] = leftChild;
            right[node] = rightChild;
            missingLeft[node] = missingGoesLeft;
        }

        private void checkNode(int node) {
            if (node < 0 || node >= nodeCount) {
                throw new ModelFormatException(where + ": node " + node + " outside [0, "
                        + nodeCount + ")");
            }
        }

        private void checkFeature(int node, int featureIndex) {
            if (featureIndex < 0 || featureIndex >= featureCount) {
                throw new ModelFormatException(where + ": node " + node + " uses feature "
                        + featureIndex + ", but the model has " + featureCount + " features");
            }
        }

        /**
         * @return the validated tree
         * @throws ModelFormatException if a reachable node is undefined, a node is reached twice
         *     (a cycle or a shared child), or a linear leaf is not a leaf
         */
        public DecisionTree build() {
            // Iterative walk: hostile inputs may be deep; recursion could overflow the stack.
            byte[] seen = new byte[nodeCount];
            int[] stack = new int[nodeCount];
            int[] depthOf = new int[nodeCount];
            int top = 0;
            stack[top++] = 0;
            seen[0] = 1;
            int maxDepth = 0;
            int leaves = 0;
            while (top > 0) {
                int n = stack[--top];
                if (!defined[n]) {
                    throw new ModelFormatException(where + ": node " + n + " is reachable but undefined");
                }
                if (kind[n] == LEAF) {
                    leaves++;
                    maxDepth = Math.max(maxDepth, depthOf[n]);
                    continue;
                }
                if (linearConstant != null && linearFeatures[n] != null) {
                    throw new ModelFormatException(where + ": node " + n + " is a split but has a linear model");
                }
                for (int child : new int[] {left[n], right[n]}) {
                    if (seen[child] != 0) {
                        throw new ModelFormatException(where + ": node " + child
                                + " is reached twice (cycle or shared child, via node " + n + ")");
                    }
                    seen[child] = 1;
                    depthOf[child] = depthOf[n] + 1;
                    stack[top++] = child;
                }
            }
            if (linearConstant != null) {
                for (int n = 0; n < nodeCount; n++) {
                    if (seen[n] != 0 && kind[n] == LEAF && linearFeatures[n] == null) {
                        linearFeatures[n] = new int[0];
                        linearCoefficients[n] = new double[0];
                        linearConstant[n] = leafValues[n * leafWidth];
                    }
                }
            }
            // Unreachable nodes (XGBoost's deleted nodes) keep whatever they held; never read.
            Arrays.fill(defined, false);
            return new DecisionTree(this, maxDepth, leaves);
        }
    }
}
