package dev.verdict.loader.internal.trees;

import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureVector;

/**
 * Evaluates a {@link TreeEnsemble} for one thread: owns the row scratch, the leaf positions and
 * the running margins, so evaluation allocates nothing.
 */
public final class TreeEvaluator {
    /** LightGBM's {@code kZeroThreshold}: the float literal 1e-35f, widened to double. */
    static final double LIGHTGBM_ZERO = 1e-35f;

    private final TreeEnsemble e;
    private final double[] raw;
    private final double[] x;
    private final int[] xk;
    private final int[] leafPos;
    private final float[] accF;
    private final double[] accD;

    TreeEvaluator(TreeEnsemble ensemble) {
        this.e = ensemble;
        this.raw = new double[ensemble.featureCount];
        this.x = new double[ensemble.regions * ensemble.featureCount + 1]; // + the zero cell
        this.xk = ensemble.fusedFloat ? new int[ensemble.regions * ensemble.featureCount] : null;
        this.leafPos = new int[ensemble.treeCount];
        this.accF = new float[ensemble.outputCount];
        this.accD = new double[ensemble.outputCount];
    }

    /**
     * Computes the margins of one row.
     *
     * @param row the row, in the ensemble's feature order
     * @param margins receives {@code outputCount} margins (float32 values for
     *     {@link Arithmetic#FLOAT32}, exactly representable as double)
     * @return -1, or the index of a feature whose value is out of the arithmetic's range
     */
    public int margins(FeatureVector row, double[] margins) {
        int bad = load(row, null, 0);
        if (bad >= 0) {
            return bad;
        }
        evaluate(margins);
        return -1;
    }

    /**
     * Computes the margins of row {@code r} of a batch.
     *
     * @param batch the rows
     * @param r the row
     * @param margins receives the margins
     * @return -1, or the index of a feature whose value is out of range
     */
    public int margins(FeatureBatch batch, int r, double[] margins) {
        int bad = load(null, batch, r);
        if (bad >= 0) {
            return bad;
        }
        evaluate(margins);
        return -1;
    }

    private int load(FeatureVector row, FeatureBatch batch, int r) {
        final double[] raw = this.raw;
        if (row != null) {
            row.copyTo(raw);
        } else {
            batch.copyRow(r, raw);
        }
        final int f = e.featureCount;
        if (e.arithmetic == Arithmetic.FLOAT32) {
            if (xk != null) {
                return loadFloatKeys(raw, f);
            }
            for (int i = 0; i < f; i++) {
                // Beyond float32 a value becomes infinite, which XGBoost rejects.
                if (Float.isInfinite((float) raw[i])) {
                    return i;
                }
            }
            loadFloatAsDouble(raw, f);
        } else if (e.regions == 4) {
            loadDoubleWithZeroRegions(raw, f);
        } else {
            loadDouble(raw, f);
        }
        return -1;
    }

    /**
     * The fused path compares {@link TreeEnsemble#key order keys}: NaN becomes +∞'s key in region
     * 0 and −∞'s in region 1. Checks the range in the same pass.
     *
     * @return -1, or the index of a value beyond float32's range
     */
    private int loadFloatKeys(double[] raw, int f) {
        final int[] xk = this.xk;
        for (int i = 0; i < f; i++) {
            float v = (float) raw[i];
            if (Math.abs(v) == Float.POSITIVE_INFINITY) {
                return i; // beyond float32 a value becomes infinite, which XGBoost rejects
            }
            boolean missing = v != v;
            xk[i] = TreeEnsemble.key(missing ? Float.POSITIVE_INFINITY : v);
            xk[f + i] = TreeEnsemble.key(missing ? Float.NEGATIVE_INFINITY : v);
        }
        return -1;
    }

    private void loadFloatAsDouble(double[] raw, int f) {
        final double[] x = this.x;
        for (int i = 0; i < f; i++) {
            float v = (float) raw[i];
            boolean missing = v != v;
            x[i] = missing ? Double.POSITIVE_INFINITY : v;
            x[f + i] = missing ? Double.NEGATIVE_INFINITY : v;
        }
    }

    /** LightGBM's dense-row reader turns {@code |x| <= 1e-35f} (and -0.0) into +0.0. */
    private void loadDouble(double[] raw, int f) {
        final double[] x = this.x;
        for (int i = 0; i < f; i++) {
            double v = raw[i];
            boolean missing = v != v;
            v = Math.abs(v) <= LIGHTGBM_ZERO ? 0.0 : v;
            x[i] = missing ? Double.POSITIVE_INFINITY : v;
            x[f + i] = missing ? Double.NEGATIVE_INFINITY : v;
        }
    }

