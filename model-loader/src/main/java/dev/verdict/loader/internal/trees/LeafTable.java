package dev.verdict.loader.internal.trees;

import java.util.Arrays;

/**
 * The leaves of the trees that the {@link LockstepLayout} and the {@link NodeArrayLayout} walk,
 * by leaf position: a walk finds each tree's leaf position, and the margins are then summed from
 * here in tree order. Position {@code p} holds {@code width} values at {@code p * width}, and for
 * LightGBM's linear trees an optional linear model.
 */
final class LeafTable {
    final int width;
    final double[] values;
    /** The values as floats, for float32 ensembles (exact: their leaves are float values); else null. */
    final float[] valuesF;
    // Linear leaves (LightGBM linear_tree), or null when no leaf is linear.
    final int[] linearOffset; // per position, into linearFeature/linearCoefficient; -1 = plain leaf
    final int[] linearLength;
    final double[] linearConstant;
    final int[] linearFeature;
    final double[] linearCoefficient;

    private LeafTable(Builder b, int positions, boolean float32) {
        this.width = b.width;
        this.values = Arrays.copyOf(b.values, Math.multiplyExact(positions, b.width));
        if (float32) {
            this.valuesF = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                valuesF[i] = (float) values[i];
            }
        } else {
            this.valuesF = null;
        }
        if (b.linearOffset != null) {
            this.linearOffset = Arrays.copyOf(b.linearOffset, positions);
            if (positions > b.linearOffset.length) { // positions reserved after the last linear leaf
                Arrays.fill(linearOffset, b.linearOffset.length, positions, -1);
            }
            this.linearLength = Arrays.copyOf(b.linearLength, positions);
            this.linearConstant = Arrays.copyOf(b.linearConstant, positions);
            this.linearFeature = Arrays.copyOf(b.linearFeature, b.linearTerms);
            this.linearCoefficient = Arrays.copyOf(b.linearCoefficient, b.linearTerms);
        } else {
            this.linearOffset = null;
            this.linearLength = null;
            this.linearConstant = null;
            this.linearFeature = null;
            this.linearCoefficient = null;
        }
    }

    /**
     * LightGBM {@code Tree::Predict} for leaf position {@code p}: a linear leaf's
     * {@code constant + Σ coefficient * x}, in stored order and without fused multiply-adds; its
     * plain value when any of its features is missing, or when it is not linear.
     *
     * @param x the row, as {@link RowRegions#loadDouble} writes it (region 0: NaN is +∞)
     */
    double linearLeaf(int p, double[] x) {
        int offset = linearOffset[p];
        if (offset < 0) {
            return values[p];
        }
        double out = linearConstant[p];
        int end = offset + linearLength[p];
        for (int k = offset; k < end; k++) {
            double v = x[linearFeature[k]];
            if (v == Double.POSITIVE_INFINITY) { // missing
                return values[p];
            }
            out += linearCoefficient[k] * v;
        }
        return out;
    }

    /** Collects leaves by position; positions are reserved in runs, one run per tree. */
    static final class Builder {
        private final int width;
        private double[] values = new double[64];
        private int positions;
        private int[] linearOffset;
        private int[] linearLength;
        private double[] linearConstant;
        private int[] linearFeature;
        private double[] linearCoefficient;
        private int linearTerms;

        Builder(int width) {
            this.width = width;
        }

        /** @return the first of {@code count} new positions, holding 0.0 until set */
        int reserve(int count) {
            int first = positions;
            positions = Math.addExact(positions, count);
            int needed = Math.multiplyExact(positions, width);
            if (needed > values.length) {
                values = Arrays.copyOf(values, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8,
                        2L * values.length)));
            }
            return first;
        }

        /** Sets position {@code p} to the values of leaf {@code n} of {@code tree}. */
        void set(int p, DecisionTree tree, int n) {
            System.arraycopy(tree.leafValues, n * width, values, p * width, width);
        }

        /** Makes position {@code p} the linear model of leaf {@code n} of a linear tree. */
        void setLinear(int p, DecisionTree tree, int n) {
            int terms = tree.linearFeatures[n].length;
            if (linearOffset == null) {
                linearOffset = new int[Math.max(positions, 16)];
                Arrays.fill(linearOffset, -1);
                linearLength = new int[linearOffset.length];
                linearConstant = new double[linearOffset.length];
                linearFeature = new int[Math.max(terms, 16)];
                linearCoefficient = new double[linearFeature.length];
            }
            if (p >= linearOffset.length) {
                int grown = Math.max(p + 1, 2 * linearOffset.length);
                int old = linearOffset.length;
                linearOffset = Arrays.copyOf(linearOffset, grown);
                Arrays.fill(linearOffset, old, grown, -1);
                linearLength = Arrays.copyOf(linearLength, grown);
                linearConstant = Arrays.copyOf(linearConstant, grown);
            }
            if (linearTerms + terms > linearFeature.length) {
                int grown = Math.max(Math.addExact(linearTerms, terms), 2 * linearFeature.length);
                linearFeature = Arrays.copyOf(linearFeature, grown);
                linearCoefficient = Arrays.copyOf(linearCoefficient, grown);
            }
            linearOffset[p] = linearTerms;
            linearLength[p] = terms;
            linearConstant[p] = tree.linearConstant[n];
            System.arraycopy(tree.linearFeatures[n], 0, linearFeature, linearTerms, terms);
            System.arraycopy(tree.linearCoefficients[n], 0, linearCoefficient, linearTerms, terms);
            linearTerms += terms;
        }

        LeafTable build(boolean float32) {
            return new LeafTable(this, positions, float32);
        }
    }
}
