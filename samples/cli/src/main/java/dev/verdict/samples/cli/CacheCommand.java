package dev.verdict.samples.cli;

import dev.verdict.cache.FeatureGroup;
import dev.verdict.cache.FeatureReader;
import dev.verdict.cache.FeatureRecord;
import dev.verdict.cache.FeatureStore;
import dev.verdict.cache.FeatureWriter;
import dev.verdict.cache.GroupStats;
import dev.verdict.cache.KeyType;
import dev.verdict.cache.LoadOptions;
import dev.verdict.cache.LoadResult;
import dev.verdict.cache.ReadOptions;
import dev.verdict.cache.UnknownGroupException;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** {@code verdict cache}: load, inspect and benchmark a feature store. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Feature store: bulk-load CSV, read one entity, print stats, benchmark reads.",
        subcommands = {CacheCommand.Load.class, CacheCommand.Get.class, CacheCommand.Stats.class,
                CacheCommand.Bench.class})
final class CacheCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing command: load, get, stats or bench");
    }

    static String onlyGroup(FeatureStore store, String group) {
        if (group != null) {
            return group;
        }
        List<String> groups = store.groups();
        if (groups.size() != 1) {
            throw new UnknownGroupException("store " + store.directory() + " holds "
                    + (groups.isEmpty() ? "no groups" : "groups " + groups + "; choose one with --group"));
        }
        return groups.get(0);
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Bulk-load a CSV into a new snapshot (creating the store and group if needed);"
                    + " readers switch to it when it is complete.")
    static final class Load implements Callable<Integer> {
        @Option(names = "--store", required = true, description = "store directory")
        Path store;

        @Option(names = "--group", required = true, description = "group definition (JSON)")
        Path groupFile;

        @Option(names = "--input", required = true, description = "CSV with an id column and one column per feature")
        Path input;

        @Option(names = "--strict", description = "fail on a column the group does not have"
                + " (default: ignore such columns, saying which)")
        boolean strict;

        @Override
        public Integer call() {
            FeatureGroup group = FeatureGroup.read(groupFile);
            long started = System.nanoTime();
            try (FeatureWriter writer = FeatureWriter.open(store, group)) {
                if (writer.recovery() != null) {
                    System.err.println("recovered after a writer crash: " + writer.recovery());
                }
                LoadResult r = writer.load(input, LoadOptions.defaults().strictColumns(strict),
                        (done, expected) -> System.err.printf(
                        "\rloading %s: %,d of ~%,d rows (%.0f%%), %,.0f rows/s", group.name(), done, expected,
                        expected == 0 ? 100.0 : Math.min(100.0, 100.0 * done / expected),
                        done / ((System.nanoTime() - started) / 1e9)));
                System.err.println();
                if (!r.ignoredColumns().isEmpty()) {
                    System.err.printf("ignored %d column%s that group '%s' does not have: %s (--strict rejects them)%n",
                            r.ignoredColumns().size(), r.ignoredColumns().size() == 1 ? "" : "s", group.name(),
                            String.join(", ", r.ignoredColumns()));
                }
                GroupStats stats = writer.stats();
                System.out.printf("group         %s%n", group.name());
                System.out.printf("rows          %,d%n", r.rows());
                System.out.printf("entities      %,d%n", r.entities());
                System.out.printf("ignored-older %,d%n", r.ignoredOlder());
                System.out.printf("generation    %d%n", r.generation());
                System.out.printf("throughput    %,.0f rows/s (%.2f s)%n", r.rowsPerSecond(), r.nanos() / 1e9);
                System.out.printf("snapshot      %s (%,d bytes, %.0f B/entity)%n", stats.snapshotFile(),
                        stats.bytesMapped(), r.entities() == 0 ? 0.0 : (double) stats.bytesMapped() / r.entities());
            }
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Print one entity's record, its age and status (FOUND, STALE or NOT_FOUND).")
    static final class Get implements Callable<Integer> {
        @Option(names = "--store", required = true, description = "store directory")
        Path store;

        @Option(names = "--id", required = true, description = "entity id")
        String id;

        @Option(names = "--group", description = "group name (default: the store's only group)")
        String group;

        @Override
        public Integer call() {
            try (FeatureStore s = FeatureStore.open(store)) {
                String name = onlyGroup(s, group);
                FeatureGroup g = s.group(name);
                var record = s.get(name, id);
                if (record.isEmpty()) {
                    System.out.printf("%s %s: NOT_FOUND%n", name, id);
                    return 0;
                }
                FeatureRecord r = record.get();
                Duration age = Duration.ofMillis(System.currentTimeMillis() - r.eventTimeMillis());
                System.out.printf("%s %s: %s%n", name, id, age.compareTo(g.maxAge()) > 0 ? "STALE" : "FOUND");
                System.out.printf("event time  %s (age %s, max age %s)%n", Instant.ofEpochMilli(r.eventTimeMillis()),
                        age, g.maxAge());
                for (int f = 0; f < g.size(); f++) {
                    System.out.printf("  %-28s %s%n", g.features().get(f).name(),
                            r.isPresent(f) ? format(r.get(f)) : "absent");
                }
            }
            return 0;
        }

        private static String format(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Float.toString((float) v);
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Entries, bytes mapped, last update, load progress and definition of every group.")
    static final class Stats implements Callable<Integer> {
        @Option(names = "--store", required = true, description = "store directory")
        Path store;

        @Override
        public Integer call() {
            try (FeatureStore s = FeatureStore.open(store)) {
                for (String name : s.groups()) {
                    GroupStats st = s.stats(name);
                    System.out.printf("group         %s%n", name);
                    System.out.printf("entries       %,d%n", st.entries());
                    System.out.printf("bytes mapped  %,d (%.0f B/entity, %d B/record)%n", st.bytesMapped(),
                            st.entries() == 0 ? 0.0 : (double) st.bytesMapped() / st.entries(), st.recordBytes());
                    System.out.printf("generation    %d (%s)%n", st.generation(), st.snapshotFile().getFileName());
                    System.out.printf("last update   %s%n",
                            st.lastUpdateMillis() == 0 ? "never" : Instant.ofEpochMilli(st.lastUpdateMillis()));
                    System.out.printf("writer        %s%n", st.writerOpen() ? "open (or died; the next writer recovers)"
                            : "closed");
                    System.out.printf("load          %s, %,d of %,d rows%n", st.loadRunning() ? "running" : "idle",
                            st.loadRowsDone(), st.loadRowsExpected());
                    System.out.printf("recoveries    %d%n", st.recoveries());
                    System.out.printf("definition    %s%n%n", s.group(name).toJson());
                }
            }
            return 0;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Random single-entity reads: Verdict vs raw Chronicle Map getUsing on the same file,"
                    + " and vs Redis GET over loopback when redis-server is installed.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--store", required = true, description = "store directory")
        Path store;

        @Option(names = "--group", description = "group name (default: the store's only group)")
        String group;

        @Option(names = "--ids-from", description = "CSV whose id column lists the ids to read"
                + " (default for long keys: 0 .. entries-1)")
        Path idsFrom;

        @Option(names = "--seconds", defaultValue = "3", description = "measuring time per contender (default 3)")
        double seconds;

        @Option(names = "--no-redis", description = "skip the Redis comparison")
        boolean noRedis;

        @Override
        public Integer call() throws IOException, InterruptedException {
            try (FeatureStore s = FeatureStore.open(store)) {
                String name = onlyGroup(s, group);
                FeatureGroup g = s.group(name);
                GroupStats stats = s.stats(name);
                byte[][] keys = keys(g, stats.entries());
                List<String> names = new ArrayList<>();
                for (var f : g.features()) {
                    names.add(f.name());
                }
                FeatureSchema schema = FeatureSchema.builder().numeric(names.toArray(String[]::new)).build();
                FeatureReader reader = s.reader(name, schema, ReadOptions.defaults());
                FeatureVector vector = schema.newVector();
                long pretouched = s.pretouch(name);
                System.out.printf("%s: %,d entities, %d features, %,d keys sampled, %,d records pre-touched%n", name,
                        stats.entries(), g.size(), keys.length, pretouched);
                long warm = 1_000_000_000L;
                long measure = (long) (seconds * 1e9);
                List<Latency.Result> results = new ArrayList<>();
                long[] longIds = new long[keys.length];
                String[] stringIds = new String[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    if (g.keyType() == KeyType.LONG) {
                        longIds[i] = java.nio.ByteBuffer.wrap(keys[i]).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
                    } else {
                        stringIds[i] = new String(keys[i], java.nio.charset.StandardCharsets.UTF_8);
                    }
                }
                results.add(Latency.measure("verdict read", g.keyType() == KeyType.LONG
                        ? i -> reader.read(longIds[i], vector) : i -> reader.read(stringIds[i], vector),
                        keys.length, warm, measure));
                // Plain Chronicle Map code: the file's header names the value marshaller, which
                // Chronicle instantiates itself.
                var builder = ChronicleMapBuilder.of(byte[].class, byte[].class)
                        .constantValueSizeBySample(new byte[g.recordBytes()]).entries(g.capacity());
                if (g.keyType() == KeyType.LONG) {
                    builder.constantKeySizeBySample(new byte[8]);
                } else {
                    builder.averageKeySize(Math.min(g.maxKeyBytes(), 24));
                }
                byte[] value = new byte[g.recordBytes()];
                try (ChronicleMap<byte[], byte[]> raw = builder.createPersistedTo(stats.snapshotFile().toFile())) {
                    results.add(Latency.measure("chronicle getUsing", i -> raw.getUsing(keys[i], value),
                            keys.length, warm, measure));
                    if (!noRedis) {
                        Latency.Result redis = redis(raw, keys, value, warm, measure);
                        if (redis != null) {
                            results.add(redis);
                        }
                    }
                }
                Latency.printTable(System.out, results.toArray(Latency.Result[]::new));
                Latency.Result v = results.get(0);
                for (Latency.Result r : results.subList(1, results.size())) {
                    System.out.printf("  %s / verdict: p50 %.1fx, p99 %.1fx, p99.9 %.1fx%n", r.name(),
                            r.p50() / v.p50(), r.p99() / v.p99(), r.p999() / v.p999());
                }
            }
            return 0;
        }

        private byte[][] keys(FeatureGroup g, long entries) throws IOException {
            List<byte[]> list = new ArrayList<>();
            if (idsFrom != null) {
                try (BufferedReader in = Files.newBufferedReader(idsFrom)) {
                    String header = in.readLine();
                    int column = header == null ? -1 : List.of(header.split(",", -1)).indexOf(g.idColumn());
                    if (column < 0) {
                        throw new IllegalArgumentException(idsFrom + " has no '" + g.idColumn() + "' column");
                    }
                    for (String line; (line = in.readLine()) != null && list.size() < 1_000_000; ) {
                        String id = line.split(",", -1)[column];
                        list.add(g.keyType() == KeyType.LONG ? longKey(Long.parseLong(id.trim()))
                                : id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            } else {
                if (g.keyType() != KeyType.LONG) {
                    throw new IllegalArgumentException("group '" + g.name() + "' has string keys: pass --ids-from CSV");
                }
                SplittableRandom r = new SplittableRandom(1);
                for (int i = 0; i < 1 << 16; i++) {
                    list.add(longKey(r.nextLong(Math.max(1, entries))));
                }
            }
            if (list.isEmpty()) {
                throw new IllegalArgumentException("no ids to read");
            }
            java.util.Collections.shuffle(list, new java.util.Random(2));
            return list.toArray(byte[][]::new);
        }

        private static byte[] longKey(long id) {
            return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(id).array();
        }

        private static Latency.Result redis(ChronicleMap<byte[], byte[]> raw, byte[][] keys, byte[] value, long warm,
                long measure) throws IOException, InterruptedException {
            Path server = Path.of("/usr/bin/redis-server");
            if (!Files.isExecutable(server)) {
                System.out.println("redis-server is not installed (apt-get install redis-server): Redis skipped");
                return null;
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Process redis = new ProcessBuilder(server.toString(), "--port", Integer.toString(port), "--save", "",
                    "--appendonly", "no", "--bind", "127.0.0.1").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                Jedis jedis = null;
                for (int attempt = 0; jedis == null; attempt++) {
                    try {
                        Jedis j = new Jedis("127.0.0.1", port);
                        j.ping();
                        jedis = j;
                    } catch (RuntimeException e) {
                        if (attempt > 100) {
                            throw e;
                        }
                        Thread.sleep(50);
                    }
                }
                try (Jedis j = jedis) {
                    Pipeline p = j.pipelined();
                    for (byte[] key : keys) {
                        if (raw.getUsing(key, value) != null) {
                            p.set(key, value.clone());
                        }
                    }
                    p.sync();
                    return Latency.measure("redis GET (loopback)", i -> j.get(keys[i]), keys.length, warm, measure);
                }
            } finally {
                redis.destroy();
                redis.waitFor();
            }
        }
    }
}
