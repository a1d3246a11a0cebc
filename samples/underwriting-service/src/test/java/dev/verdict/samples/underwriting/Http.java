package dev.verdict.samples.underwriting;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain {@link HttpClient} against the service on its random port, as any client would call it. */
final class Http {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** A response: status, content type, body, and the body as JSON when it is JSON. */
    record Reply(int status, String contentType, String body, String requestIdHeader) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final String base;

    Http(int port) {
        this.base = "http://localhost:" + port;
    }

    Reply post(String path, String body) {
        return post(path, "application/json", body);
    }

    Reply post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.body(), r.headers().firstValue("X-Request-Id").orElse(null));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String decision(long applicantId, double limitBal) {
        return "{\"applicantId\": " + applicantId + ", \"fields\": {\"LIMIT_BAL\": " + limitBal + "}}";
    }
}
