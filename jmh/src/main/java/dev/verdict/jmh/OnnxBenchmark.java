package dev.verdict.jmh;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.onnx.OnnxModel;
import dev.verdict.onnx.OnnxOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ONNX models, one thread, single row and batches of 64: Verdict's FFM binding against ONNX
 * Runtime's own Java API used the obvious way (a new tensor per call) and the best way (a
 * reused direct-buffer input tensor and pinned, preallocated outputs). Same runtime, same model
 * file, same session options (1 intra-op thread, all optimizations), same rows. Models: the MLP
 * 100→64→1 and the 2-layer transformer encoder (16 tokens × 32) from
 * {@code onnx/src/test/resources/onnx} (run from the repository root).
 *
 * <p>Modes, threads and flags as in {@link XGBoostSingleRowBenchmark}: p50/p99/p99.9 of single
 * calls (one row, or one batch of 64) from {@code SampleTime}, mean and B/op from
 * {@code AverageTime}, for all three in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class OnnxBenchmark {
    private static final int ROWS = 256;

    @Param({"mlp", "transformer"})
    public String model;

    @Param({"1", "64"})
    public int batch;

    private OnnxModel verdictModel;
    private Scorer scorer;
    private FeatureVector[] vectors;
    private FeatureBatch featureBatch;
    private ScoreBuffer out;
    private ScoreBatch outBatch;
    private float[][] rows;
    private int width;
    private long[] shape;

    private OrtEnvironment env;
    private OrtSession session;
    private String inputName;
    private String outputName;
    private OnnxTensor pinnedInput;
    private FloatBuffer pinnedInputBuffer;
    private OnnxTensor pinnedOutput;
    private Map<String, OnnxTensor> pinnedInputs;
    private Map<String, OnnxValue> pinnedOutputs;
    private Set<String> outputs;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path file = Path.of(System.getProperty("verdict.fixtures", "onnx/src/test/resources/onnx"))
                .resolve(model + ".onnx");
        verdictModel = OnnxModel.load(file, OnnxOptions.defaults());
        scorer = verdictModel.newScorer();
        width = verdictModel.inputSchema().size();
        SplittableRandom random = new SplittableRandom(5);
        rows = new float[ROWS][width];
        vectors = new FeatureVector[ROWS];
        for (int r = 0; r < ROWS; r++) {
            vectors[r] = verdictModel.inputSchema().newVector();
            for (int f = 0; f < width; f++) {
                rows[r][f] = (float) random.nextGaussian();
                vectors[r].set(f, rows[r][f]);
            }
        }
        featureBatch = verdictModel.inputSchema().newBatch(batch);
        featureBatch.clear(batch);
        for (int r = 0; r < batch; r++) {
            for (int f = 0; f < width; f++) {
                featureBatch.set(r, f, rows[r][f]);
            }
        }
        out = new ScoreBuffer(verdictModel.outputs());
        outBatch = new ScoreBatch(verdictModel.outputs(), batch);

        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setIntraOpNumThreads(1);
        so.setInterOpNumThreads(1);
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        session = env.createSession(Files.readAllBytes(file), so);
        inputName = session.getInputNames().iterator().next();
        outputName = model.equals("mlp") ? "probability" : "score";
        outputs = Set.of(outputName);
        shape = model.equals("mlp") ? new long[] {batch, 100} : new long[] {batch, 16, 32};
        pinnedInputBuffer = ByteBuffer.allocateDirect(batch * width * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        pinnedInput = OnnxTensor.createTensor(env, pinnedInputBuffer, shape);
        FloatBuffer outputBuffer = ByteBuffer.allocateDirect(batch * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        pinnedOutput = OnnxTensor.createTensor(env, outputBuffer, new long[] {batch, 1});
        pinnedInputs = Map.of(inputName, pinnedInput);
        pinnedOutputs = Map.of(outputName, pinnedOutput);

        // Same answers before timing.
        if (batch == 1) {
            for (int r = 0; r < 16; r++) {
                scorer.score(vectors[r], out);
                if ((float) out.score() != obviousRow(r)) {
                    throw new IllegalStateException("row " + r + " differs");
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        scorer.close();
        verdictModel.close();
        pinnedInput.close();
        pinnedOutput.close();
        session.close();
    }

    @Benchmark
    public double verdict() {
        if (batch == 1) {
            scorer.score(vectors[next++ & (ROWS - 1)], out);
            return out.score();
        }
        scorer.scoreBatch(featureBatch, outBatch);
        return outBatch.score(batch - 1, 0);
    }

    /** The obvious ONNX Runtime Java usage: a new input tensor per call, outputs allocated by ORT. */
    @Benchmark
    public float ortJavaObvious() throws OrtException {
        if (batch == 1) {
            return obviousRow(next++ & (ROWS - 1));
        }
        float[] flat = new float[batch * width];
        for (int r = 0; r < batch; r++) {
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), shape);
                OrtSession.Result result = session.run(Map.of(inputName, input), outputs)) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(batch - 1);
        }
    }

    private float obviousRow(int r) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows[r]), shape);
                OrtSession.Result result = session.run(Map.of(inputName, input), outputs)) {
            return ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
        }
    }

    /** The best ONNX Runtime Java usage: a reused direct-buffer input and a pinned output. */
    @Benchmark
    public float ortJavaBest() throws OrtException {
        pinnedInputBuffer.clear();
        if (batch == 1) {
            pinnedInputBuffer.put(rows[next++ & (ROWS - 1)]);
        } else {
            for (int r = 0; r < batch; r++) {
                pinnedInputBuffer.put(rows[r]);
            }
        }
        try (OrtSession.Result result = session.run(pinnedInputs, pinnedOutputs)) {
            return pinnedOutput.getFloatBuffer().get(0);
        }
    }
}
