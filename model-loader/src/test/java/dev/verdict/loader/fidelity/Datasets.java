package dev.verdict.loader.fidelity;

import java.util.SplittableRandom;

/**
 * Generated training data for fidelity tests: deterministic, small, and shaped to hit the
 * corners that matter for exactness — values exactly on split thresholds (coarse grids),
 * missing values, categorical codes, and labels for every objective family.
 */
public final class Datasets {
    public final float[][] features;
    public final double[] signal;
    public final int featureCount;
    public final int categoricalFrom; // features at or after this index are categorical codes (or none)
    public final int categories;

    private Datasets(float[][] features, double[] signal, int categoricalFrom, int categories) {
        this.features = features;
        this.signal = signal;
        this.featureCount = features[0].length;
        this.categoricalFrom = categoricalFrom;
        this.categories = categories;
    }

    /**
     * @param rows number of rows
     * @param numeric numeric features (every other one on a coarse grid)
     * @param categorical categorical features
     * @param categories codes per categorical feature
     * @param missing probability of a missing cell
     * @param seed random seed
     */
    public static Datasets generate(int rows, int numeric, int categorical, int categories, double missing,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int width = numeric + categorical;
        float[][] x = new float[rows][width];
        double[] signal = new double[rows];
        double[] catEffect = new double[Math.max(1, categories)];
        for (int c = 0; c < catEffect.length; c++) {
            catEffect[c] = random.nextDouble(-1.5, 1.5);
        }
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int f = 0; f < numeric; f++) {
                double v = random.nextGaussian();
                // Grid features put many values exactly on the thresholds trees split at.
                float value = f % 2 == 1 ? (float) (Math.round(v * 4) / 4.0) : (float) v;
                x[r][f] = value;
                s += (f % 3 == 0 ? 1.0 : -0.5) * value + (f == 1 ? value * value * 0.3 : 0);
            }
            for (int f = numeric; f < width; f++) {
                int code = random.nextInt(categories);
                x[r][f] = code;
                s += catEffect[code];
            }
            signal[r] = s;
            for (int f = 0; f < width; f++) {
                if (random.nextDouble() < missing) {
                    x[r][f] = Float.NaN;
                }
            }
        }
        return new Datasets(x, signal, numeric, categories);
    }

    /** Rows the model has not seen, with more missing values, plus every feature missing at once. */
    public float[][] evaluationRows(long seed) {
        Datasets fresh = generate(150, categoricalFrom, featureCount - categoricalFrom,
                Math.max(1, categories), 0.3, seed);
        float[][] rows = new float[features.length + fresh.features.length + 1][];
        System.arraycopy(features, 0, rows, 0, features.length);
        System.arraycopy(fresh.features, 0, rows, features.length, fresh.features.length);
        float[] allMissing = new float[featureCount];
        java.util.Arrays.fill(allMissing, Float.NaN);
        rows[rows.length - 1] = allMissing;
        return rows;
    }

    public float[] binaryLabels(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] y = new float[signal.length];
        for (int r = 0; r < y.length; r++) {
            y[r] = random.nextDouble() < 1 / (1 + Math.exp(-signal[r])) ? 1f : 0f;
        }
        return y;
    }

    public float[] regressionLabels(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] y = new float[signal.length];
        for (int r = 0; r < y.length; r++) {
            y[r] = (float) (3 * signal[r] + random.nextGaussian());
        }
        return y;
    }

    /** Strictly positive, skewed: gamma, tweedie, squared-log error. */
    public float[] positiveLabels(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] y = new float[signal.length];
        for (int r = 0; r < y.length; r++) {
            y[r] = (float) (Math.exp(0.5 * signal[r]) * (0.2 + random.nextDouble()));
        }
        return y;
    }

    public float[] countLabels(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] y = new float[signal.length];
        for (int r = 0; r < y.length; r++) {
            double lambda = Math.exp(0.4 * signal[r]);
            int k = 0;
            double p = Math.exp(-lambda);
            double u = random.nextDouble();
            double cdf = p;
            while (u > cdf && k < 50) {
                k++;
                p *= lambda / k;
                cdf += p;
            }
            y[r] = k;
        }
        return y;
    }

    public float[] classLabels(int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] y = new float[signal.length];
        for (int r = 0; r < y.length; r++) {
            double v = signal[r] + random.nextGaussian() * 0.5;
            int c = (int) Math.floor((v + 3) / 6 * classes);
            y[r] = Math.max(0, Math.min(classes - 1, c));
        }
        return y;
    }

    /** Relevance grades 0–3 for ranking. */
    public float[] relevanceLabels(long seed) {
        float[] c = classLabels(4, seed);
        return c;
    }

    /** Survival times; negative = right-censored (XGBoost's survival:cox convention). */
    public float[] coxLabels(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] y = new float[signal.length];
        for (int r = 0; r < y.length; r++) {
            double t = -Math.log(1 - random.nextDouble()) * Math.exp(-0.5 * signal[r]);
            y[r] = (float) (random.nextDouble() < 0.2 ? -t : t) + (t == 0 ? 1e-3f : 0);
        }
        return y;
    }

    public float[][] multiTargetLabels(int targets, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] y = new float[signal.length][targets];
        for (int r = 0; r < y.length; r++) {
            for (int t = 0; t < targets; t++) {
                y[r][t] = (float) ((t + 1) * signal[r] + random.nextGaussian());
            }
        }
        return y;
    }

    /** Query groups of {@code size} rows each, for ranking objectives. */
    public static int[] groups(int rows, int size) {
        int[] g = new int[rows / size];
        java.util.Arrays.fill(g, size);
        return g;
    }

    /** Labels scaled into [0, 1): for reg:logistic and cross-entropy. */
    public static float[] scale01(float[] y) {
        float max = 0;
        for (float v : y) {
            max = Math.max(max, v);
        }
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i] / (max * 1.01f);
        }
        return out;
    }
}
