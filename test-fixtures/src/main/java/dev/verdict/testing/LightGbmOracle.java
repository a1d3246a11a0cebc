package dev.verdict.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;

/**
 * Test oracle backed by the native LightGBM library (lightgbmlib 3.3.510, LightGBM's C API through
 * SWIG): trains small boosters and returns their model text and the native predictions that the
 * pure-Java engine must reproduce bit for bit.
 *
 * {@snippet class=dev.verdict.testing.Snippets region=lightgbm}
 * }
 */
public final class LightGbmOracle {
    /*
     * lightgbmlib ships no loader: the jar holds lib_lightgbm.so and lib_lightgbm_swig.so, and the
     * SWIG library links to the first by its soname, so both are copied to one folder and loaded
     * in that order. Both must be loaded from a class of the class loader that holds lightgbmlib
     * (JNI binds a library to the loader of the caller), which the application loader is in tests.
     *
     * Buffers passed to the C API are FFM segments wrapped in SWIG pointer types (their protected
     * constructors are reachable from anonymous subclasses), so nothing is copied element by
     * element and every buffer is freed with its arena. The model text comes from an FFM downcall
     * to LGBM_BoosterSaveModelToString, because the SWIG variant leaks its copy. UpdateOneIter ignores
     * early_stopping_round; early stopping is done here the way the Python package does it.
     */

    /** Parameters every oracle booster starts from; the caller's parameters come after and win. */
    public static final String DETERMINISTIC =
            "num_threads=1 deterministic=true force_col_wise=true seed=7 verbose=-1";

    private static final String PREDICT_PARAMS = "num_threads=1";
    private static final String NATIVE_FOLDER = "/com/microsoft/ml/lightgbm/linux/x86_64/";

    private LightGbmOracle() {
    }

    /** Starts describing a booster trained on {@code features} (row-major, {@code NaN} = missing). */
    public static Training training(double[][] features) {
        return new Training(features);
    }

