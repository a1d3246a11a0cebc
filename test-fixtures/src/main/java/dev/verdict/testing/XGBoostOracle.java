package dev.verdict.testing;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import ml.dmlc.xgboost4j.java.XGBoostJNI;

/**
 * Test oracle backed by the native XGBoost library (XGBoost4J 3.4.0): trains small boosters and
 * returns their serialized bytes and the native predictions that the pure-Java engine must
 * reproduce bit for bit.
 *
 * {@snippet class=dev.verdict.testing.Snippets region=xgboost}
 * }
 */
public final class XGBoostOracle {
    /*
     * Facts this class relies on (checked against XGBoost4J 3.4.0, see docs/native-oracles.md):
     * - DMatrix(float[], nrow, ncol, NaN): NaN cells are dropped from the matrix, i.e. "missing",
     *   and follow each split's default direction. inplace_predict takes the same missing value.
     * - Categorical features need only feature_type "c" on the DMatrix (tree_method hist, the
     *   default); XGBoost.train copies names and types to the booster. There is no
     *   enable_categorical switch in the JVM API: category codes are the float values themselves.
     * - inplace_predict(iteration_range [0,0)) uses every tree, also after early stopping:
     *   best_iteration is only an attribute. predict(DMatrix, margin, treeLimit) means
     *   iteration_range [0, treeLimit / num_parallel_tree).
     * - Multi-target labels are n*k row-major values given to setLabel(float[]); AFT label bounds
     *   have no typed setter and go through XGBoostJNI.XGDMatrixSetFloatInfo.
     */

    /** Parameters every oracle booster starts from; caller parameters override them. */
    public static final Map<String, Object> DETERMINISTIC = Map.of("nthread", 1, "seed", 0, "verbosity", 0);

    private static final int[] ALL_TREES = {0, 0};

    private XGBoostOracle() {
    }

    /** Starts describing a booster trained on {@code features} (row-major, {@code NaN} = missing). */
    public static Training training(float[][] features) {
        return new Training(features);
    }

    /** Loads a model serialized by any XGBoost binding (JSON or UBJSON) with {@code nthread=1}. */
    public static NativeBooster load(byte[] modelBytes) {
        try {
            Booster booster = XGBoost.loadModel(modelBytes);
            // Without it, OpenMP's default thread team makes each small predict call cost milliseconds.
            booster.setParam("nthread", 1);
            return new NativeBooster(booster);
        } catch (XGBoostError | java.io.IOException e) {
            throw new IllegalStateException("XGBoost could not load the model: " + e.getMessage(), e);
        }
    }

    /** What to train: data, side information, parameters, rounds and early stopping. */
    public static final class Training {
        private final float[][] features;
        private float[] labels;
        private float[][] multiTargetLabels;
        private float[] weights;
        private int[] groups;
        private float[] lowerBounds;
        private float[] upperBounds;
        private String[] featureTypes;
        private String[] featureNames;
        private final Map<String, Object> params = new HashMap<>(DETERMINISTIC);
        private int rounds = 10;
        private float[][] validationFeatures;
        private float[] validationLabels;
        private int[] validationGroups;
        private int earlyStoppingRounds;
        private java.util.function.IntConsumer progress;

        private Training(float[][] features) {
            this.features = Objects.requireNonNull(features, "features");
        }

        /** One label per row. */
        public Training labels(float[] labels) {
            this.labels = labels;
            return this;
        }

        /** Several targets per row ({@code labels[row][target]}), for multi-output regression. */
        public Training labels(float[][] labels) {
            this.multiTargetLabels = labels;
            return this;
        }

        /** One weight per row (one per group for ranking objectives). */
        public Training weights(float[] weights) {
            this.weights = weights;
            return this;
        }

        /** Query group sizes, in row order, for {@code rank:*} objectives. */
        public Training groups(int... groupSizes) {
            this.groups = groupSizes;
            return this;
        }

        /** Interval-censored labels for {@code survival:aft}; use {@code +Infinity} for right-censored rows. */
        public Training labelBounds(float[] lower, float[] upper) {
            this.lowerBounds = lower;
            this.upperBounds = upper;
            return this;
        }

        /** One of {@code "q"} (numeric), {@code "c"} (categorical), {@code "int"}, {@code "float"} per feature. */
        public Training featureTypes(String... types) {
            this.featureTypes = types;
            return this;
        }

        /** Feature names, stored in the model. */
        public Training featureNames(String... names) {
            this.featureNames = names;
            return this;
        }

        /** Adds or overrides one booster parameter. */
        public Training param(String key, Object value) {
            params.put(key, value);
            return this;
        }

