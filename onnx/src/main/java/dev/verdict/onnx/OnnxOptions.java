package dev.verdict.onnx;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to load an ONNX model: the ONNX Runtime session settings a service needs on its request
 * path, and how Verdict maps features onto the model's input tensors.
 *
 * {@snippet class=dev.verdict.onnx.Snippets region=options}
 *
 * @param intraOpThreads threads ONNX Runtime may use inside one operator; 1 keeps a request on
 *     its own thread (the default, and what a request path wants)
 * @param interOpThreads threads for running independent operators in parallel (default 1)
 * @param optimization graph optimization level (default {@link Optimization#ALL})
 * @param optimizedModelCache where ONNX Runtime writes the optimized graph, or null
 * @param memoryArena whether ONNX Runtime's CPU memory arena is enabled (default true)
 * @param maxBatch the most rows one native run scores; larger batches are split (default 256)
 * @param allowMissing whether NaN may be passed to float inputs; by default a missing value is an
 *     error, because a neural network has no notion of "missing" and would return NaN
 * @param featureNames names for the columns of input tensors, by input name; unnamed inputs get
 *     {@code input} (one column) or {@code input[i]}
 */
public record OnnxOptions(int intraOpThreads, int interOpThreads, Optimization optimization,
        Path optimizedModelCache, boolean memoryArena, int maxBatch, boolean allowMissing,
        Map<String, List<String>> featureNames) {

    /** ONNX Runtime's {@code GraphOptimizationLevel}. */
    public enum Optimization {
        /** No graph optimizations. */
        DISABLE(0),
        /** Redundant node removal, constant folding. */
        BASIC(1),
        /** Plus complex node fusions. */
        EXTENDED(2),
        /** Everything, including layout optimizations. */
        ALL(99);

        final int level;

        Optimization(int level) {
            this.level = level;
        }
    }

    /** Validates the settings. */
    public OnnxOptions {
        if (intraOpThreads < 0 || interOpThreads < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0 (0 = ONNX Runtime's default)");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive: " + maxBatch);
        }
        Objects.requireNonNull(optimization, "optimization");
        featureNames = Map.copyOf(featureNames);
    }

    /** {@return one thread, all optimizations, arena on, batches of up to 256 rows, no missing values} */
    public static OnnxOptions defaults() {
        return new OnnxOptions(1, 1, Optimization.ALL, null, true, 256, false, Map.of());
    }

    /**
     * {@return these options with that many intra-op threads}
     *
     * @param threads intra-op threads
     */
    public OnnxOptions withIntraOpThreads(int threads) {
        return new OnnxOptions(threads, interOpThreads, optimization, optimizedModelCache,
                memoryArena, maxBatch, allowMissing, featureNames);
    }

    /**
     * {@return these options with that level}
     *
     * @param level the graph optimization level
     */
    public OnnxOptions withOptimization(Optimization level) {
        return new OnnxOptions(intraOpThreads, interOpThreads, level, optimizedModelCache,
                memoryArena, maxBatch, allowMissing, featureNames);
    }

    /**
     * {@return these options with the optimized model cached there}
     *
     * @param file where ONNX Runtime writes the optimized model
     */
    public OnnxOptions withOptimizedModelCache(Path file) {
        return new OnnxOptions(intraOpThreads, interOpThreads, optimization, file, memoryArena,
                maxBatch, allowMissing, featureNames);
    }

    /**
     * {@return these options with the arena on or off}
     *
     * @param enabled whether the CPU memory arena is used
     */
    public OnnxOptions withMemoryArena(boolean enabled) {
        return new OnnxOptions(intraOpThreads, interOpThreads, optimization, optimizedModelCache,
                enabled, maxBatch, allowMissing, featureNames);
    }

    /**
     * {@return these options with that batch size}
     *
     * @param rows the most rows one native run scores
     */
    public OnnxOptions withMaxBatch(int rows) {
        return new OnnxOptions(intraOpThreads, interOpThreads, optimization, optimizedModelCache,
                memoryArena, rows, allowMissing, featureNames);
    }

    /** {@return these options, passing NaN through to float inputs instead of rejecting it} */
    public OnnxOptions withMissingAllowed() {
        return new OnnxOptions(intraOpThreads, interOpThreads, optimization, optimizedModelCache,
                memoryArena, maxBatch, true, featureNames);
    }

    /**
     * {@return these options with those feature names}
     *
     * @param input an input tensor's name
     * @param names one name per column of that tensor, in order
     */
    public OnnxOptions withFeatureNames(String input, List<String> names) {
        Map<String, List<String>> all = new java.util.HashMap<>(featureNames);
        all.put(input, List.copyOf(names));
        return new OnnxOptions(intraOpThreads, interOpThreads, optimization, optimizedModelCache,
                memoryArena, maxBatch, allowMissing, all);
    }
}
