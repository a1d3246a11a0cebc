package dev.verdict.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSchemaTest {
    private final FeatureSchema schema = FeatureSchema.builder()
            .add(Feature.numeric("income").asRequired())
            .add(Feature.numeric("utilization"))
            .add(Feature.categorical("channel", List.of("web", "branch", "phone")))
            .add(Feature.bool("homeowner"))
            .add(Feature.categorical("merchant"))
            .build();

    @Test
    void resolvesNamesToIndices() {
        assertEquals(0, schema.indexOf("income"));
        assertEquals(3, schema.indexOf("homeowner"));
        assertEquals(-1, schema.find("age"));
        assertEquals(5, schema.size());
        assertEquals(FeatureType.CATEGORICAL, schema.type(2));
        assertEquals(1, schema.categoryCode(2, "branch"));
        assertEquals(-1, schema.categoryCode(2, "mail"));
        assertEquals(0, schema.requiredIndices()[0]);
    }

    @Test
    void unknownNameIsTypedError() {
        UnknownFeatureException e = assertThrows(UnknownFeatureException.class,
                () -> schema.indexOf("age"));
        assertEquals("age", e.featureName());
        assertTrue(e.getMessage().contains("'age'"), e.getMessage());
    }

    @Test
    void rejectsDuplicateNamesAndCategories() {
        assertThrows(IllegalArgumentException.class,
                () -> FeatureSchema.builder().numeric("a", "b", "a").build());
        assertThrows(IllegalArgumentException.class,
                () -> FeatureSchema.of(List.of(Feature.categorical("c", List.of("x", "x")))));
        assertThrows(IllegalArgumentException.class,
                () -> new Feature("n", FeatureType.NUMERIC, false, List.of("x")));
        assertThrows(IllegalArgumentException.class, () -> Feature.numeric(""));
    }

    @Test
    void equalityIsStructural() {
        FeatureSchema a = FeatureSchema.builder().numeric("x", "y").build();
        FeatureSchema b = FeatureSchema.builder().numeric("x", "y").build();
        FeatureSchema c = FeatureSchema.builder().numeric("y", "x").build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
        assertEquals(FeatureSchema.positional(2), FeatureSchema.builder().numeric("f0", "f1").build());
    }
}
