package dev.verdict.onnx;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.verdict.core.AbstractModel;
import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureType;
import dev.verdict.core.Model;
import dev.verdict.core.ModelInfo;
import dev.verdict.core.ModelLoadException;
import dev.verdict.core.OutputKind;
import dev.verdict.core.OutputSpec;
import dev.verdict.core.Scorer;
import dev.verdict.loader.ModelFormatException;
import dev.verdict.loader.ModelLoader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An ONNX model scored by ONNX Runtime through its C API, called with the JDK's Foreign Function
 * and Memory API: one {@code OrtSession} shared by all threads, and per {@link Scorer} native input
 * and output tensors allocated once, so that scoring a row writes the features, runs, and reads
 * the outputs without allocating on the Java heap.
 *
 * {@snippet class=dev.verdict.onnx.Snippets region=load}
 * }
 *
 * <p>Inputs are float32, float64, int32, int64 or bool tensors whose first dimension is the batch
 * (dynamic, or fixed at 1) and whose other dimensions are fixed; each becomes a run of features
 * in the {@link #inputSchema() input schema}, in input order (names from
 * {@link OnnxOptions#featureNames()}, else {@code input[i]}). Float inputs are numeric features;
 * integer inputs are categorical codes; bool inputs are booleans. Every tensor output becomes
 * scores; outputs that are not tensors (a ZipMap's sequence of maps) are not requested, and a
 * model with no tensor output is rejected.
 */
public final class OnnxModel extends AbstractModel {
    final OrtApi ort;
    final MemorySegment session;
    private final MemorySegment sessionOptions;
    final List<TensorSpec> inputs;
    final List<TensorSpec> outputs;
    final OnnxOptions options;
    private volatile boolean closed;

    private OnnxModel(OrtApi ort, MemorySegment session, MemorySegment sessionOptions,
            List<TensorSpec> inputs, List<TensorSpec> outputs, OnnxOptions options,
            FeatureSchema schema, boolean named, OutputSpec outputSpec, ModelInfo info) {
        super(info, schema, named, outputSpec);
        this.ort = ort;
        this.session = session;
        this.sessionOptions = sessionOptions;
        this.inputs = inputs;
        this.outputs = outputs;
        this.options = options;
    }

    /**
     * {@return the model; close it to release the native session}
     *
     * @param path an {@code .onnx} file
     * @param options session and mapping options
     * @throws ModelLoadException if the file is unreadable, not ONNX, or uses what Verdict cannot feed
     */
    public static OnnxModel load(Path path, OnnxOptions options) {
        byte[] bytes = ModelLoader.readArtifact(path);
        try {
            return load(bytes, options);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@return the model}
     *
     * @param bytes a serialized ONNX model
     * @param options session and mapping options
     * @throws ModelLoadException if the bytes are not a model Verdict can feed
     */
    public static OnnxModel load(byte[] bytes, OnnxOptions options) {
        OrtApi ort = OrtApi.get();
        MemorySegment sessionOptions = MemorySegment.NULL;
        MemorySegment session = MemorySegment.NULL;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            ort.check((long) ort.createSessionOptions.invokeExact(out), "CreateSessionOptions");
            sessionOptions = out.get(ADDRESS, 0);
            configure(ort, sessionOptions, options, arena);
            MemorySegment data = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, data, JAVA_BYTE_LAYOUT, 0, bytes.length);
            long status = (long) ort.createSessionFromArray.invokeExact(ort.env, data,
                    (long) bytes.length, sessionOptions, out);
            if (status != 0) {
                int code = ort.errorCode(status);
                throw new ModelFormatException("not a model ONNX Runtime can load ("
                        + ort.message(status) + ", error code " + code + ")");
            }
            session = out.get(ADDRESS, 0);
            List<TensorSpec> inputs = describe(ort, session, arena, true);
            List<TensorSpec> outputs = describe(ort, session, arena, false);
            List<String> skipped = new ArrayList<>();
            List<TensorSpec> tensorOutputs = new ArrayList<>();
            for (TensorSpec o : outputs) {
                if (o.elementType() < 0) {
                    skipped.add(o.name());
                } else {
                    tensorOutputs.add(o);
                }
            }
            if (tensorOutputs.isEmpty()) {
                throw new ModelFormatException("no output is a tensor (" + String.join(", ", skipped)
                        + "); Verdict scores tensor outputs — a classifier converted with a ZipMap"
                        + " output should be converted with zipmap=False");
            }
            FeatureSchema schema = schema(inputs, options);
            boolean named = inputs.stream().allMatch(i -> options.featureNames().containsKey(i.name()));
            OutputSpec outputSpec = outputSpec(tensorOutputs);
            ModelInfo info = info(ort, session, arena, inputs, tensorOutputs, skipped, options);
            return new OnnxModel(ort, session, sessionOptions, List.copyOf(inputs),
                    List.copyOf(tensorOutputs), options, schema, named, outputSpec, info);
        } catch (RuntimeException e) {
            ort.release(ort.releaseSession, session);
            ort.release(ort.releaseSessionOptions, sessionOptions);
            if (e instanceof ModelLoadException) {
                throw e;
            }
            throw new ModelLoadException("loading the ONNX model failed: " + e.getMessage(), e);
        } catch (Throwable e) {
            ort.release(ort.releaseSession, session);
            ort.release(ort.releaseSessionOptions, sessionOptions);
            throw new ModelLoadException("loading the ONNX model failed: " + e, e);
        }
    }

    private static final java.lang.foreign.ValueLayout.OfByte JAVA_BYTE_LAYOUT = java.lang.foreign.ValueLayout.JAVA_BYTE;

    private static void configure(OrtApi ort, MemorySegment so, OnnxOptions options, Arena arena)
            throws Throwable {
        ort.check((long) ort.setIntraOpNumThreads.invokeExact(so, options.intraOpThreads()), "SetIntraOpNumThreads");
        ort.check((long) ort.setInterOpNumThreads.invokeExact(so, options.interOpThreads()), "SetInterOpNumThreads");
        ort.check((long) ort.setGraphOptimizationLevel.invokeExact(so, options.optimization().level),
                "SetSessionGraphOptimizationLevel");
        ort.check((long) ort.setSessionExecutionMode.invokeExact(so, 0 /* ORT_SEQUENTIAL */), "SetSessionExecutionMode");
        if (options.memoryArena()) {
            ort.check((long) ort.enableCpuMemArena.invokeExact(so), "EnableCpuMemArena");
        } else {
            ort.check((long) ort.disableCpuMemArena.invokeExact(so), "DisableCpuMemArena");
        }
        if (options.optimizedModelCache() != null) {
            MemorySegment path = arena.allocateFrom(options.optimizedModelCache().toString());
            ort.check((long) ort.setOptimizedModelFilePath.invokeExact(so, path), "SetOptimizedModelFilePath");
        }
    }

    /** Inputs or outputs; a non-tensor has element type -1. */
    private static List<TensorSpec> describe(OrtApi ort, MemorySegment session, Arena arena,
            boolean input) throws Throwable {
        MemorySegment count = arena.allocate(JAVA_LONG);
        ort.check((long) (input ? ort.sessionGetInputCount : ort.sessionGetOutputCount)
                .invokeExact(session, count), input ? "SessionGetInputCount" : "SessionGetOutputCount");
        long n = count.get(JAVA_LONG, 0);
        List<TensorSpec> specs = new ArrayList<>();
        MemorySegment out = arena.allocate(ADDRESS);
        MemorySegment intOut = arena.allocate(JAVA_INT);
        for (long i = 0; i < n; i++) {
            ort.check((long) (input ? ort.sessionGetInputName : ort.sessionGetOutputName)
                    .invokeExact(session, i, ort.defaultAllocator, out), "SessionGet*Name");
            MemorySegment namePtr = out.get(ADDRESS, 0);
            String name = namePtr.reinterpret(1 << 16).getString(0, StandardCharsets.UTF_8);
            ort.check((long) ort.allocatorFree.invokeExact(ort.defaultAllocator, namePtr), "AllocatorFree");
            ort.check((long) (input ? ort.sessionGetInputTypeInfo : ort.sessionGetOutputTypeInfo)
                    .invokeExact(session, i, out), "SessionGet*TypeInfo");
            MemorySegment typeInfo = out.get(ADDRESS, 0);
            try {
                ort.check((long) ort.getOnnxTypeFromTypeInfo.invokeExact(typeInfo, intOut), "GetOnnxTypeFromTypeInfo");
                int onnxType = intOut.get(JAVA_INT, 0);
                if (onnxType != OrtApi.ONNX_TYPE_TENSOR) {
                    if (input) {
                        throw new ModelFormatException("input '" + name + "' is not a tensor (ONNX type "
                                + onnxType + "); Verdict feeds tensors");
                    }
                    specs.add(new TensorSpec(name, -1, new long[0], false, 0));
                    continue;
                }
                ort.check((long) ort.castTypeInfoToTensorInfo.invokeExact(typeInfo, out), "CastTypeInfoToTensorInfo");
                MemorySegment tensorInfo = out.get(ADDRESS, 0); // owned by typeInfo
                ort.check((long) ort.getTensorElementType.invokeExact(tensorInfo, intOut), "GetTensorElementType");
                int elementType = intOut.get(JAVA_INT, 0);
                ort.check((long) ort.getDimensionsCount.invokeExact(tensorInfo, count), "GetDimensionsCount");
                int rank = (int) count.get(JAVA_LONG, 0);
                MemorySegment dimsSeg = arena.allocate(JAVA_LONG, Math.max(1, rank));
                ort.check((long) ort.getDimensions.invokeExact(tensorInfo, dimsSeg, (long) rank), "GetDimensions");
                long[] dims = new long[rank];
                for (int d = 0; d < rank; d++) {
                    dims[d] = dimsSeg.getAtIndex(JAVA_LONG, d);
                }
                specs.add(spec(name, elementType, dims, input));
            } finally {
                ort.release(ort.releaseTypeInfo, typeInfo);
            }
        }
        return specs;
    }

    private static TensorSpec spec(String name, int elementType, long[] dims, boolean input) {
        String what = (input ? "input '" : "output '") + name + "'";
        switch (elementType) {
            case OrtApi.FLOAT, OrtApi.DOUBLE, OrtApi.INT32, OrtApi.INT64, OrtApi.BOOL -> {
            }
            default -> throw new ModelFormatException(what + " has element type "
                    + TensorSpec.typeName(elementType)
                    + "; Verdict supports float32, float64, int32, int64 and bool tensors");
        }
        if (dims.length == 0) {
            return new TensorSpec(name, elementType, dims, false, 1);
        }
        // The first dimension is the batch when the tensor has several, or when it is dynamic;
        // only a dynamic one can take batches (a fixed batch of 1 is scored row by row).
        boolean leading = dims.length >= 2 || dims[0] < 0;
        boolean batched = dims[0] < 0;
        if (leading && dims[0] > 1) {
            throw new ModelFormatException(what + " has a fixed batch dimension of " + dims[0]
                    + "; Verdict scores one row at a time (or a dynamic batch)");
        }
        long width = 1;
        for (int d = leading ? 1 : 0; d < dims.length; d++) {
            if (dims[d] < 0) {
                throw new ModelFormatException(what + " has a dynamic dimension " + d
                        + " besides the batch; Verdict preallocates fixed-size tensors");
            }
            width *= dims[d];
        }
        if (width > (1 << 24)) {
            throw new ModelFormatException(what + " has " + width + " values per row, too many");
        }
        return new TensorSpec(name, elementType, dims, batched, (int) width);
    }

    private static FeatureSchema schema(List<TensorSpec> inputs, OnnxOptions options) {
        List<Feature> features = new ArrayList<>();
        for (TensorSpec in : inputs) {
            List<String> names = options.featureNames().get(in.name());
            if (names != null && names.size() != in.width()) {
                throw new ModelFormatException("input '" + in.name() + "' has " + in.width()
                        + " values per row, but " + names.size() + " feature names were given");
            }
            for (int i = 0; i < in.width(); i++) {
                String name = names != null ? names.get(i)
                        : in.width() == 1 ? in.name() : in.name() + "[" + i + "]";
                Feature f = switch (in.elementType()) {
                    case OrtApi.FLOAT, OrtApi.DOUBLE -> Feature.numeric(name);
                    case OrtApi.BOOL -> Feature.bool(name);
                    default -> Feature.categorical(name);
                };
                // Integer and bool tensors cannot hold NaN; float inputs only when allowed.
                boolean required = f.type() != FeatureType.NUMERIC || !options.allowMissing();
                features.add(required ? f.asRequired() : f);
            }
        }
        for (String given : options.featureNames().keySet()) {
            if (inputs.stream().noneMatch(i -> i.name().equals(given))) {
                throw new ModelFormatException("feature names were given for input '" + given
                        + "', which the model does not have");
            }
        }
        try {
            return FeatureSchema.of(features);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(e.getMessage());
        }
    }

    private static OutputSpec outputSpec(List<TensorSpec> outputs) {
        List<String> names = new ArrayList<>();
        boolean probability = outputs.size() == 1
                && outputs.get(0).name().toLowerCase(Locale.ROOT).contains("prob");
        for (TensorSpec o : outputs) {
            for (int i = 0; i < o.width(); i++) {
                names.add(o.width() == 1 ? o.name() : o.name() + "[" + i + "]");
            }
        }
        // ONNX models have no separate margin: the margins are the outputs themselves.
        return new OutputSpec(probability ? OutputKind.PROBABILITY : OutputKind.PREDICTION, names, names);
    }

    private static ModelInfo info(OrtApi ort, MemorySegment session, Arena arena,
            List<TensorSpec> inputs, List<TensorSpec> outputs, List<String> skipped,
            OnnxOptions options) throws Throwable {
        MemorySegment out = arena.allocate(ADDRESS);
        String producer = "";
        String graph = "";
        ort.check((long) ort.sessionGetModelMetadata.invokeExact(session, out), "SessionGetModelMetadata");
        MemorySegment metadata = out.get(ADDRESS, 0);
        try {
            ort.check((long) ort.modelMetadataGetProducerName.invokeExact(metadata, ort.defaultAllocator, out), "ModelMetadataGetProducerName");
            producer = takeString(ort, out.get(ADDRESS, 0));
            ort.check((long) ort.modelMetadataGetGraphName.invokeExact(metadata, ort.defaultAllocator, out), "ModelMetadataGetGraphName");
            graph = takeString(ort, out.get(ADDRESS, 0));
        } finally {
            ort.release(ort.releaseModelMetadata, metadata);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("inputs", String.join(", ", inputs.stream().map(TensorSpec::describe).toList()));
        details.put("outputs", String.join(", ", outputs.stream().map(TensorSpec::describe).toList()));
        if (!skipped.isEmpty()) {
            details.put("not scored", String.join(", ", skipped) + " (not tensors)");
        }
        details.put("runtime", "ONNX Runtime " + ort.version + " through FFM");
        details.put("threads", options.intraOpThreads() + " intra-op, " + options.interOpThreads() + " inter-op");
        details.put("optimization", options.optimization().name().toLowerCase(Locale.ROOT));
        return new ModelInfo("onnx", producer, graph.isEmpty() ? "onnx graph" : "onnx graph '" + graph + "'", details);
    }

    private static String takeString(OrtApi ort, MemorySegment pointer) throws Throwable {
        if (pointer.address() == 0) {
            return "";
        }
        String s = pointer.reinterpret(1 << 16).getString(0, StandardCharsets.UTF_8);
        ort.check((long) ort.allocatorFree.invokeExact(ort.defaultAllocator, pointer), "AllocatorFree");
        return s;
    }





    @Override
    public Scorer newScorer() {
        if (closed) {
            throw new IllegalStateException("the ONNX model is closed");
        }
        return new OnnxScorer(this);
    }

    boolean isClosed() {
        return closed;
    }

    /** Releases the native session. Scorers must not be used afterwards. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            ort.release(ort.releaseSession, session);
            ort.release(ort.releaseSessionOptions, sessionOptions);
        }
    }
}
