package dev.verdict.samples.cli;

import dev.verdict.budget.RequestPath;
import dev.verdict.cache.FeatureGroup;
import dev.verdict.cache.FeatureReader;
import dev.verdict.cache.FeatureStore;
import dev.verdict.cache.FeatureWriter;
import dev.verdict.cache.ReadOptions;
import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelRegistry;
import dev.verdict.core.ScoringSession;
import dev.verdict.decision.Band;
import dev.verdict.decision.Condition;
import dev.verdict.decision.Decider;
import dev.verdict.decision.DecisionPolicy;
import dev.verdict.decision.Outcome;
import dev.verdict.fallback.XGBoostNativeModel;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.onnx.OnnxModel;
import dev.verdict.onnx.OnnxOptions;
import dev.verdict.testing.Rows;
import dev.verdict.testing.XGBoostOracle;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.foreign.MemorySegment;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The request paths {@code verdict budget} drives, built once: a credit decision over a
 * 100-feature cache record (100,000 entities in a Chronicle store), a 500-tree depth-6 XGBoost
 * model, an ONNX MLP over the same 100 features and a six-rule policy; its parts alone (trees,
 * cache read, ONNX); and the same decision with XGBoost4J scoring the trees (Verdict's native
 * fallback) and with the features read from Redis over loopback.
 */
final class DecisionPaths implements AutoCloseable {
    static final int FEATURES = 100;
    static final int ENTITIES = 100_000;
    private static final int ROWS = 1_024;

    private final ModelRegistry registry = new ModelRegistry();
    private final ModelRegistry nativeRegistry = new ModelRegistry();
    private final FeatureStore store;
    private final FeatureSchema request;
    private final DecisionPolicy policy;
    private final float[][] rows;
    private final Process redis;
    private final int redisPort;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    private DecisionPaths(FeatureStore store, FeatureSchema request, DecisionPolicy policy,
            float[][] rows, Process redis, int redisPort) {
        this.store = store;
        this.request = request;
        this.policy = policy;
        this.rows = rows;
        this.redis = redis;
        this.redisPort = redisPort;
    }

    static DecisionPaths prepare(Path work, Path onnxMlp, PrintStream log) throws Exception {
        Files.createDirectories(work);
        List<Feature> features = new ArrayList<>();
        features.add(Feature.numeric("amount").asRequired());
        String[] names = new String[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            names[f] = "f" + f;
            features.add(Feature.numeric(names[f]));
        }
        FeatureSchema request = FeatureSchema.of(features);

        log.println("budget: training the 500-tree depth-6 XGBoost model (100 features)...");
        float[][] train = Rows.gaussian(5_000, FEATURES, 0.1, 1);
        float[] labels = new float[train.length];
        SplittableRandom random = new SplittableRandom(2);
        for (int r = 0; r < train.length; r++) {
            double s = 0;
            for (int f = 0; f < 20; f++) {
                float v = train[r][f];
                s += v == v ? (f % 2 == 0 ? 0.4 : -0.3) * v : 0;
            }
            labels[r] = random.nextDouble() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
        }
        byte[] ubj;
        try (XGBoostOracle.NativeBooster m = XGBoostOracle.training(train).labels(labels).featureNames(names)
                .param("objective", "binary:logistic").param("max_depth", 6).param("eta", 0.05)
                .param("subsample", 0.8).param("colsample_bytree", 0.8).param("nthread", 2)
                .rounds(500).train()) {
            ubj = m.ubj();
        }
        Files.write(work.resolve("credit.ubj"), ubj);

        log.printf("budget: loading %,d entities x %d float32 features into the feature cache...%n",
                ENTITIES, FEATURES);
        Path storeDir = work.resolve("store");
        deleteRecursively(storeDir);
        FeatureGroup.Builder g = FeatureGroup.builder("features").capacity(ENTITIES)
                .maxAge(java.time.Duration.ofDays(3650));
        for (String n : names) {
            g.float32(n, Double.NaN);
        }
        FeatureGroup group = g.build();
        float[][] entity = Rows.gaussian(ENTITIES, FEATURES, 0.05, 3);
        Path csv = work.resolve("features.csv");
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("id," + String.join(",", names) + "\n");
            StringBuilder line = new StringBuilder();
            for (int e = 0; e < ENTITIES; e++) {
                line.setLength(0);
                line.append(e + 1);
                for (float v : entity[e]) {
                    line.append(',');
                    if (v == v) {
                        line.append(v);
                    }
                }
                w.write(line.append('\n').toString());
            }
        }
        try (FeatureWriter writer = FeatureWriter.open(storeDir, group)) {
            writer.load(csv, (done, total) -> { });
        }
        FeatureStore store = FeatureStore.open(storeDir);
        // As a service does at start: map every page now, so that no request pays a page fault.
        store.pretouch("features");

        // The policy: six rules over the request, the cache and both models.
        DecisionPolicy policy = DecisionPolicy.builder("credit-decision")
                .when("over-limit", Condition.feature("amount").greaterThan(500_000), Outcome.DECLINE)
                .when("no-bureau-file", Condition.feature("f0").isMissing(), Outcome.REFER)
                .when("fraud", Condition.score("fraud").greaterThan(0.97), Outcome.DECLINE)
                .bands("thin-file", Condition.feature("f1").lessThan(-1.5), "credit",
                        Band.below(0.2, Outcome.APPROVE), Band.rest(Outcome.REFER))
                .bands("high-utilization", Condition.feature("f2").greaterThan(1.5), "credit",
                        Band.below(0.3, Outcome.APPROVE), Band.below(0.6, Outcome.REFER),
                        Band.rest(Outcome.DECLINE))
                .bands("cut-offs", "credit", Band.below(0.4, Outcome.APPROVE),
                        Band.below(0.7, Outcome.REFER), Band.rest(Outcome.DECLINE))
                .otherwise(Outcome.REFER)
                .build();