        /** Adds or overrides booster parameters. */
        public Training params(Map<String, ?> more) {
            params.putAll(more);
            return this;
        }

        /** Boosting rounds (the most, when early stopping). */
        public Training rounds(int rounds) {
            this.rounds = rounds;
            return this;
        }

        /** A validation set, evaluated each round with the booster's (single) {@code eval_metric}. */
        public Training validation(float[][] features, float[] labels) {
            this.validationFeatures = features;
            this.validationLabels = labels;
            return this;
        }

        /** Query group sizes of the validation set. */
        public Training validationGroups(int... groupSizes) {
            this.validationGroups = groupSizes;
            return this;
        }

        /**
         * Stops when the validation metric has not improved for {@code rounds} rounds. The booster
         * keeps every tree; {@link NativeBooster#bestIteration()} says which round was best.
         */
        public Training earlyStoppingRounds(int rounds) {
            this.earlyStoppingRounds = rounds;
            return this;
        }

        /**
         * Reports each finished round (1-based) while training; not combinable with early stopping.
         */
        public Training progress(java.util.function.IntConsumer roundsDone) {
            this.progress = roundsDone;
            return this;
        }

        /** Trains with the native library. */
        public NativeBooster train() {
            if (progress != null && earlyStoppingRounds > 0) {
                throw new IllegalStateException("progress reporting trains round by round; no early stopping");
            }
            if (earlyStoppingRounds > 0 && validationFeatures == null) {
                throw new IllegalStateException("early stopping needs a validation set");
            }
            DMatrix train = null;
            DMatrix valid = null;
            try {
                train = matrix(features, labels, multiTargetLabels, weights, groups, featureTypes, featureNames);
                if (lowerBounds != null) {
                    setFloatInfo(train, "label_lower_bound", lowerBounds);
                    setFloatInfo(train, "label_upper_bound", upperBounds);
                }
                Map<String, DMatrix> watches = new LinkedHashMap<>();
                if (validationFeatures != null) {
                    valid = matrix(validationFeatures, validationLabels, null, null, validationGroups, featureTypes, featureNames);
                    // XGBoost.train stops on the last metric of the last watch.
                    watches.put("validation", valid);
                }
                Booster booster;
                if (progress == null) {
                    booster = XGBoost.train(train, params, rounds, watches, null, null, null, earlyStoppingRounds);
                } else {
                    // XGBoost.train itself calls Booster.update once per round.
                    booster = XGBoost.train(train, params, 0, watches, null, null, null, 0);
                    for (int round = 0; round < rounds; round++) {
                        booster.update(train, round);
                        progress.accept(round + 1);
                    }
                }
                return new NativeBooster(booster);
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
            } finally {
                if (train != null) {
                    train.dispose();
                }
                if (valid != null) {
                    valid.dispose();
                }
            }
        }
    }

    /** A trained or loaded native booster; {@link #close()} frees it. Not thread-safe. */
    public static final class NativeBooster implements AutoCloseable {
        private final Booster booster;
        private final int numFeatures;

        private NativeBooster(Booster booster) throws XGBoostError {
            this.booster = booster;
            this.numFeatures = Math.toIntExact(booster.getNumFeature());
        }

        /** The XGBoost4J booster, for calls this class does not wrap. */
        public Booster booster() {
            return booster;
        }

        /** Features the model expects per row. */
        public int numFeatures() {
            return numFeatures;
        }

        /** Rounds in the model (every round, also after early stopping). */
        public int boostedRounds() {
            return call(booster::getNumBoostedRound);
        }

        /** The best round (0-based) found by early stopping, if any. */
        public OptionalInt bestIteration() {
            String best = call(() -> booster.getAttr("best_iteration"));
            return best == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(best));
        }

        /** The model as JSON, as {@code Booster.save_model("m.json")} writes it. */
        public byte[] json() {
            return bytes("json");
        }

        /** The model as UBJSON, XGBoost's default format. */
        public byte[] ubj() {
            return bytes("ubj");
        }

        /** The model as JSON text. */
        public String jsonText() {
            return new String(json(), StandardCharsets.UTF_8);
        }

        /** The model in {@code "json"} or {@code "ubj"} (the only formats 3.4 can write). */
        public byte[] bytes(String format) {
            return call(() -> booster.toByteArray(format));
        }

        /** Untransformed scores of all trees, {@code [row][output]}, by inplace predict. */
        public float[][] margins(float[][] rows) {
            return inplace(rows, ALL_TREES, Booster.PredictionType.kMargin);
        }

