package dev.verdict.samples.cli;

import dev.verdict.core.csv.CsvReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The UCI "default of credit card clients" data (Yeh and Lien 2009, CC BY 4.0; see
 * {@code datasets/NOTICE.md}): 23 applicant features and whether the client defaulted next month.
 */
final class CreditData {
    final String[] featureNames;
    final float[][] train;
    final float[] trainLabels;
    final float[][] test;
    final float[] testLabels;

    private CreditData(String[] names, float[][] train, float[] trainLabels, float[][] test,
            float[] testLabels) {
        this.featureNames = names;
        this.train = train;
        this.trainLabels = trainLabels;
        this.test = test;
        this.testLabels = testLabels;
    }

    /** Reads the file and splits it 70/30 with a fixed seed. */
    static CreditData load(Path file, long seed) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("dataset not found: " + file
                    + " (run from the repository root, or pass --data)");
        }
        List<float[]> rows = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        String[] names;
        try (CsvReader csv = CsvReader.open(file)) {
            List<String> header = csv.next() ? csv.texts() : List.of();
            if (header.size() != 25 || !header.get(0).equals("ID")
                    || !header.get(24).equals("default.payment.next.month")) {
                throw new IllegalArgumentException(file + " is not the UCI credit card data (header "
                        + header + ")");
            }
            names = header.subList(1, 24).toArray(new String[0]);
            while (csv.next()) {
                if (csv.fields() != 25) {
                    throw csv.error(csv.fields() + " fields, expected 25", -1);
                }
                float[] x = new float[23];
                for (int f = 0; f < 23; f++) {
                    x[f] = (float) Double.parseDouble(csv.text(f + 1)); // cells like "5e+05" occur
                }
                rows.add(x);
                labels.add((float) Double.parseDouble(csv.text(24)));
            }
        }
        int n = rows.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int trainSize = (int) Math.round(n * 0.7);
        float[][] train = new float[trainSize][];
        float[] trainLabels = new float[trainSize];
        float[][] test = new float[n - trainSize][];
        float[] testLabels = new float[n - trainSize];
        for (int i = 0; i < n; i++) {
            int src = order[i];
            if (i < trainSize) {
                train[i] = rows.get(src);
                trainLabels[i] = labels.get(src);
            } else {
                test[i - trainSize] = rows.get(src);
                testLabels[i - trainSize] = labels.get(src);
            }
        }
        return new CreditData(names, train, trainLabels, test, testLabels);
    }

    /** Area under the ROC curve (Mann–Whitney, ties counted half). */
    static double auc(double[] scores, float[] labels) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < idx.length) {
            int j = i;
            while (j + 1 < idx.length && scores[idx[j + 1]] == scores[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[idx[k]] == 1f) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
