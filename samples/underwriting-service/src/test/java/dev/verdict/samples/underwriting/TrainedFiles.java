package dev.verdict.samples.underwriting;

import dev.verdict.samples.underwriting.batch.DemoModels;
import dev.verdict.testing.XGBoostOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The model files the tests serve, trained once per JVM: the champion with the service's own
 * recipe (the first-start step trains the same file), a smaller challenger than the service's
 * (a challenger never decides, and its 150 deep trees would double the suite's training time),
 * and a working directory per service the tests start: its model folders seeded with version 1
 * of each model, its feature store loaded by the service's first-start step.
 */
final class TrainedFiles {
    static final Path DATASET = Path.of("../../datasets/UCI_Credit_Card.csv");
    static final Path POLICY = Path.of("config/credit-underwriting.json");
    static final Path ROOT;
    static final byte[] CREDIT_V1;
    static final byte[] CREDIT_NEXT_V1;
    /** A second champion, trained differently: the file a swap drops in. */
    static final byte[] CREDIT_V2;
    /** A model that reads a feature requests cannot supply ({@code INCOME}). */
    static final byte[] READS_INCOME;

    static {
        try {
            ROOT = Files.createDirectories(Path.of("target/test-service"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DemoModels.TrainingData data = DemoModels.TrainingData.read(DATASET);
        long started = System.nanoTime();
        CREDIT_V1 = DemoModels.train(data, DemoModels.CHAMPION);
        CREDIT_NEXT_V1 = DemoModels.train(data, new DemoModels.Recipe("ubj", 4, 0.1, 40, 0.8));
        CREDIT_V2 = DemoModels.train(data, new DemoModels.Recipe("ubj", 3, 0.15, 60, 0.9));
        float[][] x = new float[200][3];
        float[] y = new float[x.length];
        for (int r = 0; r < x.length; r++) {
            x[r][0] = r % 7;
            x[r][1] = r % 11;
            x[r][2] = r % 13;
            y[r] = (r % 3 == 0) ? 1 : 0;
        }
        try (XGBoostOracle.NativeBooster b = XGBoostOracle.training(x).labels(y)
                .featureNames("LIMIT_BAL", "AGE", "INCOME").param("objective", "binary:logistic")
                .param("max_depth", 2).rounds(5).train()) {
            READS_INCOME = b.json();
        }
        System.out.printf("test models trained in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private TrainedFiles() {
    }

    /** A fresh working directory for one service: models/credit, models/credit-next, store. */
    static Path service(String name) {
        Path dir = ROOT.resolve(name);
        try {
            deleteRecursively(dir);
            write(dir.resolve("models/credit/credit-v1.json"), CREDIT_V1);
            write(dir.resolve("models/credit-next/credit-next-v1.ubj"), CREDIT_NEXT_V1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Writes under a temporary name, then renames: how a model file should arrive. */
    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(partial, bytes);
        return Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
