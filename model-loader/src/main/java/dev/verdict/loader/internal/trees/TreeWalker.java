package dev.verdict.loader.internal.trees;

import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureVector;

/**
 * Walks a {@link TreeEnsemble} for one thread: owns the row scratch, the leaf positions and the
 * running margins, so that a walk allocates nothing. The {@link TreeScorer} of a tree model walks
 * through one of these.
 */
final class TreeWalker {
    private final TreeEnsemble e;
    private final RowRegions regions;
    private final double[] raw;
    /** The row as the lockstep and node-array walks read it ({@link RowRegions}). */
    private final double[] x;
    /** The row as the perfect layout's walk reads it: order keys; null without that layout. */
    private final int[] keys;
    private final int[] leafPos;
    private final float[] accF;
    private final double[] accD;

    TreeWalker(TreeEnsemble ensemble) {
        this.e = ensemble;
        this.regions = ensemble.regions;
        this.raw = new double[ensemble.featureCount];
        this.x = new double[regions.cells()];
        this.keys = ensemble.perfect != null ? new int[regions.count * ensemble.featureCount] : null;
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
    int margins(FeatureVector row, double[] margins) {
        row.copyTo(raw);
        int bad = load();
        if (bad >= 0) {
            return bad;
        }
        walk(margins);
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
    int margins(FeatureBatch batch, int r, double[] margins) {
        batch.copyRow(r, raw);
        int bad = load();
        if (bad >= 0) {
            return bad;
        }
        walk(margins);
        return -1;
    }

    /** Copies {@link #raw} into the walks' scratch; returns -1 or the index of a bad value. */
    private int load() {
        final double[] raw = this.raw;
        if (e.arithmetic == Arithmetic.FLOAT32) {
            if (keys != null) {
                return regions.loadFloatKeys(raw, keys);
            }
            for (int i = 0; i < raw.length; i++) {
                // Beyond float32 a value becomes infinite, which XGBoost rejects.
                if (Float.isInfinite((float) raw[i])) {
                    return i;
                }
            }
            regions.loadFloat(raw, x);
        } else {
            regions.loadDouble(raw, x);
        }
        return -1;
    }

    private void walk(double[] margins) {
        if (e.perfect != null) {
            margins[0] = e.perfect.margin(keys, e.baseMarginsF[0]);
            return;
        }
        e.lockstep.descend(x, leafPos);
        e.nodeArray.descend(x, leafPos);
        if (e.arithmetic == Arithmetic.FLOAT32) {
            accumulateFloat(margins);
        } else {
            accumulateDouble(margins);
        }
    }

    private void accumulateFloat(double[] margins) {
        final float[] acc = accF;
        final float[] leaves = e.leaves.valuesF;
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
        final LeafTable table = e.leaves;
        final double[] leaves = table.values;
        final int[] out = e.treeOutput;
        final int[] pos = leafPos;
        final int trees = e.treeCount;
        System.arraycopy(e.baseMargins, 0, acc, 0, acc.length);
        if (table.linearOffset != null) {
            for (int t = 0; t < trees; t++) {
                acc[out[t]] += table.linearLeaf(pos[t], x);
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
}
