package dev.verdict.jmh.experiments;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.ModelInfo;
import dev.verdict.core.OutputSpec;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.loader.internal.trees.Arithmetic;
import dev.verdict.loader.internal.trees.CategoricalRule;
import dev.verdict.loader.internal.trees.DecisionTree;
import dev.verdict.loader.internal.trees.OutputTransform;
import dev.verdict.loader.internal.trees.TreeEnsemble;
import dev.verdict.loader.internal.trees.TreeModel;
import java.util.Map;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Experiments that were measured and not adopted: walks of perfect depth-6 trees that might beat
 * the engine's fused scalar walk ({@code PerfectLayout.margin}: eight trees side by side, both
 * children loaded while the comparison is pending). None did; see {@code docs/tree-engine-speed.md}.
 * Built with the benchmarks (so it keeps compiling against the engine) and checked by
 * {@code TreeWalksTest}: every variant, and the engine itself on the same trees, must give the
 * same sum bit for bit on every row.
 *
 * <p>Run from the repository root, one variant per JVM, after building the benchmark jar
 * ({@code ./mvnw -q -B -pl jmh -am package -DskipTests}):
 * <pre>{@code
 * (source scripts/find-jdk25.sh && "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector \
 *     -cp jmh/target/benchmarks.jar dev.verdict.jmh.experiments.TreeWalks VARIANT)
 * }</pre>
 * <ul>
 *   <li>{@code scalar}: the engine's walk, eight trees side by side;
 *   <li>{@code engine}: the engine itself on the same trees, through {@link Scorer#score} of a
 *       {@link TreeModel} (its margin); unlike the others it also loads the row (100 values to
 *       order keys), so it is the upper bound of what {@code scalar} stands for;
 *   <li>{@code lanes12}, {@code lanes16}: the same with twelve or sixteen trees side by side;
 *   <li>{@code gather}, {@code gather4}: AVX-512 gathers through the incubating Vector API,
 *       sixteen trees in the lanes of a vector, three gathers per level (feature slot,
 *       threshold, the row's value), one block or four blocks at a time;
 *   <li>{@code ranked}: each feature's distinct thresholds sorted, a node stored as (slot,
 *       rank) in 32 bits and both children in one {@code long}; the row is first turned into
 *       ranks (how many of the feature's thresholds lie below the value), so that
 *       {@code rank(x) <= rank(t)} is exactly {@code x <= t}; {@code ranks} times only that
 *       conversion.
 * </ul>
 *
 * <p>576 random perfect trees of depth 6 over 100 features, one value in twenty missing (two
 * missing-value regions, 200 slots), float32 order keys and float32 leaves added in tree order,
 * as the engine does. Before timing, every row's sum is checked bit for bit across all variants
 * and against the engine. The key-based variants get the row's keys ready-made; {@code ranked}
 * pays for its conversion.
 */
public final class TreeWalks {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_512;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_512;
    private static final int LANES = 16;
    private static final int TREES = 576; // a multiple of 8, 12, 16 and 64
    private static final int DEPTH = 6;
    private static final int FEATURES = 100;
    private static final int INTERNAL = (1 << DEPTH) - 1;
    private static final int LEAVES = 1 << DEPTH;
    private static final IntVector IOTA = IntVector.zero(INTS).addIndex(1);

    // Scalar layout, as the engine's fused walk: key << 32 | slot << 20 | child.
    private final long[] node = new long[TREES * INTERNAL];
    private final float[] leaf = new float[TREES * LEAVES];
    // Vector layout: per block of sixteen trees, node p of lane l at p * 16 + l.
    private final int[] slot = new int[TREES * INTERNAL];
    private final int[] threshold = new int[TREES * INTERNAL];
    private final float[] laneLeaf = new float[TREES * LEAVES];
    private final int[] index = new int[4 * LANES];
    private final int[] slotIndex = new int[4 * LANES];
    private final float[] leafValues = new float[4 * LANES];
    // Ranked layout: per feature its distinct thresholds, ascending; per tree its root's code
    // (slot << 16 | rank) and, per internal node p of the first four levels, its children's codes.
    private final float[][] distinct = new float[FEATURES][];
    private final int[] root = new int[TREES];
    private final long[] childCodes = new long[TREES * PAIRS];
    private static final int PAIRS = (INTERNAL - 1) / 2;

    private static final int ROWS = 1024;

    /** The same trees in the engine, built from the same slots, thresholds and leaves. */
    private final Scorer engine;
    private final ScoreBuffer margin = new ScoreBuffer(OutputSpec.prediction());

    /**
     * @param args the variant to time: {@code scalar} (the default), {@code engine},
     *     {@code lanes12}, {@code lanes16}, {@code gather}, {@code gather4}, {@code ranked} or
     *     {@code ranks}
     */
    public static void main(String[] args) {
        Inputs in = new Inputs();
        int rows = check(in);
        System.out.printf("%d rows: every variant's sum equals the engine's, bit for bit%n", rows);
        // One variant per JVM (the argument), so that each loop is compiled for itself alone.
        String variant = args.length > 0 ? args[0] : "scalar";
        for (int round = 0; round < 8; round++) {
            System.out.printf("%s %.0f ns per row%n", variant, time(in, variant));
        }
    }

    /** The trees and the 1,024 rows, as values, order keys and engine vectors. */
    static final class Inputs {
        final TreeWalks w = new TreeWalks(new Random(1));
        final float[][] rows = new float[ROWS][FEATURES];
        final int[][] keys = new int[ROWS][];
        final FeatureVector[] vectors = new FeatureVector[ROWS];

        Inputs() {
            Random random = new Random(2);
            FeatureSchema schema = FeatureSchema.positional(FEATURES);
            for (int r = 0; r < ROWS; r++) {
                vectors[r] = schema.newVector();
                for (int f = 0; f < FEATURES; f++) {
                    rows[r][f] = random.nextInt(20) == 0 ? Float.NaN : (float) random.nextGaussian();
                    vectors[r].set(f, rows[r][f]);
                }
                keys[r] = keys(rows[r]);
            }
        }
    }

    /**
     * Checks every variant against the engine on every row.
     *
     * @return the number of rows checked
     * @throws AssertionError naming the first row and variant that differ
     */
    static int check(Inputs in) {
        TreeWalks w = in.w;
        int[] ranks = new int[2 * FEATURES];
        for (int r = 0; r < ROWS; r++) {
            int[] x = in.keys[r];
            w.ranks(in.rows[r], ranks);
            int expected = Float.floatToRawIntBits(w.engine(in.vectors[r]));
            float[] sums = {w.scalar(x), w.lanes12(x), w.lanes16(x), w.gather(x), w.gatherFourBlocks(x),
                w.ranked(ranks)};
            String[] names = {"scalar", "lanes12", "lanes16", "gather", "gather4", "ranked"};
            for (int v = 0; v < sums.length; v++) {
                if (Float.floatToRawIntBits(sums[v]) != expected) {
                    throw new AssertionError("row " + r + ": " + names[v] + " sums to " + sums[v]
                            + ", the engine to " + Float.intBitsToFloat(expected));
                }
            }
        }
        return ROWS;
    }

    /** The engine's margin of one row (float32 arithmetic, so the double holds a float). */
    private float engine(FeatureVector row) {
        engine.score(row, margin);
        return (float) margin.margin();
    }

    private static double time(Inputs in, String variant) {
        TreeWalks w = in.w;
        float[][] rows = in.rows;
        int[][] keys = in.keys;
        int n = 200_000;
        float sink = 0;
        int[] ranks = new int[2 * FEATURES];
        long start = System.nanoTime();
        switch (variant) {
            case "scalar" -> {
                for (int i = 0; i < n; i++) {
                    sink += w.scalar(keys[i & 1023]);
                }
            }
            case "engine" -> {
                for (int i = 0; i < n; i++) {
                    sink += w.engine(in.vectors[i & 1023]);
                }
            }
            case "lanes12" -> {
                for (int i = 0; i < n; i++) {
                    sink += w.lanes12(keys[i & 1023]);
                }
            }
            case "lanes16" -> {
                for (int i = 0; i < n; i++) {
                    sink += w.lanes16(keys[i & 1023]);
                }
            }
            case "gather" -> {
                for (int i = 0; i < n; i++) {
                    sink += w.gather(keys[i & 1023]);
                }
            }
            case "gather4" -> {
                for (int i = 0; i < n; i++) {
                    sink += w.gatherFourBlocks(keys[i & 1023]);
                }
            }
            case "ranked" -> {
                for (int i = 0; i < n; i++) {
                    w.ranks(rows[i & 1023], ranks);
                    sink += w.ranked(ranks);
                }
            }
            case "ranks" -> {
                for (int i = 0; i < n; i++) {
                    w.ranks(rows[i & 1023], ranks);
                    sink += ranks[i & 127];
                }
            }
            default -> throw new IllegalArgumentException(
                    "scalar, engine, lanes12, lanes16, gather, gather4, ranked or ranks: " + variant);
        }
        double ns = (System.nanoTime() - start) / (double) n;
        return sink == 42 ? -ns : ns; // keeps the sums alive
    }

    /** The engine's row keys: a missing value is +∞ in region 0 (goes right), −∞ in region 1. */
    private static int[] keys(float[] row) {
        int[] x = new int[2 * FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            boolean missing = row[f] != row[f];
            x[f] = key(missing ? Float.POSITIVE_INFINITY : row[f]);
            x[FEATURES + f] = key(missing ? Float.NEGATIVE_INFINITY : row[f]);
        }
        return x;
    }

    /** An int whose signed order is the float's (the engine's {@code PerfectLayout.key}). */
    private static int key(float v) {
        int bits = Float.floatToRawIntBits(v == 0f ? 0f : v);
        return bits ^ (bits >> 31 & 0x7fffffff);
    }

    private TreeWalks(Random random) {
        int[] slots = new int[TREES * INTERNAL];
        float[] thresholds = new float[TREES * INTERNAL];
        java.util.List<java.util.TreeSet<Float>> used = new java.util.ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            used.add(new java.util.TreeSet<>());
        }
        for (int t = 0; t < TREES; t++) {
            int block = t / LANES * LANES;
            int lane = t % LANES;
            for (int p = 0; p < INTERNAL; p++) {
                int s = random.nextInt(2 * FEATURES);
                float v = (float) random.nextGaussian();
                slots[t * INTERNAL + p] = s;
                thresholds[t * INTERNAL + p] = v;
                used.get(s % FEATURES).add(v);
                int k = key(v);
                int left = 2 * p + 1;
                int child = left < INTERNAL ? t * INTERNAL + left : t * LEAVES + left - INTERNAL;
                node[t * INTERNAL + p] = (long) k << 32 | (s << 20 | child) & 0xffffffffL;
                slot[block * INTERNAL + p * LANES + lane] = s;
                threshold[block * INTERNAL + p * LANES + lane] = k;
            }
            for (int i = 0; i < LEAVES; i++) {
                float v = (float) random.nextGaussian() * 0.1f;
                leaf[t * LEAVES + i] = v;
                laneLeaf[block * LEAVES + i * LANES + lane] = v;
            }
        }
        for (int f = 0; f < FEATURES; f++) {
            distinct[f] = new float[used.get(f).size()];
            int i = 0;
            for (float v : used.get(f)) {
                distinct[f][i++] = v;
            }
        }
        for (int t = 0; t < TREES; t++) {
            int[] code = new int[INTERNAL];
            for (int p = 0; p < INTERNAL; p++) {
                int s = slots[t * INTERNAL + p];
                int rank = java.util.Arrays.binarySearch(distinct[s % FEATURES], thresholds[t * INTERNAL + p]);
                code[p] = s << 16 | rank;
            }
            root[t] = code[0];
            for (int p = 0; p < PAIRS; p++) {
                childCodes[t * PAIRS + p] = (long) code[2 * p + 2] << 32 | code[2 * p + 1] & 0xffffffffL;
            }
        }
        // Through the public scoring path (Scorer), so that the check does not depend on how the
        // engine names its walker; the identity transform leaves the margin as the score.
        this.engine = new TreeModel(new ModelInfo("experiment", "", "margin", Map.of()),
                FeatureSchema.positional(FEATURES), false, OutputSpec.prediction(), ensemble(slots, thresholds),
                OutputTransform.IDENTITY).newScorer();
    }

    /**
     * The same trees through the loaders' route into the engine: node p of a tree in heap order
     * (children 2p + 1 and 2p + 2, leaves after the 63 splits), {@code x <= t} goes left, and a
     * slot in region 1 ({@code s >= FEATURES}) sends a missing value left, as its −∞ key does here.
     */
    private TreeEnsemble ensemble(int[] slots, float[] thresholds) {
        TreeEnsemble.Builder b = TreeEnsemble.builder(FEATURES, 1, Arithmetic.FLOAT32, CategoricalRule.XGBOOST)
                .baseMargins(new double[] {0.5f});
        for (int t = 0; t < TREES; t++) {
            DecisionTree.Builder tree = DecisionTree.builder(INTERNAL + LEAVES, 1, FEATURES, "tree " + t);
            for (int p = 0; p < INTERNAL; p++) {
                int s = slots[t * INTERNAL + p];
                tree.numeric(p, s % FEATURES, thresholds[t * INTERNAL + p], 2 * p + 1, 2 * p + 2, s >= FEATURES,
                        false);
            }
            for (int i = 0; i < LEAVES; i++) {
                tree.leaf(INTERNAL + i, leaf[t * LEAVES + i]);
            }
            b.add(tree.build(), 0);
        }
        return b.build();
    }

    private float scalar(int[] x) {
        float acc = 0.5f;
        for (int t = 0; t < TREES; t += 8) {
            long n0 = node[t * INTERNAL];
            long n1 = node[(t + 1) * INTERNAL];
            long n2 = node[(t + 2) * INTERNAL];
            long n3 = node[(t + 3) * INTERNAL];
            long n4 = node[(t + 4) * INTERNAL];
            long n5 = node[(t + 5) * INTERNAL];
            long n6 = node[(t + 6) * INTERNAL];
            long n7 = node[(t + 7) * INTERNAL];
            for (int d = 1; d < DEPTH; d++) {
                n0 = step(n0, x);
                n1 = step(n1, x);
                n2 = step(n2, x);
                n3 = step(n3, x);
                n4 = step(n4, x);
                n5 = step(n5, x);
                n6 = step(n6, x);
                n7 = step(n7, x);
            }
            acc += leaf[leafOf(n0, x)];
            acc += leaf[leafOf(n1, x)];
            acc += leaf[leafOf(n2, x)];
            acc += leaf[leafOf(n3, x)];
            acc += leaf[leafOf(n4, x)];
            acc += leaf[leafOf(n5, x)];
            acc += leaf[leafOf(n6, x)];
            acc += leaf[leafOf(n7, x)];
        }
        return acc;
    }

    private long step(long n, int[] x) {
        int child = (int) n & 0xfffff;
        long left = node[child];
        long right = node[child + 1];
        return x[(int) n >>> 20] <= (int) (n >> 32) ? left : right;
    }

    private static int leafOf(long n, int[] x) {
        return ((int) n & 0xfffff) + (x[(int) n >>> 20] <= (int) (n >> 32) ? 0 : 1);
    }

    private float lanes12(int[] x) {
        float acc = 0.5f;
        for (int t = 0; t < TREES; t += 12) {
            long n0 = node[(t + 0) * INTERNAL];
            long n1 = node[(t + 1) * INTERNAL];
            long n2 = node[(t + 2) * INTERNAL];
            long n3 = node[(t + 3) * INTERNAL];
            long n4 = node[(t + 4) * INTERNAL];
            long n5 = node[(t + 5) * INTERNAL];
            long n6 = node[(t + 6) * INTERNAL];
            long n7 = node[(t + 7) * INTERNAL];
            long n8 = node[(t + 8) * INTERNAL];
            long n9 = node[(t + 9) * INTERNAL];
            long n10 = node[(t + 10) * INTERNAL];
            long n11 = node[(t + 11) * INTERNAL];
            for (int d = 1; d < DEPTH; d++) {
                n0 = step(n0, x);
                n1 = step(n1, x);
                n2 = step(n2, x);
                n3 = step(n3, x);
                n4 = step(n4, x);
                n5 = step(n5, x);
                n6 = step(n6, x);
                n7 = step(n7, x);
                n8 = step(n8, x);
                n9 = step(n9, x);
                n10 = step(n10, x);
                n11 = step(n11, x);
            }
            acc += leaf[leafOf(n0, x)];
            acc += leaf[leafOf(n1, x)];
            acc += leaf[leafOf(n2, x)];
            acc += leaf[leafOf(n3, x)];
            acc += leaf[leafOf(n4, x)];
            acc += leaf[leafOf(n5, x)];
            acc += leaf[leafOf(n6, x)];
            acc += leaf[leafOf(n7, x)];
            acc += leaf[leafOf(n8, x)];
            acc += leaf[leafOf(n9, x)];
            acc += leaf[leafOf(n10, x)];
            acc += leaf[leafOf(n11, x)];
        }
        return acc;
    }
    private float lanes16(int[] x) {
        float acc = 0.5f;
        for (int t = 0; t < TREES; t += 16) {
            long n0 = node[(t + 0) * INTERNAL];
            long n1 = node[(t + 1) * INTERNAL];
            long n2 = node[(t + 2) * INTERNAL];
            long n3 = node[(t + 3) * INTERNAL];
            long n4 = node[(t + 4) * INTERNAL];
            long n5 = node[(t + 5) * INTERNAL];
            long n6 = node[(t + 6) * INTERNAL];
            long n7 = node[(t + 7) * INTERNAL];
            long n8 = node[(t + 8) * INTERNAL];
            long n9 = node[(t + 9) * INTERNAL];
            long n10 = node[(t + 10) * INTERNAL];
            long n11 = node[(t + 11) * INTERNAL];
            long n12 = node[(t + 12) * INTERNAL];
            long n13 = node[(t + 13) * INTERNAL];
            long n14 = node[(t + 14) * INTERNAL];
            long n15 = node[(t + 15) * INTERNAL];
            for (int d = 1; d < DEPTH; d++) {
                n0 = step(n0, x);
                n1 = step(n1, x);
                n2 = step(n2, x);
                n3 = step(n3, x);
                n4 = step(n4, x);
                n5 = step(n5, x);
                n6 = step(n6, x);
                n7 = step(n7, x);
                n8 = step(n8, x);
                n9 = step(n9, x);
                n10 = step(n10, x);
                n11 = step(n11, x);
                n12 = step(n12, x);
                n13 = step(n13, x);
                n14 = step(n14, x);
                n15 = step(n15, x);
            }
            acc += leaf[leafOf(n0, x)];
            acc += leaf[leafOf(n1, x)];
            acc += leaf[leafOf(n2, x)];
            acc += leaf[leafOf(n3, x)];
            acc += leaf[leafOf(n4, x)];
            acc += leaf[leafOf(n5, x)];
            acc += leaf[leafOf(n6, x)];
            acc += leaf[leafOf(n7, x)];
            acc += leaf[leafOf(n8, x)];
            acc += leaf[leafOf(n9, x)];
            acc += leaf[leafOf(n10, x)];
            acc += leaf[leafOf(n11, x)];
            acc += leaf[leafOf(n12, x)];
            acc += leaf[leafOf(n13, x)];
            acc += leaf[leafOf(n14, x)];
            acc += leaf[leafOf(n15, x)];
        }
        return acc;
    }
    /**
     * xr[slot] = how many of the feature's distinct thresholds lie below the value (a branch-free
     * lower bound); missing: all of them in region 0 (goes right), none in region 1.
     */
    private void ranks(float[] row, int[] xr) {
        for (int f = 0; f < FEATURES; f++) {
            float v = row[f];
            float[] u = distinct[f];
            if (v != v) {
                xr[f] = u.length;
                xr[FEATURES + f] = 0;
                continue;
            }
            int lo = 0;
            int len = u.length;
            while (len > 1) {
                int half = len >>> 1;
                lo = u[lo + half - 1] < v ? lo + half : lo;
                len -= half;
            }
            int below = lo + (u[lo] < v ? 1 : 0);
            xr[f] = below;
            xr[FEATURES + f] = below;
        }
    }

    private float ranked(int[] xr) {
        float acc = 0.5f;
        for (int t = 0; t < TREES; t += 8) {
            int c0 = root[t];
            int c1 = root[t + 1];
            int c2 = root[t + 2];
            int c3 = root[t + 3];
            int c4 = root[t + 4];
            int c5 = root[t + 5];
            int c6 = root[t + 6];
            int c7 = root[t + 7];
            int p0 = 0;
            int p1 = 0;
            int p2 = 0;
            int p3 = 0;
            int p4 = 0;
            int p5 = 0;
            int p6 = 0;
            int p7 = 0;
            int b = t * PAIRS;
            for (int d = 1; d < DEPTH; d++) {
                int g;
                g = right(c0, xr); c0 = (int) (childCodes[b + p0] >>> (g << 5)); p0 = 2 * p0 + 1 + g;
                g = right(c1, xr); c1 = (int) (childCodes[b + PAIRS + p1] >>> (g << 5)); p1 = 2 * p1 + 1 + g;
                g = right(c2, xr); c2 = (int) (childCodes[b + 2 * PAIRS + p2] >>> (g << 5)); p2 = 2 * p2 + 1 + g;
                g = right(c3, xr); c3 = (int) (childCodes[b + 3 * PAIRS + p3] >>> (g << 5)); p3 = 2 * p3 + 1 + g;
                g = right(c4, xr); c4 = (int) (childCodes[b + 4 * PAIRS + p4] >>> (g << 5)); p4 = 2 * p4 + 1 + g;
                g = right(c5, xr); c5 = (int) (childCodes[b + 5 * PAIRS + p5] >>> (g << 5)); p5 = 2 * p5 + 1 + g;
                g = right(c6, xr); c6 = (int) (childCodes[b + 6 * PAIRS + p6] >>> (g << 5)); p6 = 2 * p6 + 1 + g;
                g = right(c7, xr); c7 = (int) (childCodes[b + 7 * PAIRS + p7] >>> (g << 5)); p7 = 2 * p7 + 1 + g;
            }
            int l = t * LEAVES - INTERNAL + 1; // the last level's child 2p + 1 + g is leaf 2p + 1 + g - INTERNAL
            acc += leaf[l + 2 * p0 + right(c0, xr)];
            acc += leaf[l + LEAVES + 2 * p1 + right(c1, xr)];
            acc += leaf[l + 2 * LEAVES + 2 * p2 + right(c2, xr)];
            acc += leaf[l + 3 * LEAVES + 2 * p3 + right(c3, xr)];
            acc += leaf[l + 4 * LEAVES + 2 * p4 + right(c4, xr)];
            acc += leaf[l + 5 * LEAVES + 2 * p5 + right(c5, xr)];
            acc += leaf[l + 6 * LEAVES + 2 * p6 + right(c6, xr)];
            acc += leaf[l + 7 * LEAVES + 2 * p7 + right(c7, xr)];
        }
        return acc;
    }

    private static int right(int code, int[] xr) {
        return xr[code >>> 16] > (code & 0xffff) ? 1 : 0;
    }

    private float gather(int[] x) {
        float acc = 0.5f;
        for (int block = 0; block < TREES; block += LANES) {
            acc = addLeaves(acc, block, 0, walk(x, block * INTERNAL, 0));
        }
        return acc;
    }

    private final int[] ia = new int[LANES];
    private final int[] ib = new int[LANES];
    private final int[] ic = new int[LANES];
    private final int[] id = new int[LANES];
    private final int[] ja = new int[LANES];
    private final int[] jb = new int[LANES];
    private final int[] jc = new int[LANES];
    private final int[] jd = new int[LANES];

    /**
     * Four blocks side by side, written out by hand, one index array per block: with one shared
     * array, or helpers taking vectors, the earlier 512-tree version measured 4.3 µs, not 3.15.
     */
    private float gatherFourBlocks(int[] x) {
        final int[] slot = this.slot;
        final int[] thr = this.threshold;
        final int[] ia = this.ia;
        final int[] ib = this.ib;
        final int[] ic = this.ic;
        final int[] id = this.id;
        final int[] ja = this.ja;
        final int[] jb = this.jb;
        final int[] jc = this.jc;
        final int[] jd = this.jd;
        final float[] lv = this.leafValues;
        float acc = 0.5f;
        for (int block = 0; block < TREES; block += 4 * LANES) {
            int ba = block * INTERNAL;
            int bb = ba + LANES * INTERNAL;
            int bc = bb + LANES * INTERNAL;
            int bd = bc + LANES * INTERNAL;
            IntVector pa = IntVector.zero(INTS);
            IntVector pb = pa;
            IntVector pc = pa;
            IntVector pd = pa;
            for (int d = 0; d < DEPTH; d++) {
                pa.lanewise(VectorOperators.LSHL, 4).add(IOTA).intoArray(ia, 0);
                pb.lanewise(VectorOperators.LSHL, 4).add(IOTA).intoArray(ib, 0);
                pc.lanewise(VectorOperators.LSHL, 4).add(IOTA).intoArray(ic, 0);
                pd.lanewise(VectorOperators.LSHL, 4).add(IOTA).intoArray(id, 0);
                IntVector.fromArray(INTS, slot, ba, ia, 0).intoArray(ja, 0);
                IntVector.fromArray(INTS, slot, bb, ib, 0).intoArray(jb, 0);
                IntVector.fromArray(INTS, slot, bc, ic, 0).intoArray(jc, 0);
                IntVector.fromArray(INTS, slot, bd, id, 0).intoArray(jd, 0);
                IntVector ta = IntVector.fromArray(INTS, thr, ba, ia, 0);
                IntVector tb = IntVector.fromArray(INTS, thr, bb, ib, 0);
                IntVector tc = IntVector.fromArray(INTS, thr, bc, ic, 0);
                IntVector td = IntVector.fromArray(INTS, thr, bd, id, 0);
                VectorMask<Integer> ra = IntVector.fromArray(INTS, x, 0, ja, 0).compare(VectorOperators.GT, ta);
                VectorMask<Integer> rb = IntVector.fromArray(INTS, x, 0, jb, 0).compare(VectorOperators.GT, tb);
                VectorMask<Integer> rc = IntVector.fromArray(INTS, x, 0, jc, 0).compare(VectorOperators.GT, tc);
                VectorMask<Integer> rd = IntVector.fromArray(INTS, x, 0, jd, 0).compare(VectorOperators.GT, td);
                pa = pa.lanewise(VectorOperators.LSHL, 1).add(1).add(1, ra);
                pb = pb.lanewise(VectorOperators.LSHL, 1).add(1).add(1, rb);
                pc = pc.lanewise(VectorOperators.LSHL, 1).add(1).add(1, rc);
                pd = pd.lanewise(VectorOperators.LSHL, 1).add(1).add(1, rd);
            }
            pa.sub(INTERNAL).lanewise(VectorOperators.LSHL, 4).add(IOTA).intoArray(ia, 0);
            pb.sub(INTERNAL).lanewise(VectorOperators.LSHL, 4).add(IOTA).intoArray(ib, 0);
            pc.sub(INTERNAL).lanewise(VectorOperators.LSHL, 4).add(IOTA).intoArray(ic, 0);
            pd.sub(INTERNAL).lanewise(VectorOperators.LSHL, 4).add(IOTA).intoArray(id, 0);
            FloatVector.fromArray(FLOATS, laneLeaf, block * LEAVES, ia, 0).intoArray(lv, 0);
            FloatVector.fromArray(FLOATS, laneLeaf, (block + LANES) * LEAVES, ib, 0).intoArray(lv, 16);
            FloatVector.fromArray(FLOATS, laneLeaf, (block + 2 * LANES) * LEAVES, ic, 0).intoArray(lv, 32);
            FloatVector.fromArray(FLOATS, laneLeaf, (block + 3 * LANES) * LEAVES, id, 0).intoArray(lv, 48);
            for (int l = 0; l < 4 * LANES; l++) {
                acc += lv[l]; // tree order, as XGBoost adds
            }
        }
        return acc;
    }

    private IntVector walk(int[] x, int base, int scratch) {
        IntVector p = IntVector.zero(INTS);
        for (int d = 0; d < DEPTH; d++) {
            p = level(x, base, p, scratch);
        }
        return p;
    }

    /** One level for sixteen trees: heap position p becomes 2p + 1, or 2p + 2 going right. */
    private IntVector level(int[] x, int base, IntVector p, int scratch) {
        // The Vector API gathers through an int[] index map, so the positions take a round trip
        // through memory.
        p.lanewise(VectorOperators.LSHL, 4).add(IOTA).intoArray(index, scratch * LANES);
        IntVector.fromArray(INTS, slot, base, index, scratch * LANES).intoArray(slotIndex, scratch * LANES);
        IntVector t = IntVector.fromArray(INTS, threshold, base, index, scratch * LANES);
        VectorMask<Integer> right = IntVector.fromArray(INTS, x, 0, slotIndex, scratch * LANES)
                .compare(VectorOperators.GT, t);
        return p.lanewise(VectorOperators.LSHL, 1).add(1).add(1, right);
    }

    private float addLeaves(float acc, int block, int scratch, IntVector p) {
        p.sub(INTERNAL).lanewise(VectorOperators.LSHL, 4).add(IOTA).intoArray(index, scratch * LANES);
        FloatVector.fromArray(FLOATS, laneLeaf, block * LEAVES, index, scratch * LANES)
                .intoArray(leafValues, scratch * LANES);
        for (int l = 0; l < LANES; l++) {
            acc += leafValues[scratch * LANES + l]; // tree order, as XGBoost adds
        }
        return acc;
    }
}
