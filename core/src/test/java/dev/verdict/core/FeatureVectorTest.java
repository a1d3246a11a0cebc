package dev.verdict.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureVectorTest {
    private final FeatureSchema schema = FeatureSchema.builder()
            .add(Feature.numeric("income"))
            .add(Feature.categorical("channel", List.of("web", "branch", "phone")))
            .add(Feature.bool("homeowner"))
            .add(Feature.categorical("merchant"))
            .build();

    @Test
    void startsAndClearsToMissing() {
        FeatureVector v = schema.newVector();
        for (int i = 0; i < v.size(); i++) {
            assertTrue(v.isMissing(i));
        }
        v.set(0, 5).setCategory(1, "phone").setBoolean(2, true).set(3, 1234);
        assertEquals(5, v.get(0));
        assertEquals(2, v.get(1));
        assertEquals(1, v.get(2));
        assertEquals(1234, v.get(3));
        v.clear();
        assertTrue(v.isMissing(0) && v.isMissing(3));
        v.set("income", Double.NaN);
        assertTrue(v.isMissing(0));
    }

    @Test
    void rejectsValuesThatDoNotFitTheType() {
        FeatureVector v = schema.newVector();
        InvalidFeatureValueException inf = assertThrows(InvalidFeatureValueException.class,
                () -> v.set(0, Double.POSITIVE_INFINITY));
        assertEquals("income", inf.featureName());
        assertThrows(InvalidFeatureValueException.class, () -> v.set(0, Double.NEGATIVE_INFINITY));
        assertThrows(InvalidFeatureValueException.class, () -> v.set(1, 3)); // beyond dictionary
        assertThrows(InvalidFeatureValueException.class, () -> v.set(3, -1));
        assertThrows(InvalidFeatureValueException.class, () -> v.set(3, 1.5));
        assertThrows(InvalidFeatureValueException.class, () -> v.set(3, 1e12));
        assertThrows(InvalidFeatureValueException.class, () -> v.set(2, 0.5));
        assertThrows(InvalidFeatureValueException.class, () -> v.setCategory(1, "mail"));
        assertThrows(UnknownFeatureException.class, () -> v.set("age", 1));
        // Nothing was written by the failed calls.
        for (int i = 0; i < v.size(); i++) {
            assertTrue(v.isMissing(i));
        }
    }

    @Test
    void setAllChecksArityAndValues() {
        FeatureVector v = schema.newVector();
        FeatureCountMismatchException e = assertThrows(FeatureCountMismatchException.class,
                () -> v.setAll(1, 2, 3));
        assertEquals(4, e.expected());
        assertEquals(3, e.actual());
        v.setAll(1, 0, 1, 7);
        assertEquals(7, v.get(3));
    }

    @Test
    void batchesFollowTheSameRules() {
        FeatureBatch batch = schema.newBatch(3);
        batch.clear(2);
        batch.set(1, 0, 42);
        assertEquals(42, batch.get(1, 0));
        assertTrue(Double.isNaN(batch.get(0, 0)));
        assertThrows(InvalidFeatureValueException.class, () -> batch.set(0, 2, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> batch.set(2, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> batch.clear(4));
        FeatureVector v = schema.newVector();
        batch.copyRow(1, v);
        assertEquals(42, v.get(0));
    }
}
