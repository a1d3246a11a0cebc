package dev.verdict.samples.cli;

import dev.verdict.core.Model;
import dev.verdict.testing.LightGbmOracle;
import dev.verdict.testing.XGBoostOracle;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The native library a user would otherwise call for the same model file: XGBoost4J 3.4's
 * single-row {@code inplace_predict}, or lightgbmlib's fastest single-row path
 * ({@code LGBM_BoosterPredictForMatSingleRowFast}, one thread).
 */
abstract class NativeBaseline implements AutoCloseable {
    abstract String name();

    /** Scores one row; returns the first transformed output. */
    abstract double score(double[] row);

    @Override
    public abstract void close();

    /**
     * @return the baselines for {@code file}; empty when no native library reads its format
     *     (XGBoost 3.4 no longer reads the legacy binary format)
     */
    static java.util.List<NativeBaseline> forModel(Path file, Model model) throws IOException {
        String format = model.info().format();
        if (format.equals("xgboost-json") || format.equals("xgboost-ubjson")) {
            return java.util.List.of(new XGBoost(XGBoostOracle.load(Files.readAllBytes(file))));
        }
        if (format.equals("lightgbm-text")) {
            return java.util.List.of(new LightGbm(LightGbmOracle.load(Files.readString(file, StandardCharsets.UTF_8))));
        }
        if (format.equals("onnx")) {
            return java.util.List.of(new Onnx(file, false), new Onnx(file, true));
        }
        return java.util.List.of();
    }

    /**
     * ONNX Runtime's Java API used the best way: direct-buffer input tensors reused across calls
     * and ONNX Runtime writing into pinned output tensors.
     */
    private static final class Onnx extends NativeBaseline {
        private final ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        private final ai.onnxruntime.OrtSession session;
        private final java.util.Map<String, ai.onnxruntime.OnnxTensor> inputs = new java.util.LinkedHashMap<>();
        private final java.util.List<java.nio.Buffer> buffers = new java.util.ArrayList<>();
        private final java.util.Map<String, ai.onnxruntime.OnnxValue> outputs = new java.util.LinkedHashMap<>();
        private final java.nio.Buffer firstOutput;
        private final boolean best;
        private final java.util.Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
        private final java.util.Set<String> outputNames = new java.util.LinkedHashSet<>();

