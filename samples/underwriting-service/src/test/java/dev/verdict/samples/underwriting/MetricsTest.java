package dev.verdict.samples.underwriting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Prometheus endpoint carries the service's meters, and the latency endpoint its interval. */
class MetricsTest extends RunningService {

    /** The value of the first sample whose name and labels match, e.g. {@code name{...a="b"...}}. */
    static double sample(String exposition, String name, String... labels) {
        StringBuilder re = new StringBuilder("(?m)^" + Pattern.quote(name) + "\\{");
        for (String l : labels) {
            re.append("(?=[^}]*").append(Pattern.quote(l)).append(")");
        }
        re.append("[^}]*\\} (\\S+)");
        Matcher m = Pattern.compile(re.toString()).matcher(exposition);
        assertTrue(m.find(), name + " " + String.join(",", labels) + " in\n" + exposition);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void prometheusShowsDecisionsCacheReadsModelsAndLatency() {
        Http http = http();
        assertEquals(204, http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://localhost:" + port + "/actuator/latency")).DELETE()).status());
        for (int i = 0; i < 200; i++) {
            long id = i % 10 == 0 ? 800_000 + i : 5L * (i + 1);
            assertEquals(200, http.post("/v1/decisions", Http.decision(id, 30_000)).status());
        }
        String p = http.get("/actuator/prometheus").body();
        assertTrue(sample(p, "verdict_decisions_total", "outcome=\"REFER\"", "rule=\"no-history\"") >= 20);
        assertTrue(sample(p, "verdict_cache_reads_total", "group=\"applicant\"", "status=\"NOT_FOUND\"") >= 20);
        assertTrue(sample(p, "verdict_cache_reads_total", "status=\"FOUND\"") >= 180);
        sample(p, "verdict_cache_reads_total", "status=\"STALE\"");
        assertTrue(sample(p, "verdict_decision_latency_seconds_count") >= 200);
        sample(p, "verdict_decision_latency_seconds_bucket", "le=");
        assertTrue(sample(p, "verdict_model_latency_seconds_count", "model=\"credit\"") >= 1);
        assertTrue(sample(p, "verdict_model_latency_seconds_count", "model=\"credit-next\"") >= 1);
        assertTrue(sample(p, "verdict_model_serving_version", "model=\"credit\"") >= 1);
        assertTrue(sample(p, "verdict_model_reloads_total", "model=\"credit\"") >= 1);
        sample(p, "verdict_model_rejections_total", "model=\"credit-next\"");
        assertTrue(sample(p, "http_server_requests_seconds_count", "uri=\"/v1/decisions\"",
                "status=\"200\"") >= 200);
        sample(p, "http_server_requests_seconds_bucket", "uri=\"/v1/decisions\"", "le=");

        JsonNode latency = http.get("/actuator/latency").json().get("decide");
        assertEquals(200, latency.get("count").longValue());
        assertTrue(latency.get("p50Micros").doubleValue() > 0);
        assertTrue(latency.get("p99Micros").doubleValue() >= latency.get("p50Micros").doubleValue());
    }
}
