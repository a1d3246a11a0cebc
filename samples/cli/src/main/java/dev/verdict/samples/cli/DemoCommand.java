package dev.verdict.samples.cli;

import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.testing.LightGbmOracle;
import dev.verdict.testing.XGBoostOracle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code verdict demo}: trains an XGBoost and a LightGBM credit-default model with the native
 * libraries on the UCI data, loads both into Verdict, scores the hold-out set and prints AUC,
 * how many rows match the native library bit for bit, and single-row latency side by side.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train XGBoost and LightGBM on the UCI credit data, score the hold-out set with"
                + " Verdict, and compare fidelity and latency with the native libraries.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "datasets/UCI_Credit_Card.csv",
            description = "the UCI credit card CSV (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--rounds", defaultValue = "300", description = "boosting rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--seconds", defaultValue = "3", description = "latency measuring time per library (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--save", defaultValue = "target/demo", description = "where to write the trained models (default: ${DEFAULT-VALUE})")
    Path saveDir;

    @Override
    public Integer call() throws IOException, ml.dmlc.xgboost4j.java.XGBoostError {
        CreditData credit = CreditData.load(data, 2009);
        System.out.printf("UCI default of credit card clients (Yeh & Lien 2009, CC BY 4.0): %,d train / %,d hold-out rows, %d features%n%n",
                credit.train.length, credit.test.length, credit.featureNames.length);
        Files.createDirectories(saveDir);

        // XGBoost.
        long t0 = System.nanoTime();
        try (XGBoostOracle.NativeBooster xgb = XGBoostOracle.training(credit.train).labels(credit.trainLabels)
                .featureNames(credit.featureNames)
                .param("objective", "binary:logistic").param("max_depth", 5).param("eta", 0.05)
                .param("subsample", 0.8).param("colsample_bytree", 0.8).param("nthread", 2)
                .rounds(rounds).progress(progress("XGBoost 3.4 (XGBoost4J)", rounds)).train()) {
            if (System.console() != null) {
                System.err.println();
            }
            // Trained on two threads; a request path predicts one row on one thread.
            xgb.booster().setParam("nthread", "1");
            byte[] bytes = xgb.ubj();
            Path file = saveDir.resolve("credit-xgboost.ubj");
            Files.write(file, bytes);
            Model model = ModelLoader.load(bytes, LoadOptions.defaults());
            float[][] expected = xgb.predictions(credit.test);
            float[][] expectedMargins = xgb.margins(credit.test);
            report("XGBoost", model, file, credit, (System.nanoTime() - t0) / 1e9,
                    r -> expected[r][0], r -> expectedMargins[r][0], true,
                    r -> xgb.predictionRow(credit.test[r])[0]);
        }

        // LightGBM.
        t0 = System.nanoTime();
        double[][] train = widen(credit.train);
        double[][] test = widen(credit.test);
        String text;
        try (LightGbmOracle.NativeBooster trained = LightGbmOracle.training(train).labels(credit.trainLabels)
                .params("objective=binary num_leaves=31 learning_rate=0.05 feature_fraction=0.8"
                        + " bagging_fraction=0.8 bagging_freq=1 num_threads=2")
                .iterations(rounds).progress(progress("LightGBM (lightgbmlib)", rounds)).train()) {
            // lightgbmlib's dataset API gets no column names, so the file would say Column_0...;
            // the header line is only names (trees refer to features by index), so naming them
            // here lets `verdict score` match the CSV's columns, as it does for XGBoost.
            text = trained.modelText().replaceFirst("(?m)^feature_names=.*$",
                    java.util.regex.Matcher.quoteReplacement("feature_names=" + String.join(" ", credit.featureNames)));
        }
        if (System.console() != null) {
            System.err.println();
        }
        Path file = saveDir.resolve("credit-lightgbm.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try (LightGbmOracle.NativeBooster lgb = LightGbmOracle.load(text)) {
            Model model = ModelLoader.load(text.getBytes(StandardCharsets.UTF_8), LoadOptions.defaults());
            double[][] expected = lgb.predictions(test);
            double[][] expectedRaw = lgb.rawScores(test);
            LightGbmOracle.FastRow fast = lgb.fastRow(lightgbmlibConstants.C_API_PREDICT_NORMAL);
            report("LightGBM", model, file, credit, (System.nanoTime() - t0) / 1e9,
                    r -> expected[r][0], r -> expectedRaw[r][0], false, r -> fast.score(test[r]));
        }
        System.out.println("Score your own rows: ./verdict score --model " + file
                + " --input datasets/UCI_Credit_Card.csv --output scores.csv");
        return 0;
    }

    private void report(String library, Model model, Path file, CreditData credit, double trainSeconds,
            java.util.function.IntToDoubleFunction expected, java.util.function.IntToDoubleFunction expectedMargin,
            boolean float32, java.util.function.IntToDoubleFunction nativeSingleRow) {
        int n = credit.test.length;
        Scorer scorer = model.newScorer();
        ScoreBuffer out = new ScoreBuffer(model.outputs());
        FeatureVector[] rows = new FeatureVector[n];
        double[] scores = new double[n];
        int exact = 0;
        int exactMargins = 0;
        double maxDiff = 0;
        for (int r = 0; r < n; r++) {
            rows[r] = model.inputSchema().newVector();
            for (int f = 0; f < credit.test[r].length; f++) {
                rows[r].set(f, credit.test[r][f]);
            }
            scorer.score(rows[r], out);
            scores[r] = out.score();
            if (same(out.score(), expected.applyAsDouble(r), float32)) {
                exact++;
            }
            if (same(out.margin(), expectedMargin.applyAsDouble(r), float32)) {
                exactMargins++;
            }
            maxDiff = Math.max(maxDiff, Math.abs(out.score() - expected.applyAsDouble(r)));
        }
        double auc = CreditData.auc(scores, credit.testLabels);
        System.out.printf("%s: %s, %s (trained in %.1f s, saved to %s)%n", library,
                model.info().details().get("trees") + " trees", model.info().objective(), trainSeconds, file);
        System.out.printf("  hold-out AUC              %.4f%n", auc);
        System.out.printf("  identical to %-12s %,d of %,d probabilities, %,d of %,d margins (bit for bit; max |diff| %.1e)%n",
                library, exact, n, exactMargins, n, maxDiff);
        long warm = (long) (Math.max(1, seconds / 2) * 1e9);
        long measure = (long) (seconds * 1e9);
        double[] sink = new double[1];
        Latency.Result verdict = Latency.measure("Verdict", r -> {
            scorer.score(rows[r], out);
            sink[0] += out.score();
        }, n, warm, measure);
        Latency.Result nat = Latency.measure(library + " native", r -> sink[0] += nativeSingleRow.applyAsDouble(r),
                n, warm, measure);
        System.out.println("  single-row latency, one thread:");
        Latency.printTable(System.out, verdict, nat);
        System.out.printf("  Verdict is %.1fx faster at p50 and %.1fx at p99%n%n", nat.p50() / verdict.p50(),
                nat.p99() / verdict.p99());
    }

    private static boolean same(double a, double b, boolean float32) {
        return float32 ? Float.floatToIntBits((float) a) == Float.floatToIntBits((float) b)
                && (float) a == a : Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
    }

    /** A progress bar redrawn in place on a terminal; quarter-way lines otherwise. */
    private static java.util.function.IntConsumer progress(String what, int total) {
        boolean terminal = System.console() != null;
        return done -> {
            if (terminal && (done == 1 || done == total || done % Math.max(1, total / 50) == 0)) {
                int width = 30;
                int filled = done * width / total;
                System.err.printf("\r  training %-26s [%s%s] %d/%d rounds", what, "#".repeat(filled),
                        ".".repeat(width - filled), done, total);
            } else if (!terminal && (done == 1 || done % Math.max(1, total / 4) == 0 || done == total)) {
                System.err.printf("  training %s: %d/%d rounds%n", what, done, total);
            }
        };
    }

    private static double[][] widen(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = new double[rows[r].length];
            for (int f = 0; f < rows[r].length; f++) {
                out[r][f] = rows[r][f];
            }
        }
        return out;
    }
}
