package dev.verdict.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The request path of the core API allocates nothing once warm. */
class ZeroAllocationTest {
    private static final int WARMUP = 50_000;
    private static final int CALLS = 100_000;

    private final FeatureSchema request = FeatureSchema.builder()
            .numeric("a", "b", "c", "d").build();

    @Test
    void scoringThroughSessionAllocatesNothing() {
        FeatureSchema reordered = FeatureSchema.builder().numeric("d", "b", "a").build();
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle same = registry.register("same", request);
            same.publish(new LinearTestModel(request, 0, 1, 2, 3, 4));
            ModelHandle mapped = registry.register("mapped", request);
            mapped.publish(new LinearTestModel(reordered, 0, 1, 2, 3));
            ScoringSession session = registry.newSession();
            FeatureVector row = request.newVector();
            double[] sink = new double[1];
            double bytes = AllocationMeter.bytesPerCall(WARMUP, CALLS, () -> {
                row.clear().set(0, 1.5).set(1, 2.5).set(3, 4.5);
                sink[0] += session.score(same, row).score();
                sink[0] += session.score(mapped, row).score();
                sink[0] += session.score("mapped", row).margin();
            });
            assertEquals(0.0, bytes, "bytes per call");
        }
    }
}
