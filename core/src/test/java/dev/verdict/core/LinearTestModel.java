package dev.verdict.core;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A weighted sum with a version-specific offset, for testing the core API without a loader. It
 * records its lifecycle so tests can check that a retired model is closed exactly once and never
 * while it is scoring.
 */
final class LinearTestModel implements Model {
    private final FeatureSchema schema;
    private final double[] weights;
    private final double offset;
    private final boolean named;
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger scoring = new AtomicInteger();
    volatile boolean scoredWhileClosed;

    LinearTestModel(FeatureSchema schema, double offset, double... weights) {
        this(schema, true, offset, weights);
    }

    LinearTestModel(FeatureSchema schema, boolean named, double offset, double... weights) {
        this.schema = schema;
        this.weights = weights.clone();
        this.offset = offset;
        this.named = named;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("test-linear", "1", "reg:squarederror", Map.of());
    }

    @Override
    public FeatureSchema inputSchema() {
        return schema;
    }

    @Override
    public boolean hasFeatureNames() {
        return named;
    }

    @Override
    public OutputSpec outputs() {
        return OutputSpec.prediction();
    }

    @Override
    public Scorer newScorer() {
        return new Scorer() {
            @Override
            public void score(FeatureVector features, ScoreBuffer out) {
                schema.requireSameLayout(features.schema()); // as every real scorer does
                scoring.incrementAndGet();
                if (closes.get() > 0) {
                    scoredWhileClosed = true;
                }
                double sum = offset;
                for (int i = 0; i < weights.length; i++) {
                    double v = features.get(i);
                    sum += v == v ? weights[i] * v : 0.0;
                }
                out.setMargin(0, sum);
                out.setScore(0, sum);
                if (closes.get() > 0) {
                    scoredWhileClosed = true;
                }
                scoring.decrementAndGet();
            }

            @Override
            public void scoreBatch(FeatureBatch features, ScoreBatch out) {
                schema.requireSameLayout(features.schema());
                out.begin(features.rowCount());
                for (int r = 0; r < features.rowCount(); r++) {
                    double sum = offset;
                    for (int i = 0; i < weights.length; i++) {
                        double v = features.get(r, i);
                        sum += v == v ? weights[i] * v : 0.0;
                    }
                    out.setMargin(r, 0, sum);
                    out.setScore(r, 0, sum);
                }
            }
        };
    }

    @Override
    public void close() {
        if (scoring.get() > 0) {
            scoredWhileClosed = true;
        }
        closes.incrementAndGet();
    }
}
