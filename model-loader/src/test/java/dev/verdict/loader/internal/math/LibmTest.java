package dev.verdict.loader.internal.math;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.verdict.core.AllocationMeter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Libm} against the real glibc functions, called through the FFM API, compared bit for
 * bit (NaN payloads included). Libm replicates glibc 2.36's FMA build, so the comparison only
 * means something on Linux x86-64 with glibc 2.36 and a CPU with FMA and AVX2; elsewhere the
 * tests are skipped rather than failed.
 */
class LibmTest {
    private static MethodHandle expf;
    private static MethodHandle logf;
    private static MethodHandle exp;
    private static MethodHandle log1p;
    private static MethodHandle log1pf;
    private static MethodHandle expm1f;

    @BeforeAll
    @SuppressWarnings("restricted") // binding native functions is the point of this test
    static void bindGlibc() throws IOException {
        assumeTrue(System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").equals("amd64"), "needs Linux x86-64");
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        MethodHandle version = linker.downcallHandle(
                libc.find("gnu_get_libc_version").orElseThrow(), FunctionDescriptor.of(ADDRESS));
        String glibc;
        try {
            glibc = ((MemorySegment) version.invokeExact()).reinterpret(32).getString(0);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        assumeTrue(glibc.equals("2.36"), "Libm replicates glibc 2.36; this is glibc " + glibc);
        String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("flags")).findFirst().orElse("") + " ";
        assumeTrue(flags.contains(" fma ") && flags.contains(" avx2 "),
                "glibc runs its FMA build only on CPUs with FMA and AVX2");

        SymbolLookup libm = SymbolLookup.libraryLookup("libm.so.6", Arena.global());
        FunctionDescriptor ff = FunctionDescriptor.of(JAVA_FLOAT, JAVA_FLOAT);
        FunctionDescriptor dd = FunctionDescriptor.of(JAVA_DOUBLE, JAVA_DOUBLE);
        // critical: these functions neither block nor call back, so skip the thread transition.
        Linker.Option critical = Linker.Option.critical(false);
        expf = linker.downcallHandle(libm.find("expf").orElseThrow(), ff, critical);
        logf = linker.downcallHandle(libm.find("logf").orElseThrow(), ff, critical);
        exp = linker.downcallHandle(libm.find("exp").orElseThrow(), dd, critical);
        log1p = linker.downcallHandle(libm.find("log1p").orElseThrow(), dd, critical);
        log1pf = linker.downcallHandle(libm.find("log1pf").orElseThrow(), ff, critical);
        expm1f = linker.downcallHandle(libm.find("expm1f").orElseThrow(), ff, critical);
    }

    private static float glibcExpf(float x) {
        try {
            return (float) expf.invokeExact(x);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static float glibcLogf(float x) {
        try {
            return (float) logf.invokeExact(x);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static double glibcExp(double x) {
        try {
            return (double) exp.invokeExact(x);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static double glibcLog1p(double x) {
        try {
            return (double) log1p.invokeExact(x);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static float glibcLog1pf(float x) {
        try {
            return (float) log1pf.invokeExact(x);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static float glibcExpm1f(float x) {
        try {
            return (float) expm1f.invokeExact(x);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    // ---- special values and boundaries ----------------------------------------------------

    private static final int[] COMMON_FLOAT_BITS = {
        0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff,
        0x00800000, 0x80800000, 0x3f800000, 0xbf800000, 0x7f7fffff, 0xff7fffff,
        0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001,
        0x7fa12345, 0x7fe54321, 0xffb00001, 0x3f7fffff, 0x3f800001, 0x3f000000,
        0x40000000, 0x402df854, 0x3f317218, 0x3f317217, 0x33800000, 0xb3800000,
    };

    @Test
    void expfSpecialValuesAndThresholds() {
        List<Float> xs = new ArrayList<>();
        for (int b : COMMON_FLOAT_BITS) {
            xs.add(Float.intBitsToFloat(b));
        }
        // |x| = 88 starts the slow path; overflow above ln(0x1p128); underflow below
        // ln(0x1p-150); the smallest subnormal below ln(0x1p-149); subnormal results from -87.3.
        float[] edges = {88.0f, -88.0f, 0x1.62e42ep6f, -0x1.9fe368p6f, -0x1.9d1d9ep6f,
            -87.33655f, -0x1.5d589ep6f, 89.0f, -104.0f, -103.5f, -150f, 1000f, -1000f};
        for (float e : edges) {
            for (int d = -3; d <= 3; d++) {
                xs.add(Float.intBitsToFloat(Float.floatToRawIntBits(e) + d));
            }
        }
        // The only two floats on which glibc's FMA and SSE2 builds of expf disagree.
        xs.add(Float.intBitsToFloat(0x4202422f));
        xs.add(Float.intBitsToFloat(0xc27c65d9));
        for (float x : xs) {
            assertFloatSame(x, glibcExpf(x), Libm.expf(x), "expf");
        }
    }

    @Test
    void logfSpecialValuesAndThresholds() {
        List<Float> xs = new ArrayList<>();
        for (int b : COMMON_FLOAT_BITS) {
            xs.add(Float.intBitsToFloat(b));
        }
        // Table subinterval edges around OFF = 0x3f330000 and its double, both binades.
        int[] edges = {0x3f330000, 0x3fb30000, 0x3eb30000, 0x3f800000, 0x00400000, 0x00000002};
        for (int e : edges) {
            for (int d = -3; d <= 3; d++) {
                xs.add(Float.intBitsToFloat(e + d));
            }
        }
        for (float x : xs) {
            assertFloatSame(x, glibcLogf(x), Libm.logf(x), "logf");
        }
    }

    private static final long[] COMMON_DOUBLE_BITS = {
        0x0L, 0x8000000000000000L, 0x1L, 0x8000000000000001L, 0x000fffffffffffffL,
        0x0010000000000000L, 0x8010000000000000L, 0x3ff0000000000000L, 0xbff0000000000000L,
        0x7fefffffffffffffL, 0xffefffffffffffffL, 0x7ff0000000000000L, 0xfff0000000000000L,
        0x7ff8000000000000L, 0xfff8000000000000L, 0x7ff0000000000001L, 0xfff0000000000001L,
        0x7ff4000000abcdefL, 0x7ffc00000000f00dL, 0x3fe0000000000000L, 0x4000000000000000L,
    };

    @Test
    void expSpecialValuesAndThresholds() {
        List<Double> xs = new ArrayList<>();
        for (long b : COMMON_DOUBLE_BITS) {
            xs.add(Double.longBitsToDouble(b));
        }
        // 2^-54 and 512 bound the fast path, 1024 the finite path; overflow above
        // 709.782712893384, subnormal results below -708.3964185322641, zero below -745.13.
        double[] edges = {0x1p-54, -0x1p-54, 512.0, -512.0, 1024.0, -1024.0,
            709.782712893384, 709.7827128933841, -708.3964185322641, -708.39641853226408,
            -745.1332191019411, -745.1332191019412, -744.44007192138126, -740.0, -720.5};
        for (double e : edges) {
            for (int d = -3; d <= 3; d++) {
                xs.add(Double.longBitsToDouble(Double.doubleToRawLongBits(e) + d));
            }
        }
        for (double x : xs) {
            assertDoubleSame(x, glibcExp(x), Libm.exp(x), "exp");
        }
    }

    @Test
    void log1pSpecialValuesAndThresholds() {
        List<Double> xs = new ArrayList<>();
        for (long b : COMMON_DOUBLE_BITS) {
            xs.add(Double.longBitsToDouble(b));
        }
        // -1; the k = 0 range (-0.2929, 0.41422) by high words; 2^-29 and 2^-54 (tiny
        // paths); 2^53 (1 + x no longer exact enough to matter); |f| < 2^-20 near powers of 2.
        long[] edges = {0xbff0000000000000L, 0xbfd2bec300000000L, 0xbfd2bec400000000L,
            0x3fda827a00000000L, 0x3fda827900000000L, 0x3e20000000000000L,
            0xbe20000000000000L, 0x3c90000000000000L, 0xbc90000000000000L,
            0x4340000000000000L, 0x3ff0000000000000L, 0x4000000000000000L,
            0x4330000000000000L, 0x7fe0000000000000L, 0x3ff6a09e00000000L,
            0xbfe0000000000000L, 0x3ff0000100000000L, 0x4010000000001000L};
        for (long e : edges) {
            for (int d = -3; d <= 3; d++) {
                xs.add(Double.longBitsToDouble(e + d));
            }
        }
        for (int k = -1074; k <= 1023; k++) { // powers of two and neighbours, both signs
            double p = Math.scalb(1.0, k);
            xs.add(p);
            xs.add(Math.nextUp(p));
            xs.add(-Math.nextDown(Math.min(p, 1.0)));
        }
        for (double x : xs) {
            assertDoubleSame(x, glibcLog1p(x), Libm.log1p(x), "log1p");
        }
    }

    @Test
    void log1pfSpecialValuesAndThresholds() {
        List<Float> xs = new ArrayList<>();
        for (int b : COMMON_FLOAT_BITS) {
            xs.add(Float.intBitsToFloat(b));
        }
        // -1; the k = 0 range (-0.2929, 0.41422); 2^-29 and 2^-54 (tiny paths); 2^53 (no
        // correction term above).
        int[] edges = {0xbf800000, 0xbe95f61f, 0x3ed413d7, 0x31000000, 0xb1000000, 0x24800000,
            0xa4800000, 0x5a000000, 0x7f7fffff};
        for (int e : edges) {
            for (int d = -3; d <= 3; d++) {
                xs.add(Float.intBitsToFloat(e + d));
            }
        }
        for (int e = 1; e < 255; e++) { // 1 + x at the sqrt(2) split of each binade
            float u = Float.intBitsToFloat(e << 23 | 0x3504f7);
            for (int d = -3; d <= 3; d++) {
                xs.add(Float.intBitsToFloat(Float.floatToRawIntBits(u) + d) - 1.0f);
            }
        }
        for (int k = -149; k <= 127; k++) { // powers of two and neighbours (|f| < 2^-20 paths)
            float p = Math.scalb(1.0f, k);
            xs.add(p);
            xs.add(Math.nextUp(p));
            xs.add(Math.nextDown(p));
            xs.add(p - 1.0f);
            xs.add(Math.nextUp(p - 1.0f));
            xs.add(-Math.nextDown(Math.min(p, 1.0f)));
        }
        for (float x : xs) {
            assertFloatSame(x, glibcLog1pf(x), Libm.log1pf(x), "log1pf");
        }
    }

    @Test
    void expm1fSpecialValuesAndThresholds() {
        List<Float> xs = new ArrayList<>();
        for (int b : COMMON_FLOAT_BITS) {
            xs.add(Float.intBitsToFloat(b));
        }
        // 2^-25 (tiny path), ln2/2 and 1.5 ln2 (k = 0 and k = +-1), 27 ln2 (-1 below its
        // negative), 88.7217 (overflow threshold) and 88.7228 (the check guarding it).
        int[] edges = {0x33000000, 0x3eb17218, 0x3f851592, 0x4195b844, 0x42b17180, 0x42b17218};
        for (int e : edges) {
            for (int d = -3; d <= 3; d++) {
                xs.add(Float.intBitsToFloat(e + d));
                xs.add(Float.intBitsToFloat((e + d) | 0x80000000));
            }
        }
        // Where the reduction switches k, and with it the reconstruction (k = 1 with a reduced
        // argument below -0.25; k < 23; k > 56; k <= -2).
        for (int k = -28; k <= 128; k++) {
            float edge = (k + 0.5f) * 0x1.62e43p-1f;
            for (int d = -3; d <= 3; d++) {
                xs.add(Float.intBitsToFloat(Float.floatToRawIntBits(edge) + d));
            }
        }
        xs.add(0x1.62e43p-1f - 0.25f);
        for (float x : xs) {
            assertFloatSame(x, glibcExpm1f(x), Libm.expm1f(x), "expm1f");
        }
    }

    // ---- large deterministic samples ------------------------------------------------------

    /** Every 97th float bit pattern (44 million), with a different offset per function. */
    @Test
    void expfEvery97thFloat() {
        sweepFloats(0, "expf", true);
    }

    @Test
    void logfEvery97thFloat() {
        sweepFloats(41, "logf", false);
    }

    private static void sweepFloats(int offset, String name, boolean isExp) {
        final long stride = 97;
        final int chunks = 64;
        long span = (1L << 32) / chunks;
        AtomicLong mismatches = new AtomicLong();
        List<String> examples = Collections.synchronizedList(new ArrayList<>());
        IntStream.range(0, chunks).parallel().forEach(c -> {
            long start = c * span;
            long first = start + Math.floorMod(offset - start, stride);
            for (long b = first; b < start + span; b += stride) {
                float x = Float.intBitsToFloat((int) b);
                float want = isExp ? glibcExpf(x) : glibcLogf(x);
                float got = isExp ? Libm.expf(x) : Libm.logf(x);
                if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)) {
                    mismatches.incrementAndGet();
                    if (examples.size() < 10) {
                        examples.add(describe(x, want, got));
                    }
                }
            }
        });
        assertEquals(0, mismatches.get(), name + " mismatches, e.g. " + examples);
    }

    /** Every 29th float bit pattern (148 million), with a different offset per function. */
    @Test
    void log1pfEvery29thFloat() {
        sweepFloats(29, 7, "log1pf", LibmTest::glibcLog1pf, Libm::log1pf);
    }

    @Test
    void expm1fEvery29thFloat() {
        sweepFloats(29, 11, "expm1f", LibmTest::glibcExpm1f, Libm::expm1f);
    }

    private interface FloatFunction {
        float apply(float x);
    }

    private static void sweepFloats(long stride, int offset, String name, FloatFunction glibc,
            FloatFunction libm) {
        final int chunks = 64;
        long span = (1L << 32) / chunks;
        AtomicLong mismatches = new AtomicLong();
        List<String> examples = Collections.synchronizedList(new ArrayList<>());
        IntStream.range(0, chunks).parallel().forEach(c -> {
            long start = c * span;
            long first = start + Math.floorMod(offset - start, stride);
            for (long b = first; b < start + span; b += stride) {
                float x = Float.intBitsToFloat((int) b);
                float want = glibc.apply(x);
                float got = libm.apply(x);
                if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)) {
                    mismatches.incrementAndGet();
                    if (examples.size() < 10) {
                        examples.add(describe(x, want, got));
                    }
                }
            }
        });
        assertEquals(0, mismatches.get(), name + " mismatches, e.g. " + examples);
    }

    @Test
    void expRandomDoubles() {
        sweepDoubles(0x5eed0001L, "exp", true);
    }

    @Test
    void log1pRandomDoubles() {
        sweepDoubles(0x5eed0002L, "log1p", false);
    }

    /**
     * Four million doubles per function from four generators: uniform over the interesting
     * range, uniform in [-1, 1], random bit patterns (every exponent, NaNs, infinities) and the
     * results' extremes (exp's over/underflow region, log1p near -1 and at huge x).
     */
    private static void sweepDoubles(long seed, String name, boolean isExp) {
        final int perTask = 250_000;
        final int tasks = 16;
        AtomicLong mismatches = new AtomicLong();
        List<String> examples = Collections.synchronizedList(new ArrayList<>());
        IntStream.range(0, tasks).parallel().forEach(t -> {
            SplittableRandom rnd = new SplittableRandom(seed * 31 + t);
            for (int i = 0; i < perTask; i++) {
                double x = switch (i & 3) {
                    case 0 -> isExp ? rnd.nextDouble(-746.0, 710.0) : rnd.nextDouble(-1.0, 64.0);
                    case 1 -> rnd.nextDouble(-1.0, 1.0);
                    case 2 -> Double.longBitsToDouble(rnd.nextLong());
                    default -> isExp
                            ? (rnd.nextBoolean() ? rnd.nextDouble(-746.0, -700.0)
                                    : rnd.nextDouble(700.0, 710.0))
                            : (rnd.nextBoolean() ? -1.0 + Math.scalb(rnd.nextDouble(), -rnd.nextInt(60))
                                    : Math.scalb(1.0 + rnd.nextDouble(), rnd.nextInt(40, 1023)));
                };
                double want = isExp ? glibcExp(x) : glibcLog1p(x);
                double got = isExp ? Libm.exp(x) : Libm.log1p(x);
                if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got)) {
                    mismatches.incrementAndGet();
                    if (examples.size() < 10) {
                        examples.add(describe(x, want, got));
                    }
                }
            }
        });
        assertEquals(0, mismatches.get(), name + " mismatches, e.g. " + examples);
    }

    // ---- zero allocation ------------------------------------------------------------------

    @Test
    void callsAllocateNothing() {
        double[] sink = new double[1];
        double bytes = AllocationMeter.bytesPerCall(1, 1, () -> {
            for (int i = 0; i < 200_000; i++) {
                float f = i * 0x1p-12f - 20f;
                double d = i * 0x1p-10 - 100.0;
                sink[0] += Libm.expf(f) + Libm.logf(f) + Libm.exp(d) + Libm.log1p(d);
            }
        });
        assertEquals(0.0, bytes, "bytes allocated by 800k calls (sink " + sink[0] + ")");
    }

    @Test
    void log1pfAndExpm1fAllocateNothing() {
        float[] sink = new float[1];
        double bytes = AllocationMeter.bytesPerCall(1, 1, () -> {
            for (int i = 0; i < 200_000; i++) {
                float f = i * 0x1p-12f - 20f;
                sink[0] += Libm.log1pf(f) + Libm.expm1f(f);
            }
        });
        assertEquals(0.0, bytes, "bytes allocated by 400k calls (sink " + sink[0] + ")");
    }

    // ---- helpers --------------------------------------------------------------------------

    private static void assertFloatSame(float x, float want, float got, String name) {
        if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)) {
            fail(name + ": " + describe(x, want, got));
        }
    }

    private static void assertDoubleSame(double x, double want, double got, String name) {
        if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got)) {
            fail(name + ": " + describe(x, want, got));
        }
    }

    private static String describe(float x, float want, float got) {
        return String.format("x=%s (0x%08x) glibc=%s (0x%08x) Libm=%s (0x%08x)",
                Float.toHexString(x), Float.floatToRawIntBits(x), Float.toHexString(want),
                Float.floatToRawIntBits(want), Float.toHexString(got),
                Float.floatToRawIntBits(got));
    }

    private static String describe(double x, double want, double got) {
        return String.format("x=%s (0x%016x) glibc=%s (0x%016x) Libm=%s (0x%016x)",
                Double.toHexString(x), Double.doubleToRawLongBits(x), Double.toHexString(want),
                Double.doubleToRawLongBits(want), Double.toHexString(got),
                Double.doubleToRawLongBits(got));
    }
}
