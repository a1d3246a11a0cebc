package dev.verdict.samples.underwriting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Model files dropped into the watched directory while 8 client threads send decisions: a new
 * version goes live with no request lost or failed and no thread ever going back to the old
 * version; a broken file and a model reading a feature requests cannot supply are rejected,
 * counted and shown, while the serving version keeps serving; touching an old file rolls back.
 * A service of its own (its own directory), so the shared one keeps version 1.
 */
@SpringBootTest(classes = UnderwritingService.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "verdict.models.poll-interval=100ms")
@DirtiesContext
class HotSwapUnderLoadTest {
    static final Path DIR = TrainedFiles.service("hot-swap");
    static final int THREADS = 8;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void paths(DynamicPropertyRegistry registry) {
        registry.add("verdict.models.dir", () -> DIR.resolve("models").toString());
        registry.add("verdict.cache.store", () -> DIR.resolve("store").toString());
    }

    /** What the client threads saw. */
    static final class Clients {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong requests = new AtomicLong();
        final List<String> failures = new CopyOnWriteArrayList<>();
        /** The credit version of each thread's latest answer. */
        final Map<Integer, Long> latestVersion = new ConcurrentHashMap<>();
        final Map<Long, AtomicLong> byVersion = new ConcurrentHashMap<>();
        /** Requests sent while the rejected files were in the folder, before the rollback. */
        final AtomicLong afterRejections = new AtomicLong();
        final Map<Long, AtomicLong> afterRejectionsByVersion = new ConcurrentHashMap<>();
        volatile boolean rejectedFilesPresent;

        boolean everyThreadOn(long version) {
            return latestVersion.size() == THREADS
                    && latestVersion.values().stream().allMatch(v -> v == version);
        }
    }

    @Test
    void filesDroppedIntoTheDirectorySwapWithoutLosingARequest() throws Exception {
        Http http = new Http(port);
        Clients clients = new Clients();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().name("client-" + t).start(() -> {
                SplittableRandom random = new SplittableRandom(thread);
                long last = 0;
                while (!clients.stop.get()) {
                    long id = 5L * (1 + random.nextInt(6_000));
                    boolean sent = clients.rejectedFilesPresent;
                    try {
                        Http.Reply r = http.post("/v1/decisions", Http.decision(id, 10_000 * (1 + random.nextInt(50))));
                        if (r.status() != 200) {
                            clients.failures.add(r.status() + " " + r.body());
                            continue;
                        }
                        long version = r.json().get("model").get("version").longValue();
                        if (version < last) {
                            clients.failures.add(Thread.currentThread().getName() + " went back from v"
                                    + last + " to v" + version);
                        }
                        last = version;
                        clients.latestVersion.put(thread, version);
                        clients.byVersion.computeIfAbsent(version, v -> new AtomicLong()).incrementAndGet();
                        if (clients.rejectedFilesPresent && sent) {
                            clients.afterRejections.incrementAndGet();
                            clients.afterRejectionsByVersion.computeIfAbsent(version, v -> new AtomicLong())
                                    .incrementAndGet();
                        }
                        clients.requests.incrementAndGet();
                    } catch (RuntimeException e) {
                        clients.failures.add(e.toString());
                    }
                }
            }));
        }
        try {
            await("every thread decides on version 1", () -> clients.everyThreadOn(1));
            Path models = DIR.resolve("models/credit");

            // A new version, written under a temporary name and renamed (as a pipeline should).
            TrainedFiles.write(models.resolve("credit-v2.ubj"), TrainedFiles.CREDIT_V2);
            await("every thread decides on version 2", () -> clients.everyThreadOn(2));
            assertEquals("credit-v2.ubj", status(http).get("serving").get("file").stringValue());

            // A broken file, written in place: rejected, counted, shown; version 2 keeps serving.
            Files.write(models.resolve("credit-v3.json"), "{\"learner\": {\"gradient_booster\": ".getBytes());
            await("the broken file is rejected", () -> status(http).get("rejections").longValue() == 1);
            JsonNode rejected = status(http).get("lastRejection");
            assertEquals("credit-v3.json", rejected.get("file").stringValue());
            assertEquals("unreadable", rejected.get("reason").stringValue());

            // A model that reads INCOME, which no request or cache record carries.
            TrainedFiles.write(models.resolve("credit-v4.json"), TrainedFiles.READS_INCOME);
            await("the model reading INCOME is rejected", () -> status(http).get("rejections").longValue() == 2);
            rejected = status(http).get("lastRejection");
            assertEquals("credit-v4.json", rejected.get("file").stringValue());
            assertEquals("schema", rejected.get("reason").stringValue());
            assertTrue(rejected.get("detail").stringValue().contains("INCOME"), rejected.toString());
            clients.rejectedFilesPresent = true;
            await("requests go on after the rejections", () -> clients.afterRejections.get() >= 200);
            clients.rejectedFilesPresent = false;
            assertEquals(2, status(http).get("serving").get("version").longValue());

            // Touching the first file makes it new again: a rollback, as version 3.
            Files.setLastModifiedTime(models.resolve("credit-v1.json"), FileTime.from(Instant.now()));
            await("every thread decides on version 3", () -> clients.everyThreadOn(3));
            assertEquals("credit-v1.json", status(http).get("serving").get("file").stringValue());
        } finally {
            clients.stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        assertEquals(List.of(), clients.failures, "no request failed or went back a version");
        assertEquals(List.of(2L), List.copyOf(clients.afterRejectionsByVersion.keySet()),
                "after the rejections, version 2 kept serving: " + clients.afterRejectionsByVersion);
        System.out.println("decisions by credit version: " + clients.byVersion + ", failures: " + clients.failures.size());
        assertTrue(clients.byVersion.get(1L).get() > 0 && clients.byVersion.get(2L).get() > 200,
                "requests on each version: " + clients.byVersion);

        String prometheus = http.get("/actuator/prometheus").body();
        assertEquals(3.0, MetricsTest.sample(prometheus, "verdict_model_reloads_total", "model=\"credit\""));
        assertEquals(2.0, MetricsTest.sample(prometheus, "verdict_model_rejections_total", "model=\"credit\""));
        assertEquals(3.0, MetricsTest.sample(prometheus, "verdict_model_serving_version", "model=\"credit\""));
        assertEquals(0.0, MetricsTest.sample(prometheus, "verdict_model_rejections_total", "model=\"credit-next\""));
    }

    static JsonNode status(Http http) {
        return http.get("/v1/models/credit").json();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 30 s for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
