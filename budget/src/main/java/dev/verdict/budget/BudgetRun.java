package dev.verdict.budget;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs every budget of a {@link BudgetFile}: for each, the machine's floor (a no-op path at the
 * same rate and threads: scheduler, timer and the VM's own stalls), the path, and its baselines,
 * all driven the same way; then prints a table, writes {@code report.md}, {@code report.html} and
 * one percentile plot per path, and says whether every budget held.
 *
 * {@snippet class=dev.verdict.budget.Snippets region=run}
 */
public final class BudgetRun {
    /** Every budget held. */
    public static final int HELD = 0;
    /** At least one budget was missed. */
    public static final int MISSED = 1;
    /** The budget file or a path cannot be used. */
    public static final int BAD_INPUT = 2;

    /** A path's measurement with its floor, baselines and verdict. */
    record Outcome(BudgetFile.Budget budget, PathResult floor, PathResult result,
            List<PathResult> baselines, List<String> missed) {
    }

    private BudgetRun() {
    }

    /**
     * Runs the budgets.
     *
     * @param file the budgets
     * @param paths every path a budget or a baseline may name
     * @param reportDir where the reports go (created); null for none
     * @param out the table
     * @param progress the progress line (rewritten in place with {@code \r})
     * @return {@link #HELD} or {@link #MISSED}
     * @throws IOException if a report cannot be written
     * @throws InterruptedException if interrupted while driving
     */
    public static int run(BudgetFile file, Map<String, RequestPath> paths, Path reportDir,
            PrintStream out, PrintStream progress) throws IOException, InterruptedException {
        RequestPath floorPath = thread -> sequence -> { };
        Map<Load, PathResult> floors = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (BudgetFile.Budget b : file.budgets()) {
            PathResult floor = floors.get(b.load());
            if (floor == null) {
                floor = drive("floor", floorPath, b.load(), progress);
                floors.put(b.load(), floor);
            }
            PathResult result = drive(b.path(), Objects.requireNonNull(paths.get(b.path()), b.path()),
                    b.load(), progress);
            List<PathResult> baselines = new ArrayList<>();
            for (String baseline : b.baselines()) {
                baselines.add(drive(baseline, paths.get(baseline), b.load(), progress));
            }
            outcomes.add(new Outcome(b, floor, result, baselines, b.limits().missed(result)));
        }
        String table = table(outcomes);
        out.print(table);
        if (reportDir != null) {
            Files.createDirectories(reportDir);
            for (Outcome o : outcomes) {
                List<PercentilePlot.Series> series = new ArrayList<>();
                series.add(new PercentilePlot.Series(o.result.name(), o.result.latency(), false));
                for (PathResult r : o.baselines) {
                    series.add(new PercentilePlot.Series(r.name(), r.latency(), false));
                }
                series.add(new PercentilePlot.Series("floor (no-op)", o.floor.latency(), true));
                Long limit = o.budget.limits().p99Nanos();
                PercentilePlot.write(reportDir.resolve(o.result.name() + ".png"),
                        o.result.name() + ": latency by percentile, " + o.budget.load(), series,
                        limit, limit == null ? null : "p99 budget");
            }
            Files.writeString(reportDir.resolve("report.md"), markdown(outcomes, table), StandardCharsets.UTF_8);
            Files.writeString(reportDir.resolve("report.html"), html(outcomes, table), StandardCharsets.UTF_8);
            out.println("reports: " + reportDir.resolve("report.md") + ", " + reportDir.resolve("report.html"));
        }
        boolean held = outcomes.stream().allMatch(o -> o.missed.isEmpty());
        for (Outcome o : outcomes) {
            if (!o.missed.isEmpty()) {
                out.println("MISSED " + o.result.name() + ": " + String.join("; ", o.missed));
            }
        }
        out.println(held ? "every budget held" : "a budget was missed");
        return held ? HELD : MISSED;
    }

    private static PathResult drive(String name, RequestPath path, Load load, PrintStream progress)
            throws InterruptedException {
        // On a terminal the line is rewritten in place; into a file or pipe, one line per phase.
        boolean terminal = System.console() != null;
        String[] lastPhase = {""};
        PathResult r = OpenLoopDriver.run(name, path, load, (phase, s, total, n, p99) -> {
            if (terminal) {
                progress.printf("\r%-22s %-8s %5.1f / %.0f s  %,10d requests  p99 %s        ", name,
                        phase, s, total, n, n == 0 ? "-" : Durations.nanos(p99));
            } else if (!phase.equals(lastPhase[0])) {
                lastPhase[0] = phase;
                progress.printf("%-22s %s (%.0f s)%n", name, phase, total);
            }
        });
        progress.printf("%s%-22s done: %,d requests, p99 %s%s%n", terminal ? "\r" : "", name,
                r.requests(), Durations.nanos(r.latencyAt(99)), terminal ? " ".repeat(40) : "");
        return r;
    }