        /** Objective-transformed scores of all trees, {@code [row][output]}, by inplace predict. */
        public float[][] predictions(float[][] rows) {
            return inplace(rows, ALL_TREES, Booster.PredictionType.kValue);
        }

        /** Margins of rounds {@code [beginRound, endRound)} only; {@code endRound <= boostedRounds()}. */
        public float[][] margins(float[][] rows, int beginRound, int endRound) {
            return inplace(rows, new int[] {beginRound, endRound}, Booster.PredictionType.kMargin);
        }

        /** Transformed scores of rounds {@code [beginRound, endRound)} only. */
        public float[][] predictions(float[][] rows, int beginRound, int endRound) {
            return inplace(rows, new int[] {beginRound, endRound}, Booster.PredictionType.kValue);
        }

        /** Margins through a {@link DMatrix} and {@code Booster.predict(dmatrix, true)}. */
        public float[][] dmatrixMargins(float[][] rows) {
            return dmatrixPredict(rows, true);
        }

        /** Transformed scores through a {@link DMatrix} and {@code Booster.predict(dmatrix)}. */
        public float[][] dmatrixPredictions(float[][] rows) {
            return dmatrixPredict(rows, false);
        }

        /**
         * Margins of one row: XGBoost4J's cheapest single-row path (inplace predict on the row
         * itself, no DMatrix). Allocates its result.
         */
        public float[] marginRow(float[] row) {
            return predictRow(row, Booster.PredictionType.kMargin);
        }

        /** Transformed scores of one row, as {@link #marginRow(float[])}. */
        public float[] predictionRow(float[] row) {
            return predictRow(row, Booster.PredictionType.kValue);
        }

        private float[] predictRow(float[] row, Booster.PredictionType type) {
            if (row.length != numFeatures) {
                throw new IllegalArgumentException("row has " + row.length + " values, model has " + numFeatures + " features");
            }
            return call(() -> booster.inplace_predict(row, 1, numFeatures, Float.NaN, ALL_TREES, type, null))[0];
        }

        private float[][] inplace(float[][] rows, int[] iterationRange, Booster.PredictionType type) {
            float[] flat = flatten(rows, numFeatures);
            return call(() -> booster.inplace_predict(flat, rows.length, numFeatures, Float.NaN, iterationRange, type, null));
        }

        private float[][] dmatrixPredict(float[][] rows, boolean margin) {
            DMatrix matrix = null;
            try {
                matrix = new DMatrix(flatten(rows, numFeatures), rows.length, numFeatures, Float.NaN);
                return booster.predict(matrix, margin);
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
            } finally {
                if (matrix != null) {
                    matrix.dispose();
                }
            }
        }

        @Override
        public void close() {
            booster.dispose();
        }
    }

    private static DMatrix matrix(float[][] rows, float[] labels, float[][] multiTargetLabels, float[] weights,
            int[] groups, String[] featureTypes, String[] featureNames) throws XGBoostError {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        DMatrix matrix = new DMatrix(flatten(rows, cols), rows.length, cols, Float.NaN);
        try {
            if (labels != null) {
                matrix.setLabel(labels);
            }
            if (multiTargetLabels != null) {
                // Row-major n*k values: XGBoost infers k targets from the size (same model as a
                // 2-D array interface through setLabel(Column)).
                matrix.setLabel(flatten(multiTargetLabels, multiTargetLabels[0].length));
            }
            if (weights != null) {
                matrix.setWeight(weights);
            }
            if (groups != null) {
                matrix.setGroup(groups);
            }
            if (featureTypes != null) {
                matrix.setFeatureTypes(featureTypes);
            }
            if (featureNames != null) {
                matrix.setFeatureNames(featureNames);
            }
            return matrix;
        } catch (XGBoostError | RuntimeException e) {
            matrix.dispose();
            throw e;
        }
    }

    private static void setFloatInfo(DMatrix matrix, String field, float[] values) throws XGBoostError {
        int rc = XGBoostJNI.XGDMatrixSetFloatInfo(matrix.getHandle(), field, values);
        if (rc != 0) {
            throw new XGBoostError(XGBoostJNI.XGBGetLastError());
        }
    }

    private static float[] flatten(float[][] rows, int cols) {
        float[] flat = new float[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, expected " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return flat;
    }

    @FunctionalInterface
    private interface NativeCall<T> {
        T get() throws XGBoostError;
    }

    private static <T> T call(NativeCall<T> call) {
        try {
            return call.get();
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost call failed: " + e.getMessage(), e);
        }
    }
}
