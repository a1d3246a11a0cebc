package dev.verdict.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a request schema can feed a model's features: the model's own order or another, none,
 * some or all of the fed features required on either side, and request fields the model does not
 * read before, between or after them. Each must score exactly what the model scores on the same
 * values, single rows and batches, and reject a missing value that either side requires.
 *
 * <p>The bug this guards against: a request schema in the model's order with one feature marked
 * required was handed to the model as it was (the positions matched), and the model's scorer then
 * rejected it on every call because the two schemas differed in that flag.
 */
class RequestSchemaCombinationsTest {
    private static final String[] MODEL_FEATURES = {"a", "b", "c"};
    private static final double[] WEIGHTS = {1, 10, 100};

    enum Order { MODEL, REVERSED, ROTATED }

    enum Required { NONE, FIRST, ALL }

    enum Extras { NONE, BEFORE, BETWEEN, AFTER }

    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (Order order : Order.values()) {
            for (Required requestRequires : Required.values()) {
                for (Required modelRequires : Required.values()) {
                    for (Extras extras : Extras.values()) {
                        all.add(Arguments.of(order, requestRequires, modelRequires, extras));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "order={0} request requires={1} model requires={2} extras={3}")
    @MethodSource("combinations")
    void everyCombinationScoresWhatTheModelScores(Order order, Required requestRequires,
            Required modelRequires, Extras extras) {
        FeatureSchema model = modelSchema(modelRequires);
        FeatureSchema request = requestSchema(order, requestRequires, extras);
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle handle = registry.register("m", request);
            handle.publish(new LinearTestModel(model, 0.5, WEIGHTS));
            ScoringSession session = registry.newSession();

            FeatureVector row = request.newVector();
            fill(row, 2, 3, 5);
            assertEquals(0.5 + 2 + 30 + 500, session.score(handle, row).score());
            // Twice: the second call takes the cached fast paths.
            assertEquals(0.5 + 2 + 30 + 500, session.score(handle, row).score());

            FeatureBatch batch = request.newBatch(4);
            batch.clear(2);
            fillRow(batch, 0, 2, 3, 5);
            fillRow(batch, 1, 7, 11, 13);
            ScoreBatch out = new ScoreBatch(OutputSpec.prediction(), 4);
            session.scoreBatch(handle, batch, out);
            assertEquals(0.5 + 2 + 30 + 500, out.score(0, 0));
            assertEquals(0.5 + 7 + 110 + 1300, out.score(1, 0));

            for (int m = 0; m < MODEL_FEATURES.length; m++) {
                String name = MODEL_FEATURES[m];
                boolean required = request.feature(request.indexOf(name)).required()
                        || model.feature(m).required();
                fill(row, 2, 3, 5);
                row.setMissing(request.indexOf(name));
                if (required) {
                    InvalidFeatureValueException e = assertThrows(InvalidFeatureValueException.class,
                            () -> session.score(handle, row));
                    assertEquals(name, e.featureName());
                } else {
                    double expected = 0.5 + 2 + 30 + 500 - WEIGHTS[m] * new double[] {2, 3, 5}[m];
                    assertEquals(expected, session.score(handle, row).score(), name + " missing");
                }
            }
        }
    }

    @ParameterizedTest(name = "request requires={0}")
    @MethodSource("requiredOnly")
    void schemasThatDifferOnlyInRequiredFlagsShareALayoutButAreNotEqual(Required requestRequires) {
        FeatureSchema model = modelSchema(Required.NONE);
        FeatureSchema request = requestSchema(Order.MODEL, requestRequires, Extras.NONE);
        assertTrue(model.hasSameLayout(request));
        assertTrue(request.hasSameLayout(model));
        assertEquals(requestRequires == Required.NONE, model.equals(request));
        model.requireSameLayout(request);
        // A vector of one can be copied into and batched with the other.
        FeatureVector v = model.newVector().copyFrom(request.newVector().set("a", 1));
        assertEquals(1, v.get(0));
    }

    static Stream<Required> requiredOnly() {
        return Stream.of(Required.values());
    }

    /** The same class of bug for models stored without names, which read features by position. */
    @ParameterizedTest(name = "request requires={0}")
    @MethodSource("requiredOnly")
    void unnamedModelsReadANamedRequestOfTheirWidthByPosition(Required requestRequires) {
        FeatureSchema request = requestSchema(Order.MODEL, requestRequires, Extras.NONE);
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle handle = registry.register("m", request);
            handle.publish(new LinearTestModel(FeatureSchema.positional(3), false, 0.0, WEIGHTS));
            FeatureVector row = request.newVector();
            fill(row, 2, 3, 5);
            assertEquals(532, registry.newSession().score(handle, row).score());
        }
    }

    @ParameterizedTest(name = "order={0} extras={1}")
    @MethodSource("layouts")
    void aSessionAllocatesNothingWhateverTheMapping(Order order, Extras extras) {
        FeatureSchema request = requestSchema(order, Required.FIRST, extras);
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle handle = registry.register("m", request);
            handle.publish(new LinearTestModel(modelSchema(Required.NONE), 0.0, WEIGHTS));
            ScoringSession session = registry.newSession();
            FeatureVector row = request.newVector();
            fill(row, 2, 3, 5);
            double[] sink = new double[1];
            double bytes = AllocationMeter.bytesPerCall(20_000, 50_000,
                    () -> sink[0] += session.score(handle, row).score());
            assertEquals(0.0, bytes, "bytes per call");
        }
    }

