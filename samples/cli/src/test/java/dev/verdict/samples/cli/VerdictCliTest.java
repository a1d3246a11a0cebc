package dev.verdict.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.loader.LoadOptions;
import dev.verdict.loader.ModelLoader;
import dev.verdict.testing.LightGbmOracle;
import dev.verdict.testing.Rows;
import dev.verdict.testing.XGBoostOracle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end: real models, real files, exit codes and messages. */
class VerdictCliTest {
    @TempDir
    static Path dir;
    static Path xgbModel;
    static Path lgbModel;
    static Path multiModel;

    @BeforeAll
    static void trainModels() throws Exception {
        float[][] x = rows(300, 1);
        float[] y = new float[x.length];
        float[] c = new float[x.length];
        for (int r = 0; r < x.length; r++) {
            y[r] = x[r][0] + (Float.isNaN(x[r][1]) ? 0 : x[r][1]) > 0 ? 1 : 0;
            c[r] = Math.floorMod((int) Math.floor(x[r][2] * 2), 3);
        }
        try (var m = XGBoostOracle.training(x).labels(y).featureNames("income", "debt", "age", "tenure")
                .param("objective", "binary:logistic").rounds(15).train()) {
            xgbModel = dir.resolve("credit.json");
            Files.write(xgbModel, m.json());
        }
        try (var m = XGBoostOracle.training(x).labels(c).param("objective", "multi:softprob")
                .param("num_class", 3).rounds(5).train()) {
            multiModel = dir.resolve("multi.ubj");
            Files.write(multiModel, m.ubj());
        }
        double[][] d = Rows.widen(x);
        try (var m = LightGbmOracle.training(d).labels(y).params("objective=binary").iterations(15).train()) {
            lgbModel = dir.resolve("credit.txt");
            Files.writeString(lgbModel, m.modelText());
        }
    }

    @Test
    void scoresByColumnNameWithMissingTokensAndExactFloats() throws Exception {
        Path in = dir.resolve("in.csv");
        Files.writeString(in, """
                id,age,income,debt,tenure,comment
                1,0.5,1.25,-0.5,2,"has, comma"
                2,NA,0.1,,N/A,x
                3,NaN,-2,true,false,y
                """);
        Path out = dir.resolve("out.csv");
        Result r = run("score", "--model", xgbModel.toString(), "--input", in.toString(),
                "--output", out.toString(), "--output-margin");
        assertEquals(0, r.code, r.err);
        List<String> lines = Files.readAllLines(out);
        assertEquals("probability,margin", lines.get(0));
        assertEquals(4, lines.size());
        // Parse back and compare with the library, value for value.
        Model model = ModelLoader.load(xgbModel, LoadOptions.defaults());
        Scorer scorer = model.newScorer();
        ScoreBuffer buffer = new ScoreBuffer(model.outputs());
        double[][] expected = {{1.25, -0.5, 0.5, 2}, {0.1, Double.NaN, Double.NaN, Double.NaN},
                {-2, 1, Double.NaN, 0}};
        for (int i = 0; i < expected.length; i++) {
            FeatureVector v = model.inputSchema().newVector().setAll(expected[i]);
            scorer.score(v, buffer);
            String[] cells = lines.get(i + 1).split(",");
            assertEquals((float) buffer.score(), Float.parseFloat(cells[0]));
            assertEquals((float) buffer.margin(), Float.parseFloat(cells[1]));
        }
    }

    @Test
    void multiClassHeadersAndLightGbmDoubles() throws Exception {
        Path in = dir.resolve("plain.csv");
        Files.writeString(in, "a,b,c,d\n0.1,0.2,0.3,0.4\n");
        Path out = dir.resolve("multi.csv");
        assertEquals(0, run("score", "--model", multiModel.toString(), "--input", in.toString(),
                "--output", out.toString(), "--output-margin").code);
        assertEquals("probability(0),probability(1),probability(2),margin(0),margin(1),margin(2)",
                Files.readAllLines(out).get(0));
        Path in2 = dir.resolve("lgb.csv");
        Files.writeString(in2, "Column_0,Column_1,Column_2,Column_3\n0.1,0.2,0.3,0.4\n");
        Path out2 = dir.resolve("lgb-out.csv");
        assertEquals(0, run("score", "--model", lgbModel.toString(), "--input", in2.toString(),
                "--output", out2.toString()).code);
        Model model = ModelLoader.load(lgbModel, LoadOptions.defaults());
        ScoreBuffer buffer = new ScoreBuffer(model.outputs());
        model.newScorer().score(model.inputSchema().newVector().setAll(0.1, 0.2, 0.3, 0.4), buffer);
        assertEquals(buffer.score(), Double.parseDouble(Files.readAllLines(out2).get(1)));
    }

