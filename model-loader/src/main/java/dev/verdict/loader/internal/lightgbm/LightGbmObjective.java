package dev.verdict.loader.internal.lightgbm;

import dev.verdict.core.OutputSpec;
import dev.verdict.loader.ModelFormatException;
import dev.verdict.loader.internal.math.Libm;
import dev.verdict.loader.internal.trees.OutputTransform;

/**
 * LightGBM's built-in objectives as prediction needs them: the output transform
 * ({@code ObjectiveFunction::ConvertOutput}, {@code src/objective/*.hpp}) parsed back from the
 * model's {@code objective=} line, in double precision with glibc-exact {@link Libm#exp} and
 * {@link Libm#log1p}. A model without an objective line (custom objective) returns raw scores.
 * Random-forest models ({@code average_output}) divide the summed trees by the number of
 * iterations before the transform.
 */
final class LightGbmObjective {
    private enum Kind { RAW, SQRT, EXP, SIGMOID, SOFTMAX, SIGMOID_OVA, CROSS_ENTROPY, CROSS_ENTROPY_LAMBDA }

    final String text;
    final String name;
    private final Kind kind;
    private final double sigmoid;
    final int numClass;

    private LightGbmObjective(String text, String name, Kind kind, double sigmoid, int numClass) {
        this.text = text;
        this.name = name;
        this.kind = kind;
        this.sigmoid = sigmoid;
        this.numClass = numClass;
    }

    /**
     * @param line the value of the {@code objective=} header, or null when absent
     * @param where how to name the line in errors
     */
    static LightGbmObjective parse(String line, String where) {
        if (line == null) {
            return new LightGbmObjective("", "custom", Kind.RAW, 0, 0);
        }
        String[] tokens = line.trim().split(" +");
        String name = tokens[0];
        boolean sqrt = false;
        double sigmoid = Double.NaN;
        int numClass = -1;
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.equals("sqrt")) {
                sqrt = true;
                continue;
            }
            String[] kv = token.split(":", -1);
            if (kv.length != 2) {
                continue; // LightGBM ignores malformed parameter tokens too
            }
            switch (kv[0]) {
                case "sigmoid" -> sigmoid = LightGbmNumbers.atof(kv[1]);
                case "num_class" -> numClass = LightGbmNumbers.atoi(kv[1], where + ": num_class");
                default -> {
                }
            }
        }
        Kind kind = switch (name) {
            case "regression", "regression_l2", "regression_l1", "quantile", "fair", "mape" ->
                    sqrt ? Kind.SQRT : Kind.RAW;
            case "huber", "lambdarank", "rank_xendcg" -> Kind.RAW;
            case "poisson", "gamma", "tweedie" -> Kind.EXP;
            case "binary" -> Kind.SIGMOID;
            case "multiclass", "softmax" -> Kind.SOFTMAX;
            case "multiclassova", "multiclass_ova", "ova", "ovr" -> Kind.SIGMOID_OVA;
            case "cross_entropy", "xentropy" -> Kind.CROSS_ENTROPY;
            case "cross_entropy_lambda", "xentlambda" -> Kind.CROSS_ENTROPY_LAMBDA;
            case "custom", "none", "null", "na" -> Kind.RAW;
            default -> throw new ModelFormatException(where + ": unknown LightGBM objective '" + name + "'");
        };
        if ((kind == Kind.SIGMOID || kind == Kind.SIGMOID_OVA) && !(sigmoid > 0.0)) {
            throw new ModelFormatException(where + ": objective '" + line
                    + "' needs a positive sigmoid parameter");
        }
        if ((kind == Kind.SOFTMAX || kind == Kind.SIGMOID_OVA) && numClass < 1) {
            throw new ModelFormatException(where + ": objective '" + line + "' needs num_class");
        }
        return new LightGbmObjective(line, name, kind, sigmoid, numClass);
    }

    boolean isMultiClass() {
        return kind == Kind.SOFTMAX || kind == Kind.SIGMOID_OVA;
    }

    OutputSpec outputs(int trees) {
        boolean probability = kind == Kind.SIGMOID || kind == Kind.SOFTMAX
                || kind == Kind.SIGMOID_OVA || kind == Kind.CROSS_ENTROPY;
        if (isMultiClass()) {
            return OutputSpec.classProbabilities(trees);
        }
        if (trees != 1) {
            return OutputSpec.targets(probability ? dev.verdict.core.OutputKind.PROBABILITY
                    : dev.verdict.core.OutputKind.PREDICTION, trees);
        }
        return probability ? OutputSpec.probability() : OutputSpec.prediction();
    }

    /**
     * @param averageOver for {@code average_output} (random forest) models, the number of
     *     iterations the raw sum is divided by; 0 otherwise
     */
    OutputTransform transform(int averageOver) {
        final double s = sigmoid;
        final Kind k = kind;
        return (margins, scores) -> {
            int n = scores.length;
            for (int i = 0; i < n; i++) {
                scores[i] = averageOver > 0 ? margins[i] / averageOver : margins[i];
            }
            switch (k) {
                case RAW -> {
                }
                case SQRT -> {
                    for (int i = 0; i < n; i++) {
                        double x = scores[i];
                        int sign = (x > 0 ? 1 : 0) - (x < 0 ? 1 : 0); // Common::Sign, an int
                        scores[i] = (sign * x) * x;
                    }
                }
                case EXP -> {
                    for (int i = 0; i < n; i++) {
                        scores[i] = Libm.exp(scores[i]);
                    }
                }
                case SIGMOID, SIGMOID_OVA -> {
                    for (int i = 0; i < n; i++) {
                        scores[i] = 1.0 / (1.0 + Libm.exp(-s * scores[i]));
                    }
                }
                case CROSS_ENTROPY -> {
                    for (int i = 0; i < n; i++) {
                        scores[i] = 1.0 / (1.0 + Libm.exp(-scores[i]));
                    }
                }
                case CROSS_ENTROPY_LAMBDA -> {
                    for (int i = 0; i < n; i++) {
                        scores[i] = Libm.log1p(Libm.exp(scores[i]));
                    }
                }
                case SOFTMAX -> softmax(scores);
                default -> throw new AssertionError(k);
            }
        };
    }

    /** {@code Common::Softmax}: max via {@code std::max}, exponentials summed in order, divide. */
    private static void softmax(double[] v) {
        double wmax = v[0];
        for (int i = 1; i < v.length; i++) {
            wmax = v[i] < wmax ? wmax : v[i];
        }
        double wsum = 0.0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Libm.exp(v[i] - wmax);
            wsum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= wsum;
        }
    }
}
