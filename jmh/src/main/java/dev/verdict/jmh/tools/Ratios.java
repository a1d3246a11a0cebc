package dev.verdict.jmh.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JMH JSON result file ({@code -rf json}) and prints one table per benchmark class,
 * parameter set and thread count: each benchmark's mean time, its p50/p99/p99.9, its allocation per
 * operation ({@code -prof gc}), and every other benchmark's ratio to the reference one (of the
 * means, the p50s and the p99s: how many times slower) and the difference of the means. The
 * reference is the benchmark named {@code verdict}; in a class without one it is {@code scorer}
 * ({@code ScoringSessionBenchmark}, which measures Verdict's layers against each other) or
 * {@code baseline} ({@code ThreadOwnerBenchmark}). Above each table: the threads, the JDK and the forked JVM's flags, as JMH
 * recorded them.
 *
 * <p>Where a benchmark ran in both {@code Mode.AverageTime} and {@code Mode.SampleTime} (the
 * single-row benchmarks do), the mean and B/op come from the average-time run and the percentiles
 * from the sample run: a sample also times two clock reads, and JMH allocates its sample buffers on
 * the benchmark thread (a fraction of a byte per call, which would hide a true 0 B/op). A value
 * taken from a sample run alone is marked {@code *}.
 *
 * <p>The file is JMH's, so it is read with Jackson; Verdict's own model readers are for model
 * artifacts, not a JSON library.
 *
 * <p>Usage: {@code java -cp jmh/target/benchmarks.jar dev.verdict.jmh.tools.Ratios results.json}
 */
public final class Ratios {
    /** Reference benchmark names, in order of preference. */
    private static final List<String> REFERENCES = List.of("verdict", "scorer", "baseline");

    private Ratios() {
    }

    /** One benchmark method's numbers, merged over its modes; NaN where no mode gave one. */
    private static final class Row {
        final String method;
        String unit = "";
        double averageMean = Double.NaN;
        double averageBytes = Double.NaN;
        double sampleMean = Double.NaN;
        double sampleBytes = Double.NaN;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        double p999 = Double.NaN;

        Row(String method) {
            this.method = method;
        }

        double mean() {
            return Double.isNaN(averageMean) ? sampleMean : averageMean;
        }

        double bytes() {
            return Double.isNaN(averageMean) ? sampleBytes : averageBytes;
        }

        /** Whether the mean and B/op come from a sample run only. */
        boolean sampleOnly() {
            return Double.isNaN(averageMean) && !Double.isNaN(sampleMean);
        }
    }

    /** The rows of one class, parameter set and thread count, with what JMH says of its JVM. */
    private record Group(String title, String jvm, Map<String, Row> rows) {
    }

    /**
     * @param args the JMH result file
     * @throws IOException if it cannot be read or is not JSON
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Ratios results.json");
            System.exit(2);
        }
        print(new ObjectMapper().readTree(Path.of(args[0]).toFile()), System.out);
    }

    /**
     * Prints the tables of a parsed result file.
     *
     * @param results JMH's JSON: an array of benchmark results
     * @param out where to print
     */
    static void print(JsonNode results, PrintStream out) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (JsonNode r : results) {
            String name = r.path("benchmark").asText();
            int dot = name.lastIndexOf('.');
            String method = name.substring(dot + 1);
            StringBuilder title = new StringBuilder(name.substring(name.lastIndexOf('.', dot - 1) + 1, dot));
            for (Map.Entry<String, JsonNode> e : r.path("params").properties()) {
                title.append(' ').append(e.getKey()).append('=').append(e.getValue().asText());
            }
            int threads = r.path("threads").asInt(1);
            String mode = r.path("mode").asText();
            // Average and sample runs of a method merge into one row; other modes (throughput,
            // single shot) measure something else and get tables of their own.
            boolean time = mode.equals("avgt") || mode.equals("sample");
            String key = title + " threads=" + threads + (time ? "" : " mode=" + mode);
            String jvm = threads + (threads == 1 ? " thread" : " threads") + "; JDK "
                    + r.path("jdkVersion").asText("?") + " " + r.path("vmName").asText("")
                    + "; JVM flags: " + String.join(" ", texts(r.path("jvmArgs")))
                    + (time ? "" : "; mode " + mode);
            Group g = groups.computeIfAbsent(key, k -> new Group(title.toString(), jvm, new LinkedHashMap<>()));
            Row row = g.rows().computeIfAbsent(method, Row::new);
            JsonNode primary = r.path("primaryMetric");
            double score = primary.path("score").asDouble(Double.NaN);
            double bytes = r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score").asDouble(Double.NaN);
            row.unit = primary.path("scoreUnit").asText();
            if (mode.equals("sample")) {
                JsonNode percentiles = primary.path("scorePercentiles");
                row.sampleMean = score;
                row.sampleBytes = bytes;
                row.p50 = percentiles.path("50.0").asDouble(Double.NaN);
                row.p99 = percentiles.path("99.0").asDouble(Double.NaN);
                row.p999 = percentiles.path("99.9").asDouble(Double.NaN);
            } else {
                row.averageMean = score;
                row.averageBytes = bytes;
            }
        }
        for (Group g : groups.values()) {
            print(g, out);
        }
    }

    private static void print(Group g, PrintStream out) {
        Row ref = null;
        for (String name : REFERENCES) {
            ref = ref != null ? ref : g.rows().get(name);
        }
        boolean compare = ref != null && g.rows().size() > 1;
        out.println(g.title());
        out.println("  " + g.jvm());
        out.printf("  %-22s %11s %10s %10s %10s %-6s %9s", "benchmark", "mean", "p50", "p99", "p99.9", "unit",
                "B/op");
        if (compare) {
            out.printf("   %7s %7s %7s %11s   (to %s)", "mean x", "p50 x", "p99 x", "mean diff", ref.method);
        }
        out.println();
        boolean marked = false;
        for (Row r : g.rows().values()) {
            String star = r.sampleOnly() ? "*" : "";
            marked |= r.sampleOnly();
            out.printf("  %-22s %11s %10s %10s %10s %-6s %9s", r.method, number(r.mean()) + star, number(r.p50),
                    number(r.p99), number(r.p999), r.unit,
                    Double.isNaN(r.bytes()) ? "-" : String.format("%.1f", r.bytes()) + star);
            if (compare && r != ref) {
                double diff = r.mean() - ref.mean();
                out.printf("   %7s %7s %7s %11s", ratio(r.mean(), ref.mean()), ratio(r.p50, ref.p50),
                        ratio(r.p99, ref.p99), Double.isNaN(diff) ? "-" : (diff >= 0 ? "+" : "-")
                                + number(Math.abs(diff)));
            }
            out.println();
        }
        if (marked) {
            out.println("  * from the sample run only: includes two clock reads per sample and JMH's sample"
                    + " buffers (B/op); run with -bm avgt,sample for exact ones");
        }
        out.println();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }

    /** Four significant digits, without an exponent for the magnitudes benchmarks report. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return a >= 1000 ? String.format("%,.0f", v) : a >= 100 ? String.format("%.1f", v)
                : a >= 10 ? String.format("%.2f", v) : String.format("%.3f", v);
    }

    private static String ratio(double value, double reference) {
        return Double.isNaN(value) || Double.isNaN(reference) || reference == 0 ? "-"
                : String.format("%.2fx", value / reference);
    }
}
