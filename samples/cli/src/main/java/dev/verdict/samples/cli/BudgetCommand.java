package dev.verdict.samples.cli;

import dev.verdict.budget.BudgetFile;
import dev.verdict.budget.BudgetRun;
import dev.verdict.budget.RequestPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code verdict budget}: drives Verdict's decision path and its parts open loop at a fixed rate
 * and checks them against a budget file (see {@code jmh/budgets/credit-decision.json}).
 */
@Command(name = "budget", mixinStandardHelpOptions = true,
        description = "Drive the decision path (cache read, 500-tree XGBoost, ONNX MLP, six-rule policy)"
                + " and its parts at a fixed rate, open loop, latency from each request's intended start;"
                + " check the budgets, beside XGBoost4J, a Redis read and the machine's floor. Exit 0 when"
                + " every budget holds, 1 when one is missed, 2 on a bad budget file.")
final class BudgetCommand implements Callable<Integer> {
    @Option(names = "--budgets", defaultValue = "jmh/budgets/credit-decision.json",
            description = "the budget file (default: ${DEFAULT-VALUE})")
    Path budgets;

    @Option(names = "--rate", description = "requests per second for every budget (overrides the file)")
    Double rate;

    @Option(names = "--threads", description = "driver threads for every budget (overrides the file)")
    Integer threads;

    @Option(names = "--warmup", description = "warm-up seconds for every budget (overrides the file)")
    Double warmup;

    @Option(names = "--duration", description = "measured seconds for every budget (overrides the file)")
    Double duration;

    @Option(names = "--report", defaultValue = "target/budget", description = "where the Markdown and HTML"
            + " reports and plots go (default: ${DEFAULT-VALUE})")
    Path report;

    @Option(names = "--onnx", defaultValue = "onnx/src/test/resources/onnx/mlp.onnx",
            description = "the ONNX MLP (100 float inputs; default: ${DEFAULT-VALUE})")
    Path onnx;

    @Override
    public Integer call() throws Exception {
        BudgetFile.LoadOverrides overrides = new BudgetFile.LoadOverrides(rate, threads,
                seconds(warmup), seconds(duration));
        // Checked before the (slow) setup, so a bad file fails at once.
        java.util.Set<String> known = java.util.Set.of("decision", "decision-xgboost4j", "decision-redis",
                "trees", "onnx", "cache-read");
        BudgetFile file;
        try {
            file = BudgetFile.read(budgets, known, overrides);
        } catch (BudgetFile.BudgetFileException e) {
            System.err.println("verdict: " + e.getMessage());
            return BudgetRun.BAD_INPUT;
        }
        try (DecisionPaths setup = DecisionPaths.prepare(report.resolve("work"), onnx, System.err)) {
            Map<String, RequestPath> paths = new java.util.HashMap<>(setup.paths());
            for (BudgetFile.Budget b : file.budgets()) {
                if (!paths.containsKey(b.path())) {
                    System.err.println("verdict: path '" + b.path() + "' is not available here");
                    return BudgetRun.BAD_INPUT;
                }
            }
            // A baseline that cannot run here (Redis not installed) is left out, not fatal.
            java.util.List<BudgetFile.Budget> runnable = file.budgets().stream()
                    .map(b -> new BudgetFile.Budget(b.path(), b.load(), b.limits(),
                            b.baselines().stream().filter(paths::containsKey).toList()))
                    .toList();
            return BudgetRun.run(new BudgetFile(runnable), paths, report, System.out, System.err);
        }
    }

    private static Duration seconds(Double s) {
        return s == null ? null : Duration.ofMillis(Math.round(s * 1000));
    }
}
