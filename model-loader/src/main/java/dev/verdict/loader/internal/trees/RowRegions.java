package dev.verdict.loader.internal.trees;

/**
 * The row as the walks read it, so that a missing value costs no branch: the row is copied into
 * a scratch of two or four regions of {@code featureCount} cells each. NaN becomes +∞ in one
 * region and −∞ in another (and, for LightGBM's {@code missing_type=Zero}, NaN and 0 become ±∞ in
 * two more). A split reads the region whose substitute goes its missing direction under
 * {@code x <= t}; real inputs are never infinite (rejected on entry), so the substitutes cannot
 * collide with data. One cell after the regions always holds 0.0 (the lockstep walk's leaves test
 * it against +∞ to stay where they are).
 *
 * <p>A cell's index in the scratch is its <em>slot</em>: {@code region * featureCount + feature}.
 */
final class RowRegions {
    /** NaN reads as +∞, which goes right. */
    static final int NAN_RIGHT = 0;
    /** NaN reads as −∞, which goes left. */
    private static final int NAN_LEFT = 1;
    /** NaN and 0 read as +∞ (LightGBM {@code missing_type=Zero}, missing goes right). */
    private static final int ZERO_RIGHT = 2;
    /** NaN and 0 read as −∞ (LightGBM {@code missing_type=Zero}, missing goes left). */
    private static final int ZERO_LEFT = 3;

    /** LightGBM's {@code kZeroThreshold}: the float literal 1e-35f, widened to double. */
    private static final double LIGHTGBM_ZERO = 1e-35f;

    final int featureCount;
    /** 2, or 4 when some split treats 0 as missing. */
    final int count;
    /** The slot of the cell that always holds 0.0, right after the regions. */
    final int zeroSlot;

    RowRegions(int featureCount, boolean zeroIsMissing) {
        this.featureCount = featureCount;
        this.count = zeroIsMissing ? 4 : 2;
        this.zeroSlot = count * featureCount;
    }

    /** @return the number of cells a walk's scratch row needs: the regions and the zero cell */
    int cells() {
        return zeroSlot + 1;
    }

    /** The slot that numeric node {@code n} of {@code tree} reads. */
    int slot(DecisionTree tree, int n) {
        int region = tree.zeroIsMissing[n]
                ? (tree.missingLeft[n] ? ZERO_LEFT : ZERO_RIGHT)
                : (tree.missingLeft[n] ? NAN_LEFT : NAN_RIGHT);
        return region * featureCount + tree.feature[n];
    }

    /**
     * A numeric threshold as the walks store it. +∞ would send the +∞ stand-in for "missing, go
     * right" left; for real (finite) inputs {@code x <= MAX_VALUE} is the same test.
     */
    static double threshold(double t) {
        return t == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : t;
    }

    /** Float32 arithmetic (XGBoost): each value rounded to float, NaN → ±∞. */
    void loadFloat(double[] raw, double[] x) {
        final int f = featureCount;
        for (int i = 0; i < f; i++) {
            float v = (float) raw[i];
            boolean missing = v != v;
            x[i] = missing ? Double.POSITIVE_INFINITY : v;
            x[f + i] = missing ? Double.NEGATIVE_INFINITY : v;
        }
    }

    /**
     * The perfect layout's walk compares {@link PerfectLayout#key order keys}: NaN becomes +∞'s
     * key in region 0 and −∞'s in region 1. Checks the range in the same pass.
     *
     * @return -1, or the index of a value beyond float32's range
     */
    int loadFloatKeys(double[] raw, int[] keys) {
        final int f = featureCount;
        for (int i = 0; i < f; i++) {
            float v = (float) raw[i];
            if (Math.abs(v) == Float.POSITIVE_INFINITY) {
                return i; // beyond float32 a value becomes infinite, which XGBoost rejects
            }
            boolean missing = v != v;
            keys[i] = PerfectLayout.key(missing ? Float.POSITIVE_INFINITY : v);
            keys[f + i] = PerfectLayout.key(missing ? Float.NEGATIVE_INFINITY : v);
        }
        return -1;
    }

    /**
     * Double arithmetic (LightGBM), whose dense-row reader turns {@code |x| <= 1e-35f} (and -0.0)
     * into +0.0; with four regions, 0 (and NaN) also become ±∞ in the zero regions.
     */
    void loadDouble(double[] raw, double[] x) {
        if (count == 4) {
            loadDoubleWithZeroRegions(raw, x);
            return;
        }
        final int f = featureCount;
        for (int i = 0; i < f; i++) {
            double v = raw[i];
            boolean missing = v != v;
            v = Math.abs(v) <= LIGHTGBM_ZERO ? 0.0 : v;
            x[i] = missing ? Double.POSITIVE_INFINITY : v;
            x[f + i] = missing ? Double.NEGATIVE_INFINITY : v;
        }
    }

    private void loadDoubleWithZeroRegions(double[] raw, double[] x) {
        final int f = featureCount;
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
}
