package dev.verdict.onnx;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.verdict.core.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * ONNX Runtime's C API, bound through the Foreign Function and Memory API: the {@code OrtApi}
 * function table of the {@code libonnxruntime.so} bundled in the
 * {@code com.microsoft.onnxruntime:onnxruntime} jar, reached through {@code OrtGetApiBase} →
 * {@code GetApi(23)}. Slot numbers follow {@code onnxruntime_c_api.h} for API version 23.
 *
 * <p>Every function returning {@code OrtStatus*} is bound as returning a {@code long}: 0 is
 * success; a pointer return would make the JDK allocate a segment per call, and {@link #run} is
 * on the request path. Loaded once per JVM; the {@code OrtEnv} lives as long as the JVM.
 */
@SuppressWarnings("restricted") // native access is the point of this class
final class OrtApi {
    static final int API_VERSION = 23;

    // ONNXTensorElementDataType
    static final int FLOAT = 1;
    static final int UINT8 = 2;
    static final int INT8 = 3;
    static final int INT16 = 5;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int STRING = 8;
    static final int BOOL = 9;
    static final int DOUBLE = 11;

    // ONNXType
    static final int ONNX_TYPE_TENSOR = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final FunctionDescriptor STATUS_P = FunctionDescriptor.of(JAVA_LONG, ADDRESS);
    private static final FunctionDescriptor STATUS_PP = FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS);
    private static final FunctionDescriptor STATUS_PPP = FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor STATUS_PPPP = FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final FunctionDescriptor STATUS_PI = FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor VOID_P = FunctionDescriptor.ofVoid(ADDRESS);

    private static volatile OrtApi instance;

    final String version;
    final MemorySegment env;
    final MemorySegment cpuMemoryInfo;
    final MemorySegment defaultAllocator;

    final MethodHandle getErrorCode;
    final MethodHandle getErrorMessage;
    final MethodHandle releaseStatus;
    final MethodHandle createSession;
    final MethodHandle createSessionFromArray;
    final MethodHandle run;
    final MethodHandle createSessionOptions;
    final MethodHandle setOptimizedModelFilePath;
    final MethodHandle setSessionExecutionMode;
    final MethodHandle enableMemPattern;
    final MethodHandle disableMemPattern;
    final MethodHandle enableCpuMemArena;
    final MethodHandle disableCpuMemArena;
    final MethodHandle setGraphOptimizationLevel;
    final MethodHandle setIntraOpNumThreads;
    final MethodHandle setInterOpNumThreads;
    final MethodHandle sessionGetInputCount;
    final MethodHandle sessionGetOutputCount;
    final MethodHandle sessionGetInputTypeInfo;
    final MethodHandle sessionGetOutputTypeInfo;
    final MethodHandle sessionGetInputName;
    final MethodHandle sessionGetOutputName;
    final MethodHandle createRunOptions;
    final MethodHandle createTensorWithDataAsOrtValue;
    final MethodHandle getTensorMutableData;
    final MethodHandle castTypeInfoToTensorInfo;
    final MethodHandle getOnnxTypeFromTypeInfo;
    final MethodHandle getTensorElementType;
    final MethodHandle getDimensionsCount;
    final MethodHandle getDimensions;
    final MethodHandle allocatorFree;
    final MethodHandle releaseSession;
    final MethodHandle releaseValue;
    final MethodHandle releaseRunOptions;
    final MethodHandle releaseTypeInfo;
    final MethodHandle releaseSessionOptions;
    final MethodHandle releaseMemoryInfo;
    final MethodHandle sessionGetModelMetadata;
    final MethodHandle modelMetadataGetProducerName;
    final MethodHandle modelMetadataGetGraphName;
    final MethodHandle modelMetadataGetVersion;
    final MethodHandle releaseModelMetadata;
    final MethodHandle createIoBinding;
    final MethodHandle releaseIoBinding;
    final MethodHandle bindInput;
    final MethodHandle bindOutput;
    /**
     * {@code RunWithBinding(session, runOptions, binding)} with every pointer passed as a raw
     * {@code long}: no segment scopes to acquire and release on the request path.
     */
    final MethodHandle runWithBinding;

    private OrtApi(SymbolLookup library) throws Throwable {
        MemorySegment apiBase = (MemorySegment) LINKER.downcallHandle(
                library.find("OrtGetApiBase").orElseThrow(() -> new ModelLoadException(
                        "libonnxruntime.so has no OrtGetApiBase")),
                FunctionDescriptor.of(ADDRESS)).invokeExact();
        apiBase = apiBase.reinterpret(2 * ADDRESS.byteSize());
        MethodHandle getApi = LINKER.downcallHandle(apiBase.get(ADDRESS, 0),
                FunctionDescriptor.of(ADDRESS, JAVA_INT));
        MethodHandle getVersionString = LINKER.downcallHandle(apiBase.get(ADDRESS, ADDRESS.byteSize()),
                FunctionDescriptor.of(ADDRESS));
        this.version = ((MemorySegment) getVersionString.invokeExact()).reinterpret(256).getString(0);
        MemorySegment api = (MemorySegment) getApi.invokeExact(API_VERSION);
        if (api.address() == 0) {
            throw new ModelLoadException("the bundled ONNX Runtime " + version
                    + " does not offer C API version " + API_VERSION);
        }
        MemorySegment table = api.reinterpret(400 * ADDRESS.byteSize());

        getErrorCode = fn(table, 1, FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getErrorMessage = fn(table, 2, FunctionDescriptor.of(ADDRESS, ADDRESS));
        MethodHandle createEnv = fn(table, 3, FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
        createSession = fn(table, 7, STATUS_PPPP);
        createSessionFromArray = fn(table, 8,
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        run = fn(table, 9, FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
        createSessionOptions = fn(table, 10, STATUS_P);
        setOptimizedModelFilePath = fn(table, 11, STATUS_PP);
        setSessionExecutionMode = fn(table, 13, STATUS_PI);
        enableMemPattern = fn(table, 16, STATUS_P);
        disableMemPattern = fn(table, 17, STATUS_P);
        enableCpuMemArena = fn(table, 18, STATUS_P);
        disableCpuMemArena = fn(table, 19, STATUS_P);
        setGraphOptimizationLevel = fn(table, 23, STATUS_PI);
        setIntraOpNumThreads = fn(table, 24, STATUS_PI);
        setInterOpNumThreads = fn(table, 25, STATUS_PI);
        sessionGetInputCount = fn(table, 30, STATUS_PP);
        sessionGetOutputCount = fn(table, 31, STATUS_PP);
        sessionGetInputTypeInfo = fn(table, 33, FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
        sessionGetOutputTypeInfo = fn(table, 34, FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
        sessionGetInputName = fn(table, 36, FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        sessionGetOutputName = fn(table, 37, FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));
        createRunOptions = fn(table, 39, STATUS_P);
        createTensorWithDataAsOrtValue = fn(table, 49, FunctionDescriptor.of(JAVA_LONG, ADDRESS,
                ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
        getTensorMutableData = fn(table, 51, STATUS_PP);
        castTypeInfoToTensorInfo = fn(table, 55, STATUS_PP);
        getOnnxTypeFromTypeInfo = fn(table, 56, STATUS_PP);
        getTensorElementType = fn(table, 60, STATUS_PP);
        getDimensionsCount = fn(table, 61, STATUS_PP);
        getDimensions = fn(table, 62, FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
        MethodHandle createCpuMemoryInfo = fn(table, 69, FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS));
        allocatorFree = fn(table, 76, STATUS_PP);
        MethodHandle getAllocatorWithDefaultOptions = fn(table, 78, STATUS_P);
        MethodHandle releaseEnv = fn(table, 92, VOID_P);
        releaseStatus = fn(table, 93, VOID_P);
        releaseMemoryInfo = fn(table, 94, VOID_P);
        releaseSession = fn(table, 95, VOID_P);
        releaseValue = fn(table, 96, VOID_P);
        releaseRunOptions = fn(table, 97, VOID_P);
        releaseTypeInfo = fn(table, 98, VOID_P);
        releaseSessionOptions = fn(table, 100, VOID_P);
        sessionGetModelMetadata = fn(table, 111, STATUS_PP);
        modelMetadataGetProducerName = fn(table, 112, STATUS_PPP);
        modelMetadataGetGraphName = fn(table, 113, STATUS_PPP);
        modelMetadataGetVersion = fn(table, 117, STATUS_PP);
        releaseModelMetadata = fn(table, 118, VOID_P);
        runWithBinding = fn(table, 133, FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        createIoBinding = fn(table, 134, STATUS_PP);
        releaseIoBinding = fn(table, 135, VOID_P);
        bindInput = fn(table, 136, STATUS_PPP);
        bindOutput = fn(table, 137, STATUS_PPP);

        Arena global = Arena.global();
        MemorySegment out = global.allocate(ADDRESS);
        check((long) createEnv.invokeExact(3 /* ORT_LOGGING_LEVEL_ERROR */,
                global.allocateFrom("verdict"), out), "CreateEnv");
        this.env = out.get(ADDRESS, 0);
        check((long) createCpuMemoryInfo.invokeExact(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */,
                out), "CreateCpuMemoryInfo");
        this.cpuMemoryInfo = out.get(ADDRESS, 0);
        check((long) getAllocatorWithDefaultOptions.invokeExact(out), "GetAllocatorWithDefaultOptions");
        this.defaultAllocator = out.get(ADDRESS, 0);
        // The env is process-wide and intentionally never released (ONNX Runtime allows one).
        MethodHandle unused = releaseEnv;
    }

    private static MethodHandle fn(MemorySegment table, int slot, FunctionDescriptor descriptor) {
        MemorySegment address = table.get(ADDRESS, slot * ADDRESS.byteSize());
        if (address.address() == 0) {
            throw new ModelLoadException("ONNX Runtime C API slot " + slot + " is empty");
        }
        return LINKER.downcallHandle(address, descriptor);
    }

    /** The process-wide binding, loaded on first use. */
    static OrtApi get() {
        OrtApi api = instance;
        if (api == null) {
            synchronized (OrtApi.class) {
                api = instance;
                if (api == null) {
                    api = load();
                    instance = api;
                }
            }
        }
        return api;
    }

    private static OrtApi load() {
        String resource = "/ai/onnxruntime/native/" + platform() + "/libonnxruntime.so";
        try (InputStream in = OrtApi.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelLoadException("ONNX models need com.microsoft.onnxruntime:onnxruntime"
                        + " on the class path (no " + resource + " found)");
            }
            Path dir = Files.createTempDirectory("verdict-onnxruntime");
            Path lib = dir.resolve("libonnxruntime.so");
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            lib.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return new OrtApi(SymbolLookup.libraryLookup(lib, Arena.global()));
        } catch (ModelLoadException e) {
            throw e;
        } catch (IllegalCallerException e) {
            throw new ModelLoadException("ONNX models need native access: run the JVM with"
                    + " --enable-native-access=ALL-UNNAMED", e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot extract ONNX Runtime's native library: " + e, e);
        } catch (Throwable e) {
            throw new ModelLoadException("cannot initialize ONNX Runtime: " + e, e);
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (!os.contains("linux")) {
            throw new ModelLoadException("Verdict's ONNX support runs on Linux; this is " + os);
        }
        return arch.equals("aarch64") ? "linux-aarch64" : "linux-x64";
    }

    /** Throws for a non-zero status, with ONNX Runtime's message; releases the status. */
    void check(long status, String what) {
        if (status != 0) {
            throw new OnnxRuntimeException(errorCode(status), what + " failed: " + message(status));
        }
    }

    int errorCode(long status) {
        try {
            return (int) getErrorCode.invokeExact(MemorySegment.ofAddress(status));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status's message; releases the status. */
    String message(long status) {
        try {
            MemorySegment s = MemorySegment.ofAddress(status);
            String message = ((MemorySegment) getErrorMessage.invokeExact(s)).reinterpret(1 << 16)
                    .getString(0, StandardCharsets.UTF_8);
            releaseStatus.invokeExact(s);
            return message;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    void release(MethodHandle releaser, MemorySegment object) {
        if (object != null && object.address() != 0) {
            try {
                releaser.invokeExact(object);
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