        Onnx(Path file, boolean best) throws IOException {
            this.best = best;
            try (ai.onnxruntime.OrtSession.SessionOptions so = new ai.onnxruntime.OrtSession.SessionOptions()) {
                so.setIntraOpNumThreads(1);
                so.setInterOpNumThreads(1);
                so.setOptimizationLevel(ai.onnxruntime.OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = env.createSession(Files.readAllBytes(file), so);
                java.nio.Buffer first = null;
                for (var e : session.getInputInfo().entrySet()) {
                    var info = (ai.onnxruntime.TensorInfo) e.getValue().getInfo();
                    long[] shape = info.getShape().clone();
                    shape[0] = 1;
                    var t = allocate(info.type, shape);
                    inputs.put(e.getKey(), t.tensor());
                    buffers.add(t.buffer());
                    shapes.put(e.getKey(), shape);
                }
                for (var e : session.getOutputInfo().entrySet()) {
                    if (!(e.getValue().getInfo() instanceof ai.onnxruntime.TensorInfo info)) {
                        continue;
                    }
                    long[] shape = info.getShape().clone();
                    shape[0] = 1;
                    var t = allocate(info.type, shape);
                    outputs.put(e.getKey(), t.tensor());
                    outputNames.add(e.getKey());
                    if (first == null) {
                        first = t.buffer();
                    }
                }
                firstOutput = first;
            } catch (ai.onnxruntime.OrtException e) {
                throw new IOException("ONNX Runtime Java API: " + e.getMessage(), e);
            }
        }

        private record Allocated(ai.onnxruntime.OnnxTensor tensor, java.nio.Buffer buffer) {
        }

        private Allocated allocate(ai.onnxruntime.OnnxJavaType type, long[] shape) throws ai.onnxruntime.OrtException {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            int size = switch (type) {
                case FLOAT, INT32 -> 4;
                default -> 8;
            };
            var bytes = java.nio.ByteBuffer.allocateDirect((int) n * size).order(java.nio.ByteOrder.nativeOrder());
            return switch (type) {
                case FLOAT -> {
                    var b = bytes.asFloatBuffer();
                    yield new Allocated(ai.onnxruntime.OnnxTensor.createTensor(env, b, shape), b);
                }
                case DOUBLE -> {
                    var b = bytes.asDoubleBuffer();
                    yield new Allocated(ai.onnxruntime.OnnxTensor.createTensor(env, b, shape), b);
                }
                case INT32 -> {
                    var b = bytes.asIntBuffer();
                    yield new Allocated(ai.onnxruntime.OnnxTensor.createTensor(env, b, shape), b);
                }
                case INT64 -> {
                    var b = bytes.asLongBuffer();
                    yield new Allocated(ai.onnxruntime.OnnxTensor.createTensor(env, b, shape), b);
                }
                default -> throw new ai.onnxruntime.OrtException("unsupported type " + type);
            };
        }

        @Override
        String name() {
            return best ? "ORT Java (best usage)" : "ORT Java (obvious usage)";
        }

        @Override
        double score(double[] row) {
            return best ? scoreBest(row) : scoreObvious(row);
        }

        /** A new tensor per input per call; ONNX Runtime allocates the outputs. */
        private double scoreObvious(double[] row) {
            java.util.Map<String, ai.onnxruntime.OnnxTensor> feeds = new java.util.LinkedHashMap<>();
            int f = 0;
            try {
                for (var e : shapes.entrySet()) {
                    long[] shape = e.getValue();
                    java.nio.Buffer b = buffers.get(feeds.size());
                    int n = b.capacity();
                    ai.onnxruntime.OnnxTensor t = switch (b) {
                        case java.nio.FloatBuffer fb -> {
                            float[] a = new float[n];
                            for (int j = 0; j < n; j++) {
                                a[j] = (float) row[f + j];
                            }
                            yield ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(a), shape);
                        }
                        case java.nio.DoubleBuffer db -> ai.onnxruntime.OnnxTensor.createTensor(env,
                                java.nio.DoubleBuffer.wrap(java.util.Arrays.copyOfRange(row, f, f + n)), shape);
                        case java.nio.IntBuffer ib -> {
                            int[] a = new int[n];
                            for (int j = 0; j < n; j++) {
                                a[j] = (int) row[f + j];
                            }
                            yield ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.IntBuffer.wrap(a), shape);
                        }
                        default -> {
                            long[] a = new long[n];
                            for (int j = 0; j < n; j++) {
                                a[j] = (long) row[f + j];
                            }
                            yield ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(a), shape);
                        }
                    };
                    feeds.put(e.getKey(), t);
                    f += n;
                }
                try (var result = session.run(feeds, outputNames)) {
                    var t = (ai.onnxruntime.OnnxTensor) result.get(0);
                    return t.getFloatBuffer() != null ? t.getFloatBuffer().get(0) : t.getDoubleBuffer().get(0);
                }
            } catch (ai.onnxruntime.OrtException e) {
                throw new IllegalStateException(e);
            } finally {
                feeds.values().forEach(ai.onnxruntime.OnnxTensor::close);
            }
        }

        private double scoreBest(double[] row) {
            int f = 0;
            for (java.nio.Buffer b : buffers) {
                b.clear();
                switch (b) {
                    case java.nio.FloatBuffer fb -> {
                        while (fb.hasRemaining()) {
                            fb.put((float) row[f++]);
                        }
                    }
                    case java.nio.DoubleBuffer db -> {
                        while (db.hasRemaining()) {
                            db.put(row[f++]);
                        }
                    }
                    case java.nio.IntBuffer ib -> {
                        while (ib.hasRemaining()) {
                            ib.put((int) row[f++]);
                        }
                    }
                    case java.nio.LongBuffer lb -> {
                        while (lb.hasRemaining()) {
                            lb.put((long) row[f++]);
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
            try (var result = session.run(inputs, outputs)) {
                return firstOutput instanceof java.nio.FloatBuffer fb ? fb.get(0)
                        : ((java.nio.DoubleBuffer) firstOutput).get(0);
            } catch (ai.onnxruntime.OrtException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
                for (var t : inputs.values()) {
                    t.close();
                }
                for (var t : outputs.values()) {
                    t.close();
                }
            } catch (ai.onnxruntime.OrtException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class XGBoost extends NativeBaseline {
        private final XGBoostOracle.NativeBooster model;
        private float[] row;

        XGBoost(XGBoostOracle.NativeBooster model) {
            this.model = model;
        }

        @Override
        String name() {
            return "XGBoost4J inplace_predict";
        }

        @Override
        double score(double[] values) {
            if (row == null) {
                row = new float[values.length];
            }
            for (int i = 0; i < values.length; i++) {
                row[i] = (float) values[i];
            }
            return model.predictionRow(row)[0];
        }

        @Override
        public void close() {
            model.close();
        }
    }

    private static final class LightGbm extends NativeBaseline {
        private final LightGbmOracle.NativeBooster model;
        private final LightGbmOracle.FastRow fast;

        LightGbm(LightGbmOracle.NativeBooster model) {
            this.model = model;
            this.fast = model.fastRow(lightgbmlibConstants.C_API_PREDICT_NORMAL);
        }

        @Override
        String name() {
            return "lightgbmlib SingleRowFast";
        }

        @Override
        double score(double[] row) {
            return fast.score(row);
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
