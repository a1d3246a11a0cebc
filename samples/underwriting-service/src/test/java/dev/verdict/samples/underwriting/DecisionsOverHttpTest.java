package dev.verdict.samples.underwriting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.cache.FeatureStore;
import dev.verdict.cache.ReadOptions;
import dev.verdict.cache.ReadStatus;
import dev.verdict.core.ModelRegistry;
import dev.verdict.decision.Decider;
import dev.verdict.decision.Decision;
import dev.verdict.decision.DecisionPolicy;
import dev.verdict.decision.Outcome;
import dev.verdict.loader.ModelLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Decisions over HTTP are the decisions a {@link Decider} makes in process: for 300 applicants
 * the models never trained on, and 10 the cache does not know, every field of the answer equals
 * what a decider built here, from the policy file and the model files themselves, decides.
 */
class DecisionsOverHttpTest extends RunningService {
    @Autowired
    FeatureStore store;
    @Autowired
    RequestFields fields;
    @Autowired
    ReadOptions readOptions;

    ModelRegistry registry;
    Decider decider;

    @BeforeEach
    void inProcessDecider() {
        registry = new ModelRegistry();
        registry.register("credit", fields.schema())
                .publish(ModelLoader.load(DIR.resolve("models/credit/credit-v1.json")));
        registry.register("credit-next", fields.schema())
                .publish(ModelLoader.load(DIR.resolve("models/credit-next/credit-next-v1.ubj")));
        decider = Decider.builder(DecisionPolicy.read(TrainedFiles.POLICY), registry)
                .features(store.reader("applicant", fields.schema(), readOptions)).build();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    /** The credit limit of every applicant in the UCI file, by id. */
    static Map<Long, Double> limits() throws IOException {
        Map<Long, Double> limits = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(TrainedFiles.DATASET, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            limits.put(Long.parseLong(cells[0]), Double.parseDouble(cells[1]));
        }
        return limits;
    }

    @Test
    void everyDecisionOverHttpIsTheDecidersDecision() throws IOException {
        Map<Long, Double> limits = limits();
        Map<Long, Double> applicants = new LinkedHashMap<>();
        for (long id = 5; applicants.size() < 300; id += 5) {   // never trained on
            applicants.put(id, limits.get(id));
        }
        for (long id = 900_001; id <= 900_010; id++) {           // unknown to the cache
            applicants.put(id, 20_000.0 * (id - 900_000));
        }
        Http http = http();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        Set<String> rules = new HashSet<>();
        Set<String> requestIds = new HashSet<>();
        int limit = fields.schema().indexOf("LIMIT_BAL");
        for (Map.Entry<Long, Double> a : applicants.entrySet()) {
            Http.Reply reply = http.post("/v1/decisions", Http.decision(a.getKey(), a.getValue()));
            assertEquals(200, reply.status(), reply.body());
            JsonNode got = reply.json();

            decider.begin().set(limit, a.getValue());
            Decision want = decider.decide(a.getKey());
            String who = "applicant " + a.getKey() + ": " + reply.body() + " vs " + want;
            assertEquals(a.getKey(), got.get("applicantId").longValue(), who);
            assertEquals(want.outcome().name(), got.get("outcome").stringValue(), who);
            assertEquals(want.rule(), got.get("rule").stringValue(), who);
            assertEquals("credit-underwriting", got.get("policy").stringValue(), who);
            assertEquals(want.score(), got.get("score").doubleValue(), who);
            JsonNode model = got.get("model");
            assertEquals("credit", model.get("name").stringValue(), who);
            assertEquals(1, model.get("version").longValue(), who);
            assertEquals("credit-v1.json", model.get("file").stringValue(), who);
            assertEquals(want.score(0), model.get("score").doubleValue(), who);
            JsonNode challenger = got.get("challengers").get(0);
            assertEquals("credit-next", challenger.get("name").stringValue(), who);
            assertEquals(want.score("credit-next"), challenger.get("score").doubleValue(), who);
            assertEquals("credit-next-v1.ubj", challenger.get("file").stringValue(), who);
            JsonNode freshness = got.get("features").get(0);
            assertEquals("applicant", freshness.get("group").stringValue(), who);
            assertEquals(want.freshness(0).name(), freshness.get("status").stringValue(), who);
            if (want.freshness(0) == ReadStatus.NOT_FOUND) {
                assertTrue(freshness.get("ageMillis").isNull(), who);
                assertEquals("no-history", want.rule(), "an unknown applicant is referred: " + who);
            } else {
                // Both ages are of the same record, read a few milliseconds apart.
                assertTrue(Math.abs(freshness.get("ageMillis").longValue() - want.ageMillis(0)) < 10_000, who);
            }
            String requestId = got.get("requestId").stringValue();
            assertEquals(requestId, reply.requestIdHeader(), who);
            assertTrue(requestIds.add(requestId), "request ids are unique: " + who);
            outcomes.merge(want.outcome(), 1, Integer::sum);
            rules.add(want.rule());
        }
        assertEquals(3, outcomes.size(), "every outcome occurs: " + outcomes);
        assertTrue(rules.size() >= 4, "the policy's rules are exercised: " + rules);
    }

    @Test
    void theCallersRequestIdFollowsTheDecision() {
        Http.Reply reply = http().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/v1/decisions"))
                .header("Content-Type", "application/json").header("X-Request-Id", "loan-app-4711")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(Http.decision(10, 50_000))));
        assertEquals(200, reply.status(), reply.body());
        assertEquals("loan-app-4711", reply.requestIdHeader());
        assertEquals("loan-app-4711", reply.json().get("requestId").stringValue());
        assertNotNull(reply.json().get("features").get(0).get("ageMillis"));
    }
}
