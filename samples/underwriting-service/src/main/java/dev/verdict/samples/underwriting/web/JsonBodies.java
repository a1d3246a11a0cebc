package dev.verdict.samples.underwriting.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request body as a JSON tree, with a size limit and errors that say what is wrong:
 * the service parses bodies itself rather than binding them to classes, so that a wrong type or
 * an unknown field is reported by name, and so that a body over the limit is refused before it is
 * read (by its {@code Content-Length}) or as soon as it passes the limit (a chunked one).
 * Duplicate keys and anything after the JSON value are errors too: with a duplicate, which value
 * counts would be a guess.
 */
@Component
public final class JsonBodies {
    private final ObjectReader reader;

    /**
     * @param mapper Spring's Jackson mapper
     */
    public JsonBodies(JsonMapper mapper) {
        this.reader = mapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Reads and parses a body.
     *
     * @param request the request
     * @param limit the largest body accepted
     * @return the JSON value
     * @throws ApiException 413 for a body over the limit, 400 for one that is empty or not JSON
     */
    public JsonNode read(HttpServletRequest request, DataSize limit) {
        long max = limit.toBytes();
        long declared = request.getContentLengthLong();
        if (declared > max) {
            throw tooLarge(declared + " bytes", max);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (IOException e) {
            throw ApiException.invalid("the request body could not be read: " + e.getMessage());
        }
        if (body.length > max) {
            throw tooLarge("more than " + max + " bytes", max);
        }
        if (body.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_json",
                    "the request body is empty; send a JSON object");
        }
        try {
            return reader.readTree(body);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0 ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed_json",
                    "the request body is not valid JSON: " + e.getOriginalMessage() + where);
        }
    }

    private static ApiException tooLarge(String size, long max) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
                "the request body is " + size + "; this endpoint accepts at most " + max + " bytes");
    }
}
