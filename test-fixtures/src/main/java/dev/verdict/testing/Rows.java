package dev.verdict.testing;

import java.util.SplittableRandom;

/**
 * Row-major feature matrices for tests and benchmarks: generated rows, and the float32/double
 * conversions between what XGBoost reads (float32) and what LightGBM reads (double).
 */
public final class Rows {
    private Rows() {
    }

    /**
     * {@return standard-normal values, {@code NaN} where missing}
     *
     * @param rows number of rows
     * @param features values per row
     * @param missing probability of a missing (NaN) cell
     * @param seed random seed
     */
    public static float[][] gaussian(int rows, int features, double missing, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] x = new float[rows][features];
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < features; f++) {
                x[r][f] = random.nextDouble() < missing ? Float.NaN : (float) random.nextGaussian();
            }
        }
        return x;
    }

    /**
     * Turns columns {@code [from, to)} into category codes {@code 0 … categories-1}: each value
     * (standard normal, as {@link #gaussian} makes them) binned over [-3, 3), the outer bins
     * taking the tails; missing stays missing.
     *
     * @param x rows, changed in place
     * @param from the first column to turn
     * @param to the end of the columns to turn (exclusive)
     * @param categories the number of codes
     * @return {@code x}
     */
    public static float[][] categorical(float[][] x, int from, int to, int categories) {
        for (float[] row : x) {
            for (int f = from; f < to; f++) {
                if (row[f] == row[f]) {
                    int code = (int) Math.floor((row[f] + 3) * categories / 6);
                    row[f] = Math.max(0, Math.min(categories - 1, code));
                }
            }
        }
        return x;
    }

    /**
     * Every row of {@code rows} once with each of {@code values} in each of {@code columns}, the
     * rest of the row unchanged: for checking how a model reads unusual values of some features.
     *
     * @param rows the rows to start from
     * @param columns the columns to set
     * @param values the values to set them to, one at a time
     * @return {@code rows.length * columns.length * values.length} new rows, row-major in that order
     */
    public static double[][] withEach(double[][] rows, int[] columns, double[] values) {
        double[][] out = new double[rows.length * columns.length * values.length][];
        int k = 0;
        for (double[] row : rows) {
            for (int column : columns) {
                for (double value : values) {
                    double[] copy = row.clone();
                    copy[column] = value;
                    out[k++] = copy;
                }
            }
        }
        return out;
    }

    /**
     * {@return the same values as doubles (exact)}
     *
     * @param x float32 rows
     */
    public static double[][] widen(float[][] x) {
        double[][] d = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            d[r] = new double[x[r].length];
            for (int f = 0; f < x[r].length; f++) {
                d[r][f] = x[r][f];
            }
        }
        return d;
    }

    /**
     * {@return the values rounded to float32, as XGBoost reads them}
     *
     * @param x double rows
     */
    public static float[][] narrow(double[][] x) {
        float[][] f = new float[x.length][];
        for (int r = 0; r < x.length; r++) {
            f[r] = new float[x[r].length];
            for (int c = 0; c < x[r].length; c++) {
                f[r][c] = (float) x[r][c];
            }
        }
        return f;
    }
}
