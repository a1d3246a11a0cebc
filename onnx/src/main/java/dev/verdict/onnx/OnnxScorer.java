package dev.verdict.onnx;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.verdict.core.FeatureBatch;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.InvalidFeatureValueException;
import dev.verdict.core.ScoreBatch;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread's view of an {@link OnnxModel}: native input and output tensors for one row, and
 * (allocated on first use of each size) for batches, bound once to an {@code OrtIoBinding}, so
 * that a call is "write the features, {@code RunWithBinding}, read the outputs". ONNX Runtime
 * writes into the bound output values, so nothing is allocated per call on either side; the
 * binding saves re-resolving names on every run (about 10% faster than {@code Run}). The session
 * itself is shared: running is safe from many threads, each with its own scorer.
 */
final class OnnxScorer implements Scorer {
    private final OnnxModel model;
    private final OrtApi ort;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment runOptions;
    private final MemorySegment inputNames;
    private final MemorySegment outputNames;
    private final int inputCount;
    private final int outputCount;
    private final int[] inputOffset; // first feature of each input
    private final Tensors single;
    private final Tensors[] batches; // by row count, created on first use
    private final double[] scores;
    /** One row's features, copied out of the vector or batch in one go. */
    private final double[] row;
    /** The widest input's values as floats, for one bulk copy into native memory. */
    private final float[] floats;
    private final List<MemorySegment> values = new ArrayList<>();
    private final List<MemorySegment> bindings = new ArrayList<>();
    private final long sessionAddress;
    private long runOptionsAddress;
    private boolean closed;

    /** Native buffers and OrtValues for one row count. */
    private final class Tensors {
        final int rows;
        final MemorySegment[] inputData;
        final MemorySegment inputValues;
        final MemorySegment[] outputData;
        final MemorySegment outputValues;
        final long binding;

