package dev.verdict.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
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

    @Test
    void setFloatsCopiesNumericRunsFromMemory() {
        FeatureSchema numbers = FeatureSchema.builder().numeric("a", "b", "c", "d")
                .add(Feature.bool("flag")).build();
        FeatureVector v = numbers.newVector();
        ValueLayout.OfFloat le = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment record = arena.allocate(3 + 4 * 5);
            float[] stored = {1.5f, Float.NaN, -0f, Float.MAX_VALUE, Float.POSITIVE_INFINITY};
            for (int k = 0; k < stored.length; k++) {
                record.set(le, 3 + 4L * k, stored[k]); // unaligned on purpose
            }
            v.setFloats(0, record, 3, 4);
            assertEquals(1.5, v.get(0));
            assertTrue(v.isMissing(1));
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(v.get(2)));
            assertEquals(Float.MAX_VALUE, v.get(3));

            v.setFloats(1, record, 3, 2); // a heap segment works the same way below
            assertEquals(1.5, v.get(1));
            assertSame(v, v.setFloats(2, record, 3, 0));

            InvalidFeatureValueException inf = assertThrows(InvalidFeatureValueException.class,
                    () -> v.setFloats(0, record, 3 + 4, 4)); // the fourth value is +inf
            assertEquals("d", inf.featureName());
            IllegalArgumentException notNumeric = assertThrows(IllegalArgumentException.class,
                    () -> v.setFloats(2, record, 3, 3));
            assertTrue(notNumeric.getMessage().contains("'flag'"), notNumeric.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> v.setFloats(3, record, 3, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> v.setFloats(0, record, 12, 4));
        }
        MemorySegment heap = MemorySegment.ofArray(new float[] {7f, 8f});
        v.setFloats(2, heap, 0, 2);
        assertEquals(7, v.get(2));
        assertEquals(8, v.get(3));
    }

    @Test
    void setFloatsAllocatesNothing() {
        FeatureSchema numbers = FeatureSchema.positional(100);
        FeatureVector v = numbers.newVector();
        MemorySegment values = Arena.ofAuto().allocate(400);
        double bytes = AllocationMeter.bytesPerCall(20_000, 100_000, () -> v.setFloats(0, values, 0, 100));
        assertEquals(0.0, bytes, 0.01);
    }
}