    static String table(List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-24s %10s %10s %10s %10s %10s %8s %7s  %s%n", "path", "requests", "p50",
                "p99", "p99.9", "max", "B/op", "late", "budget"));
        for (Outcome o : outcomes) {
            sb.append(String.format("%s (%s)%n", o.result.name(), o.budget.load()));
            row(sb, "  " + o.result.name(), o.result,
                    (o.missed.isEmpty() ? "HELD: " : "MISSED: ") + o.budget.limits());
            for (PathResult b : o.baselines) {
                row(sb, "  " + b.name(), b, String.format("p50 %.1fx, p99 %.1fx of %s",
                        ratio(b.latencyAt(50), o.result.latencyAt(50)),
                        ratio(b.latencyAt(99), o.result.latencyAt(99)), o.result.name()));
            }
            row(sb, "  floor (no-op)", o.floor, "the machine alone");
        }
        return sb.toString();
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    private static void row(StringBuilder sb, String label, PathResult r, String note) {
        if (r.abandoned() > 0) {
            note += String.format(" (%,d never ran: the path fell a run behind)", r.abandoned());
        }
        sb.append(String.format("%-24s %,10d %10s %10s %10s %10s %8.1f %,7d  %s%n", label, r.requests(),
                Durations.nanos(r.latencyAt(50)), Durations.nanos(r.latencyAt(99)),
                Durations.nanos(r.latencyAt(99.9)), Durations.nanos(r.maxLatency()), r.bytesPerRequest(),
                r.late(), note));
    }

    private static String markdown(List<Outcome> outcomes, String table) {
        StringBuilder sb = new StringBuilder("# Latency budgets\n\n");
        sb.append("Open loop at a fixed rate; latency from each request's intended start (coordinated")
                .append(" omission corrected). The floor is a no-op path at the same rate: what the")
                .append(" machine does on its own.\n\n");
        sb.append("| path | load | requests | p50 | p99 | p99.9 | max | B/op | late | verdict |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            mdRow(sb, "**" + o.result.name() + "**", o, o.result,
                    (o.missed.isEmpty() ? "held (" : "**missed**: " + String.join("; ", o.missed) + " (")
                            + o.budget.limits() + ")");
            for (PathResult b : o.baselines) {
                mdRow(sb, b.name(), o, b, String.format("p50 %.1fx, p99 %.1fx", ratio(b.latencyAt(50),
                        o.result.latencyAt(50)), ratio(b.latencyAt(99), o.result.latencyAt(99))));
            }
            mdRow(sb, "floor (no-op)", o, o.floor, "the machine alone");
        }
        for (Outcome o : outcomes) {
            sb.append("\n## ").append(o.result.name()).append("\n\n![").append(o.result.name())
                    .append(" latency by percentile](").append(o.result.name()).append(".png)\n");
        }
        sb.append("\n```\n").append(table).append("```\n");
        return sb.toString();
    }

    private static void mdRow(StringBuilder sb, String label, Outcome o, PathResult r, String verdict) {
        sb.append(String.format("| %s | %s | %,d | %s | %s | %s | %s | %.1f | %,d | %s |%n", label,
                o.budget.load(), r.requests(), Durations.nanos(r.latencyAt(50)),
                Durations.nanos(r.latencyAt(99)), Durations.nanos(r.latencyAt(99.9)),
                Durations.nanos(r.maxLatency()), r.bytesPerRequest(), r.late(), verdict));
    }

    private static String html(List<Outcome> outcomes, String table) {
        StringBuilder sb = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Latency budgets</title><style>body{font-family:sans-serif;margin:2em}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:right}td:first-child,th:first-child{text-align:left}")
                .append(".missed{color:#b00;font-weight:bold}.held{color:#070}</style></head><body>\n")
                .append("<h1>Latency budgets</h1>\n<p>Open loop at a fixed rate; latency from each request's")
                .append(" intended start (coordinated omission corrected). The floor is a no-op path at the")
                .append(" same rate.</p>\n<table><tr><th>path</th><th>requests</th><th>p50</th><th>p99</th>")
                .append("<th>p99.9</th><th>max</th><th>B/op</th><th>late</th><th>verdict</th></tr>\n");
        for (Outcome o : outcomes) {
            htmlRow(sb, "<b>" + esc(o.result.name()) + "</b>", o.result, o.missed.isEmpty()
                    ? "<span class=\"held\">held</span> (" + esc(o.budget.limits().toString()) + ")"
                    : "<span class=\"missed\">missed: " + esc(String.join("; ", o.missed)) + "</span>");
            for (PathResult b : o.baselines) {
                htmlRow(sb, esc(b.name()), b, String.format("p50 %.1fx, p99 %.1fx", ratio(b.latencyAt(50),
                        o.result.latencyAt(50)), ratio(b.latencyAt(99), o.result.latencyAt(99))));
            }
            htmlRow(sb, "floor (no-op)", o.floor, "the machine alone");
        }
        sb.append("</table>\n");
        for (Outcome o : outcomes) {
            sb.append("<h2>").append(esc(o.result.name())).append("</h2><p>").append(esc(o.budget.load().toString()))
                    .append("</p><img src=\"").append(esc(o.result.name())).append(".png\" alt=\"")
                    .append(esc(o.result.name())).append(" latency by percentile\" width=\"960\">\n");
        }
        sb.append("<pre>").append(esc(table)).append("</pre>\n</body></html>\n");
        return sb.toString();
    }

    private static void htmlRow(StringBuilder sb, String label, PathResult r, String verdict) {
        sb.append(String.format("<tr><td>%s</td><td>%,d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                + "<td>%.1f</td><td>%,d</td><td>%s</td></tr>%n", label, r.requests(),
                Durations.nanos(r.latencyAt(50)), Durations.nanos(r.latencyAt(99)),
                Durations.nanos(r.latencyAt(99.9)), Durations.nanos(r.maxLatency()),
                r.bytesPerRequest(), r.late(), verdict));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
