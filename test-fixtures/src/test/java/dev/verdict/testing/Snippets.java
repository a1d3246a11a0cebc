package dev.verdict.testing;

/** The oracles' Javadoc examples, compiled with the tests; {@link OracleSmokeTest} runs the oracles. */
@SuppressWarnings("unused")
final class Snippets {
    private Snippets() {
    }

    static void xgboost(float[][] rows, float[] labels) {
        // @start region=xgboost
        try (XGBoostOracle.NativeBooster m = XGBoostOracle.training(rows)
                .labels(labels)
                .featureTypes("q", "q", "c")
                .param("objective", "binary:logistic")
                .rounds(10)
                .train()) {
            byte[] json = m.json();
            float[][] margins = m.margins(rows);      // inplace predict, all trees
            float[][] probabilities = m.predictions(rows);
        }
        // @end
    }

    static void lightgbm(double[][] rows, float[] labels) {
        // @start region=lightgbm
        try (LightGbmOracle.NativeBooster m = LightGbmOracle.training(rows)
                .labels(labels)
                .params("objective=binary num_leaves=7 categorical_feature=2")
                .iterations(20)
                .train()) {
            String text = m.modelText();
            double[][] raw = m.rawScores(rows);
            double[][] probabilities = m.predictions(rows);
        }
        // @end
    }
}
