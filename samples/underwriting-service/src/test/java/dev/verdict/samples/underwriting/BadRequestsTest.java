package dev.verdict.samples.underwriting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Whatever a client sends, the answer is JSON that says what to change: a 4xx
 * {@code application/problem+json} with a stable {@code code}, a {@code detail} naming the field,
 * and the request id; never a 500, never a stack trace.
 */
class BadRequestsTest extends RunningService {

    static Stream<Arguments> badDecisionRequests() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"applicantId\": 5, \"fields\": {\"LIMIT_BAL\": 1",
                        400, "malformed_json", "not valid JSON"),
                Arguments.of("trailing garbage", Http.decision(5, 1) + " x", 400, "malformed_json",
                        "not valid JSON"),
                Arguments.of("empty body", "", 400, "malformed_json", "empty"),
                Arguments.of("an array", "[1, 2]", 400, "invalid_request", "must be a JSON object"),
                Arguments.of("no applicant", "{\"fields\": {\"LIMIT_BAL\": 1}}", 400,
                        "invalid_request", "missing 'applicantId'"),
                Arguments.of("applicant id as a string", "{\"applicantId\": \"5\", \"fields\":"
                        + " {\"LIMIT_BAL\": 1}}", 400, "invalid_request", "'applicantId' must be an integer"),
                Arguments.of("fractional applicant id", "{\"applicantId\": 5.5, \"fields\":"
                        + " {\"LIMIT_BAL\": 1}}", 400, "invalid_request", "'applicantId' must be an integer"),
                Arguments.of("applicant id beyond a long", "{\"applicantId\": 123456789012345678901,"
                        + " \"fields\": {\"LIMIT_BAL\": 1}}", 400, "invalid_request", "at most 19 digits"),
                Arguments.of("no fields", "{\"applicantId\": 5}", 400, "invalid_request",
                        "missing 'fields'"),
                Arguments.of("no LIMIT_BAL", "{\"applicantId\": 5, \"fields\": {}}", 400,
                        "invalid_request", "lacks LIMIT_BAL"),
                Arguments.of("LIMIT_BAL null", "{\"applicantId\": 5, \"fields\": {\"LIMIT_BAL\": null}}",
                        400, "invalid_request", "lacks LIMIT_BAL"),
                Arguments.of("LIMIT_BAL as a string", "{\"applicantId\": 5, \"fields\":"
                        + " {\"LIMIT_BAL\": \"50000\"}}", 400, "invalid_request",
                        "'LIMIT_BAL' must be a number, got a string"),
                Arguments.of("LIMIT_BAL as a boolean", "{\"applicantId\": 5, \"fields\":"
                        + " {\"LIMIT_BAL\": true}}", 400, "invalid_request", "got a boolean"),
                Arguments.of("LIMIT_BAL too large for a double", "{\"applicantId\": 5, \"fields\":"
                        + " {\"LIMIT_BAL\": 1e999}}", 400, "invalid_request", "LIMIT_BAL"),
                Arguments.of("a misspelt field", "{\"applicantId\": 5, \"fields\": {\"LIMIT_BAL\": 1,"
                        + " \"LIMIT_BALL\": 2}}", 400, "invalid_request", "unknown field 'LIMIT_BALL'"),
                Arguments.of("a field the cache supplies", "{\"applicantId\": 5, \"fields\":"
                        + " {\"LIMIT_BAL\": 1, \"AGE\": 40}}", 400, "invalid_request",
                        "comes from the feature cache"),
                Arguments.of("an unknown top-level field", "{\"applicantId\": 5, \"fields\":"
                        + " {\"LIMIT_BAL\": 1}, \"amount\": 3}", 400, "invalid_request",
                        "unknown field 'amount'"),
                Arguments.of("a duplicate key", "{\"applicantId\": 5, \"applicantId\": 6, \"fields\":"
                        + " {\"LIMIT_BAL\": 1}}", 400, "malformed_json", "Duplicate"),
                Arguments.of("a body over 16 KiB", "{\"applicantId\": 5, \"fields\": {\"LIMIT_BAL\": 1},"
                        + " \"pad\": \"" + "x".repeat(1 << 20) + "\"}", 413, "payload_too_large",
                        "at most 16384 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDecisionRequests")
    void aBadDecisionRequestGetsAClear4xx(String what, String body, int status, String code,
            String detail) {
        assertProblem(http().post("/v1/decisions", body), status, code, detail);
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedToo() {
        byte[] big = ("{\"applicantId\": 5, \"pad\": \"" + "y".repeat(40_000) + "\"}").getBytes();
        // ofInputStream has no known length, so the client sends it chunked (no Content-Length).
        Http.Reply reply = http().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/v1/decisions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        assertProblem(reply, 413, "payload_too_large", "more than 16384 bytes");
    }

    @Test
    void aBodyThatIsNotJsonByContentTypeGets415() {
        assertProblem(http().post("/v1/decisions", "text/plain", Http.decision(5, 1)), 415,
                "unsupported_media_type", "text/plain");
    }

    @Test
    void aWrongMethodGets405() {
        assertProblem(http().get("/v1/decisions"), 405, "method_not_allowed", "GET");
    }

    @Test
    void anUnknownPathGets404() {
        assertProblem(http().get("/v1/nothing-here"), 404, "not_found", "");
    }

    @Test
    void anUnknownApplicantIsDecidedAndReferredNotRefused() {
        Http.Reply reply = http().post("/v1/decisions", Http.decision(777_777_777L, 40_000));
        assertEquals(200, reply.status(), reply.body());
        JsonNode d = reply.json();
        assertEquals("REFER", d.get("outcome").stringValue());
        assertEquals("no-history", d.get("rule").stringValue());
        assertEquals("NOT_FOUND", d.get("features").get(0).get("status").stringValue());
    }

    @Test
    void anUnknownModelGets404() {
        assertProblem(http().get("/v1/models/fraud"), 404, "unknown_model", "'fraud'");
        assertProblem(http().get("/v2/models/fraud"), 404, "unknown_model", "'fraud'");
    }

    static void assertProblem(Http.Reply reply, int status, String code, String detail) {
        assertEquals(status, reply.status(), reply.body());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        JsonNode problem = reply.json();
        assertEquals(status, problem.get("status").intValue(), reply.body());
        assertEquals(code, problem.get("code").stringValue(), reply.body());
        assertTrue(problem.get("detail").stringValue().contains(detail), reply.body());
        assertFalse(problem.get("requestId").stringValue().isEmpty(), reply.body());
        assertEquals(reply.requestIdHeader(), problem.get("requestId").stringValue());
        for (String leak : new String[] {"Exception", "\tat ", "at dev.verdict", "at org.spring"}) {
            assertFalse(reply.body().contains(leak), "no stack trace: " + reply.body());
        }
    }
}
