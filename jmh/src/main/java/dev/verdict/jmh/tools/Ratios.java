package dev.verdict.jmh.tools;

import dev.verdict.loader.internal.xgboost.Document;
import dev.verdict.loader.internal.xgboost.JsonDocumentReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JMH JSON result file ({@code -rf json}) and prints, per benchmark class and parameter
 * set, each benchmark's score, its allocation per operation ({@code -prof gc}), and the ratio of
 * every baseline to Verdict's benchmark (the one named {@code verdict}).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.verdict.jmh.tools.Ratios results.json}
 */
public final class Ratios {
    private Ratios() {
    }

    /**
     * @param args the JMH result file
     * @throws IOException if it cannot be read
     */
    public static void main(String[] args) throws IOException {
        Document results = new Document(JsonDocumentReader.parse(Files.readAllBytes(Path.of(args[0]))), "results");
        Map<String, Map<String, double[]>> groups = new LinkedHashMap<>();
        String unit = "";
        for (int i = 0; i < results.size(); i++) {
            Document r = results.at(i);
            String name = r.get("benchmark").asString();
            int dot = name.lastIndexOf('.');
            String group = name.substring(name.lastIndexOf('.', dot - 1) + 1, dot);
            String method = name.substring(dot + 1);
            Document params = r.find("params");
            if (params != null) {
                group += " " + params.asObject().toString();
            }
            Document threads = r.find("threads");
            if (threads != null && threads.asInt() > 1) {
                group += " threads=" + threads.asInt();
            }
            Document primary = r.get("primaryMetric");
            double score = primary.get("score").asFloat();
            Document percentiles = primary.find("scorePercentiles");
            double p50 = Double.NaN;
            double p99 = Double.NaN;
            double p999 = Double.NaN;
            if (percentiles != null && r.get("mode").asString().equals("sample")) {
                p50 = percentiles.get("50.0").asFloat();
                p99 = percentiles.get("99.0").asFloat();
                p999 = percentiles.get("99.9").asFloat();
            }
            unit = primary.get("scoreUnit").asString();
            double alloc = Double.NaN;
            Document secondary = r.find("secondaryMetrics");
            if (secondary != null && secondary.has("gc.alloc.rate.norm")) {
                alloc = secondary.get("gc.alloc.rate.norm").get("score").asFloat();
            }
            groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(method, new double[] {score, alloc, p50, p99, p999});
        }
        for (Map.Entry<String, Map<String, double[]>> g : groups.entrySet()) {
            System.out.println(g.getKey());
            double[] verdict = g.getValue().get("verdict");
            for (Map.Entry<String, double[]> m : g.getValue().entrySet()) {
                double[] v = m.getValue();
                String ratio = verdict == null || m.getKey().equals("verdict") ? ""
                        : String.format("  %s / verdict = %.2fx", m.getKey(), v[0] / verdict[0]);
                System.out.printf("  %-12s %10.3f %s %12s%s%n", m.getKey(), v[0], unit,
                        Double.isNaN(v[1]) ? "" : String.format("%.1f B/op", v[1]), ratio);
                if (!Double.isNaN(v[2])) {
                    String tail = verdict == null || m.getKey().equals("verdict") ? ""
                            : String.format("  ratio p50 %.2fx, p99 %.2fx", v[2] / verdict[2], v[3] / verdict[3]);
                    System.out.printf("  %-12s p50 %.0f, p99 %.0f, p99.9 %.0f %s%s%n", "", v[2], v[3], v[4], unit, tail);
                }
            }
        }
    }
}
