package dev.verdict.budget;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The budget module's Javadoc examples, compiled with the tests. */
@SuppressWarnings("unused")
final class Snippets {
    private Snippets() {
    }

    /** Stands for a service's per-thread decision state. */
    interface Decider {
        void decide(long applicantId);
    }

    static RequestPath path(java.util.function.Supplier<Decider> newDecider) {
        // @start region=path
        RequestPath decisions = thread -> {
            Decider decider = newDecider.get();          // what one request thread owns
            return sequence -> decider.decide(1 + sequence % 30_000);
        };
        // @end
        return decisions;
    }

    static PathResult drive(RequestPath decisions) throws InterruptedException {
        // @start region=drive
        Load load = new Load(5_000, 2, Duration.ofSeconds(5), Duration.ofSeconds(20));
        PathResult result = OpenLoopDriver.run("decision", decisions, load,
                (phase, seconds, total, requests, p99) -> { });
        long p99 = result.latencyAt(99);                 // nanoseconds from intended start
        // @end
        return result;
    }

    static int run(RequestPath decisions, RequestPath trees) throws Exception {
        // @start region=run
        Map<String, RequestPath> paths = Map.of("decision", decisions, "trees", trees);
        BudgetFile budgets = BudgetFile.read(Path.of("budgets.json"), paths.keySet(),
                BudgetFile.LoadOverrides.none());
        int exit = BudgetRun.run(budgets, paths, Path.of("target/budget"), System.out, System.err);
        // exit: 0 every budget held, 1 one was missed
        // @end
        return exit;
    }
}
