package dev.verdict.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which values a categorical feature accepts ({@link CategoryValues}), and categories that are
 * numbers ({@link Feature#categorical(String, double[])}).
 */
class CategoryValuesTest {
    private final FeatureSchema schema = FeatureSchema.builder()
            .add(Feature.categorical("strict"))
            .add(Feature.categorical("lenient").withCategoryValues(CategoryValues.ANY_FINITE))
            .add(Feature.categorical("year", new double[] {70, 71, 72.5, -3}))
            .add(Feature.categorical("channel", List.of("web", "branch")))
            .build();

    @Test
    void anyFiniteValueIsAcceptedWhereTheFeatureSaysSo() {
        FeatureVector v = schema.newVector();
        for (double value : new double[] {-999, -1, -0.5, 0.5, 2.7, 1e12, -0.0, 3e9}) {
            assertEquals(value, v.set(1, value).get(1));
            assertThrows(InvalidFeatureValueException.class, () -> v.set(0, value == -0.0 ? -1 : value),
                    "codes only: " + value);
        }
        assertThrows(InvalidFeatureValueException.class, () -> v.set(1, Double.POSITIVE_INFINITY));
        assertThrows(InvalidFeatureValueException.class, () -> v.set(1, Double.NEGATIVE_INFINITY));
        assertTrue(v.set(1, Double.NaN).isMissing(1));
        FeatureBatch batch = schema.newBatch(1).clear(1);
        assertEquals(-999, batch.set(0, 1, -999).get(0, 1));
        assertThrows(InvalidFeatureValueException.class, () -> batch.set(0, 0, -999));
    }

    @Test
    void onlyCategoricalFeaturesTakeAnyValue() {
        assertThrows(IllegalArgumentException.class,
                () -> Feature.numeric("x").withCategoryValues(CategoryValues.ANY_FINITE));
        assertEquals(CategoryValues.CODES_ONLY, Feature.numeric("x").categoryValues());
        assertEquals(CategoryValues.CODES_ONLY, Feature.categorical("x").categoryValues());
        Feature lenient = Feature.categorical("x").withCategoryValues(CategoryValues.ANY_FINITE);
        assertEquals(CategoryValues.ANY_FINITE, lenient.asRequired().categoryValues());
        assertFalse(lenient.equals(Feature.categorical("x")));
    }

    @Test
    void numericCategoriesAreFoundByValue() {
        Feature year = schema.feature(2);
        assertTrue(year.numericCategories());
        assertEquals(List.of("70", "71", "72.5", "-3"), year.categories());
        assertEquals(0, schema.categoryCode(2, 70));
        assertEquals(0, schema.categoryCode(2, 70.0));
        assertEquals(2, schema.categoryCode(2, 72.5));
        assertEquals(3, schema.categoryCode(2, -3));
        assertEquals(-1, schema.categoryCode(2, 73));
        assertEquals(-1, schema.categoryCode(2, 70.000001));
        assertEquals(-1, schema.categoryCode(2, Double.NaN));
        assertEquals(1, schema.categoryCode(2, "71"));
        assertThrows(IllegalArgumentException.class, () -> schema.categoryCode(3, 1.0));

        FeatureVector v = schema.newVector();
        assertEquals(1, v.setCategory(2, 71).get(2));
        assertTrue(v.setCategory(2, Double.NaN).isMissing(2));
        InvalidFeatureValueException unseen = assertThrows(InvalidFeatureValueException.class,
                () -> v.setCategory(2, 69));
        assertTrue(unseen.getMessage().contains("category 69 is not one of the feature's 4"),
                unseen.getMessage());
        // A raw value where a code belongs says how to give the category instead.
        InvalidFeatureValueException raw = assertThrows(InvalidFeatureValueException.class,
                () -> v.set(2, 70));
        assertTrue(raw.getMessage().contains("its categories are numbers (70, 71, 72.5, …), and"
                + " setCategory(2, 70) maps category 70 to its code"), raw.getMessage());
    }

    @Test
    void zeroCategoriesMatchEitherSign() {
        FeatureSchema zero = FeatureSchema.of(List.of(Feature.categorical("z", new double[] {-0.0, 1})));
        assertEquals(0, zero.categoryCode(0, 0.0));
        assertEquals(0, zero.categoryCode(0, -0.0));
    }

    @Test
    void numericCategoriesMustBeDistinctFiniteNumbers() {
        assertThrows(IllegalArgumentException.class,
                () -> Feature.categorical("y", new double[] {1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new Feature("y", FeatureType.CATEGORICAL,
                false, List.of("1", "a"), true, CategoryValues.CODES_ONLY));
        assertThrows(IllegalArgumentException.class, () -> new Feature("y", FeatureType.CATEGORICAL,
                false, List.of(), true, CategoryValues.CODES_ONLY));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> FeatureSchema.of(List.of(new Feature("y", FeatureType.CATEGORICAL, false,
                        List.of("70", "70.0"), true, CategoryValues.CODES_ONLY))));
        assertTrue(twice.getMessage().contains("lists category 70 twice"), twice.getMessage());
    }

    @Test
    void settingANumericCategoryAllocatesNothing() {
        FeatureVector v = schema.newVector();
        double[] values = {70, 71, 72.5, -3};
        int[] next = new int[1];
        double bytes = AllocationMeter.bytesPerCall(20_000, 100_000,
                () -> v.setCategory(2, values[next[0]++ & 3]));
        assertEquals(0.0, bytes, 0.01);
    }

    /** Request values reach the model unchecked, so a request may not accept more than the model. */
    @Test
    void aLenientRequestCannotFeedAStrictModel() {
        FeatureSchema strict = FeatureSchema.of(List.of(Feature.categorical("c")));
        FeatureSchema lenient = FeatureSchema.of(List.of(
                Feature.categorical("c").withCategoryValues(CategoryValues.ANY_FINITE)));
        assertTrue(strict.hasSameLayout(lenient));
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle fromLenient = registry.register("a", lenient);
            SchemaMismatchException e = assertThrows(SchemaMismatchException.class,
                    () -> fromLenient.publish(new LinearTestModel(strict, 0.0, 1)));
            assertTrue(e.getMessage().contains("'c' takes category codes only in the model but any"
                    + " value in the request schema"), e.getMessage());
            fromLenient.publish(new LinearTestModel(lenient, 0.0, 1));
            ModelHandle fromStrict = registry.register("b", strict);
            fromStrict.publish(new LinearTestModel(lenient, 0.0, 1));
        }
    }
}
