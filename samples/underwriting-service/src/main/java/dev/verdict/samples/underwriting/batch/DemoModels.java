package dev.verdict.samples.underwriting.batch;

import dev.verdict.testing.XGBoostOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's credit-default models, trained with XGBoost (through {@code verdict-test-fixtures},
 * as the CLI demo and the quickstart do) on the UCI applicants whose id is not a multiple of 5;
 * the others are never trained on, so tests and load runs ask about applicants the models have
 * not seen. A lender's service receives such files from its training pipeline instead.
 *
 * <p>The models read neither {@code SEX} nor {@code MARRIAGE}: both are prohibited bases for a
 * credit decision (ECOA / Regulation B in the US, the EU's equal-treatment rules), so the service
 * neither stores nor scores them.
 */
public final class DemoModels {
    private static final Logger LOG = LoggerFactory.getLogger(DemoModels.class);

    /** The features the demo models read, in their order. */
    public static final List<String> FEATURES = List.of("LIMIT_BAL", "EDUCATION", "AGE",
            "PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6",
            "BILL_AMT1", "BILL_AMT2", "BILL_AMT3", "BILL_AMT4", "BILL_AMT5", "BILL_AMT6",
            "PAY_AMT1", "PAY_AMT2", "PAY_AMT3", "PAY_AMT4", "PAY_AMT5", "PAY_AMT6");

    /** The label column of the UCI file. */
    static final String LABEL = "default.payment.next.month";

    /**
     * How one model is trained.
     *
     * @param format {@code json} or {@code ubj}, XGBoost's two model formats
     * @param depth the trees' maximum depth
     * @param eta the learning rate
     * @param rounds boosting rounds (trees)
     * @param subsample the share of rows each tree sees
     */
    public record Recipe(String format, int depth, double eta, int rounds, double subsample) {
    }

    /** The champion, {@code credit}: 100 trees of depth 4, in XGBoost's JSON. */
    public static final Recipe CHAMPION = new Recipe("json", 4, 0.1, 100, 1.0);
    /** The challenger, {@code credit-next}: 150 trees of depth 5, subsampled, in UBJSON. */
    public static final Recipe CHALLENGER = new Recipe("ubj", 5, 0.08, 150, 0.8);

    /**
     * The training rows: every applicant whose id is not a multiple of 5.
     *
     * @param x the features, in {@link #FEATURES} order
     * @param y 1 when the applicant defaulted
     */
    public record TrainingData(float[][] x, float[] y) {
        /**
         * Reads the training rows of the UCI file.
         *
         * @param dataset the UCI credit CSV
         * @return the rows
         */
        public static TrainingData read(Path dataset) {
            List<String> lines;
            try {
                lines = Files.readAllLines(dataset, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the training data " + dataset, e);
            }
            List<String> header = Arrays.stream(lines.getFirst().split(","))
                    .map(h -> h.replace("\"", "").trim()).toList();
            int id = header.indexOf("ID");
            int label = header.indexOf(LABEL);
            int[] columns = FEATURES.stream().mapToInt(header::indexOf).toArray();
            List<float[]> rows = new ArrayList<>();
            List<Float> labels = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                if (Long.parseLong(cells[id]) % 5 == 0) {
                    continue;
                }
                float[] row = new float[columns.length];
                for (int f = 0; f < row.length; f++) {
                    row[f] = (float) Double.parseDouble(cells[columns[f]]); // "5e+05" occurs
                }
                rows.add(row);
                labels.add(Float.parseFloat(cells[label]));
            }
            float[] y = new float[labels.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = labels.get(i);
            }
            return new TrainingData(rows.toArray(new float[0][]), y);
        }
    }

    private DemoModels() {
    }

    /**
     * {@return the model file's bytes: XGBoost trained on the data by the recipe}
     *
     * @param data the training rows
     * @param recipe how to train
     */
    public static byte[] train(TrainingData data, Recipe recipe) {
        try (XGBoostOracle.NativeBooster booster = XGBoostOracle.training(data.x()).labels(data.y())
                .featureNames(FEATURES.toArray(String[]::new))
                .params(Map.of("objective", "binary:logistic", "max_depth", recipe.depth(),
                        "eta", recipe.eta(), "subsample", recipe.subsample(), "nthread", 2,
                        "seed", 0, "verbosity", 0))
                .rounds(recipe.rounds()).train()) {
            return booster.bytes(recipe.format());
        }
    }

    /**
     * Trains a model into {@code folder} unless it already holds a file: written under a
     * temporary name, then renamed, as any producer of model files should, so that the watcher
     * never sees half a file.
     *
     * @param folder the model's folder in the model directory
     * @param name the model's name, used for the file name
     * @param data the training rows
     * @param recipe how to train
     * @return the file written, or null when the folder already held one
     */
    public static Path trainIfEmpty(Path folder, String name, TrainingData data, Recipe recipe) {
        try {
            Files.createDirectories(folder);
            try (Stream<Path> files = Files.list(folder)) {
                if (files.anyMatch(Files::isRegularFile)) {
                    return null;
                }
            }
            long started = System.nanoTime();
            byte[] model = train(data, recipe);
            Path file = folder.resolve(name + "-v1." + recipe.format());
            Path partial = folder.resolve("." + file.getFileName() + ".tmp");
            Files.write(partial, model);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            LOG.atInfo().setMessage("demo model trained").addKeyValue("model", name)
                    .addKeyValue("file", file).addKeyValue("trees", recipe.rounds())
                    .addKeyValue("depth", recipe.depth())
                    .addKeyValue("seconds", Math.round((System.nanoTime() - started) / 1e7) / 100.0)
                    .log();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a demo model into " + folder, e);
        }
    }
}
