package dev.verdict.samples.cli;

import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.OutputSpec;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.core.VerdictException;
import dev.verdict.core.csv.CsvReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verdict score}: scores every row of a CSV file. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score every row of a CSV file (with a header) and write one output line per row.")
final class ScoreCommand implements Callable<Integer> {
    private static final long PROGRESS_EVERY = 100_000;

    @Option(names = "--model", required = true, description = "XGBoost (.json/.ubj/.model) or LightGBM (.txt) model file")
    Path model;

    @Option(names = "--input", required = true, description = "CSV file with a header row")
    Path input;

    @Option(names = "--output", required = true, description = "CSV file to write")
    Path output;

    @Option(names = "--output-margin", description = "Also write the untransformed margins")
    boolean outputMargin;

    @Option(names = "--best-iteration", description = "Use only the rounds up to the stored best iteration"
            + " (XGBoost early stopping), as XGBoost's scikit-learn predict does; by default every round scores")
    boolean bestIteration;

    @Override
    public Integer call() throws IOException {
        Model m = ModelFiles.load(model, bestIteration);
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("input file not found: " + input);
        }
        String unusedBest = ModelFiles.unusedBestIteration(m);
        if (unusedBest != null) {
            System.err.printf("note: %s stores best iteration %s; %s%n", model.getFileName(), unusedBest,
                    ModelFiles.BEST_ITERATION_HINT);
        }
        boolean float32 = ModelFiles.isFloat32(m);
        OutputSpec outputs = m.outputs();
        Scorer scorer = m.newScorer();
        FeatureVector row = m.inputSchema().newVector();
        ScoreBuffer out = new ScoreBuffer(outputs);
        long rows = 0;
        long started = System.nanoTime();
        try (CsvReader csv = CsvReader.open(input);
                BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            if (!csv.next()) {
                throw new IllegalArgumentException(input + " is empty (no header row)");
            }
            RowMapper mapper = new RowMapper(m, csv.texts());
            List<String> columns = new ArrayList<>(outputs.scoreNames());
            if (outputMargin) {
                columns.addAll(outputs.marginNames());
            }
            w.write(String.join(",", columns.stream().map(ScoreCommand::quote).toList()));
            w.newLine();
            StringBuilder line = new StringBuilder();
            while (csv.next()) {
                mapper.fill(csv, row); // errors name the line and column
                try {
                    scorer.score(row, out);
                } catch (VerdictException e) {
                    throw new IllegalArgumentException(csv.where(-1) + ": " + e.getMessage());
                }
                line.setLength(0);
                for (int i = 0; i < outputs.scoreWidth(); i++) {
                    line.append(i == 0 ? "" : ",").append(ModelFiles.format(out.score(i), float32));
                }
                if (outputMargin) {
                    for (int i = 0; i < outputs.marginWidth(); i++) {
                        line.append(',').append(ModelFiles.format(out.margin(i), float32));
                    }
                }
                w.append(line);
                w.newLine();
                rows++;
                if (rows % PROGRESS_EVERY == 0) {
                    System.err.printf("  scored %,d rows (%.0f rows/s)%n", rows,
                            rows / ((System.nanoTime() - started) / 1e9));
                }
            }
        }
        System.err.printf("scored %,d rows in %.2f s -> %s%n", rows,
                (System.nanoTime() - started) / 1e9, output);
        return 0;
    }

    /** Quotes an output header cell when it needs it. */
    private static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
