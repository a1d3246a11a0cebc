package dev.verdict.samples.cli;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureType;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.core.csv.CsvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verdict bench}: single-row latency of Verdict and the native library, same rows. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Single-row latency of Verdict and of the native library on the same rows in"
                + " one JVM (p50/p99/p99.9, bytes allocated per call, ratio).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model file")
    Path model;

    @Option(names = "--input", description = "CSV rows to score (default: 2,000 generated rows)")
    Path input;

    @Option(names = "--seconds", defaultValue = "5", description = "measuring time per library (default: ${DEFAULT-VALUE})")
    double seconds;

    @Override
    public Integer call() throws IOException {
        Model m = ModelFiles.load(model, false);
        List<double[]> rows = input != null ? readRows(m, input) : generateRows(m.inputSchema(), 2_000);
        int n = rows.size();
        FeatureVector[] vectors = new FeatureVector[n];
        for (int r = 0; r < n; r++) {
            vectors[r] = m.inputSchema().newVector().setAll(rows.get(r));
        }
        Scorer scorer = m.newScorer();
        ScoreBuffer out = new ScoreBuffer(m.outputs());
        long warm = (long) (Math.max(1, seconds / 2) * 1e9);
        long measure = (long) (seconds * 1e9);
        System.out.printf("%s: %s, %s; %d rows%n", model, m.info().format(), m.info().objective(), n);
        double[] sink = new double[1];
        Latency.Result verdict = Latency.measure("Verdict", r -> {
            scorer.score(vectors[r], out);
            sink[0] += out.score();
        }, n, warm, measure);
        List<NativeBaseline> baselines = NativeBaseline.forModel(model, m);
        try {
            if (baselines.isEmpty()) {
                Latency.printTable(System.out, verdict);
                System.out.println("  (no native library reads " + m.info().format() + " any more)");
                return 0;
            }
            double[][] raw = rows.toArray(new double[0][]);
            List<Latency.Result> results = new ArrayList<>();
            results.add(verdict);
            for (NativeBaseline baseline : baselines) {
                results.add(Latency.measure(baseline.name(), r -> sink[0] += baseline.score(raw[r]),
                        n, warm, measure));
            }
            Latency.printTable(System.out, results.toArray(new Latency.Result[0]));
            for (Latency.Result other : results.subList(1, results.size())) {
                System.out.printf("  Verdict is %.1fx faster than %s at p50, %.1fx at p99%n",
                        other.p50() / verdict.p50(), other.name(), other.p99() / verdict.p99());
            }
        } finally {
            baselines.forEach(NativeBaseline::close);
        }
        return 0;
    }

    private static List<double[]> readRows(Model m, Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        FeatureVector v = m.inputSchema().newVector();
        try (CsvReader csv = CsvReader.open(file)) {
            if (!csv.next()) {
                throw new IllegalArgumentException(file + " is empty");
            }
            RowMapper mapper = new RowMapper(m, csv.texts());
            while (rows.size() < 100_000 && csv.next()) {
                mapper.fill(csv, v); // errors name the line and column
                double[] row = new double[v.size()];
                v.copyTo(row);
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + " has no data rows");
        }
        return rows;
    }

    /**
     * Standard-normal values, 10% missing where the model allows it; categorical features get
     * small codes.
     */
    static List<double[]> generateRows(FeatureSchema schema, int n) {
        SplittableRandom random = new SplittableRandom(42);
        List<double[]> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            double[] row = new double[schema.size()];
            for (int f = 0; f < row.length; f++) {
                if (random.nextDouble() < 0.1 && !schema.feature(f).required()) {
                    row[f] = Double.NaN;
                } else if (schema.type(f) == FeatureType.CATEGORICAL) {
                    int k = schema.feature(f).categories().size();
                    row[f] = random.nextInt(k == 0 ? 8 : k);
                } else if (schema.type(f) == FeatureType.BOOLEAN) {
                    row[f] = random.nextInt(2);
                } else {
                    row[f] = random.nextGaussian();
                }
            }
            rows.add(row);
        }
        return rows;
    }
}