    /** As {@link #loadDouble}, plus regions where 0 also counts as missing (missing_type=Zero). */
    private void loadDoubleWithZeroRegions(double[] raw, int f) {
        final double[] x = this.x;
        for (int i = 0; i < f; i++) {
            double v = raw[i];
            boolean missing = v != v;
            v = Math.abs(v) <= LIGHTGBM_ZERO ? 0.0 : v;
            x[i] = missing ? Double.POSITIVE_INFINITY : v;
            x[f + i] = missing ? Double.NEGATIVE_INFINITY : v;
            boolean zero = missing || v == 0.0;
            x[2 * f + i] = zero ? Double.POSITIVE_INFINITY : v;
            x[3 * f + i] = zero ? Double.NEGATIVE_INFINITY : v;
        }
    }

    private void evaluate(double[] margins) {
        if (e.fusedFloat) {
            margins[0] = fusedFloat();
            return;
        }
        e.lockstep.descend(x, leafPos);
        descendGeneral();
        if (e.arithmetic == Arithmetic.FLOAT32) {
            accumulateFloat(margins);
        } else {
            accumulateDouble(margins);
        }
    }

    /**
     * The common XGBoost case: descent and float32 accumulation in one pass, so the sequential
     * float adds (tree order) overlap with the loads of the next block's descent.
     *
     * <p>A step loads both children of the current node before its comparison is known and
     * keeps one with a conditional move: the next level's node loads then wait only for the
     * current node, not for the feature load and comparison behind it, which roughly halves the
     * latency of a step. Eight trees walk side by side, so eight such chains are in flight.
     */
    private float fusedFloat() {
        final long[] node = e.fusedNode;
        final int[] x = this.xk;
        final float[] leaf = e.leafValuesF;
        final int[] nodeBase = e.perfectNodeBase;
        final int blocks = e.blockFirstTree.length;
        float acc = e.baseMarginsF[0];
        for (int b = 0; b < blocks; b++) {
            int t = e.blockFirstTree[b];
            int depth = e.blockDepth[b];
            long n0 = node[nodeBase[t + 0]];
            long n1 = node[nodeBase[t + 1]];
            long n2 = node[nodeBase[t + 2]];
            long n3 = node[nodeBase[t + 3]];
            long n4 = node[nodeBase[t + 4]];
            long n5 = node[nodeBase[t + 5]];
            long n6 = node[nodeBase[t + 6]];
            long n7 = node[nodeBase[t + 7]];
            for (int d = 1; d < depth; d++) {
                int l0 = (int) n0 & TreeEnsemble.FUSED_MASK;
                long l0L = node[l0];
                long l0R = node[l0 + 1];
                n0 = x[(int) n0 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n0 >> 32) ? l0L : l0R;
                int l1 = (int) n1 & TreeEnsemble.FUSED_MASK;
                long l1L = node[l1];
                long l1R = node[l1 + 1];
                n1 = x[(int) n1 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n1 >> 32) ? l1L : l1R;
                int l2 = (int) n2 & TreeEnsemble.FUSED_MASK;
                long l2L = node[l2];
                long l2R = node[l2 + 1];
                n2 = x[(int) n2 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n2 >> 32) ? l2L : l2R;
                int l3 = (int) n3 & TreeEnsemble.FUSED_MASK;
                long l3L = node[l3];
                long l3R = node[l3 + 1];
                n3 = x[(int) n3 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n3 >> 32) ? l3L : l3R;
                int l4 = (int) n4 & TreeEnsemble.FUSED_MASK;
                long l4L = node[l4];
                long l4R = node[l4 + 1];
                n4 = x[(int) n4 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n4 >> 32) ? l4L : l4R;
                int l5 = (int) n5 & TreeEnsemble.FUSED_MASK;
                long l5L = node[l5];
                long l5R = node[l5 + 1];
                n5 = x[(int) n5 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n5 >> 32) ? l5L : l5R;
                int l6 = (int) n6 & TreeEnsemble.FUSED_MASK;
                long l6L = node[l6];
                long l6R = node[l6 + 1];
                n6 = x[(int) n6 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n6 >> 32) ? l6L : l6R;
                int l7 = (int) n7 & TreeEnsemble.FUSED_MASK;
                long l7L = node[l7];
                long l7R = node[l7 + 1];
                n7 = x[(int) n7 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n7 >> 32) ? l7L : l7R;
            }
            acc += leaf[((int) n0 & TreeEnsemble.FUSED_MASK) + (x[(int) n0 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n0 >> 32) ? 0 : 1)];
            acc += leaf[((int) n1 & TreeEnsemble.FUSED_MASK) + (x[(int) n1 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n1 >> 32) ? 0 : 1)];
            acc += leaf[((int) n2 & TreeEnsemble.FUSED_MASK) + (x[(int) n2 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n2 >> 32) ? 0 : 1)];
            acc += leaf[((int) n3 & TreeEnsemble.FUSED_MASK) + (x[(int) n3 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n3 >> 32) ? 0 : 1)];
            acc += leaf[((int) n4 & TreeEnsemble.FUSED_MASK) + (x[(int) n4 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n4 >> 32) ? 0 : 1)];
            acc += leaf[((int) n5 & TreeEnsemble.FUSED_MASK) + (x[(int) n5 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n5 >> 32) ? 0 : 1)];
            acc += leaf[((int) n6 & TreeEnsemble.FUSED_MASK) + (x[(int) n6 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n6 >> 32) ? 0 : 1)];
            acc += leaf[((int) n7 & TreeEnsemble.FUSED_MASK) + (x[(int) n7 >>> TreeEnsemble.FUSED_SHIFT] <= (int) (n7 >> 32) ? 0 : 1)];
        }
        return acc;
    }