    /** Loads a model from LightGBM's text format (as {@code Booster.model_to_string()} writes it). */
    public static NativeBooster load(String modelText) {
        Natives.ensureLoaded();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment iterations = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment handle = arena.allocate(ValueLayout.ADDRESS);
            check(lightgbmlib.LGBM_BoosterLoadModelFromString(modelText, intPointer(iterations), handlePointer(handle)));
            return new NativeBooster(handle.get(ValueLayout.ADDRESS, 0).address(), List.of(), -1);
        }
    }

    /** What to train: data, parameters, iterations and early stopping. */
    public static final class Training {
        private final double[][] features;
        private float[] labels;
        private float[] weights;
        private int[] groups;
        private String params = "";
        private int iterations = 10;
        private double[][] validationFeatures;
        private float[] validationLabels;
        private int[] validationGroups;
        private int earlyStoppingRounds;
        private java.util.function.IntConsumer progress;

        private Training(double[][] features) {
            this.features = Objects.requireNonNull(features, "features");
        }

        /** One label per row (LightGBM stores labels as float32). */
        public Training labels(float[] labels) {
            this.labels = labels;
            return this;
        }

        /** One weight per row. */
        public Training weights(float[] weights) {
            this.weights = weights;
            return this;
        }

        /** Query group sizes, in row order, for {@code lambdarank} and {@code rank_xendcg}. */
        public Training groups(int... groupSizes) {
            this.groups = groupSizes;
            return this;
        }

        /**
         * LightGBM parameters as {@code key=value} pairs separated by spaces, after
         * {@link #DETERMINISTIC}. They are given to the dataset too, so dataset parameters such
         * as {@code categorical_feature}, {@code max_bin} and {@code linear_tree} take effect.
         */
        public Training params(String params) {
            this.params = params;
            return this;
        }

        /** Boosting iterations (the most, when early stopping). */
        public Training iterations(int iterations) {
            this.iterations = iterations;
            return this;
        }

        /** A validation set, binned with the training set's bins and scored by its first metric. */
        public Training validation(double[][] features, float[] labels) {
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
         * Stops when the first validation metric has not improved for {@code rounds} iterations,
         * as the Python package's {@code early_stopping} callback does; the model text and the
         * predictions then cover the best iterations only, as Python's defaults do.
         */
        public Training earlyStoppingRounds(int rounds) {
            this.earlyStoppingRounds = rounds;
            return this;
        }

        /** Reports each finished iteration (1-based) while training. */
        public Training progress(java.util.function.IntConsumer iterationsDone) {
            this.progress = iterationsDone;
            return this;
        }

        /** Trains with the native library. */
        public NativeBooster train() {
            if (earlyStoppingRounds > 0 && validationFeatures == null) {
                throw new IllegalStateException("early stopping needs a validation set");
            }
            Natives.ensureLoaded();
            String all = DETERMINISTIC + " " + params;
            List<SWIGTYPE_p_void> datasets = new ArrayList<>(2);
            SWIGTYPE_p_void booster = null;
            try (Arena arena = Arena.ofConfined()) {
                SWIGTYPE_p_void train = dataset(arena, features, labels, weights, groups, all, null);
                datasets.add(train);
                MemorySegment handle = arena.allocate(ValueLayout.ADDRESS);
                check(lightgbmlib.LGBM_BoosterCreate(train, all, handlePointer(handle)));
                long boosterAddress = handle.get(ValueLayout.ADDRESS, 0).address();
                booster = pointer(boosterAddress);
                EarlyStopping stopping = null;
                if (validationFeatures != null) {
                    SWIGTYPE_p_void valid =
                            dataset(arena, validationFeatures, validationLabels, null, validationGroups, all, train);
                    datasets.add(valid);
                    check(lightgbmlib.LGBM_BoosterAddValidData(booster, valid));
                    if (earlyStoppingRounds > 0) {
                        stopping = new EarlyStopping(arena, booster, earlyStoppingRounds);
                    }
                }
                MemorySegment finished = arena.allocate(ValueLayout.JAVA_INT);
                for (int iteration = 0; iteration < iterations; iteration++) {
                    check(lightgbmlib.LGBM_BoosterUpdateOneIter(booster, intPointer(finished)));
                    if (progress != null) {
                        progress.accept(iteration + 1);
                    }
                    if (finished.get(ValueLayout.JAVA_INT, 0) != 0
                            || (stopping != null && stopping.shouldStop(iteration))) {
                        break;
                    }
                }
                return new NativeBooster(boosterAddress, datasets, stopping == null ? -1 : stopping.bestIteration + 1);
            } catch (RuntimeException e) {
                if (booster != null) {
                    lightgbmlib.LGBM_BoosterFree(booster);
                }
                datasets.forEach(lightgbmlib::LGBM_DatasetFree);
                throw e;
            }
        }
    }

    /** A trained or loaded native booster; {@link #close()} frees it. Not thread-safe. */
    public static final class NativeBooster implements AutoCloseable {
        private final long boosterAddress;
        private final SWIGTYPE_p_void booster;
        private final List<SWIGTYPE_p_void> datasets;
        private final List<FastRow> fastRows = new ArrayList<>();
        private final int bestIteration;
        private final int numFeatures;
        private final int numClasses;
        private boolean closed;

        private NativeBooster(long boosterAddress, List<SWIGTYPE_p_void> datasets, int bestIteration) {
            this.boosterAddress = boosterAddress;
            this.booster = pointer(boosterAddress);
            this.datasets = datasets;
            this.bestIteration = bestIteration;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
                check(lightgbmlib.LGBM_BoosterGetNumFeature(booster, intPointer(out)));
                this.numFeatures = out.get(ValueLayout.JAVA_INT, 0);
                check(lightgbmlib.LGBM_BoosterGetNumClasses(booster, intPointer(out)));
                this.numClasses = out.get(ValueLayout.JAVA_INT, 0);
            }
        }

        /** Features the model expects per row. */
        public int numFeatures() {
            return numFeatures;
        }

        /** Outputs per row of raw and normal predictions ({@code num_class}, else 1). */
        public int numClasses() {
            return numClasses;
        }

        /** Iterations trained (or loaded), including those after the best one. */
        public int iterations() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
                check(lightgbmlib.LGBM_BoosterGetCurrentIteration(booster, intPointer(out)));
                return out.get(ValueLayout.JAVA_INT, 0);
            }
        }

        /**
         * With early stopping, how many iterations the best model has (1-based, like Python's
         * {@code Booster.best_iteration}); {@link #modelText()} and the predictions use only these.
         */
        public OptionalInt bestIteration() {
            return bestIteration > 0 ? OptionalInt.of(bestIteration) : OptionalInt.empty();
        }

        /**
         * The model text of the iterations that predictions use (all, or the best ones), from
         * {@code LGBM_BoosterSaveModelToString} as Python's {@code model_to_string()} gets it.
         */
        public String modelText() {
            return Natives.saveModelToString(boosterAddress, predictIterations());
        }

        /** Raw scores (sums of leaf values), {@code [row][class]}. */
        public double[][] rawScores(double[][] rows) {
            return predict(rows, lightgbmlib.C_API_PREDICT_RAW_SCORE);
        }

        /** Objective-transformed scores (sigmoid, softmax, exp...), {@code [row][class]}. */
        public double[][] predictions(double[][] rows) {
            return predict(rows, lightgbmlib.C_API_PREDICT_NORMAL);
        }

        /** Leaf index reached in each tree, {@code [row][tree]}, as doubles. */
        public double[][] leafIndices(double[][] rows) {
            return predict(rows, lightgbmlib.C_API_PREDICT_LEAF_INDEX);
        }

        /** {@code LGBM_BoosterPredictForMat} with one of the {@code C_API_PREDICT_*} types. */
        public double[][] predict(double[][] rows, int predictType) {
            int n = rows.length;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment data = doubles(arena, flatten(rows, numFeatures));
                MemorySegment length = arena.allocate(ValueLayout.JAVA_LONG);
                check(lightgbmlib.LGBM_BoosterCalcNumPredict(
                        booster, n, predictType, 0, predictIterations(), longPointer(length)));
                long size = length.get(ValueLayout.JAVA_LONG, 0);
                MemorySegment out = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, size));
                check(lightgbmlib.LGBM_BoosterPredictForMat(booster, voidPointer(data), lightgbmlib.C_API_DTYPE_FLOAT64,
                        n, numFeatures, 1, predictType, 0, predictIterations(), PREDICT_PARAMS, longPointer(length),
                        doublePointer(out)));
                int width = n == 0 ? 0 : Math.toIntExact(length.get(ValueLayout.JAVA_LONG, 0) / n);
                double[][] result = new double[n][width];
                for (int r = 0; r < n; r++) {
                    MemorySegment.copy(out, ValueLayout.JAVA_DOUBLE, (long) r * width * Double.BYTES, result[r], 0, width);
                }
                return result;
            }
        }

        /**
         * A single-row predictor on {@code LGBM_BoosterPredictForMatSingleRowFast} with
         * {@code num_threads=1}: LightGBM's cheapest per-row path, for benchmarks. Closed with
         * the model if not before.
         */
        public FastRow fastRow(int predictType) {
            FastRow row = new FastRow(this, predictType);
            fastRows.add(row);
            return row;
        }

        private int predictIterations() {
            return bestIteration > 0 ? bestIteration : -1;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            fastRows.forEach(FastRow::close);
            check(lightgbmlib.LGBM_BoosterFree(booster));
            datasets.forEach(dataset -> check(lightgbmlib.LGBM_DatasetFree(dataset)));
        }
    }

    /**
     * One prepared single-row prediction ({@code FastConfigHandle}) with its output buffer. Use it
     * from one thread at a time.
     */
    public static final class FastRow implements AutoCloseable {
        private final Arena arena = Arena.ofShared();
        private final SWIGTYPE_p_void config;
        private final SWIGTYPE_p_long_long outLength;
        private final MemorySegment out;
        private final SWIGTYPE_p_double outPointer;
        private final int numFeatures;
        private final int width;
        private boolean closed;

        private FastRow(NativeBooster model, int predictType) {
            this.numFeatures = model.numFeatures;
            MemorySegment handle = arena.allocate(ValueLayout.ADDRESS);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_LONG);
            check(lightgbmlib.LGBM_BoosterCalcNumPredict(
                    model.booster, 1, predictType, 0, model.predictIterations(), longPointer(length)));
            this.width = Math.toIntExact(length.get(ValueLayout.JAVA_LONG, 0));
            check(lightgbmlib.LGBM_BoosterPredictForMatSingleRowFastInit(model.booster, predictType, 0,
                    model.predictIterations(), lightgbmlib.C_API_DTYPE_FLOAT64, numFeatures, PREDICT_PARAMS,
                    handlePointer(handle)));
            this.config = handleValue(handle);
            this.outLength = longPointer(length);
            this.out = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, width));
            this.outPointer = doublePointer(out);
        }

        /** Outputs per row. */
        public int width() {
            return width;
        }

        /** The first output for {@code row} (the score of single-output models); no allocation. */
        public double score(double[] row) {
            predict(row);
            return out.get(ValueLayout.JAVA_DOUBLE, 0);
        }

        /** All outputs for {@code row} into {@code result}; no allocation. */
        public void score(double[] row, double[] result) {
            predict(row);
            MemorySegment.copy(out, ValueLayout.JAVA_DOUBLE, 0, result, 0, width);
        }

        private void predict(double[] row) {
            if (row.length != numFeatures) {
                throw new IllegalArgumentException("row has " + row.length + " values, model has " + numFeatures + " features");
            }
            // The SWIG helper pins the Java array (GetPrimitiveArrayCritical) instead of copying it.
            check(lightgbmlib.LGBM_BoosterPredictForMatSingleRowFastCriticalSWIG(row, config, outLength, outPointer));
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            check(lightgbmlib.LGBM_FastConfigFree(config));
            arena.close();
        }
    }

    /** The Python package's rule on the first metric of the first validation set. */
    private static final class EarlyStopping {
        private final SWIGTYPE_p_void booster;
        private final int rounds;
        private final boolean higherIsBetter;
        private final MemorySegment count;
        private final MemorySegment results;
        private double bestScore;
        private int bestIteration;

        EarlyStopping(Arena arena, SWIGTYPE_p_void booster, int rounds) {
            this.booster = booster;
            this.rounds = rounds;
            this.count = arena.allocate(ValueLayout.JAVA_INT);
            check(lightgbmlib.LGBM_BoosterGetEvalCounts(booster, intPointer(count)));
            int metrics = count.get(ValueLayout.JAVA_INT, 0);
            if (metrics == 0) {
                throw new IllegalStateException("early stopping needs a metric; set metric=...");
            }
            this.results = arena.allocate(ValueLayout.JAVA_DOUBLE, metrics);
            SWIGTYPE_p_void names = lightgbmlib.LGBM_BoosterGetEvalNamesSWIG(booster);
            try {
                String first = lightgbmlib.StringArrayHandle_get_string(names, 0);
                this.higherIsBetter = first.startsWith("auc") || first.startsWith("ndcg@")
                        || first.startsWith("map@") || first.startsWith("average_precision");
            } finally {
                lightgbmlib.StringArrayHandle_free(names);
            }
            this.bestScore = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }

        /** Records {@code iteration} (0-based) and says whether training should stop. */
        boolean shouldStop(int iteration) {
            check(lightgbmlib.LGBM_BoosterGetEval(booster, 1, intPointer(count), doublePointer(results)));
            double score = results.get(ValueLayout.JAVA_DOUBLE, 0);
            if (higherIsBetter ? score > bestScore : score < bestScore) {
                bestScore = score;
                bestIteration = iteration;
            }
            return iteration - bestIteration >= rounds;
        }
    }

    private static SWIGTYPE_p_void dataset(Arena arena, double[][] rows, float[] labels, float[] weights, int[] groups,
            String params, SWIGTYPE_p_void reference) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        MemorySegment data = doubles(arena, flatten(rows, cols));
        MemorySegment handle = arena.allocate(ValueLayout.ADDRESS);
        check(lightgbmlib.LGBM_DatasetCreateFromMat(voidPointer(data), lightgbmlib.C_API_DTYPE_FLOAT64, rows.length, cols,
                1, params, reference, handlePointer(handle)));
        SWIGTYPE_p_void dataset = handleValue(handle);
        try {
            if (labels != null) {
                setField(arena, dataset, "label", labels);
            }
            if (weights != null) {
                setField(arena, dataset, "weight", weights);
            }
            if (groups != null) {
                MemorySegment g = arena.allocate(ValueLayout.JAVA_INT, groups.length);
                MemorySegment.copy(groups, 0, g, ValueLayout.JAVA_INT, 0, groups.length);
                check(lightgbmlib.LGBM_DatasetSetField(dataset, "group", voidPointer(g), groups.length,
                        lightgbmlib.C_API_DTYPE_INT32));
            }
            return dataset;
        } catch (RuntimeException e) {
            lightgbmlib.LGBM_DatasetFree(dataset);
            throw e;
        }
    }

    private static void setField(Arena arena, SWIGTYPE_p_void dataset, String field, float[] values) {
        MemorySegment segment = arena.allocate(ValueLayout.JAVA_FLOAT, values.length);
        MemorySegment.copy(values, 0, segment, ValueLayout.JAVA_FLOAT, 0, values.length);
        check(lightgbmlib.LGBM_DatasetSetField(dataset, field, voidPointer(segment), values.length,
                lightgbmlib.C_API_DTYPE_FLOAT32));
    }

    private static MemorySegment doubles(Arena arena, double[] values) {
        MemorySegment segment = arena.allocate(ValueLayout.JAVA_DOUBLE, Math.max(1, values.length));
        MemorySegment.copy(values, 0, segment, ValueLayout.JAVA_DOUBLE, 0, values.length);
        return segment;
    }

    private static double[] flatten(double[][] rows, int cols) {
        double[] flat = new double[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, expected " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return flat;
    }

    private static void check(int returnCode) {
        if (returnCode != 0) {
            throw new IllegalStateException("LightGBM: " + lightgbmlib.LGBM_GetLastError());
        }
    }

    // SWIG pointer types over FFM memory: the segment's owner decides when the memory goes.

    private static SWIGTYPE_p_void voidPointer(MemorySegment segment) {
        return new SWIGTYPE_p_void(segment.address(), false) { };
    }

    private static SWIGTYPE_p_double doublePointer(MemorySegment segment) {
        return new SWIGTYPE_p_double(segment.address(), false) { };
    }

    private static SWIGTYPE_p_int intPointer(MemorySegment segment) {
        return new SWIGTYPE_p_int(segment.address(), false) { };
    }

    private static SWIGTYPE_p_long_long longPointer(MemorySegment segment) {
        return new SWIGTYPE_p_long_long(segment.address(), false) { };
    }

    private static SWIGTYPE_p_p_void handlePointer(MemorySegment segment) {
        return new SWIGTYPE_p_p_void(segment.address(), false) { };
    }

    private static SWIGTYPE_p_void handleValue(MemorySegment handlePointer) {
        return pointer(handlePointer.get(ValueLayout.ADDRESS, 0).address());
    }

    private static SWIGTYPE_p_void pointer(long address) {
        return new SWIGTYPE_p_void(address, false) { };
    }

    /** Loads the two native libraries once per JVM and binds what SWIG does not wrap well. */
    @SuppressWarnings("restricted") // Tests run with --enable-native-access=ALL-UNNAMED.
    private static final class Natives {
        /**
         * {@code int LGBM_BoosterSaveModelToString(BoosterHandle, int start_iteration,
         * int num_iteration, int feature_importance_type, int64_t buffer_len, int64_t* out_len,
         * char* out_str)}, called directly: lightgbmlib's {@code LGBM_BoosterSaveModelToStringSWIG}
         * never frees the native copy it returns (about the text's size leaks per call).
         */
        private static final MethodHandle SAVE_MODEL_TO_STRING;

        static {
            try {
                Path folder = Files.createTempDirectory("lightgbm");
                folder.toFile().deleteOnExit();
                for (String name : new String[] {"lib_lightgbm.so", "lib_lightgbm_swig.so"}) {
                    Path library = folder.resolve(name);
                    try (InputStream in = lightgbmlib.class.getResourceAsStream(NATIVE_FOLDER + name)) {
                        if (in == null) {
                            throw new IllegalStateException("lightgbmlib jar has no " + NATIVE_FOLDER + name);
                        }
                        Files.copy(in, library);
                    }
                    library.toFile().deleteOnExit();
                    System.load(library.toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not unpack LightGBM's native libraries", e);
            }
            SAVE_MODEL_TO_STRING = Linker.nativeLinker().downcallHandle(
                    SymbolLookup.loaderLookup().findOrThrow("LGBM_BoosterSaveModelToString"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS));
        }

        static void ensureLoaded() {
            // Running the static initializer is the whole job.
        }

        /** Asks for the length first, then copies the text into a buffer of that size, as Python does. */
        static String saveModelToString(long booster, int numIteration) {
            MemorySegment handle = MemorySegment.ofAddress(booster);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment length = arena.allocate(ValueLayout.JAVA_LONG);
                check(invokeSave(handle, numIteration, 0, length, MemorySegment.NULL));
                long size = length.get(ValueLayout.JAVA_LONG, 0);
                MemorySegment text = arena.allocate(size);
                check(invokeSave(handle, numIteration, size, length, text));
                return text.getString(0, StandardCharsets.UTF_8);
            }
        }

        private static int invokeSave(MemorySegment handle, int numIteration, long bufferLength, MemorySegment length,
                MemorySegment text) {
            try {
                return (int) SAVE_MODEL_TO_STRING.invokeExact(handle, 0, numIteration, 0, bufferLength, length, text);
            } catch (Throwable e) {
                throw new IllegalStateException("LGBM_BoosterSaveModelToString failed", e);
            }
        }
    }
}
