package dev.verdict.jmh.tools;

import dev.verdict.core.Model;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.loader.internal.trees.Arithmetic;
import dev.verdict.loader.internal.trees.DecisionTree;
import dev.verdict.loader.internal.trees.TreeEnsemble;
import dev.verdict.loader.internal.trees.TreeModel;
import java.io.IOException;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The speed limit for a tree ensemble: a loaded XGBoost model turned into C, compiled by
 * {@code gcc} and called through the FFM API. The trees come from Verdict's loader
 * ({@link #load}: {@code ModelLoader.load} → {@link TreeModel#ensemble()} →
 * {@link TreeEnsemble#trees()}), so the C computes what the engine computes, in its terms:
 * float32 inputs, a NaN input takes the node's default direction, otherwise {@code x <= t} goes
 * left (the loader stored XGBoost's {@code x < split} as {@code x <= nextDown(split)}, the same
 * test for every float), and each tree's leaf is added in tree order to a float accumulator that
 * starts at the ensemble's base margin (docs/xgboost-json-and-prediction.md §3.3–3.4).
 *
 * <p>The shared library exports three functions, each {@code float f(const float* x)}:
 * {@code predict} (one C function per tree, as nested if/else, every threshold and leaf a hex
 * float literal), {@code predict_arrays} (one loop over 8-byte nodes in constant arrays, one
 * tree after another) and {@code predict_interleaved} (Verdict's own algorithm transcribed to C:
 * trees padded to perfect ones, 8 trees at a time, each step loading both children before its
 * comparison picks one, comparisons on int order keys of the floats).
 * In the first two, missing values need no {@code isnan}: a default-left node goes left on
 * {@code !(x > t)} and a default-right node on {@code x <= t}, true and false for NaN as
 * required; the third substitutes -inf or +inf for NaN in two copies of the row. There are
 * no multiplications, so no FMA contraction can happen, and without {@code -ffast-math} gcc may
 * not reassociate the float additions.
 *
 * <p>Supported: float32 ensembles with one output and numeric splits (XGBoost's, except
 * multi-output and categorical models). Anything else throws
 * {@link UnsupportedOperationException}.
 */
public final class CompiledTrees implements AutoCloseable {
    /** The flags used when none are given: optimised, no {@code -ffast-math}, no {@code -march}. */
    public static final List<String> DEFAULT_FLAGS = List.of("-O3");

    private static final FunctionDescriptor PREDICT = FunctionDescriptor.of(ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS);

    private final Trees trees;
    private final Path dir;
    private final Path source;
    private final Path library;
    private final List<String> flags;
    private final Arena arena;
    private final MethodHandle ifElse;
    private final MethodHandle arrays;
    private final MethodHandle interleaved;

    private CompiledTrees(Trees trees, Path dir, Path source, Path library, List<String> flags) {
        this.trees = trees;
        this.dir = dir;
        this.source = source;
        this.library = library;
        this.flags = flags;
        this.arena = Arena.ofShared();
        SymbolLookup lookup = SymbolLookup.libraryLookup(library, arena);
        Linker linker = Linker.nativeLinker();
        // critical(true): no thread-state transition, and heap segments (float[]) may be passed.
        this.ifElse = linker.downcallHandle(lookup.findOrThrow("predict"), PREDICT, Linker.Option.critical(true));
        this.arrays = linker.downcallHandle(lookup.findOrThrow("predict_arrays"), PREDICT, Linker.Option.critical(true));
        this.interleaved = linker.downcallHandle(lookup.findOrThrow("predict_interleaved"), PREDICT,
                Linker.Option.critical(true));
    }

    /**
     * Loads a model with Verdict's loader, keeping the trees the reader built
     * ({@link TreeEnsemble#KEEP_SOURCE_TREES}) so that {@link #compile} can read them. The model
     * scores as any other: benchmarks use the same one for Verdict's side.
     *
     * @param artifact the model file's bytes (XGBoost JSON, UBJSON or binary)
     * @return the model
     */
    public static Model load(byte[] artifact) {
        return ScopedValue.where(TreeEnsemble.KEEP_SOURCE_TREES, true)
                .call(() -> ModelLoader.load(artifact, LoadOptions.defaults()));
    }

    /**
     * Generates C for a loaded model, compiles it with {@code gcc <flags> -shared -fPIC} into a
     * fresh temporary directory and loads it.
     *
     * @param model a model from {@link #load}, of XGBoost trees
     * @param flags gcc flags, for example {@code ["-O3"]} or {@code ["-O3", "-march=native"]}
     * @return the loaded library
     * @throws UnsupportedOperationException if the model is not a supported tree model
     */
    public static CompiledTrees compile(Model model, List<String> flags) {
        Trees trees = Trees.of(model);
        try {
            Path dir = Files.createTempDirectory("verdict-ctrees-");
            Path source = dir.resolve("trees.c");
            Path library = dir.resolve("libtrees.so");
            Files.writeString(source, trees.c(), StandardCharsets.US_ASCII);
            List<String> cmd = new ArrayList<>();
            cmd.add("gcc");
            cmd.addAll(flags);
            cmd.addAll(List.of("-shared", "-fPIC", "-o", library.toString(), source.toString()));
            gcc(cmd);
            return new CompiledTrees(trees, dir, source, library, List.copyOf(flags));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param model a model from {@link #load}, of XGBoost trees
     * @return the C source for it, without compiling it
     */
    public static String generateC(Model model) {
        return Trees.of(model).c();
    }

    /** The margin of one row through the if/else code (a heap segment, allowed by critical). */
    public float predict(float[] row) {
        return predict(ifElse, MemorySegment.ofArray(row));
    }

    /** The margin of one row through the array code. */
    public float predictArrays(float[] row) {
        return predict(arrays, MemorySegment.ofArray(row));
    }

    /** The margin of one row through the branchless, 8-trees-at-a-time code. */
    public float predictInterleaved(float[] row) {
        return predict(interleaved, MemorySegment.ofArray(row));
    }

    private float predict(MethodHandle handle, MemorySegment row) {
        if (row.byteSize() < 4L * trees.features) {
            throw new IllegalArgumentException("row has " + row.byteSize() / 4 + " floats, model reads " + trees.features);
        }
        try {
            return (float) handle.invokeExact(row);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The downcall for {@code float predict(const float*)}, {@code (MemorySegment)float}: for a
     * caller that wants to hold it in a constant. It does not check the row's length.
     */
    public MethodHandle ifElseHandle() {
        return ifElse;
    }

    /** The downcall for {@code float predict_arrays(const float*)}. */
    public MethodHandle arraysHandle() {
        return arrays;
    }

    /** The downcall for {@code float predict_interleaved(const float*)}. */
    public MethodHandle interleavedHandle() {
        return interleaved;
    }

    /** Features the generated code reads (the model's {@code num_feature}). */
    public int features() {
        return trees.features;
    }

    public int treeCount() {
        return trees.trees.size();
    }

    public Path source() {
        return source;
    }

    public Path library() {
        return library;
    }

    public List<String> flags() {
        return flags;
    }

    /**
     * Rows whose present values sit on the model's split thresholds or one ulp either side
     * (10% missing), to check the {@code <} boundary and the default directions, which random
     * Gaussian inputs almost never hit.
     */
    public float[][] thresholdRows(int n, long seed) {
        float[][] splits = trees.splitValues();
        SplittableRandom random = new SplittableRandom(seed);
        float[][] rows = new float[n][trees.features];
        for (float[] row : rows) {
            for (int f = 0; f < row.length; f++) {
                float[] s = splits[f];
                if (s.length == 0 || random.nextDouble() < 0.1) {
                    row[f] = s.length == 0 ? (float) random.nextGaussian() : Float.NaN;
                    continue;
                }
                float v = s[random.nextInt(s.length)];
                row[f] = switch (random.nextInt(3)) {
                    case 0 -> Math.nextDown(v);
                    case 1 -> v;
                    default -> Math.nextUp(v);
                };
            }
        }
        return rows;
    }

    /** Unloads the library and deletes the temporary directory (unless -Dverdict.ctrees.keep=true). */
    @Override
    public void close() {
        arena.close();
        if (!Boolean.getBoolean("verdict.ctrees.keep")) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void gcc(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("gcc did not finish in 10 minutes: " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for gcc", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("gcc failed (" + p.exitValue() + "): " + cmd + "\n" + output);
        }
    }

    /**
     * One scalar tree in the loader's node numbering (XGBoost's); {@code value} is a split's
     * threshold {@code t} or a leaf's value.
     */
    private record Tree(int[] left, int[] right, int[] feature, float[] value, boolean[] defaultLeft) {
        boolean isLeaf(int n) {
            return left[n] == -1;
        }
    }

    /** The parsed ensemble and its C translation. */
    private static final class Trees {
        final List<Tree> trees;
        final int features;
        final float baseMargin;

        private Trees(List<Tree> trees, int features, float baseMargin) {
            this.trees = trees;
            this.features = features;
            this.baseMargin = baseMargin;
        }

        /** The loaded ensemble's trees, as arrays in the loader's node numbering. */
        static Trees of(Model model) {
            if (!(model instanceof TreeModel treeModel)) {
                throw new UnsupportedOperationException("not a tree model: " + model);
            }
            TreeEnsemble ensemble = treeModel.ensemble();
            if (ensemble.arithmetic() != Arithmetic.FLOAT32) {
                throw new UnsupportedOperationException("float32 (XGBoost) ensembles only; this one computes in "
                        + ensemble.arithmetic());
            }
            if (ensemble.outputCount() != 1) {
                throw new UnsupportedOperationException("one output only; the model has " + ensemble.outputCount());
            }
            List<DecisionTree> source = ensemble.trees();
            List<Tree> trees = new ArrayList<>(source.size());
            for (int t = 0; t < source.size(); t++) {
                DecisionTree tree = source.get(t);
                int n = tree.nodeCount();
                int[] left = new int[n];
                int[] right = new int[n];
                int[] feature = new int[n];
                float[] value = new float[n];
                boolean[] defaultLeft = new boolean[n];
                for (int i = 0; i < n; i++) {
                    if (tree.isLeaf(i)) {
                        left[i] = -1;
                        right[i] = -1;
                        value[i] = float32(tree.leafValue(i), t, i);
                    } else if (tree.isCategorical(i)) {
                        throw new UnsupportedOperationException("tree " + t + " has categorical splits");
                    } else {
                        left[i] = tree.left(i);
                        right[i] = tree.right(i);
                        feature[i] = tree.feature(i);
                        value[i] = float32(tree.threshold(i), t, i);
                        defaultLeft[i] = tree.missingGoesLeft(i);
                    }
                }
                trees.add(new Tree(left, right, feature, value, defaultLeft));
            }
            return new Trees(trees, ensemble.featureCount(), float32(ensemble.baseMargin(0), -1, -1));
        }

        /** Float32 ensembles hold float values in doubles; the C literals are floats. */
        private static float float32(double v, int tree, int node) {
            if ((float) v != v && !Double.isNaN(v)) {
                throw new UnsupportedOperationException((tree < 0 ? "the base margin " : "tree " + tree + " node "
                        + node + ": ") + v + " is not a float32 value");
            }
            return (float) v;
        }

        float[][] splitValues() {
            List<List<Float>> byFeature = new ArrayList<>();
            for (int f = 0; f < features; f++) {
                byFeature.add(new ArrayList<>());
            }
            for (Tree t : trees) {
                for (int n = 0; n < t.left.length; n++) {
                    if (!t.isLeaf(n)) {
                        byFeature.get(t.feature[n]).add(t.value[n]);
                    }
                }
            }
            float[][] out = new float[features][];
            for (int f = 0; f < features; f++) {
                List<Float> l = byFeature.get(f);
                out[f] = new float[l.size()];
                for (int i = 0; i < out[f].length; i++) {
                    out[f][i] = l.get(i);
                }
            }
            return out;
        }

        String c() {
            StringBuilder c = new StringBuilder(trees.size() * 4096);
            c.append("/* Generated by dev.verdict.jmh.tools.CompiledTrees: ").append(trees.size())
                    .append(" trees, ").append(features).append(" features. Margin as XGBoost's CPU predictor,\n")
                    .append(" * in Verdict's engine terms: NaN -> default child, x <= t -> left (t = nextDown of\n")
                    .append(" * XGBoost's split), leaves added in tree order to a float accumulator that starts at\n")
                    .append(" * the base margin. Do not compile with -ffast-math. */\n")
                    .append("#include <stdint.h>\n\n")
                    .append("#define BASE_MARGIN ").append(literal(baseMargin)).append("\n\n");
            for (int t = 0; t < trees.size(); t++) {
                c.append("static float tree_").append(t).append("(const float* restrict x) {\n");
                emit(c, trees.get(t), 0, 1);
                c.append("}\n\n");
            }
            c.append("float predict(const float* restrict x) {\n    float acc = BASE_MARGIN;\n");
            for (int t = 0; t < trees.size(); t++) {
                c.append("    acc += tree_").append(t).append("(x);\n");
            }
            c.append("    return acc;\n}\n\n");
            arrays(c);
            interleaved(c);
            return c.toString();
        }

        /** Nested if/else; a leaf is a return. */
        private static void emit(StringBuilder c, Tree t, int n, int depth) {
            String pad = "    ".repeat(depth);
            if (t.isLeaf(n)) {
                c.append(pad).append("return ").append(literal(t.value[n])).append(";\n");
                return;
            }
            String x = "x[" + t.feature[n] + "]";
            String split = literal(t.value[n]);
            // NaN must take the default child: !(x > t) is true for NaN, (x <= t) is false.
            String test = t.defaultLeft[n] ? "!(" + x + " > " + split + ")" : x + " <= " + split;
            c.append(pad).append("if (").append(test).append(") {\n");
            emit(c, t, t.left[n], depth + 1);
            c.append(pad).append("} else {\n");
            emit(c, t, t.right[n], depth + 1);
            c.append(pad).append("}\n");
        }

        /**
         * predict_arrays: each tree renumbered breadth-first so that a node's children are
         * adjacent (right = left + 1); 8-byte nodes {float value; uint16 feature | default-left
         * bit; uint16 left child, 0 for a leaf}. A leaf's value is its leaf value.
         */
        private void arrays(StringBuilder c) {
            List<int[]> orders = new ArrayList<>();
            int total = 0;
            for (Tree t : trees) {
                int[] order = bfs(t);
                orders.add(order);
                total += order.length;
                if (order.length > 65535) {
                    throw new UnsupportedOperationException("predict_arrays packs child indices in 16 bits");
                }
            }
            if (features > 32767) {
                throw new UnsupportedOperationException("predict_arrays packs feature indices in 15 bits");
            }
            c.append("typedef struct { float value; uint16_t feature; uint16_t left; } node;\n\n");
            c.append("static const node NODES[").append(total).append("] = {\n");
            int[] offsets = new int[trees.size()];
            int offset = 0;
            for (int ti = 0; ti < trees.size(); ti++) {
                Tree t = trees.get(ti);
                int[] order = orders.get(ti);
                int[] position = new int[t.left.length];
                Arrays.fill(position, -1);
                for (int i = 0; i < order.length; i++) {
                    position[order[i]] = i;
                }
                offsets[ti] = offset;
                offset += order.length;
                c.append("    /* tree ").append(ti).append(" */\n");
                for (int n : order) {
                    if (t.isLeaf(n)) {
                        c.append("    {").append(literal(t.value[n])).append(", 0, 0},\n");
                    } else {
                        int l = position[t.left[n]];
                        if (position[t.right[n]] != l + 1) {
                            throw new AssertionError("children not adjacent");
                        }
                        int f = t.feature[n] | (t.defaultLeft[n] ? 0x8000 : 0);
                        c.append("    {").append(literal(t.value[n])).append(", ").append(f).append(", ")
                                .append(l).append("},\n");
                    }
                }
            }
            c.append("};\n\nstatic const uint32_t ROOTS[").append(trees.size()).append("] = {");
            for (int ti = 0; ti < trees.size(); ti++) {
                c.append(ti % 16 == 0 ? "\n    " : " ").append(offsets[ti]).append(',');
            }
            c.append("\n};\n\n");
            c.append("""
                    float predict_arrays(const float* restrict x) {
                        float acc = BASE_MARGIN;
                        for (int t = 0; t < %d; t++) {
                            const node* tree = NODES + ROOTS[t];
                            const node* n = tree;
                            while (n->left) {
                                float v = x[n->feature & 0x7fff];
                                /* default left: right iff v > t (NaN false); default right: right iff !(v <= t) */
                                int right = (n->feature & 0x8000) ? (v > n->value) : !(v <= n->value);
                                n = tree + n->left + right;
                            }
                            acc += n->value;
                        }
                        return acc;
                    }
                    """.formatted(trees.size()));
        }

        /**
         * predict_interleaved: Verdict's own algorithm for all-perfect ensembles, in C. Every tree
         * is padded to a perfect tree of its block's depth (a shallow leaf becomes a subtree
         * whose leaves all hold its value) and stored in heap order as 8-byte nodes: the split's
         * int order key, the feature slot and the absolute index of the left child (the right one
         * follows). The row is first expanded to 2n keys, copy 0 with NaN as -inf (for
         * default-left nodes) and copy 1 with NaN as +inf (default-right nodes). A step loads both
         * children and then keeps the one the comparison picks, so the next loads wait only on
         * the current node; 8 trees descend together. Leaves are added in tree order.
         */
        private void interleaved(StringBuilder c) {
            if (features > 65536) {
                throw new UnsupportedOperationException("predict_interleaved keeps 2 copies of the row on the stack");
            }
            int count = trees.size();
            int[] depth = new int[count];
            for (int t = 0; t < count; t++) {
                depth[t] = depth(trees.get(t), 0);
            }
            List<int[]> blocks = new ArrayList<>(); // {first tree, size, depth}
            for (int t = 0; t < count; t += 8) {
                int size = Math.min(8, count - t);
                int d = 0;
                for (int k = t; k < t + size; k++) {
                    d = Math.max(d, depth[k]);
                }
                if (d > 20) {
                    throw new UnsupportedOperationException("predict_interleaved pads trees to perfect ones; depth " + d);
                }
                blocks.add(new int[] {t, size, d});
            }
            int blockTrees = 0;
            int nodeTotal = 0;
            int leafTotal = 0;
            for (int[] b : blocks) {
                b[2] = Math.max(1, b[2]); // every walk ends with a level that picks a leaf
                nodeTotal += b[1] * ((1 << b[2]) - 1);
                leafTotal += b[1] << b[2];
                blockTrees += b[1];
            }
            int slotBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, 2 * features - 1));
            int childBits = 32 - slotBits;
            if (Math.max(nodeTotal + 1, leafTotal) >= (1L << childBits)) {
                throw new UnsupportedOperationException("predict_interleaved packs a child index into "
                        + childBits + " bits; the model has " + nodeTotal + " padded nodes");
            }
            StringBuilder nodes = new StringBuilder();
            StringBuilder leaves = new StringBuilder();
            int[] root = new int[blockTrees];
            int nodeCount = 0;
            int leafCount = 0;
            for (int[] b : blocks) {
                int d = b[2];
                for (int t = b[0]; t < b[0] + b[1]; t++) {
                    int inner = (1 << d) - 1;
                    float[] split = new float[inner];
                    int[] feature = new int[inner];
                    float[] leaf = new float[1 << d];
                    pad(trees.get(t), 0, 0, 0, d, split, feature, leaf);
                    root[t] = nodeCount;
                    nodes.append("    /* tree ").append(t).append(" */");
                    for (int i = 0; i < inner; i++) {
                        int left = 2 * i + 1;
                        long child = left < inner ? nodeCount + left : leafCount + left - inner;
                        long packed = (long) key(split[i]) << 32 | ((long) feature[i] << childBits | child) & 0xffffffffL;
                        nodes.append(i % 4 == 0 ? "\n    " : " ").append("0x").append(Long.toHexString(packed)).append("u,");
                    }
                    nodes.append('\n');
                    nodeCount += inner;
                    leaves.append("    /* tree ").append(t).append(" */");
                    for (int i = 0; i < leaf.length; i++) {
                        leaves.append(i % 6 == 0 ? "\n    " : " ").append(literal(leaf[i])).append(',');
                    }
                    leaves.append('\n');
                    leafCount += leaf.length;
                }
            }
            c.append("""
                    /* Nodes: the split's order key << 32 | feature slot << %1$d | index of the left child
                     * (a node, or on a tree's last level a leaf; the right child follows it). */
                    static const uint64_t PNODES[%2$d] = {
                    """.formatted(childBits, Math.max(1, nodeCount)))
                    .append(nodes).append(nodeCount == 0 ? "    0u\n" : "").append("};\n\n");
            c.append("static const float PLEAVES[").append(Math.max(1, leafCount)).append("] = {\n").append(leaves)
                    .append(leafCount == 0 ? "    0.0f\n" : "").append("};\n\n");
            c.append("static const uint32_t ROOT[").append(Math.max(1, count)).append("] = {");
            appendInts(c, count == 0 ? new int[1] : root);
            c.append("};\n\n/* {first tree, trees, depth} */\nstatic const uint32_t BLOCKS[")
                    .append(Math.max(1, blocks.size())).append("][3] = {");
            for (int i = 0; i < blocks.size(); i++) {
                int[] b = blocks.get(i);
                c.append(i % 8 == 0 ? "\n    " : " ").append('{').append(b[0]).append(", ").append(b[1]).append(", ")
                        .append(b[2]).append("},");
            }
            c.append(blocks.isEmpty() ? "{0, 0, 0}" : "").append("\n};\n\n");
            c.append("""
                    /* An int whose order is the float's (for non-NaN values; -0.0 and 0.0 share one). */
                    static inline int32_t key(float v) {
                        int32_t bits;
                        v = v == 0.0f ? 0.0f : v;
                        __builtin_memcpy(&bits, &v, sizeof bits);
                        return bits ^ ((bits >> 31) & 0x7fffffff);
                    }

                    #define MASK 0x%3$xu
                    #define SHIFT %4$d
                    #define GOES_RIGHT(n) (x[(uint32_t) (n) >> SHIFT] > (int32_t) ((n) >> 32))
                    /* Both children are loaded before the comparison picks one, with a mask rather
                     * than ?: so that gcc cannot turn the pick into a (mispredicted) branch. */
                    #define STEP(n) do { \\
                            const uint32_t l = (uint32_t) (n) & MASK; \\
                            const uint64_t nl = PNODES[l], nr = PNODES[l + 1]; \\
                            (n) = nl ^ ((nl ^ nr) & -(uint64_t) GOES_RIGHT(n)); \\
                        } while (0)
                    #define LEAF(n) PLEAVES[((uint32_t) (n) & MASK) + GOES_RIGHT(n)]

                    float predict_interleaved(const float* restrict row) {
                        int32_t x[2 * %1$d];
                        for (int f = 0; f < %1$d; f++) {
                            float v = row[f];
                            int missing = v != v;
                            x[f] = key(missing ? -__builtin_inff() : v);        /* default left */
                            x[%1$d + f] = key(missing ? __builtin_inff() : v);  /* default right */
                        }
                        float acc = BASE_MARGIN;
                        for (int b = 0; b < %2$d; b++) {
                            const uint32_t t = BLOCKS[b][0], size = BLOCKS[b][1], depth = BLOCKS[b][2];
                            if (size == 8) {
                                uint64_t n0 = PNODES[ROOT[t]], n1 = PNODES[ROOT[t + 1]], n2 = PNODES[ROOT[t + 2]],
                                        n3 = PNODES[ROOT[t + 3]], n4 = PNODES[ROOT[t + 4]], n5 = PNODES[ROOT[t + 5]],
                                        n6 = PNODES[ROOT[t + 6]], n7 = PNODES[ROOT[t + 7]];
                                for (uint32_t d = 1; d < depth; d++) {
                                    STEP(n0); STEP(n1); STEP(n2); STEP(n3); STEP(n4); STEP(n5); STEP(n6); STEP(n7);
                                }
                                acc += LEAF(n0);
                                acc += LEAF(n1);
                                acc += LEAF(n2);
                                acc += LEAF(n3);
                                acc += LEAF(n4);
                                acc += LEAF(n5);
                                acc += LEAF(n6);
                                acc += LEAF(n7);
                            } else {
                                for (uint32_t k = t; k < t + size; k++) {
                                    uint64_t n = PNODES[ROOT[k]];
                                    for (uint32_t d = 1; d < depth; d++) {
                                        STEP(n);
                                    }
                                    acc += LEAF(n);
                                }
                            }
                        }
                        return acc;
                    }
                    """.formatted(features, blocks.size(), (1L << childBits) - 1, childBits));
        }

        /** Verdict's order key of a float (see the generated {@code key}). */
        private static int key(float v) {
            int bits = Float.floatToRawIntBits(v == 0f ? 0f : v);
            return bits ^ (bits >> 31 & 0x7fffffff);
        }

        private static void appendInts(StringBuilder c, int[] values) {
            for (int i = 0; i < values.length; i++) {
                c.append(i % 16 == 0 ? "\n    " : " ").append(values[i]).append(',');
            }
            c.append('\n');
        }

        private static int depth(Tree t, int n) {
            return t.isLeaf(n) ? 0 : 1 + Math.max(depth(t, t.left[n]), depth(t, t.right[n]));
        }

        /** Fills heap slot {@code h} (at depth {@code d} of {@code depth}) from node {@code n}. */
        private void pad(Tree t, int n, int h, int d, int depth, float[] split, int[] feature, float[] leaf) {
            if (d == depth) {
                leaf[h - split.length] = t.value[n]; // a leaf, by construction of depth
                return;
            }
            if (t.isLeaf(n)) {
                // A shallow leaf: any split works, both subtrees hold the leaf's value.
                split[h] = 0.0f;
                feature[h] = 0;
                pad(t, n, 2 * h + 1, d + 1, depth, split, feature, leaf);
                pad(t, n, 2 * h + 2, d + 1, depth, split, feature, leaf);
                return;
            }
            // As in the engine: a +inf threshold would send the +inf that stands for "missing, go
            // right" left; for real (finite) inputs x <= MAX_VALUE is the same test.
            split[h] = t.value[n] == Float.POSITIVE_INFINITY ? Float.MAX_VALUE : t.value[n];
            // Copy 0 of the row (NaN = -inf) sends missing left, copy 1 (NaN = +inf) right.
            feature[h] = t.feature[n] + (t.defaultLeft[n] ? 0 : features);
            pad(t, t.left[n], 2 * h + 1, d + 1, depth, split, feature, leaf);
            pad(t, t.right[n], 2 * h + 2, d + 1, depth, split, feature, leaf);
        }

        private static int[] bfs(Tree t) {
            int[] order = new int[t.left.length];
            int size = 0;
            order[size++] = 0;
            for (int head = 0; head < size; head++) {
                int n = order[head];
                if (!t.isLeaf(n)) {
                    order[size++] = t.left[n];
                    order[size++] = t.right[n];
                }
            }
            return Arrays.copyOf(order, size); // deleted, unreachable nodes are left out
        }
    }

    /** An exact C float literal: hexadecimal, with an f suffix. */
    static String literal(float v) {
        if (Float.isNaN(v)) {
            return "__builtin_nanf(\"\")";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "__builtin_inff()" : "(-__builtin_inff())";
        }
        return "(" + Float.toHexString(v) + "f)";
    }
}