    @Test
    void errorsNameTheProblemAndExitWithOne() throws Exception {
        Path missingColumn = dir.resolve("missing-col.csv");
        Files.writeString(missingColumn, "income,debt,age\n1,2,3\n");
        Result r = run("score", "--model", xgbModel.toString(), "--input", missingColumn.toString(),
                "--output", dir.resolve("x.csv").toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("'tenure'"), r.err);

        Path badCell = dir.resolve("bad-cell.csv");
        Files.writeString(badCell, "income,debt,age,tenure\n1,2,3,4\n1,abc,3,4\n");
        r = run("score", "--model", xgbModel.toString(), "--input", badCell.toString(),
                "--output", dir.resolve("y.csv").toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("line 3") && r.err.contains("'debt'") && r.err.contains("abc"), r.err);

        Path infinite = dir.resolve("inf.csv");
        Files.writeString(infinite, "income,debt,age,tenure\n1,Infinity,3,4\n");
        r = run("score", "--model", xgbModel.toString(), "--input", infinite.toString(),
                "--output", dir.resolve("z.csv").toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("line 2"), r.err);

        r = run("score", "--model", dir.resolve("nope.json").toString(), "--input",
                badCell.toString(), "--output", dir.resolve("w.csv").toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("not found"), r.err);

        Path garbage = dir.resolve("garbage.json");
        Files.writeString(garbage, "{\"learner\": [1, 2");
        r = run("inspect", "--model", garbage.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("garbage.json"), r.err);

        assertEquals(2, run("score", "--model").code);
        assertEquals(2, run("frobnicate").code);
    }

