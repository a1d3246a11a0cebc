package dev.verdict.loader.internal.lightgbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.CategoryValues;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.InvalidFeatureValueException;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.loader.fidelity.Exactness;
import dev.verdict.testing.LightGbmOracle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A LightGBM model trained from a pandas DataFrame with categorical columns stores their
 * categories in the text's {@code pandas_categorical} line, and its trees split on the codes
 * pandas made (a value's position in its column's category list; an unseen value is missing).
 * Verdict reads the line into the schema's dictionaries, numbers as numbers, and rows given by
 * raw category values score as lightgbmlib scores the codes pandas would produce, bit for bit.
 *
 * <p>The models are trained by lightgbmlib on the codes, and the line is appended as the Python
 * package appends it ({@code _dump_pandas_categorical}: {@code "\npandas_categorical:" +
 * json.dumps(categories) + "\n"}, after the C++ text; {@code json.dumps} writes
 * {@code ", "} between items, ints plainly and floats by {@code repr}, so {@code 2.0} and
 * {@code 1e-05}).
 */
class PandasCategoricalTest {
    private static final double[] YEARS = {70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82};
    private static final String[] ORIGINS = {"europe", "japan", "usa"};
    private static final double[] RATES = {0.5, 1.25, 2.0, 0.1, 1e-05};
    private static final String PANDAS_CATEGORICAL = "pandas_categorical:[[70, 71, 72, 73, 74, 75,"
            + " 76, 77, 78, 79, 80, 81, 82], [\"europe\", \"japan\", \"usa\"], [0.5, 1.25, 2.0, 0.1,"
            + " 1e-05]]";

    static Stream<String> params() {
        String cats = " categorical_feature=1,2,3 min_data_per_group=5 cat_smooth=1";
        return Stream.of("objective=binary" + cats, "objective=binary max_cat_to_onehot=16" + cats,
                "objective=regression zero_as_missing=true" + cats,
                "objective=multiclass num_class=3" + cats);
    }

    /** A raw row: x0, model_year, origin, rate, x4; null origin or NaN = missing. */
    record Raw(double x0, double year, String origin, double rate, double x4) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("params")
    void rawCategoryValuesScoreAsPandasCodesDo(String params) {
        List<Raw> train = raw(600, 1, false);
        boolean classes = params.contains("multiclass");
        String text;
        try (LightGbmOracle.NativeBooster trained = LightGbmOracle.training(codes(train))
                .labels(labels(train, classes)).params(params).iterations(20).train()) {
            text = trained.modelText();
        }
        String named = text.replaceFirst("(?m)^feature_names=.*$",
                "feature_names=x0 model_year origin rate x4") + "\n" + PANDAS_CATEGORICAL + "\n";
        Model model = ModelLoader.load(named.getBytes(StandardCharsets.UTF_8), LoadOptions.defaults());
        FeatureSchema schema = model.inputSchema();
        assertTrue(schema.feature(1).numericCategories());
        assertEquals(List.of("70", "71", "72", "73", "74", "75", "76", "77", "78", "79", "80", "81",
                "82"), schema.feature(1).categories());
        assertFalse(schema.feature(2).numericCategories());
        assertEquals(List.of(ORIGINS), schema.feature(2).categories());
        assertEquals(List.of("0.5", "1.25", "2", "0.1", "1.0E-5"), schema.feature(3).categories());
        for (int f = 1; f <= 3; f++) {
            assertEquals(CategoryValues.CODES_ONLY, schema.feature(f).categoryValues());
        }

        List<Raw> rows = raw(300, 2, true);
        double[][] pandasCodes = codes(rows);
        int width = model.outputs().marginWidth();
        double[][] margins = new double[rows.size()][width];
        double[][] scores = new double[rows.size()][model.outputs().scoreWidth()];
        Scorer scorer = model.newScorer();
        FeatureVector v = schema.newVector();
        ScoreBuffer out = new ScoreBuffer(model.outputs());
        for (int r = 0; r < rows.size(); r++) {
            Raw row = rows.get(r);
            v.clear().set(0, row.x0()).set(4, row.x4());
            asPandas(v, 1, row.year());
            if (row.origin() != null) {
                int code = schema.categoryCode(2, row.origin());
                if (code >= 0) {
                    v.setCategory(2, row.origin());
                }
            }
            asPandas(v, 3, row.rate());
            scorer.score(v, out);
            for (int k = 0; k < width; k++) {
                margins[r][k] = out.margin(k);
            }
            for (int k = 0; k < scores[r].length; k++) {
                scores[r][k] = out.score(k);
            }
        }
        try (LightGbmOracle.NativeBooster oracle = LightGbmOracle.load(text)) {
            Exactness.assertDoublesIdentical(params + " raw scores", oracle.rawScores(pandasCodes), margins);
            Exactness.assertDoublesIdentical(params + " predictions", oracle.predictions(pandasCodes), scores);
        }

        // A raw value where its code belongs is an error that says how to give the category.
        InvalidFeatureValueException raw = assertThrows(InvalidFeatureValueException.class,
                () -> v.set(1, 70));
        assertTrue(raw.getMessage().contains("setCategory(1, 70) maps category 70 to its code"),
                raw.getMessage());
        assertThrows(InvalidFeatureValueException.class, () -> v.setCategory(1, 83));
    }

