package dev.verdict.loader.trees;

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
    private final float[] xf;
    private final int[] leafPos;
    private final float[] accF;
    private final double[] accD;

    TreeEvaluator(TreeEnsemble ensemble) {
        this.e = ensemble;
        this.raw = new double[ensemble.featureCount];
        this.x = new double[ensemble.regions * ensemble.featureCount + 1]; // + the zero cell
        this.xf = ensemble.fusedFloat ? new float[ensemble.regions * ensemble.featureCount] : null;
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
            for (int i = 0; i < f; i++) {
                // Beyond float32 a value becomes infinite, which XGBoost rejects.
                if (Float.isInfinite((float) raw[i])) {
                    return i;
                }
            }
            if (xf != null) {
                loadFloat(raw, f);
            } else {
                loadFloatAsDouble(raw, f);
            }
        } else if (e.regions == 4) {
            loadDoubleWithZeroRegions(raw, f);
        } else {
            loadDouble(raw, f);
        }
        return -1;
    }

    /** The fused path reads floats: NaN becomes +∞ in region 0 and −∞ in region 1. */
    private void loadFloat(double[] raw, int f) {
        final float[] xf = this.xf;
        for (int i = 0; i < f; i++) {
            float v = (float) raw[i];
            boolean missing = v != v;
            xf[i] = missing ? Float.POSITIVE_INFINITY : v;
            xf[f + i] = missing ? Float.NEGATIVE_INFINITY : v;
        }
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
     */
    private float fusedFloat() {
        final long[] node = e.perfectNodeF;
        final float[] x = this.xf;
        final float[] leaf = e.leafValuesF;
        final int[] nodeBase = e.perfectNodeBase;
        final int[] leafBase = e.perfectLeafBase;
        final int blocks = e.blockFirstTree.length;
        float acc = e.baseMarginsF[0];
        for (int b = 0; b < blocks; b++) {
            int t = e.blockFirstTree[b];
            int depth = e.blockDepth[b];
            int firstLeaf = (1 << depth) - 1;
            int b0 = nodeBase[t];
            int b1 = nodeBase[t + 1];
            int b2 = nodeBase[t + 2];
            int b3 = nodeBase[t + 3];
            int b4 = nodeBase[t + 4];
            int b5 = nodeBase[t + 5];
            int b6 = nodeBase[t + 6];
            int b7 = nodeBase[t + 7];
            int i0 = 0;
            int i1 = 0;
            int i2 = 0;
            int i3 = 0;
            int i4 = 0;
            int i5 = 0;
            int i6 = 0;
            int i7 = 0;
            for (int d = 0; d < depth; d++) {
                long n0 = node[b0 + i0];
                i0 = 2 * i0 + (x[(int) (n0 >>> 32)] <= Float.intBitsToFloat((int) n0) ? 1 : 2);
                long n1 = node[b1 + i1];
                i1 = 2 * i1 + (x[(int) (n1 >>> 32)] <= Float.intBitsToFloat((int) n1) ? 1 : 2);
                long n2 = node[b2 + i2];
                i2 = 2 * i2 + (x[(int) (n2 >>> 32)] <= Float.intBitsToFloat((int) n2) ? 1 : 2);
                long n3 = node[b3 + i3];
                i3 = 2 * i3 + (x[(int) (n3 >>> 32)] <= Float.intBitsToFloat((int) n3) ? 1 : 2);
                long n4 = node[b4 + i4];
                i4 = 2 * i4 + (x[(int) (n4 >>> 32)] <= Float.intBitsToFloat((int) n4) ? 1 : 2);
                long n5 = node[b5 + i5];
                i5 = 2 * i5 + (x[(int) (n5 >>> 32)] <= Float.intBitsToFloat((int) n5) ? 1 : 2);
                long n6 = node[b6 + i6];
                i6 = 2 * i6 + (x[(int) (n6 >>> 32)] <= Float.intBitsToFloat((int) n6) ? 1 : 2);
                long n7 = node[b7 + i7];
                i7 = 2 * i7 + (x[(int) (n7 >>> 32)] <= Float.intBitsToFloat((int) n7) ? 1 : 2);
            }
            acc += leaf[leafBase[t] + i0 - firstLeaf];
            acc += leaf[leafBase[t + 1] + i1 - firstLeaf];
            acc += leaf[leafBase[t + 2] + i2 - firstLeaf];
            acc += leaf[leafBase[t + 3] + i3 - firstLeaf];
            acc += leaf[leafBase[t + 4] + i4 - firstLeaf];
            acc += leaf[leafBase[t + 5] + i5 - firstLeaf];
            acc += leaf[leafBase[t + 6] + i6 - firstLeaf];
            acc += leaf[leafBase[t + 7] + i7 - firstLeaf];
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