    private void descendGeneral() {
        final int[] trees = e.generalTrees;
        if (trees.length == 0) {
            return;
        }
        final int[] slot = e.nodeSlot;
        final double[] thr = e.nodeThreshold;
        final int[] left = e.nodeLeft;
        final int[] right = e.nodeRight;
        final int[] catOffset = e.nodeCatOffset;
        final double[] x = this.x;
        for (int g = 0; g < trees.length; g++) {
            int n = e.generalRoot[g];
            while (n >= 0) {
                int c = catOffset[n];
                boolean goLeft;
                if (c < 0) {
                    goLeft = x[slot[n]] <= thr[n];
                } else {
                    goLeft = categoricalGoesLeft(n, c, x[slot[n]]);
                }
                n = goLeft ? left[n] : right[n];
            }
            leafPos[trees[g]] = ~n;
        }
    }

    private boolean categoricalGoesLeft(int n, int offset, double v) {
        if (v == Double.POSITIVE_INFINITY) { // the stand-in for missing; real inputs are finite
            return e.nodeMissingLeft[n];
        }
        int words = e.nodeCatLength[n];
        if (e.categoricalRule == CategoricalRule.XGBOOST) {
            if (v < 0 || v >= 16777216.0) {
                return true;
            }
            int code = (int) v;
            boolean in = (code >>> 5) < words
                    && (e.categoryBits[offset + (code >>> 5)] >>> (code & 31) & 1) != 0;
            return !in;
        }
        int code = (int) v;
        if (code < 0) {
            return false;
        }
        return (code >>> 5) < words
                && (e.categoryBits[offset + (code >>> 5)] >>> (code & 31) & 1) != 0;
    }

    private void accumulateFloat(double[] margins) {
        final float[] acc = accF;
        final float[] leaves = e.leafValuesF;
        final int[] out = e.treeOutput;
        final int[] pos = leafPos;
        final int trees = e.treeCount;
        System.arraycopy(e.baseMarginsF, 0, acc, 0, acc.length);
        if (e.leafWidth == 1) {
            if (acc.length == 1) {
                float a = acc[0];
                for (int t = 0; t < trees; t++) {
                    a += leaves[pos[t]];
                }
                acc[0] = a;
            } else {
                for (int t = 0; t < trees; t++) {
                    acc[out[t]] += leaves[pos[t]];
                }
            }
        } else {
            final int w = e.leafWidth;
            for (int t = 0; t < trees; t++) {
                int p = pos[t] * w;
                for (int k = 0; k < w; k++) {
                    acc[k] += leaves[p + k];
                }
            }
        }
        for (int k = 0; k < acc.length; k++) {
            margins[k] = acc[k];
        }
    }

    private void accumulateDouble(double[] margins) {
        final double[] acc = accD;
        final double[] leaves = e.leafValues;
        final int[] out = e.treeOutput;
        final int[] pos = leafPos;
        final int trees = e.treeCount;
        System.arraycopy(e.baseMargins, 0, acc, 0, acc.length);
        if (e.linearOffset != null) {
            for (int t = 0; t < trees; t++) {
                acc[out[t]] += linearLeaf(pos[t]);
            }
        } else if (acc.length == 1) {
            double a = acc[0];
            for (int t = 0; t < trees; t++) {
                a += leaves[pos[t]];
            }
            acc[0] = a;
        } else {
            for (int t = 0; t < trees; t++) {
                acc[out[t]] += leaves[pos[t]];
            }
        }
        System.arraycopy(acc, 0, margins, 0, acc.length);
    }

    /** LightGBM {@code Tree::Predict} for a linear leaf: any missing feature → plain value. */
    private double linearLeaf(int p) {
        int offset = e.linearOffset[p];
        if (offset < 0) {
            return e.leafValues[p];
        }
        double out = e.linearConstant[p];
        int end = offset + e.linearLength[p];
        for (int k = offset; k < end; k++) {
            double v = x[e.linearFeature[k]];
            if (v == Double.POSITIVE_INFINITY) { // missing
                return e.leafValues[p];
            }
            out += e.linearCoefficient[k] * v;
        }
        return out;
    }
}
