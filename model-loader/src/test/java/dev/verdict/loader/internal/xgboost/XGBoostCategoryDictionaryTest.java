package dev.verdict.loader.internal.xgboost;

import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.JSON;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.parse;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.treeModel;
import static dev.verdict.loader.internal.xgboost.XGBoostFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureType;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.InvalidFeatureValueException;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.loader.ModelLoader;
import dev.verdict.loader.fidelity.Exactness;
import dev.verdict.testing.Rows;
import dev.verdict.testing.XGBoostOracle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 3.1+ category dictionary {@code cats}, which XGBoost4J cannot produce, is injected into a
 * model trained on codes: XGBoost 3.4 accepts it and writes it back unchanged, and in Verdict it
 * becomes the schema's dictionary, so that rows given by category names score as XGBoost scores
 * the corresponding codes.
 */
class XGBoostCategoryDictionaryTest {
    @TempDir
    Path tmp;

    private static final String[] COLOURS = {"red", "grün", "東京", "blue", "Ærø", "z"};
    private static final long[] SIZES = {10, -3, 7, 1000, 42};

    @Test
    void storedCategoryDictionary() throws IOException {
        Random random = new Random(5);
        float[][] train = catRows(random, 500);
        float[] labels = new float[train.length];
        double[] colourEffect = {1.2, -0.8, 2.0, -1.5, 0.4, -0.2};
        double[] sizeEffect = {-0.5, 0.9, 0.1, -1.1, 0.7};
        for (int r = 0; r < train.length; r++) {
            double z = (Float.isNaN(train[r][1]) ? 0 : colourEffect[(int) train[r][1]])
                    + (Float.isNaN(train[r][3]) ? 0 : sizeEffect[(int) train[r][3]])
                    + (Float.isNaN(train[r][0]) ? 0 : 0.5 * train[r][0]);
            labels[r] = z + random.nextGaussian() * 0.5 > 0 ? 1 : 0;
        }
        float[][] rows = catRows(random, 200);
        try (XGBoostOracle.NativeBooster trained = XGBoostOracle.training(train).labels(labels)
                .featureTypes("q", "c", "q", "c").featureNames("amount", "colour", "rate", "size")
                .param("objective", "binary:logistic").param("tree_method", "hist")
                .param("max_cat_to_onehot", 1).param("max_depth", 4).rounds(12).train()) {
            float[][] margins = trained.margins(rows);
            float[][] predictions = trained.predictions(rows);

            ObjectNode doc = (ObjectNode) parse(trained.json());
            ObjectNode model = treeModel(doc);
            assertEquals(parse("{\"enc\":[],\"feature_segments\":[],\"sorted_idx\":[]}".getBytes(StandardCharsets.UTF_8)),
                    model.get("cats"), "a model trained on codes has an empty dictionary");
            ObjectNode cats = cats();
            model.set("cats", cats);
            byte[] injected = write(doc);

            // XGBoost 3.4 accepts the constructed dictionary and writes it back unchanged (JSON),
            // or as typed arrays (UBJSON: int8 values with negative UTF-8 bytes, int32 sizes).
            byte[] json34;
            byte[] ubj34;
            try (XGBoostOracle.NativeBooster native34 = XGBoostOracle.load(injected)) {
                Exactness.assertFloatsIdentical("3.4 with cats, margins", margins, Rows.widen(native34.margins(rows)));
                json34 = native34.json();
                ubj34 = native34.ubj();
            }
            JsonNode written = treeModel((ObjectNode) parse(json34)).get("cats");
            JsonNode ours = parse(write(cats));
            for (String key : List.of("enc", "feature_segments", "sorted_idx")) {
                assertEquals(ours.get(key), written.get(key), "3.4 writes cats." + key + " back unchanged");
            }

            Map<String, byte[]> files = Map.of("injected.json", injected, "3.4.json", json34, "3.4.ubj", ubj34);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path file = tmp.resolve(e.getKey());
                Files.write(file, e.getValue());
                Model m = ModelLoader.load(file);
                checkDictionary(e.getKey(), m, rows, margins, predictions);
            }
        }
    }

    private static void checkDictionary(String what, Model model, float[][] rows, float[][] margins,
            float[][] predictions) {
        FeatureSchema schema = model.inputSchema();
        assertEquals(List.of("amount", "colour", "rate", "size"),
                schema.features().stream().map(Feature::name).toList());
        assertEquals(FeatureType.NUMERIC, schema.type(0));
        assertEquals(List.of(), schema.feature(0).categories());
        assertEquals(FeatureType.CATEGORICAL, schema.type(1));
        assertEquals(List.of(COLOURS), schema.feature(1).categories(), what);
        assertEquals(FeatureType.CATEGORICAL, schema.type(3));
        assertEquals(Arrays.stream(SIZES).mapToObj(Long::toString).toList(), schema.feature(3).categories(), what);

        FeatureVector v = schema.newVector();
        for (int c = 0; c < COLOURS.length; c++) {
            assertEquals(c, v.setCategory(1, COLOURS[c]).get(1), what + " code of " + COLOURS[c]);
        }
        for (int c = 0; c < SIZES.length; c++) {
            assertEquals(c, v.setCategory(3, Long.toString(SIZES[c])).get(3), what + " code of " + SIZES[c]);
        }
        // Unseen categories: XGBoost 3.1+ raises "Found a category not in the training set".
        for (String unseen : List.of("purple", "Grün", "gr\u00fcn ", "東", "")) {
            assertThrows(InvalidFeatureValueException.class, () -> v.setCategory(1, unseen), unseen);
        }
        for (String unseen : List.of("11", "-4", "1000.0", "red")) {
            assertThrows(InvalidFeatureValueException.class, () -> v.setCategory(3, unseen), unseen);
        }
        assertThrows(InvalidFeatureValueException.class, () -> v.set(1, COLOURS.length));

        // Rows given by names score as XGBoost does on the corresponding codes.
        Scorer scorer = model.newScorer();
        ScoreBuffer out = new ScoreBuffer(model.outputs());
        double[][] gotMargins = new double[rows.length][1];
        double[][] gotPredictions = new double[rows.length][1];
        for (int r = 0; r < rows.length; r++) {
            float[] row = rows[r];
            v.clear().set(0, row[0]).set(2, row[2]);
            if (!Float.isNaN(row[1])) {
                v.setCategory(1, COLOURS[(int) row[1]]);
            }
            if (!Float.isNaN(row[3])) {
                v.setCategory(3, Long.toString(SIZES[(int) row[3]]));
            }
            scorer.score(v, out);
            gotMargins[r][0] = out.margin(0);
            gotPredictions[r][0] = out.score(0);
        }
        Exactness.assertFloatsIdentical(what + " margins", margins, gotMargins);
        Exactness.assertFloatsIdentical(what + " predictions", predictions, gotPredictions);
    }

    /** Rows of [numeric, colour code, numeric, size code], about 10% missing in each column. */
    private static float[][] catRows(Random random, int n) {
        float[][] rows = new float[n][4];
        for (float[] row : rows) {
            row[0] = (float) random.nextGaussian();
            row[1] = random.nextInt(COLOURS.length);
            row[2] = (float) random.nextGaussian();
            row[3] = random.nextInt(SIZES.length);
            for (int f = 0; f < 4; f++) {
                if (random.nextDouble() < 0.1) {
                    row[f] = Float.NaN;
                }
            }
        }
        return rows;
    }

    /**
     * {@code CatContainer::Save} layout: one column per feature — numeric features an empty string
     * column, strings as Arrow offsets + int8 bytes, integers as {@code {type, values}} (13 = i32);
     * {@code feature_segments} is the CSR pointer over categories; {@code sorted_idx} each
     * feature's stable argsort of its categories (strings compared as signed int8 spans).
     */
    private static ObjectNode cats() {
        ObjectNode cats = JSON.createObjectNode();
        ArrayNode enc = cats.putArray("enc");
        ArrayNode segments = cats.putArray("feature_segments");
        ArrayNode sorted = cats.putArray("sorted_idx");
        segments.add(0);
        int total = 0;

        emptyColumn(enc);
        segments.add(total);

        ObjectNode colour = enc.addObject();
        ArrayNode offsets = colour.putArray("offsets");
        ArrayNode values = colour.putArray("values");
        byte[][] names = new byte[COLOURS.length][];
        int at = 0;
        offsets.add(at);
        boolean negative = false;
        for (int c = 0; c < COLOURS.length; c++) {
            names[c] = COLOURS[c].getBytes(StandardCharsets.UTF_8);
            for (byte b : names[c]) {
                values.add(b); // int8: UTF-8 bytes >= 0x80 are negative
                negative |= b < 0;
            }
            at += names[c].length;
            offsets.add(at);
        }
        assertTrue(negative);
        total += COLOURS.length;
        segments.add(total);
        Integer[] order = argsort(COLOURS.length, (a, b) -> Arrays.compare(names[a], names[b]));
        for (int i : order) {
            sorted.add(i);
        }

        emptyColumn(enc);
        segments.add(total);

        ObjectNode size = enc.addObject();
        size.put("type", 13);
        ArrayNode sizeValues = size.putArray("values");
        for (long s : SIZES) {
            sizeValues.add(s);
        }
        total += SIZES.length;
        segments.add(total);
        for (int i : argsort(SIZES.length, (a, b) -> Long.compare(SIZES[a], SIZES[b]))) {
            sorted.add(i);
        }
        return cats;
    }

    private static void emptyColumn(ArrayNode enc) {
        ObjectNode column = enc.addObject();
        column.putArray("offsets");
        column.putArray("values");
    }

    private static Integer[] argsort(int n, java.util.Comparator<Integer> order) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, order); // stable
        return idx;
    }
}