    @Test
    void inspectAndBench() {
        Result r = run("inspect", "--model", xgbModel.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("binary:logistic") && r.out.contains("income")
                && r.out.contains("trees"), r.out);
        r = run("bench", "--model", lgbModel.toString(), "--seconds", "0.3");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("Verdict") && r.out.contains("lightgbmlib") && r.out.contains("faster"), r.out);
    }

    @Test
    void onnxModelsScoreInspectAndBench() throws Exception {
        Path model = Path.of("../../onnx/src/test/resources/onnx/logreg.onnx");
        Path in = dir.resolve("onnx.csv");
        Files.writeString(in, "a0,a1,a2,a3,a4,a5,a6,a7,a8,a9\n1,2,3,4,5,6,7,8,9,10\n0,0,0,0,0,0,0,0,0,0.5\n");
        Path out = dir.resolve("onnx-out.csv");
        Result r = run("score", "--model", model.toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.code, r.err);
        List<String> lines = Files.readAllLines(out);
        assertEquals("probability", lines.get(0));
        Model m = ModelLoader.load(model, LoadOptions.defaults());
        try (m) {
            ScoreBuffer buffer = new ScoreBuffer(m.outputs());
            m.newScorer().score(m.inputSchema().newVector().setAll(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), buffer);
            assertEquals(buffer.score(), Double.parseDouble(lines.get(1)));
        }
        Path missing = dir.resolve("onnx-missing.csv");
        Files.writeString(missing, "a0,a1,a2,a3,a4,a5,a6,a7,a8,a9\n1,2,3,4,5,6,7,8,9,NA\n");
        r = run("score", "--model", model.toString(), "--input", missing.toString(), "--output", out.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("line 2") && r.err.contains("input[9]"), r.err);
        r = run("inspect", "--model", model.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("onnx") && r.out.contains("ONNX Runtime"), r.out);
        r = run("bench", "--model", model.toString(), "--seconds", "0.3");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("ORT Java"), r.out);
    }

    @Test
    void cacheLoadGetStatsAndBench() throws Exception {
        Path group = dir.resolve("applicant.json");
        Files.writeString(group, "{\"name\": \"applicant\", \"key\": \"long\", \"maxAge\": \"P3650D\","
                + " \"capacity\": 5000, \"features\": [{\"name\": \"score\", \"type\": \"float32\"},"
                + " {\"name\": \"region\", \"type\": \"categorical\", \"default\": 0},"
                + " {\"name\": \"owner\", \"type\": \"boolean\"}]}");
        StringBuilder csv = new StringBuilder("id,event_time,score,region,owner\n");
        long now = System.currentTimeMillis();
        for (int i = 0; i < 1_000; i++) {
            csv.append(i).append(',').append(now).append(',').append(i * 0.25).append(',').append(i % 7).append(',')
                    .append(i % 2 == 0 ? "" : "true").append('\n');
        }
        Path input = dir.resolve("applicants.csv");
        Files.writeString(input, csv);
        Path store = dir.resolve("store");
        Result r = run("cache", "load", "--store", store.toString(), "--group", group.toString(), "--input",
                input.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("entities      1,000") && r.err.contains("loading applicant"), r.out + r.err);

        r = run("cache", "get", "--store", store.toString(), "--id", "41");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("applicant 41: FOUND") && r.out.contains("10.25") && r.out.contains("owner")
                && r.out.contains("1"), r.out);
        r = run("cache", "get", "--store", store.toString(), "--id", "40");
        assertTrue(r.out.contains("absent"), r.out);
        r = run("cache", "get", "--store", store.toString(), "--id", "123456");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("NOT_FOUND"), r.out);
        r = run("cache", "get", "--store", store.toString(), "--id", "abc");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("keyed by long ids; got 'abc', which is not a number"), r.err);

        r = run("cache", "stats", "--store", store.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("entries       1,000") && r.out.contains("\"name\":\"applicant\""), r.out);

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "id,score,region,owner\n1,2,3,true\n2,x,3,true\n");
        r = run("cache", "load", "--store", store.toString(), "--group", group.toString(), "--input", bad.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("line 3") && r.err.contains("'x' is not a float32"), r.err);
        r = run("cache", "get", "--store", store.toString(), "--id", "41");
        assertTrue(r.out.contains("FOUND"), "the failed load left the live snapshot: " + r.out);

        Path extract = dir.resolve("extract.csv");
        Files.writeString(extract, "id,LIMIT_BAL,score,region,owner,SEX\n7,20000,1.5,3,true,2\n8,50000,2.5,1,false,1\n");
        r = run("cache", "load", "--store", store.toString(), "--group", group.toString(), "--input", extract.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.err.contains("ignored 2 columns that group 'applicant' does not have: LIMIT_BAL, SEX"
                + " (--strict rejects them)"), r.err);
        assertEquals(1, r.err.split("LIMIT_BAL", -1).length - 1, "named once: " + r.err);
        r = run("cache", "load", "--strict", "--store", store.toString(), "--group", group.toString(), "--input",
                extract.toString());
        assertEquals(1, r.code);
        assertTrue(r.err.contains("line 1, column 2: unknown column 'LIMIT_BAL'"), r.err);
        r = run("cache", "get", "--store", store.toString(), "--id", "8");
        assertTrue(r.out.contains("applicant 8: FOUND") && r.out.contains("2.5"), "the lenient load is live: " + r.out);

        r = run("cache", "bench", "--store", store.toString(), "--seconds", "0.2");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("verdict read") && r.out.contains("chronicle getUsing"), r.out);
        assertEquals(2, run("cache", "get", "--store", store.toString()).code);
    }

    /** The demo's closing hint must work: both saved models score the dataset CSV by name. */
    @Test
    void demoModelsScoreTheDatasetByColumnName() throws Exception {
        Path data = Path.of("../../datasets/UCI_Credit_Card.csv").toAbsolutePath().normalize();
        Path save = dir.resolve("demo");
        Result demo = run("demo", "--data", data.toString(), "--rounds", "10", "--seconds", "0.1",
                "--save", save.toString());
        assertEquals(0, demo.code, demo.err);
        assertTrue(demo.out.contains("Score your own rows"), demo.out);
        for (String model : List.of("credit-xgboost.ubj", "credit-lightgbm.txt")) {
            Path out = dir.resolve(model + ".scores.csv");
            Result r = run("score", "--model", save.resolve(model).toString(), "--input", data.toString(),
                    "--output", out.toString());
            assertEquals(0, r.code, model + ": " + r.err);
            assertEquals(30_001, Files.readAllLines(out).size(), model);
        }
    }

    /**
     * An early-stopped XGBoost model stores best_iteration; by default every round scores (as
     * Booster.predict and XGBoost4J), and both commands say so; --best-iteration opts in.
     */
    @Test
    void inspectAndScoreSayWhetherTheStoredBestIterationIsUsed() throws Exception {
        float[][] x = rows(400, 5);
        float[][] holdout = rows(200, 6);
        Path model = dir.resolve("early.json");
        float[][] rows = rows(3, 7);
        float[][] all;
        float[][] upToBest;
        int best;
        int rounds;
        try (var m = XGBoostOracle.training(x).labels(labels(x)).featureNames("income", "debt", "age", "tenure")
                .validation(holdout, labels(holdout)).earlyStoppingRounds(3).param("eval_metric", "logloss")
                .param("objective", "binary:logistic").param("eta", 0.9).param("max_depth", 6).rounds(200)
                .train()) {
            best = m.bestIteration().orElseThrow();
            rounds = m.boostedRounds();
            assertTrue(best + 1 < rounds, "early stopping kept rounds after the best one");
            Files.write(model, m.json());
            all = m.predictions(rows);
            upToBest = m.predictions(rows, 0, best + 1);
        }
        Result inspect = run("inspect", "--model", model.toString());
        assertEquals(0, inspect.code, inspect.err);
        assertTrue(inspect.out.contains("best iteration " + best + " (not used: all " + rounds
                + " rounds score)"), inspect.out);
        assertTrue(inspect.out.contains("--best-iteration scores only the rounds up to it"), inspect.out);

        Path in = dir.resolve("early.csv");
        StringBuilder csv = new StringBuilder("income,debt,age,tenure\n");
        for (float[] row : rows) {
            for (int f = 0; f < row.length; f++) {
                csv.append(f == 0 ? "" : ",").append(Float.isNaN(row[f]) ? "NA" : Float.toString(row[f]));
            }
            csv.append('\n');
        }
        Files.writeString(in, csv);
        Path out = dir.resolve("early-out.csv");
        Result score = run("score", "--model", model.toString(), "--input", in.toString(), "--output",
                out.toString());
        assertEquals(0, score.code, score.err);
        assertEquals(1, score.err.split("note:", -1).length - 1, "one note: " + score.err);
        assertTrue(score.err.contains("note: early.json stores best iteration " + best + " (not used"), score.err);
        assertScores(all, out);

        score = run("score", "--model", model.toString(), "--input", in.toString(), "--output",
                out.toString(), "--best-iteration");
        assertEquals(0, score.code, score.err);
        assertFalse(score.err.contains("note:"), score.err);
        assertScores(upToBest, out);
        inspect = run("inspect", "--model", xgbModel.toString());
        assertFalse(inspect.out.contains("best iteration"), inspect.out);
    }

    private static float[] labels(float[][] x) {
        float[] y = new float[x.length];
        for (int r = 0; r < x.length; r++) {
            y[r] = (Float.isNaN(x[r][0]) ? 0 : x[r][0]) - (Float.isNaN(x[r][2]) ? 0 : x[r][2]) > 0 ? 1 : 0;
        }
        return y;
    }

    private static void assertScores(float[][] expected, Path out) throws Exception {
        List<String> lines = Files.readAllLines(out);
        assertEquals(expected.length + 1, lines.size());
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r][0], Float.parseFloat(lines.get(r + 1)), "row " + r);
        }
    }

    /**
     * LightGBM reads a categorical value that is no training code as "not in the set" (negative
     * values as missing, fractions truncated); the CLI scores such rows instead of stopping.
     */
    @Test
    void lightGbmCategoryValuesOutsideTheCodesScoreAsLightGbm() throws Exception {
        double[][] train = Rows.widen(rows(400, 8));
        for (double[] row : train) {
            row[3] = Double.isNaN(row[3]) ? Double.NaN : Math.floorMod((long) (row[3] * 4), 6);
        }
        float[] y = new float[train.length];
        for (int r = 0; r < y.length; r++) {
            y[r] = (Double.isNaN(train[r][3]) ? 0 : train[r][3] - 2.5) + (Double.isNaN(train[r][0]) ? 0 : train[r][0])
                    > 0 ? 1 : 0;
        }
        double[] values = {-999, -1, -0.5, 0.5, 7, 1000, Double.NaN, 2};
        double[][] rows = new double[values.length][];
        StringBuilder csv = new StringBuilder("Column_0,Column_1,Column_2,Column_3\n");
        for (int i = 0; i < values.length; i++) {
            rows[i] = new double[] {0.25 * i - 1, 0.5, -0.25, values[i]};
            csv.append(rows[i][0]).append(",0.5,-0.25,").append(Double.isNaN(values[i]) ? "" : values[i]).append('\n');
        }
        Path model = dir.resolve("categorical.txt");
        double[][] expected;
        try (var m = LightGbmOracle.training(train).labels(y)
                .params("objective=binary categorical_feature=3 min_data_per_group=5 cat_smooth=1")
                .iterations(15).train()) {
            Files.writeString(model, m.modelText());
            expected = m.predictions(rows);
        }
        Path in = dir.resolve("categorical.csv");
        Files.writeString(in, csv);
        Path out = dir.resolve("categorical-out.csv");
        Result r = run("score", "--model", model.toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.code, r.err);
        List<String> lines = Files.readAllLines(out);
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i][0], Double.parseDouble(lines.get(i + 1)), "value " + values[i]);
        }
    }

    /**
     * A model trained from pandas with numeric categories (model_year 70…82) stores them in its
     * pandas_categorical line; raw values in the CSV map to their codes as pandas maps them
     * (70.0 is 70; an unseen year is missing) and score as lightgbmlib scores those codes.
     */
    @Test
    void pandasNumericCategoriesMapThroughTheStoredList() throws Exception {
        SplittableRandom random = new SplittableRandom(12);
        double[][] train = new double[500][];
        float[] y = new float[train.length];
        for (int r = 0; r < train.length; r++) {
            int code = random.nextInt(13);
            double x = random.nextGaussian();
            train[r] = new double[] {x, code};
            y[r] = x + (code - 6) * 0.4 + random.nextGaussian() * 0.3 > 0 ? 1 : 0;
        }
        StringBuilder years = new StringBuilder();
        for (int year = 70; year <= 82; year++) {
            years.append(year == 70 ? "" : ", ").append(year);
        }
        String[] cells = {"70", "82", "71.0", "7.6e1", "83", "69.5", "NA"};
        double[][] codes = {{0.5, 0}, {0.5, 12}, {0.5, 1}, {0.5, 6}, {0.5, Double.NaN}, {0.5, Double.NaN},
            {0.5, Double.NaN}};
        Path model = dir.resolve("pandas.txt");
        double[][] expected;
        try (var m = LightGbmOracle.training(train).labels(y)
                .params("objective=binary categorical_feature=1 min_data_per_group=5 cat_smooth=1")
                .iterations(15).train()) {
            // As LightGBM's Python package writes it: the C++ text, then the json.dumps line.
            Files.writeString(model, m.modelText().replaceFirst("(?m)^feature_names=.*$", "feature_names=x model_year")
                    + "\npandas_categorical:[[" + years + "]]\n");
            expected = m.predictions(codes);
        }
        Path in = dir.resolve("pandas.csv");
        StringBuilder csv = new StringBuilder("model_year,x\n");
        for (String cell : cells) {
            csv.append(cell).append(",0.5\n");
        }
        Files.writeString(in, csv);
        Path out = dir.resolve("pandas-out.csv");
        Result r = run("score", "--model", model.toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.code, r.err);
        List<String> lines = Files.readAllLines(out);
        for (int i = 0; i < cells.length; i++) {
            assertEquals(expected[i][0], Double.parseDouble(lines.get(i + 1)), "model_year " + cells[i]);
        }
        Result inspect = run("inspect", "--model", model.toString());
        assertTrue(inspect.out.contains("model_year") && inspect.out.contains("13 categories: 70, 71, 72"),
                inspect.out);
    }

    record Result(int code, String out, String err) {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = VerdictCli.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static float[][] rows(int n, long seed) {
        return Rows.gaussian(n, 4, 0.1, seed);
    }
}
