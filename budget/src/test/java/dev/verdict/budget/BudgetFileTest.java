package dev.verdict.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BudgetFileTest {
    static final Set<String> KNOWN = Set.of("decision", "trees", "decision-native");

    @Test
    void readsDefaultsPerPathLoadsLimitsAndBaselines() {
        BudgetFile f = BudgetFile.parse("""
                {"defaults": {"rate": 5000, "threads": 2, "warmup": "5s", "duration": "PT20S"},
                 "budgets": [
                   {"path": "decision", "limits": {"p99": "50us", "p99.9": "1.5ms", "bytesPerOp": 0},
                    "baselines": ["decision-native"]},
                   {"path": "trees", "rate": 10000, "threads": 1, "limits": {"p50": "3µs"}}
                 ]}
                """, "b.json", KNOWN, BudgetFile.LoadOverrides.none());
        BudgetFile.Budget d = f.budgets().get(0);
        assertEquals(new Load(5000, 2, Duration.ofSeconds(5), Duration.ofSeconds(20)), d.load());
        assertEquals(50_000L, d.limits().p99Nanos());
        assertEquals(1_500_000L, d.limits().p999Nanos());
        assertEquals(0.0, d.limits().bytesPerRequest());
        assertNull(d.limits().p50Nanos());
        assertEquals(java.util.List.of("decision-native"), d.baselines());
        BudgetFile.Budget t = f.budgets().get(1);
        assertEquals(10_000, t.load().ratePerSecond());
        assertEquals(1, t.load().threads());
        assertEquals(3_000L, t.limits().p50Nanos());
        BudgetFile o = BudgetFile.parse("{\"budgets\": [{\"path\": \"trees\", \"limits\": {\"p99\": \"1ms\"}}]}",
                "b.json", KNOWN, new BudgetFile.LoadOverrides(100.0, 4, null, Duration.ofSeconds(2)));
        assertEquals(new Load(100, 4, Duration.ofSeconds(5), Duration.ofSeconds(2)), o.budgets().get(0).load());
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("{\"budgets\": [{\"path\": \"ml\", \"limits\": {\"p99\": \"1ms\"}}]}",
                        "b.json: budgets[0].path: unknown path 'ml' (known: [decision, decision-native, trees])"),
                Arguments.of("{\"budgets\": [{\"path\": \"trees\", \"limits\": {\"p99\": 50}}]}",
                        "b.json: budgets[0].limits.p99 must be a latency with a unit"),
                Arguments.of("{\"budgets\": [{\"path\": \"trees\", \"limits\": {\"p95\": \"1ms\"}}]}",
                        "b.json: unknown field 'budgets[0].limits.p95'"),
                Arguments.of("{\"budgets\": [{\"path\": \"trees\"}]}",
                        "b.json: budgets[0].limits is missing"),
                Arguments.of("{\"budgets\": [{\"path\": \"trees\", \"threads\": 0, \"limits\": {\"p99\": \"1ms\"}}]}",
                        "b.json: budgets[0]: threads must be between 1 and 256"),
                Arguments.of("{\"budgets\": []}", "b.json: 'budgets' must be a non-empty array"),
                Arguments.of("{\"budgets\": [\n{\"path\": \"trees\",}]}", "b.json, line 2: not valid JSON"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("bad")
    void aBadFileNamesTheField(String json, String message) {
        BudgetFile.BudgetFileException e = assertThrows(BudgetFile.BudgetFileException.class,
                () -> BudgetFile.parse(json, "b.json", KNOWN, BudgetFile.LoadOverrides.none()));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
