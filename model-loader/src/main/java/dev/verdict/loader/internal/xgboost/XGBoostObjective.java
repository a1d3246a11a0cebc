package dev.verdict.loader.internal.xgboost;

import dev.verdict.core.OutputKind;
import dev.verdict.core.OutputSpec;
import dev.verdict.loader.ModelFormatException;
import dev.verdict.loader.internal.math.Libm;
import dev.verdict.loader.internal.trees.OutputTransform;

/**
 * XGBoost's objectives as prediction needs them: the output transform ({@code PredTransform}),
 * the shape of the output, and the link that turns the stored {@code base_score} into the base
 * margin ({@code ProbToMargin}). All arithmetic is float32 with glibc-exact {@link Libm}
 * functions, as XGBoost 3.4 computes it on x86-64 Linux ({@code src/common/math.h},
 * {@code src/objective/*}; survival:aft alone uses the double {@code exp}).
 */
final class XGBoostObjective {
    private enum Transform { IDENTITY, SIGMOID, EXP, EXP_DOUBLE, HINGE, SOFTPROB, SOFTMAX, QUANTILE_SORT, EXPECTILE }

    private enum Link { IDENTITY, LOGIT, LOG, EXPECTILE }

    final String name;
    private final Transform transform;
    private final Link link;
    final boolean isProbability;

    private XGBoostObjective(String name, Transform transform, Link link, boolean probability) {
        this.name = name;
        this.transform = transform;
        this.link = link;
        this.isProbability = probability;
    }

    /**
     * @param name the objective's name as stored in the model
     * @throws ModelFormatException for an objective XGBoost 3.4 does not ship
     */
    static XGBoostObjective named(String name) {
        return switch (name) {
            case "reg:squarederror", "reg:linear", "reg:squaredlogerror", "reg:pseudohubererror",
                    "reg:absoluteerror", "binary:logitraw", "rank:pairwise", "rank:ndcg",
                    "rank:map" -> new XGBoostObjective(name, Transform.IDENTITY, Link.IDENTITY, false);
            case "binary:logistic", "reg:logistic" ->
                    new XGBoostObjective(name, Transform.SIGMOID, Link.LOGIT, true);
            case "count:poisson", "reg:gamma", "reg:tweedie", "survival:cox" ->
                    new XGBoostObjective(name, Transform.EXP, Link.LOG, false);
            case "survival:aft" -> new XGBoostObjective(name, Transform.EXP_DOUBLE, Link.LOG, false);
            case "binary:hinge" -> new XGBoostObjective(name, Transform.HINGE, Link.IDENTITY, false);
            case "multi:softprob" -> new XGBoostObjective(name, Transform.SOFTPROB, Link.IDENTITY, true);
            case "multi:softmax" -> new XGBoostObjective(name, Transform.SOFTMAX, Link.IDENTITY, false);
            case "reg:quantileerror" ->
                    new XGBoostObjective(name, Transform.QUANTILE_SORT, Link.IDENTITY, false);
            case "reg:expectileerror" ->
                    new XGBoostObjective(name, Transform.EXPECTILE, Link.EXPECTILE, false);
            default -> throw new ModelFormatException("unknown XGBoost objective '" + name
                    + "' (XGBoost 3.4 ships binary:*, reg:*, count:poisson, survival:*, multi:*, rank:*)");
        };
    }

    boolean isMultiClass() {
        return transform == Transform.SOFTPROB || transform == Transform.SOFTMAX;
    }

    /** The output shape for {@code groups} margins. */
    OutputSpec outputs(int groups) {
        if (transform == Transform.SOFTMAX) {
            return OutputSpec.classLabel(groups);
        }
        if (transform == Transform.SOFTPROB) {
            return OutputSpec.classProbabilities(groups);
        }
        OutputKind kind = isProbability ? OutputKind.PROBABILITY : OutputKind.PREDICTION;
        if (groups == 1) {
            return isProbability ? OutputSpec.probability() : OutputSpec.prediction();
        }
        return OutputSpec.targets(kind, groups);
    }

