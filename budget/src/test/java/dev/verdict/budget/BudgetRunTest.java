package dev.verdict.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetRunTest {

    @Test
    void heldAndMissedBudgetsGiveTheExitCodeAndTheReports(@TempDir Path dir) throws Exception {
        Map<String, RequestPath> paths = Map.of(
                "fast", thread -> sequence -> OpenLoopDriverTest.spin(2_000),
                "slow", thread -> sequence -> OpenLoopDriverTest.spin(300_000));
        String json = """
                {"defaults": {"rate": 1000, "threads": 2, "warmup": "200ms", "duration": "1s"},
                 "budgets": [
                   {"path": "fast", "limits": {"p50": "10ms", "bytesPerOp": 64}, "baselines": ["slow"]}
                 ]}
                """;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        int held = BudgetRun.run(BudgetFile.parse(json, "b.json", paths.keySet(), BudgetFile.LoadOverrides.none()),
                paths, dir.resolve("report"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(BudgetRun.HELD, held, table);
        assertTrue(table.contains("HELD: p50 ≤ 10.0 ms, B/op ≤ 64"), table);
        assertTrue(table.contains("floor (no-op)"), table);
        assertTrue(table.contains("of fast"), table);
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("fast"), "a progress line");
        assertTrue(Files.readString(dir.resolve("report/report.md")).contains("![fast latency by percentile](fast.png)"));
        assertTrue(Files.readString(dir.resolve("report/report.html")).contains("<img src=\"fast.png\""));
        assertTrue(ImageIO.read(dir.resolve("report/fast.png").toFile()).getWidth() == 960);

        String missed = json.replace("\"p50\": \"10ms\"", "\"p50\": \"1us\"");
        out.reset();
        int code = BudgetRun.run(BudgetFile.parse(missed, "b.json", paths.keySet(), BudgetFile.LoadOverrides.none()),
                paths, null, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertEquals(BudgetRun.MISSED, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("MISSED fast: p50 "), out.toString(StandardCharsets.UTF_8));
    }
}
