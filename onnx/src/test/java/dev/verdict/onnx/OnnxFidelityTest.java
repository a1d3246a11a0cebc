package dev.verdict.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.verdict.core.AllocationMeter;
import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verdict's FFM binding against ONNX Runtime's own Java API on the same model and inputs: the
 * same runtime does the math, so every output must be bit-identical, single row and batch; and a
 * warm call allocates nothing.
 */
class OnnxFidelityTest {
    static final Path FIXTURES = Path.of("src/test/resources/onnx");
    private static final int ROWS = 40;

    static Stream<String> models() {
        return Stream.of("mlp", "logreg", "two_inputs", "transformer", "types", "fixed_batch");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void identicalToOnnxRuntimeJava(String name) throws Exception {
        Path file = FIXTURES.resolve(name + ".onnx");
        try (OnnxModel model = OnnxModel.load(file, OnnxOptions.defaults());
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            so.setInterOpNumThreads(1);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(Files.readAllBytes(file), so)) {
                double[][] rows = rows(model, ROWS);
                double[][] expected = new double[ROWS][];
                for (int r = 0; r < ROWS; r++) {
                    expected[r] = runJava(env, session, model, new double[][] {rows[r]})[0];
                }
                Scorer scorer = model.newScorer();
                FeatureVector v = model.inputSchema().newVector();
                ScoreBuffer out = new ScoreBuffer(model.outputs());
                for (int r = 0; r < ROWS; r++) {
                    v.setAll(rows[r]);
                    scorer.score(v, out);
                    for (int k = 0; k < expected[r].length; k++) {
                        assertEquals(Double.doubleToLongBits(expected[r][k]),
                                Double.doubleToLongBits(out.score(k)),
                                name + " row " + r + " output " + k + ": java " + expected[r][k]
                                        + ", verdict " + out.score(k));
                    }
                }
                FeatureBatch batch = model.inputSchema().newBatch(ROWS);
                batch.clear(ROWS);
                for (int r = 0; r < ROWS; r++) {
                    for (int f = 0; f < rows[r].length; f++) {
                        batch.set(r, f, rows[r][f]);
                    }
                }
                ScoreBatch scores = new ScoreBatch(model.outputs(), ROWS);
                scorer.scoreBatch(batch, scores);
                // A batch is compared with the same batch through the Java API: ONNX Runtime's
                // kernels may sum in another order for another batch size (the transformer does).
                boolean fixedBatch = model.inputs.stream().anyMatch(i -> !i.batched());
                double[][] expectedBatch = fixedBatch ? expected : runJava(env, session, model, rows);
                for (int r = 0; r < ROWS; r++) {
                    for (int k = 0; k < expected[r].length; k++) {
                        assertEquals(Double.doubleToLongBits(expectedBatch[r][k]),
                                Double.doubleToLongBits(scores.score(r, k)), name + " batch row " + r);
                    }
                }
                // Zero allocation once warm, single row and batch.
                int[] next = {0};
                double single = AllocationMeter.bytesPerCall(5_000, 5_000, () -> {
                    v.setAll(rows[next[0]++ % ROWS]);
                    scorer.score(v, out);
                });
                double batched = AllocationMeter.bytesPerCall(200, 200, () -> scorer.scoreBatch(batch, scores));
                assertEquals(0.0, single, name + " bytes per single-row call");
                assertEquals(0.0, batched, name + " bytes per batch call");
                scorer.close();
            }
        }
    }

    /** Deterministic rows that fit each input's type. */
    static double[][] rows(OnnxModel model, int n) {
        SplittableRandom random = new SplittableRandom(7);
        double[][] rows = new double[n][model.inputSchema().size()];
        for (int r = 0; r < n; r++) {
            int f = 0;
            for (TensorSpec in : model.inputs) {
                for (int j = 0; j < in.width(); j++, f++) {
                    rows[r][f] = switch (in.elementType()) {
                        case OrtApi.FLOAT -> (float) random.nextGaussian();
                        case OrtApi.DOUBLE -> random.nextGaussian();
                        case OrtApi.BOOL -> random.nextInt(2);
                        default -> random.nextInt(20);
                    };
                }
            }
        }
        return rows;
    }

    /** ONNX Runtime's Java API, the obvious way: a tensor per input, all outputs flattened. */
    static double[][] runJava(OrtEnvironment env, OrtSession session, OnnxModel model, double[][] rows)
            throws OrtException {
        int n = rows.length;
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        int f = 0;
        try {
            for (TensorSpec in : model.inputs) {
                long[] shape = in.shape(n);
                int w = in.width();
                OnnxTensor t = switch (in.elementType()) {
                    case OrtApi.FLOAT -> {
                        float[] a = new float[n * w];
                        for (int r = 0; r < n; r++) {
                            for (int j = 0; j < w; j++) {
                                a[r * w + j] = (float) rows[r][f + j];
                            }
                        }
                        yield OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(a), shape);
                    }
                    case OrtApi.DOUBLE -> {
                        double[] a = new double[n * w];
                        for (int r = 0; r < n; r++) {
                            System.arraycopy(rows[r], f, a, r * w, w);
                        }
                        yield OnnxTensor.createTensor(env, java.nio.DoubleBuffer.wrap(a), shape);
                    }
                    case OrtApi.INT32 -> {
                        int[] a = new int[n * w];
                        for (int r = 0; r < n; r++) {
                            for (int j = 0; j < w; j++) {
                                a[r * w + j] = (int) rows[r][f + j];
                            }
                        }
                        yield OnnxTensor.createTensor(env, java.nio.IntBuffer.wrap(a), shape);
                    }
                    default -> {
                        long[] a = new long[n * w];
                        for (int r = 0; r < n; r++) {
                            for (int j = 0; j < w; j++) {
                                a[r * w + j] = (long) rows[r][f + j];
                            }
                        }
                        yield OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(a), shape);
                    }
                };
                feeds.put(in.name(), t);
                f += w;
            }
            java.util.Set<String> wanted = new java.util.LinkedHashSet<>();
            for (TensorSpec o : model.outputs) {
                wanted.add(o.name());
            }
            try (OrtSession.Result result = session.run(feeds, wanted)) {
                int width = model.outputs().scoreWidth();
                double[][] out = new double[n][width];
                int offset = 0;
                for (TensorSpec o : model.outputs) {
                    double[] flat = new double[n * o.width()];
                    int k = 0;
                    OnnxValue value = result.get(o.name()).orElseThrow();
                    assertTrue(value instanceof OnnxTensor);
                    OnnxTensor t = (OnnxTensor) value;
                    switch (t.getInfo().type) {
                        case FLOAT -> {
                            java.nio.FloatBuffer b = t.getFloatBuffer();
                            while (b.hasRemaining()) {
                                flat[k++] = b.get();
                            }
                        }
                        case DOUBLE -> {
                            java.nio.DoubleBuffer b = t.getDoubleBuffer();
                            while (b.hasRemaining()) {
                                flat[k++] = b.get();
                            }
                        }
                        case INT64 -> {
                            java.nio.LongBuffer b = t.getLongBuffer();
                            while (b.hasRemaining()) {
                                flat[k++] = b.get();
                            }
                        }
                        default -> throw new AssertionError(t.getInfo().type);
                    }
                    for (int r = 0; r < n; r++) {
                        System.arraycopy(flat, r * o.width(), out[r], offset, o.width());
                    }
                    offset += o.width();
                }
                return out;
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

}
