import java.util.Random;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * An experiment, not part of the build: can AVX-512 gathers (through the incubating Vector API)
 * walk perfect depth-6 trees faster than the engine's scalar eight-lane walk? Sixteen trees sit
 * in the sixteen lanes of a vector; a level costs three gathers (feature slot, threshold, the
 * row's value) and a few vector operations instead of 48 scalar loads and some 130 scalar
 * instructions.
 *
 * <p>Run from the repository root, one variant per JVM ({@code scalar}, {@code gather} for one
 * block of sixteen trees at a time, {@code gather4} for four blocks side by side):
 * <pre>{@code
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector jmh/experiments/GatherWalk.java gather4
 * }</pre>
 *
 * <p>512 random perfect trees of depth 6 over 100 features (two missing-value regions, 200
 * slots), float32 order keys and float32 leaves added in tree order, as the engine's fused
 * walk does; before timing, every row's sum is checked bit for bit between the three variants.
 * On the project's AMD EPYC (Zen 4, AVX-512) VM on 2026-12-04, per row: scalar 2.8–3.0 µs (one
 * JVM of five compiled it at 4.3), gather 6.4–6.9 µs, gather4 3.15–3.7 µs. A row of gather4
 * loads 608 × 16 ≈ 9,700 elements by gather, about as many values as the scalar walk loads one
 * by one (3,072 steps × 3 + 512 leaves), in about the same time: on Zen 4 a gathered element
 * costs what a scalar load costs, and the instructions the vectors save are not what limits the
 * walk. Not adopted.
 */
public final class GatherWalk {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_512;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_512;
    private static final int LANES = 16;
    private static final int TREES = 512;
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

    public static void main(String[] args) {
        GatherWalk w = new GatherWalk(new Random(1));
        Random random = new Random(2);
        int[][] rows = new int[1024][2 * FEATURES];
        for (int[] row : rows) {
            for (int f = 0; f < row.length; f++) {
                row[f] = key((float) random.nextGaussian());
            }
        }
        for (int[] row : rows) {
            int s = Float.floatToRawIntBits(w.scalar(row));
            if (s != Float.floatToRawIntBits(w.gather(row))
                    || s != Float.floatToRawIntBits(w.gatherFourBlocks(row))) {
                throw new AssertionError("the walks disagree");
            }
        }
        // One variant per JVM (the argument), so that each loop is compiled for itself alone.
        String variant = args.length > 0 ? args[0] : "scalar";
        int v = switch (variant) {
            case "scalar" -> 0;
            case "gather" -> 1;
            case "gather4" -> 2;
            default -> throw new IllegalArgumentException("scalar, gather or gather4: " + variant);
        };
        for (int round = 0; round < 8; round++) {
            System.out.printf("%s %.0f ns per row%n", variant, time(w, rows, v));
        }
    }

    private static double time(GatherWalk w, int[][] rows, int variant) {
        int n = 200_000;
        float sink = 0;
        long start = System.nanoTime();
        if (variant == 0) {
            for (int i = 0; i < n; i++) {
                sink += w.scalar(rows[i & 1023]);
            }
        } else if (variant == 1) {
            for (int i = 0; i < n; i++) {
                sink += w.gather(rows[i & 1023]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                sink += w.gatherFourBlocks(rows[i & 1023]);
            }
        }
        double ns = (System.nanoTime() - start) / (double) n;
        return sink == 42 ? -ns : ns; // keeps the sums alive
    }

    /** An int whose signed order is the float's (the engine's {@code TreeEnsemble.key}). */
    private static int key(float v) {
        int bits = Float.floatToRawIntBits(v == 0f ? 0f : v);
        return bits ^ (bits >> 31 & 0x7fffffff);
    }

    private GatherWalk(Random random) {
        for (int t = 0; t < TREES; t++) {
            int block = t / LANES * LANES;
            int lane = t % LANES;
            for (int p = 0; p < INTERNAL; p++) {
                int s = random.nextInt(2 * FEATURES);
                int k = key((float) random.nextGaussian());
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
     * Four blocks side by side, written out by hand, one index array per block: a shared array
     * (or helpers taking vectors) measured 4.3 µs instead of 3.15.
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
