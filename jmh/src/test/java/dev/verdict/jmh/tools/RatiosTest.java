package dev.verdict.jmh.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The ratio table of a real JMH result file (a short LightGBM run in both time modes with
 * {@code -prof gc}, raw samples and unused metrics removed).
 */
class RatiosTest {
    private static JsonNode results() throws IOException {
        try (InputStream in = RatiosTest.class.getResourceAsStream("/jmh-result-lightgbm-avgt-sample.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static String table(JsonNode results) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Ratios.print(results, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String line(String table, String method) {
        return table.lines().filter(l -> l.trim().startsWith(method + " ")).findFirst().orElseThrow();
    }

    @Test
    void meanAndBytesComeFromTheAverageRunAndPercentilesFromTheSampleRun() throws IOException {
        String table = table(results());
        assertTrue(table.startsWith("LightGbmSingleRowBenchmark shape=100:31:-1\n"), table);
        assertTrue(table.contains("1 thread; JDK 25.0.3 OpenJDK 64-Bit Server VM; JVM flags: "
                + "--enable-native-access=ALL-UNNAMED --enable-native-access=ALL-UNNAMED -Xmx2g"), table);
        // avgt: 2.965 us and 0.026 B/op; sample: p50 1.972, p99 2.652, p99.9 413.9.
        String verdict = line(table, "verdict");
        assertTrue(verdict.matches(" +verdict +2\\.965 +1\\.972 +2\\.652 +413\\.9 us/op +0\\.0 *"), verdict);
        // lightgbm / verdict: means 12.746 / 2.965, p50 7.240 / 1.972, p99 9.344 / 2.652.
        String lightgbm = line(table, "lightgbm");
        assertTrue(lightgbm.matches(" +lightgbm +12\\.75 +7\\.240 +9\\.344 +75\\.81 us/op +0\\.1 +4\\.30x +3\\.67x"
                + " +3\\.52x +\\+9\\.781 *"), lightgbm);
        assertFalse(table.contains("*"), table);
    }

    @Test
    void aSampleRunAloneGivesMeanAndBytesMarkedAsBlurred() throws IOException {
        ArrayNode sampleOnly = new ObjectMapper().createArrayNode();
        for (JsonNode r : results()) {
            if (r.path("mode").asText().equals("sample")) {
                sampleOnly.add(r);
            }
        }
        String table = table(sampleOnly);
        String verdict = line(table, "verdict");
        assertTrue(verdict.matches(" +verdict +6\\.145\\* +1\\.972 +2\\.652 +413\\.9 us/op +1\\.3\\* *"), verdict);
        assertTrue(table.contains("* from the sample run only"), table);
    }
}
