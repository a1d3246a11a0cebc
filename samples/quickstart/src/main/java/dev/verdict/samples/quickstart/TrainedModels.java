package dev.verdict.samples.quickstart;

import dev.verdict.testing.XGBoostOracle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The quickstart's two model versions, trained on the spot with XGBoost (through
 * {@code verdict-test-fixtures}) on 80% of the UCI applicants; a service receives such files from
 * its training pipeline instead. The other 20%, plus two ids the cache does not know, are the
 * applicants the quickstart's requests ask about.
 *
 * @param version1 a small first model (JSON)
 * @param version2 a larger second model (UBJSON, XGBoost's default format)
 * @param heldOutIds applicant ids to send requests for
 */
record TrainedModels(Path version1, Path version2, long[] heldOutIds) {
    private static final String[] FEATURES = {"LIMIT_BAL", "SEX", "EDUCATION", "MARRIAGE", "AGE",
        "PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6", "BILL_AMT1", "BILL_AMT2", "BILL_AMT3",
        "BILL_AMT4", "BILL_AMT5", "BILL_AMT6", "PAY_AMT1", "PAY_AMT2", "PAY_AMT3", "PAY_AMT4",
        "PAY_AMT5", "PAY_AMT6"};

    static TrainedModels train(Path dataset, Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dataset, StandardCharsets.UTF_8);
        List<float[]> train = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        List<Long> heldOut = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            long id = Long.parseLong(cells[0]);
            if (id % 5 == 0) {
                heldOut.add(id);
                continue;
            }
            float[] x = new float[FEATURES.length];
            for (int f = 0; f < x.length; f++) {
                x[f] = (float) Double.parseDouble(cells[f + 1]); // cells like "5e+05" occur
            }
            train.add(x);
            labels.add(Float.parseFloat(cells[cells.length - 1]));
        }
        heldOut.add(999_999_001L); // not in the cache: NOT_FOUND, scored on the request fields
        heldOut.add(999_999_002L);
        float[][] x = train.toArray(new float[0][]);
        float[] y = new float[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }
        Path v1 = dir.resolve("credit-v1.json");
        Path v2 = dir.resolve("credit-v2.ubj");
        try (XGBoostOracle.NativeBooster m = XGBoostOracle.training(x).labels(y).featureNames(FEATURES)
                .param("objective", "binary:logistic").param("max_depth", 3).param("eta", 0.1)
                .rounds(50).train()) {
            Files.write(v1, m.json());
        }
        try (XGBoostOracle.NativeBooster m = XGBoostOracle.training(x).labels(y).featureNames(FEATURES)
                .param("objective", "binary:logistic").param("max_depth", 5).param("eta", 0.05)
                .param("subsample", 0.8).rounds(150).train()) {
            Files.write(v2, m.ubj());
        }
        return new TrainedModels(v1, v2, heldOut.stream().mapToLong(Long::longValue).toArray());
    }
}