        Process redis = null;
        int port = -1;
        Path server = Path.of("/usr/bin/redis-server");
        if (Files.isExecutable(server)) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            redis = new ProcessBuilder(server.toString(), "--port", Integer.toString(port), "--save", "",
                    "--appendonly", "no", "--bind", "127.0.0.1").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            log.printf("budget: copying the records into Redis on 127.0.0.1:%d...%n", port);
            try (Jedis j = connect(port)) {
                Pipeline p = j.pipelined();
                for (int e = 0; e < ENTITIES; e++) {
                    p.set(redisKey(e + 1), encode(entity[e]));
                }
                p.sync();
            }
        } else {
            log.println("budget: redis-server is not installed (apt-get install redis-server): the"
                    + " Redis baseline is not available");
        }
        DecisionPaths paths = new DecisionPaths(store, request, policy, train, redis, port);
        paths.publish(ubj, onnxMlp, names);
        return paths;
    }

    private void publish(byte[] ubj, Path onnxMlp, String[] names) {
        Model credit = ModelLoader.load(ubj, LoadOptions.defaults());
        Model fraud = OnnxModel.load(onnxMlp, OnnxOptions.defaults().withMissingAllowed()
                .withFeatureNames("features", List.of(names)));
        registry.register("credit", request).publish(credit);
        registry.register("fraud", request).publish(fraud);
        XGBoostNativeModel nativeCredit = XGBoostNativeModel.load(ubj);
        nativeRegistry.register("credit", request).publish(nativeCredit);
        nativeRegistry.register("fraud", request).publish(OnnxModel.load(onnxMlp,
                OnnxOptions.defaults().withMissingAllowed().withFeatureNames("features", List.of(names))));
    }

    /** {@return every path, by name; the Redis baseline only when Redis runs} */
    Map<String, RequestPath> paths() {
        Map<String, RequestPath> paths = new LinkedHashMap<>();
        int amount = request.indexOf("amount");
        paths.put("decision", thread -> {
            Decider d = Decider.builder(policy, registry)
                    .features(store.reader("features", request, ReadOptions.defaults())).build();
            return sequence -> {
                d.begin().set(amount, 1_000 + (sequence & 1023) * 100);
                d.decide(entity(sequence, thread));
            };
        });
        paths.put("decision-xgboost4j", thread -> {
            Decider d = Decider.builder(policy, nativeRegistry)
                    .features(store.reader("features", request, ReadOptions.defaults())).build();
            return sequence -> {
                d.begin().set(amount, 1_000 + (sequence & 1023) * 100);
                d.decide(entity(sequence, thread));
            };
        });
        paths.put("trees", thread -> score(registry.handle("credit")));
        paths.put("onnx", thread -> score(registry.handle("fraud")));
        paths.put("cache-read", thread -> {
            FeatureReader reader = store.reader("features", request, ReadOptions.defaults());
            FeatureVector row = request.newVector();
            return sequence -> reader.read(entity(sequence, thread), row);
        });
        if (redis != null) {
            paths.put("decision-redis", thread -> {
                Decider d = Decider.builder(policy, registry).build();
                Jedis jedis = connect(redisPort);
                synchronized (closeLast) {
                    closeLast.add(jedis);
                }
                byte[][] keys = new byte[ENTITIES][];
                for (int e = 0; e < ENTITIES; e++) {
                    keys[e] = redisKey(e + 1);
                }
                return sequence -> {
                    FeatureVector row = d.begin();
                    row.set(amount, 1_000 + (sequence & 1023) * 100);
                    byte[] value = jedis.get(keys[(int) (entity(sequence, thread) - 1)]);
                    if (value != null) {
                        row.setFloats(1, MemorySegment.ofArray(value), 0, FEATURES);
                    }
                    d.decide();
                };
            });
        }
        return paths;
    }

    private RequestPath.Request score(ModelHandle handle) {
        ScoringSession session = registry.newSession();
        FeatureVector[] vectors = new FeatureVector[ROWS];
        for (int r = 0; r < ROWS; r++) {
            vectors[r] = request.newVector().set(0, 10_000);
            for (int f = 0; f < FEATURES; f++) {
                vectors[r].set(f + 1, rows[r][f]);
            }
        }
        return sequence -> session.score(handle, vectors[(int) (sequence & (ROWS - 1))]);
    }

    /** A different entity each request, spread over the store (no allocation). */
    private static long entity(long sequence, int thread) {
        long h = (sequence * 2 + thread) * 0x9E3779B97F4A7C15L;
        return 1 + Math.floorMod(h ^ (h >>> 29), (long) ENTITIES);
    }

    private static byte[] redisKey(long id) {
        return ("e:" + id).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] encode(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static Jedis connect(int port) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                Jedis j = new Jedis("127.0.0.1", port);
                j.ping();
                return j;
            } catch (RuntimeException e) {
                if (attempt > 100) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeLast) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing at exit
            }
        }
        registry.close();
        nativeRegistry.close();
        store.close();
        if (redis != null) {
            redis.destroy();
        }
    }
}
