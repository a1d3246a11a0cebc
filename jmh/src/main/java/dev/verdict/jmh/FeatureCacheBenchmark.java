package dev.verdict.jmh;

import dev.verdict.cache.FeatureGroup;
import dev.verdict.cache.FeatureReader;
import dev.verdict.cache.FeatureStore;
import dev.verdict.cache.FeatureWriter;
import dev.verdict.cache.LoadListener;
import dev.verdict.cache.LoadResult;
import dev.verdict.cache.ReadOptions;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Random single-entity reads of 1,000,000 entities x 100 float32 features: Verdict's
 * {@link FeatureReader#read(long, FeatureVector)} against raw Chronicle Map {@code getUsing} on the
 * same snapshot file, an on-heap {@code ConcurrentHashMap<Long, float[]>}, and Redis {@code GET}
 * of the same record bytes over loopback ({@code redis-server} from the PATH, started and stopped
 * here; skipped with a message if there is none). Sample mode, so p50/p99/p99.9 come out;
 * run with {@code -t 2} for two threads.
 *
 * <p>The store is built once (a generated CSV bulk-loaded through {@link FeatureWriter#load}) in
 * {@code $TMPDIR/verdict-bench-store-v1} and reused by later forks and runs; setup prints the
 * load throughput, bytes per entity, open and pre-touch times, and the map's heap cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "--enable-native-access=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "-Dchronicle.analytics.disable=true"})
public class FeatureCacheBenchmark {
    static final int ENTITIES = 1_000_000;
    static final int FEATURES = 100;
    static final Path STORE = Path.of(System.getProperty("java.io.tmpdir"), "verdict-bench-store-v1");

    FeatureGroup group;
    FeatureSchema schema;
    FeatureStore store;
    ChronicleMap<byte[], byte[]> raw;
    ConcurrentHashMap<Long, float[]> heap;
    Process redis;
    int redisPort;

    @Setup(Level.Trial)
    public void setup() throws IOException, InterruptedException {
        FeatureGroup.Builder b = FeatureGroup.builder("bench").capacity(ENTITIES).maxAge(java.time.Duration.ofDays(3650));
        FeatureSchema.Builder s = FeatureSchema.builder();
        for (int f = 0; f < FEATURES; f++) {
            b.float32("f" + f, 0);
            s.numeric("f" + f);
        }
        group = b.build();
        schema = s.build();
        if (!Files.exists(STORE.resolve("complete"))) {
            build();
        }
        long t0 = System.nanoTime();
        store = FeatureStore.open(STORE);
        store.group("bench");
        long t1 = System.nanoTime();
        long touched = store.pretouch("bench");
        long t2 = System.nanoTime();
        System.err.printf("[store] open %.1f ms, pretouch of %d records %.0f ms, %d bytes mapped = %.0f B/entity%n",
                (t1 - t0) / 1e6, touched, (t2 - t1) / 1e6, store.stats("bench").bytesMapped(),
                (double) store.stats("bench").bytesMapped() / ENTITIES);
        File snapshot = store.stats("bench").snapshotFile().toFile();
        raw = ChronicleMapBuilder.of(byte[].class, byte[].class)
                .constantValueSizeBySample(new byte[group.recordBytes()]).constantKeySizeBySample(new byte[8])
                .entries(ENTITIES).createPersistedTo(snapshot);

        System.gc();
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        heap = new ConcurrentHashMap<>(ENTITIES * 2);
        for (int id = 0; id < ENTITIES; id++) {
            heap.put((long) id, values(id));
        }
        System.gc();
        long after = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        System.err.printf("[heap] ConcurrentHashMap<Long, float[]> of %d entities: %.0f MB of heap (%.0f B/entity)%n",
                ENTITIES, (after - before) / 1e6, (double) (after - before) / ENTITIES);
        startRedis();
    }

    /** The generated value of feature {@code f} of entity {@code id}: exact in float32. */
    static float value(int id, int f) {
        return ((id * 31 + f * 17) % 100_000) / 8f;
    }

    static float[] values(int id) {
        float[] v = new float[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            v[f] = value(id, f);
        }
        return v;
    }

    private void build() throws IOException {
        Files.createDirectories(STORE);
        Path csv = STORE.resolve("bench.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            StringBuilder line = new StringBuilder("id");
            for (int f = 0; f < FEATURES; f++) {
                line.append(",f").append(f);
            }
            w.write(line.append('\n').toString());
            for (int id = 0; id < ENTITIES; id++) {
                line.setLength(0);
                line.append(id);
                for (int f = 0; f < FEATURES; f++) {
                    line.append(',').append(value(id, f));
                }
                w.write(line.append('\n').toString());
            }
        }
        try (FeatureWriter writer = FeatureWriter.open(STORE, group)) {
            LoadResult r = writer.load(csv, LoadListener.NONE);
            System.err.printf("[load] %d rows x %d features (%d MB of CSV) in %.2f s = %.0f rows/s%n", r.rows(),
                    FEATURES, Files.size(csv) >> 20, r.nanos() / 1e9, r.rowsPerSecond());
        }
        Files.delete(csv);
        Files.writeString(STORE.resolve("complete"), "ok\n");
    }

    private void startRedis() throws IOException, InterruptedException {
        Path server = onPath("redis-server");
        if (server == null) {
            System.err.println("[redis] no redis-server on the PATH (Debian: apt-get install redis-server): skipped");
            return;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        redis = new ProcessBuilder(server.toString(), "--port", Integer.toString(redisPort), "--save", "",
                "--appendonly", "no", "--bind", "127.0.0.1").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int attempt = 0; ; attempt++) {
            try (Jedis j = new Jedis("127.0.0.1", redisPort)) {
                j.ping();
                break;
            } catch (RuntimeException e) {
                if (attempt > 100) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
        long t0 = System.nanoTime();
        try (Jedis j = new Jedis("127.0.0.1", redisPort)) {
            byte[] key = new byte[8];
            byte[] value = new byte[group.recordBytes()];
            Pipeline p = j.pipelined();
            for (int id = 0; id < ENTITIES; id++) {
                raw.getUsing(longKey(key, id), value);
                p.set(key.clone(), value.clone());
                if (id % 10_000 == 9_999) {
                    p.sync();
                }
            }
            p.sync();
        }
        System.err.printf("[redis] %d records loaded in %.1f s%n", ENTITIES, (System.nanoTime() - t0) / 1e9);
    }

    /** The first executable {@code name} in a directory of the PATH, or null. */
    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return null;
    }

    static byte[] longKey(byte[] key, long id) {
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (id >>> (8 * i));
        }
        return key;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (redis != null) {
            redis.destroyForcibly();
        }
        raw.close();
        store.close();
    }

    /** What each benchmark thread owns: its reader, vector, buffers and random ids. */
    @State(Scope.Thread)
    public static class PerThread {
        FeatureReader reader;
        FeatureReader unverified;
        FeatureVector vector;
        byte[] key = new byte[8];
        byte[] value;
        Jedis jedis;
        long[] ids = new long[1 << 16];
        int next;

        @Setup(Level.Trial)
        public void setup(FeatureCacheBenchmark b) {
            reader = b.store.reader("bench", b.schema, ReadOptions.defaults());
            unverified = b.store.reader("bench", b.schema, ReadOptions.defaults().verifyChecksums(false));
            vector = b.schema.newVector();
            value = new byte[b.group.recordBytes()];
            SplittableRandom r = new SplittableRandom(Thread.currentThread().threadId());
            for (int i = 0; i < ids.length; i++) {
                ids[i] = r.nextInt(ENTITIES);
            }
            if (b.redis != null) {
                jedis = new Jedis("127.0.0.1", b.redisPort);
            }
        }

        long nextId() {
            return ids[next++ & (ids.length - 1)];
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (jedis != null) {
                jedis.close();
            }
        }
    }

    @Benchmark
    public double verdict(PerThread t) {
        t.reader.read(t.nextId(), t.vector);
        return t.vector.get(7);
    }

    @Benchmark
    public double verdictUnverified(PerThread t) {
        t.unverified.read(t.nextId(), t.vector);
        return t.vector.get(7);
    }

    @Benchmark
    public byte chronicleGetUsing(FeatureCacheBenchmark b, PerThread t) {
        b.raw.getUsing(longKey(t.key, t.nextId()), t.value);
        return t.value[40];
    }

    @Benchmark
    public float concurrentHashMap(FeatureCacheBenchmark b, PerThread t) {
        return b.heap.get(t.nextId())[7];
    }

    @Benchmark
    public void redisGet(PerThread t, Blackhole bh) {
        if (t.jedis == null) {
            throw new IllegalStateException("no redis-server on the PATH");
        }
        bh.consume(t.jedis.get(longKey(t.key, t.nextId())));
    }
}
