package dev.verdict.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.budget.BudgetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verdict budget}: the shipped budget file reads, and a bad one exits 2 before any setup. */
class BudgetCommandTest {

    @Test
    void theShippedBudgetFileReads() {
        BudgetFile f = BudgetFile.read(Path.of("../../jmh/budgets/credit-decision.json"),
                Set.of("decision", "decision-xgboost4j", "decision-redis", "trees", "onnx", "cache-read"),
                BudgetFile.LoadOverrides.none());
        assertEquals("decision", f.budgets().get(0).path());
        assertEquals(50_000L, f.budgets().get(0).limits().p99Nanos());
        assertEquals(5_000, f.budgets().get(0).load().ratePerSecond());
        assertEquals(2, f.budgets().get(0).load().threads());
    }

    @Test
    void aBadBudgetFileExitsTwoNamingTheField(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("b.json"),
                "{\"budgets\": [{\"path\": \"decision\", \"limits\": {\"p99\": \"fast\"}}]}");
        VerdictCliTest.Result r = VerdictCliTest.run("budget", "--budgets", file.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("budgets[0].limits.p99 must be a latency with a unit"), r.err());
    }
}