        Tensors(int rows) {
            this.rows = rows;
            this.inputData = new MemorySegment[inputCount];
            this.inputValues = arena.allocate(ADDRESS, inputCount);
            for (int i = 0; i < inputCount; i++) {
                TensorSpec spec = model.inputs.get(i);
                inputData[i] = arena.allocate(spec.elementSize() * spec.width() * rows, 16);
                inputValues.setAtIndex(ADDRESS, i, tensor(spec, inputData[i], rows));
            }
            this.outputData = new MemorySegment[outputCount];
            this.outputValues = arena.allocate(ADDRESS, outputCount);
            for (int o = 0; o < outputCount; o++) {
                TensorSpec spec = model.outputs.get(o);
                outputData[o] = arena.allocate(spec.elementSize() * spec.width() * rows, 16);
                outputValues.setAtIndex(ADDRESS, o, tensor(spec, outputData[o], rows));
            }
            try {
                MemorySegment out = arena.allocate(ADDRESS);
                ort.check((long) ort.createIoBinding.invokeExact(model.session, out), "CreateIoBinding");
                MemorySegment b = out.get(ADDRESS, 0);
                bindings.add(b);
                for (int i = 0; i < inputCount; i++) {
                    ort.check((long) ort.bindInput.invokeExact(b, inputNames.getAtIndex(ADDRESS, i),
                            inputValues.getAtIndex(ADDRESS, i)), "BindInput");
                }
                for (int o = 0; o < outputCount; o++) {
                    ort.check((long) ort.bindOutput.invokeExact(b, outputNames.getAtIndex(ADDRESS, o),
                            outputValues.getAtIndex(ADDRESS, o)), "BindOutput");
                }
                this.binding = b.address();
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }

    OnnxScorer(OnnxModel model) {
        this.model = model;
        this.ort = model.ort;
        this.inputCount = model.inputs.size();
        this.outputCount = model.outputs.size();
        this.inputOffset = new int[inputCount];
        this.sessionAddress = model.session.address();
        for (int i = 1; i < inputCount; i++) {
            inputOffset[i] = inputOffset[i - 1] + model.inputs.get(i - 1).width();
        }
        try {
            this.inputNames = arena.allocate(ADDRESS, inputCount);
            for (int i = 0; i < inputCount; i++) {
                inputNames.setAtIndex(ADDRESS, i, arena.allocateFrom(model.inputs.get(i).name()));
            }
            this.outputNames = arena.allocate(ADDRESS, outputCount);
            for (int o = 0; o < outputCount; o++) {
                outputNames.setAtIndex(ADDRESS, o, arena.allocateFrom(model.outputs.get(o).name()));
            }
            MemorySegment out = arena.allocate(ADDRESS);
            ort.check((long) ort.createRunOptions.invokeExact(out), "CreateRunOptions");
            this.runOptions = out.get(ADDRESS, 0);
            this.runOptionsAddress = runOptions.address();
            this.single = new Tensors(1);
            boolean batched = model.inputs.stream().allMatch(TensorSpec::batched)
                    && model.outputs.stream().allMatch(TensorSpec::batched);
            this.batches = batched ? new Tensors[model.options.maxBatch() + 1] : null;
            this.scores = new double[model.outputs().scoreWidth()];
            this.row = new double[model.inputSchema().size()];
            int widest = 0;
            for (TensorSpec in : model.inputs) {
                widest = Math.max(widest, in.width());
            }
            this.floats = new float[widest];
        } catch (RuntimeException e) {
            releaseAll();
            throw e;
        } catch (Throwable e) {
            releaseAll();
            throw new IllegalStateException(e);
        }
    }

    private MemorySegment tensor(TensorSpec spec, MemorySegment data, int rows) {
        long[] shape = spec.shape(rows);
        MemorySegment shapeSeg = arena.allocate(JAVA_LONG, Math.max(1, shape.length));
        for (int d = 0; d < shape.length; d++) {
            shapeSeg.setAtIndex(JAVA_LONG, d, shape[d]);
        }
        MemorySegment out = arena.allocate(ADDRESS);
        try {
            ort.check((long) ort.createTensorWithDataAsOrtValue.invokeExact(ort.cpuMemoryInfo, data,
                    data.byteSize(), shapeSeg, (long) shape.length, spec.elementType(), out),
                    "CreateTensorWithDataAsOrtValue");
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        MemorySegment value = out.get(ADDRESS, 0);
        values.add(value);
        return value;
    }

    @Override
    public void score(FeatureVector features, ScoreBuffer out) {
        model.inputSchema().requireSameLayout(features.schema());
        Tensors t = single;
        features.copyTo(row);
        for (int i = 0; i < inputCount; i++) {
            write(i, t.inputData[i], 0);
        }
        run(t);
        read(t, 0);
        out.set(scores, scores);
    }

    @Override
    public void scoreBatch(FeatureBatch features, ScoreBatch out) {
        model.inputSchema().requireSameLayout(features.schema());
        int rows = features.rowCount();
        if (out.capacity() < rows) {
            throw new IllegalArgumentException("output batch holds " + out.capacity()
                    + " rows, input has " + rows);
        }
        if (rows > model.options.maxBatch() || batches == null) {
            // Several native runs: check every row first, so a bad row leaves the output untouched
            // (a single run writes the inputs, which checks them, before touching the output).
            for (int r = 0; r < rows; r++) {
                checkRow(features, r);
            }
        }
        out.begin(rows);
        if (batches == null) { // a model with a fixed batch of one: row by row
            for (int r = 0; r < rows; r++) {
                features.copyRow(r, row);
                for (int i = 0; i < inputCount; i++) {
                    write(i, single.inputData[i], 0);
                }
                run(single);
                read(single, 0);
                out.setRow(r, scores, scores);
            }
            return;
        }
        int max = model.options.maxBatch();
        for (int start = 0; start < rows; start += max) {
            int n = Math.min(max, rows - start);
            Tensors t = batches[n];
            if (t == null) {
                t = new Tensors(n); // once per batch size
                batches[n] = t;
            }
            for (int r = 0; r < n; r++) {
                features.copyRow(start + r, row);
                for (int i = 0; i < inputCount; i++) {
                    write(i, t.inputData[i], r);
                }
            }
            run(t);
            for (int r = 0; r < n; r++) {
                read(t, r);
                out.setRow(start + r, scores, scores);
            }
        }
    }

    /** Checks a batch row up front, so a bad row leaves the output untouched. */
    private void checkRow(FeatureBatch features, int r) {
        features.copyRow(r, row);
        for (int i = 0; i < inputCount; i++) {
            checkMissing(i);
        }
    }

    /** Rejects NaN in input {@code i} of {@link #row}, unless the input is float and NaN is allowed. */
    private void checkMissing(int i) {
        TensorSpec spec = model.inputs.get(i);
        boolean floating = spec.elementType() == OrtApi.FLOAT || spec.elementType() == OrtApi.DOUBLE;
        if (floating && model.options.allowMissing()) {
            return;
        }
        int base = inputOffset[i];
        boolean anyMissing = false;
        for (int j = 0; j < spec.width(); j++) {
            double v = row[base + j];
            anyMissing |= v != v;
        }
        if (anyMissing) {
            for (int j = 0; j < spec.width(); j++) {
                if (Double.isNaN(row[base + j])) {
                    throw missing(base + j);
                }
            }
        }
    }

    /** Writes input {@code i} of {@link #row} into row {@code r} of {@code data}. */
    private void write(int i, MemorySegment data, int r) {
        TensorSpec spec = model.inputs.get(i);
        int width = spec.width();
        int base = inputOffset[i];
        long at = (long) r * width;
        if (spec.elementType() == OrtApi.FLOAT) {
            // The common case in one pass: convert, and notice a NaN on the way.
            float[] f = floats;
            boolean anyMissing = false;
            for (int j = 0; j < width; j++) {
                double v = row[base + j];
                anyMissing |= v != v;
                f[j] = (float) v;
            }
            if (anyMissing) {
                checkMissing(i);
            }
            MemorySegment.copy(f, 0, data, JAVA_FLOAT, at * 4, width);
            return;
        }
        checkMissing(i);
        switch (spec.elementType()) {
            case OrtApi.DOUBLE -> MemorySegment.copy(row, base, data, JAVA_DOUBLE, at * 8, width);
            case OrtApi.INT32 -> {
                for (int j = 0; j < width; j++) {
                    data.setAtIndex(JAVA_INT, at + j, (int) row[base + j]);
                }
            }
            case OrtApi.INT64 -> {
                for (int j = 0; j < width; j++) {
                    data.setAtIndex(JAVA_LONG, at + j, (long) row[base + j]);
                }
            }
            default -> { // BOOL
                for (int j = 0; j < width; j++) {
                    data.setAtIndex(JAVA_BYTE, at + j, (byte) (row[base + j] != 0 ? 1 : 0));
                }
            }
        }
    }

    private InvalidFeatureValueException missing(int feature) {
        return new InvalidFeatureValueException(model.inputSchema().name(feature), Double.NaN,
                "the ONNX model needs a value (integer tensors cannot hold NaN; float inputs accept"
                        + " it only with OnnxOptions.withMissingAllowed())");
    }

    private void run(Tensors t) {
        if (closed || model.isClosed()) {
            throw new IllegalStateException("the ONNX model or scorer is closed");
        }
        long status;
        try {
            status = (long) ort.runWithBinding.invokeExact(sessionAddress, runOptionsAddress, t.binding);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (status != 0) {
            int code = ort.errorCode(status);
            throw new OnnxRuntimeException(code, "ONNX Runtime Run failed: " + ort.message(status));
        }
    }

    /** Reads row {@code row} of every output into {@link #scores}. */
    private void read(Tensors t, int row) {
        int k = 0;
        for (int o = 0; o < outputCount; o++) {
            TensorSpec spec = model.outputs.get(o);
            int width = spec.width();
            MemorySegment data = t.outputData[o];
            long at = (long) row * width;
            switch (spec.elementType()) {
                case OrtApi.FLOAT -> {
                    for (int j = 0; j < width; j++) {
                        scores[k++] = data.getAtIndex(JAVA_FLOAT, at + j);
                    }
                }
                case OrtApi.DOUBLE -> {
                    for (int j = 0; j < width; j++) {
                        scores[k++] = data.getAtIndex(JAVA_DOUBLE, at + j);
                    }
                }
                case OrtApi.INT32 -> {
                    for (int j = 0; j < width; j++) {
                        scores[k++] = data.getAtIndex(JAVA_INT, at + j);
                    }
                }
                case OrtApi.INT64 -> {
                    for (int j = 0; j < width; j++) {
                        scores[k++] = data.getAtIndex(JAVA_LONG, at + j);
                    }
                }
                default -> {
                    for (int j = 0; j < width; j++) {
                        scores[k++] = data.getAtIndex(JAVA_BYTE, at + j);
                    }
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            releaseAll();
        }
    }

    private void releaseAll() {
        for (MemorySegment binding : bindings) {
            ort.release(ort.releaseIoBinding, binding);
        }
        bindings.clear();
        for (MemorySegment value : values) {
            ort.release(ort.releaseValue, value);
        }
        values.clear();
        if (runOptions != null) {
            ort.release(ort.releaseRunOptions, runOptions);
        }
        arena.close();
    }
}