    /** {@code ProbToMargin} of XGBoost ≥ 3.2, element-wise in float32. */
    float[] baseMargins(float[] baseScore) {
        float[] m = baseScore.clone();
        switch (link) {
            case IDENTITY -> {
            }
            case LOGIT -> {
                for (int i = 0; i < m.length; i++) {
                    float b = Math.min(Math.max(m[i], 1e-6f), 1.0f - 1e-6f);
                    m[i] = -Libm.logf(1.0f / b - 1.0f);
                }
            }
            case LOG -> {
                for (int i = 0; i < m.length; i++) {
                    m[i] = Libm.logf(m[i]);
                }
            }
            case EXPECTILE -> {
                // From the last element down, using the original neighbours.
                for (int j = m.length - 1; j >= 1; j--) {
                    m[j] = softPlusInverse((baseScore[j] - baseScore[j - 1]) - 1e-6f);
                }
            }
            default -> throw new AssertionError(link);
        }
        return m;
    }

    /** The {@link OutputTransform} for this objective. */
    OutputTransform transform() {
        return switch (transform) {
            case IDENTITY -> OutputTransform.IDENTITY;
            case SIGMOID -> (margins, scores) -> {
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = sigmoid((float) margins[i]);
                }
            };
            case EXP -> (margins, scores) -> {
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = Libm.expf((float) margins[i]);
                }
            };
            case EXP_DOUBLE -> (margins, scores) -> {
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = (float) Libm.exp((float) margins[i]);
                }
            };
            case HINGE -> (margins, scores) -> {
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = (float) margins[i] > 0.0f ? 1.0f : 0.0f;
                }
            };
            case SOFTPROB -> XGBoostObjective::softmax;
            case SOFTMAX -> (margins, scores) -> scores[0] = argmax(margins);
            case QUANTILE_SORT -> XGBoostObjective::sortAscending;
            case EXPECTILE -> XGBoostObjective::expectile;
        };
    }

    /** {@code common::Sigmoid} (XGBoost ≥ 1.6): float32, exponent clamped at 88.7. */
    private static float sigmoid(float x) {
        float t = Math.min(-x, 88.7f); // NaN stays NaN, as with std::min(NaN, 88.7f)
        float denom = (Libm.expf(t) + 1.0f) + 1e-16f;
        return 1.0f / denom;
    }

    /** {@code common::Softmax}: float max and exponentials, a double sum, a float division. */
    private static void softmax(double[] margins, double[] scores) {
        int k = margins.length;
        float wmax = (float) margins[0];
        for (int i = 1; i < k; i++) {
            wmax = fmaxf((float) margins[i], wmax);
        }
        double wsum = 0.0;
        for (int i = 0; i < k; i++) {
            float e = Libm.expf((float) margins[i] - wmax);
            scores[i] = e;
            wsum += e;
        }
        float sum = (float) wsum;
        for (int i = 0; i < k; i++) {
            scores[i] = (float) scores[i] / sum;
        }
    }

    /** C's {@code fmaxf}: a NaN argument yields the other argument. */
    private static float fmaxf(float a, float b) {
        if (a != a) {
            return b;
        }
        if (b != b) {
            return a;
        }
        return Math.max(a, b);
    }

    /** {@code FindMaxIndex}: the first index holding the strictly largest value. */
    private static double argmax(double[] margins) {
        int best = 0;
        float max = (float) margins[0];
        for (int i = 1; i < margins.length; i++) {
            float v = (float) margins[i];
            if (v > max) {
                max = v;
                best = i;
            }
        }
        return best;
    }

    /** XGBoost 3.4 {@code reg:quantileerror}: each row's quantiles sorted ascending (insertion sort). */
    private static void sortAscending(double[] margins, double[] scores) {
        int n = scores.length;
        for (int i = 0; i < n; i++) {
            scores[i] = (float) margins[i];
        }
        for (int i = 1; i < n; i++) {
            double v = scores[i];
            int j = i - 1;
            while (j >= 0 && scores[j] > v) {
                scores[j + 1] = scores[j];
                j--;
            }
            scores[j + 1] = v;
        }
    }

    /** {@code reg:expectileerror}: cumulative soft-plus increments from the first expectile. */
    private static void expectile(double[] margins, double[] scores) {
        float pred = (float) margins[0];
        scores[0] = pred;
        for (int j = 1; j < scores.length; j++) {
            pred = pred + (1e-6f + softPlus((float) margins[j]));
            scores[j] = pred;
        }
    }

    private static float softPlus(float x) {
        return x > 0 ? x + Libm.log1pf(Libm.expf(-x)) : Libm.log1pf(Libm.expf(x));
    }

    private static float softPlusInverse(float x) {
        x = Math.max(x, 1e-6f);
        return x + Libm.logf(-Libm.expm1f(-x));
    }
}