    static Stream<Arguments> layouts() {
        return Stream.of(Arguments.of(Order.MODEL, Extras.NONE), Arguments.of(Order.REVERSED, Extras.NONE),
                Arguments.of(Order.MODEL, Extras.BETWEEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("differences")
    void aMismatchSaysWhereTheSchemasDiffer(FeatureSchema other, String difference) {
        FeatureSchema model = FeatureSchema.builder().numeric("a", "b")
                .add(Feature.categorical("c", List.of("x", "y"))).build();
        assertFalse(model.hasSameLayout(other));
        SchemaMismatchException e = assertThrows(SchemaMismatchException.class,
                () -> model.requireSameLayout(other));
        assertTrue(e.getMessage().endsWith(": " + difference), e.getMessage());
    }

    static Stream<Arguments> differences() {
        return Stream.of(
                Arguments.of(FeatureSchema.builder().numeric("a", "x")
                        .add(Feature.categorical("c", List.of("x", "y"))).build(),
                        "feature 1 is 'b' here but 'x' there"),
                Arguments.of(FeatureSchema.builder().numeric("a").add(Feature.bool("b"))
                        .add(Feature.categorical("c", List.of("x", "y"))).build(),
                        "feature 1 'b' is NUMERIC here but BOOLEAN there"),
                Arguments.of(FeatureSchema.builder().numeric("a", "b")
                        .add(Feature.categorical("c", List.of("y", "x"))).build(),
                        "feature 2 'c' has categories [x, y] here but [y, x] there"),
                Arguments.of(FeatureSchema.builder().numeric("a", "b")
                        .add(Feature.categorical("c", List.of("x", "y"))).numeric("d").build(),
                        "3 features here but 4 there"));
    }

    @org.junit.jupiter.api.Test
    void toStringShowsRequiredFlagsAndDictionaries() {
        FeatureSchema schema = FeatureSchema.builder().add(Feature.numeric("a").asRequired())
                .add(Feature.categorical("c", List.of("x", "y"))).build();
        assertEquals("FeatureSchema[a:NUMERIC required, c:CATEGORICAL[2]]", schema.toString());
        assertEquals("feature 0 'a' is required here but optional there",
                schema.describeDifference(FeatureSchema.builder().numeric("a")
                        .add(Feature.categorical("c", List.of("x", "y"))).build()));
    }

    private static FeatureSchema modelSchema(Required required) {
        FeatureSchema.Builder b = FeatureSchema.builder();
        for (int i = 0; i < MODEL_FEATURES.length; i++) {
            Feature f = Feature.numeric(MODEL_FEATURES[i]);
            b.add(requires(required, i) ? f.asRequired() : f);
        }
        return b.build();
    }

    private static FeatureSchema requestSchema(Order order, Required required, Extras extras) {
        int n = MODEL_FEATURES.length;
        List<String> fed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fed.add(switch (order) {
                case MODEL -> MODEL_FEATURES[i];
                case REVERSED -> MODEL_FEATURES[n - 1 - i];
                case ROTATED -> MODEL_FEATURES[(i + 1) % n];
            });
        }
        List<Feature> features = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Feature f = Feature.numeric(fed.get(i));
            features.add(requires(required, i) ? f.asRequired() : f);
        }
        switch (extras) {
            case NONE -> { }
            case BEFORE -> features.addAll(0, List.of(Feature.numeric("x1"), Feature.bool("x2")));
            case BETWEEN -> features.add(1, Feature.numeric("x1"));
            case AFTER -> features.add(Feature.categorical("x1", List.of("p", "q")));
        }
        return FeatureSchema.of(features);
    }

    private static boolean requires(Required required, int position) {
        return required == Required.ALL || (required == Required.FIRST && position == 0);
    }

    private static void fill(FeatureVector row, double a, double b, double c) {
        FeatureSchema s = row.schema();
        row.clear().set(s.indexOf("a"), a).set(s.indexOf("b"), b).set(s.indexOf("c"), c);
        // Extra fields carry values the model must not see.
        for (int i = 0; i < s.size(); i++) {
            if (s.name(i).startsWith("x")) {
                row.set(i, s.type(i) == FeatureType.NUMERIC ? 1e9 : 1);
            }
        }
    }

    private static void fillRow(FeatureBatch batch, int r, double a, double b, double c) {
        FeatureSchema s = batch.schema();
        batch.set(r, s.indexOf("a"), a).set(r, s.indexOf("b"), b).set(r, s.indexOf("c"), c);
    }
}