    /** What pandas does: a listed value becomes its code, anything else missing. */
    private static void asPandas(FeatureVector v, int f, double value) {
        if (v.schema().categoryCode(f, value) >= 0) {
            v.setCategory(f, value);
        } else {
            v.setMissing(f);
        }
    }

    /** Rows as raw values; with {@code unseen}, also values pandas does not know (69, 70.5, "mars", 0.25). */
    private static List<Raw> raw(int n, long seed, boolean unseen) {
        SplittableRandom random = new SplittableRandom(seed);
        Raw[] rows = new Raw[n];
        for (int r = 0; r < n; r++) {
            double year = YEARS[random.nextInt(YEARS.length)];
            String origin = ORIGINS[random.nextInt(ORIGINS.length)];
            double rate = RATES[random.nextInt(RATES.length)];
            if (unseen) {
                switch (random.nextInt(8)) {
                    case 0 -> year = new double[] {69, 83, 70.5, Double.NaN, -0.0}[random.nextInt(5)];
                    case 1 -> origin = random.nextBoolean() ? "mars" : null;
                    case 2 -> rate = new double[] {0.25, 1e-6, Double.NaN}[random.nextInt(3)];
                    default -> { }
                }
            } else if (random.nextInt(10) == 0) {
                origin = null;
            }
            rows[r] = new Raw(random.nextGaussian(), year, origin, rate,
                    random.nextInt(10) == 0 ? Double.NaN : random.nextGaussian());
        }
        return List.of(rows);
    }

    /** The matrix pandas hands LightGBM: codes by position in the category lists, unseen NaN. */
    private static double[][] codes(List<Raw> rows) {
        double[][] x = new double[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            Raw row = rows.get(r);
            x[r] = new double[] {row.x0(), position(YEARS, row.year()),
                    row.origin() == null ? Double.NaN : position(ORIGINS, row.origin()),
                    position(RATES, row.rate()), row.x4()};
        }
        return x;
    }

    private static double position(double[] categories, double value) {
        for (int i = 0; i < categories.length; i++) {
            if (categories[i] == value) {
                return i;
            }
        }
        return Double.NaN;
    }

    private static double position(String[] categories, String value) {
        return List.of(categories).contains(value) ? List.of(categories).indexOf(value) : Double.NaN;
    }

    private static float[] labels(List<Raw> rows, boolean classes) {
        SplittableRandom random = new SplittableRandom(3);
        float[] y = new float[rows.size()];
        for (int r = 0; r < y.length; r++) {
            Raw row = rows.get(r);
            double s = row.x0() + (row.year() - 76) * 0.3 + (row.origin() == null ? 0
                    : row.origin().equals("japan") ? 1 : row.origin().equals("usa") ? -1 : 0)
                    + (row.rate() > 1 ? 0.8 : -0.4) + random.nextGaussian() * 0.3;
            y[r] = classes ? (s < -0.7 ? 0 : s < 0.7 ? 1 : 2) : (float) (s > 0 ? 1 : 0);
        }
        return y;
    }
}
