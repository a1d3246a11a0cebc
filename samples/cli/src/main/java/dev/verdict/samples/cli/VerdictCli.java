package dev.verdict.samples.cli;

import dev.verdict.core.VerdictException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code verdict} command: score CSV files, inspect and benchmark models, and run the demo.
 * Exit codes: 0 success, 1 failure (bad model, bad input, I/O), 2 usage error.
 */
@Command(name = "verdict", mixinStandardHelpOptions = true, version = "verdict 0.1.0",
        description = "In-process model scoring for the JVM: XGBoost and LightGBM models, scored"
                + " exactly as the native libraries score them.",
        subcommands = {ScoreCommand.class, InspectCommand.class, BenchCommand.class,
                DemoCommand.class, CacheCommand.class, BudgetCommand.class, CommandLine.HelpCommand.class})
public final class VerdictCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command without exiting, for tests.
     *
     * @param args command-line arguments
     * @return the exit code
     */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new VerdictCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof VerdictException || e instanceof IllegalArgumentException
                    || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                err.println("verdict: " + e.getMessage());
            } else {
                err.println("verdict: unexpected failure: " + e);
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command: score, inspect, bench, demo, cache or budget");
    }
}
