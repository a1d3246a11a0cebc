package dev.verdict.samples.underwriting;

import static dev.verdict.samples.underwriting.BadRequestsTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.FeatureVector;
import dev.verdict.core.Model;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.Scorer;
import dev.verdict.loader.ModelLoader;
import dev.verdict.samples.underwriting.batch.DemoModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Open Inference Protocol endpoints, called as Triton's or KServe's clients call them: health,
 * metadata, and inference in both input layouts, whose probabilities equal the model's own scores
 * of the same rows bit for bit.
 */
class OpenInferenceProtocolTest extends RunningService {
    static final int ROWS = 50;
    static float[][] rows;

    @BeforeAll
    static void heldOutRows() throws IOException {
        List<String> lines = Files.readAllLines(TrainedFiles.DATASET, StandardCharsets.UTF_8);
        List<String> header = Arrays.stream(lines.getFirst().split(","))
                .map(h -> h.replace("\"", "")).toList();
        rows = new float[ROWS][DemoModels.FEATURES.size()];
        for (int r = 0; r < ROWS; r++) {
            String[] cells = lines.get(5 * (r + 1)).split(",");   // ids 5, 10, ...: never trained on
            for (int f = 0; f < DemoModels.FEATURES.size(); f++) {
                rows[r][f] = (float) Double.parseDouble(cells[header.indexOf(DemoModels.FEATURES.get(f))]);
            }
        }
    }

    /** The champion's probabilities for the rows, scored in process; NaN where a row leaves a feature out. */
    static double[] expected(int missingFeature) {
        Model model = ModelLoader.load(DIR.resolve("models/credit/credit-v1.json"));
        Scorer scorer = model.newScorer();
        ScoreBuffer out = new ScoreBuffer(model.outputs());
        FeatureVector v = model.inputSchema().newVector();
        double[] p = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            v.clear();
            for (int f = 0; f < rows[r].length; f++) {
                if (f != missingFeature) {
                    v.set(model.inputSchema().indexOf(DemoModels.FEATURES.get(f)), rows[r][f]);
                }
            }
            scorer.score(v, out);
            p[r] = out.score();
        }
        return p;
    }

    static String tensorRequest(String datatype, boolean nested) {
        StringJoiner data = new StringJoiner(",", "[", "]");
        for (float[] row : rows) {
            StringJoiner cells = new StringJoiner(",", nested ? "[" : "", nested ? "]" : "");
            for (float x : row) {
                cells.add(Float.toString(x));
            }
            data.add(cells.toString());
        }
        return "{\"id\": \"batch-1\", \"inputs\": [{\"name\": \"features\", \"shape\": [" + ROWS + ", "
                + DemoModels.FEATURES.size() + "], \"datatype\": \"" + datatype + "\", \"data\": "
                + data + "}]}";
    }

    static double[] probabilities(Http.Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        JsonNode probability = null;
        for (JsonNode o : reply.json().get("outputs")) {
            if (o.get("name").stringValue().equals("probability")) {
                probability = o;
            }
        }
        assertEquals("FP64", probability.get("datatype").stringValue());
        assertEquals(List.of(ROWS, 1), List.of(probability.get("shape").get(0).intValue(),
                probability.get("shape").get(1).intValue()));
        double[] p = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            p[r] = probability.get("data").get(r).doubleValue();
        }
        return p;
    }

    @Test
    void healthAndServerMetadata() {
        Http http = http();
        assertEquals(200, http.get("/v2/health/live").status());
        Http.Reply ready = http.get("/v2/health/ready");
        assertEquals(200, ready.status());
        assertTrue(ready.json().get("ready").booleanValue());
        assertEquals("verdict-underwriting-service", http.get("/v2").json().get("name").stringValue());
        assertEquals(200, http.get("/v2/models/credit/ready").status());
        assertEquals(200, http.get("/v2/models/credit/versions/1/ready").status());
        assertEquals(400, http.get("/v2/models/credit/versions/9/ready").status());
    }

    @Test
    void metadataDescribesTheTensorAndItsColumns() {
        for (String path : List.of("/v2/models/credit", "/v2/models/credit/versions/1")) {
            JsonNode m = http().get(path).json();
            assertEquals("credit", m.get("name").stringValue());
            assertEquals("1", m.get("versions").get(0).stringValue());
            assertEquals("verdict-xgboost-json", m.get("platform").stringValue());
            JsonNode input = m.get("inputs").get(0);
            assertEquals("features", input.get("name").stringValue());
            assertEquals("FP32", input.get("datatype").stringValue());
            assertEquals(-1, input.get("shape").get(0).intValue());
            assertEquals(DemoModels.FEATURES.size(), input.get("shape").get(1).intValue());
            List<String> names = new ArrayList<>();
            m.get("parameters").get("feature_names").forEach(n -> names.add(n.stringValue()));
            assertEquals(DemoModels.FEATURES, names);
            assertEquals("probability", m.get("outputs").get(0).get("name").stringValue());
        }
        assertProblem(http().get("/v2/models/credit/versions/7"), 404, "model_version_not_served",
                "serving version is 1");
    }

    @Test
    void aTensorBatchScoresAsTheModelDoes() {
        double[] want = expected(-1);
        for (String datatype : List.of("FP32", "FP64")) {
            for (boolean nested : List.of(false, true)) {
                Http.Reply reply = http().post("/v2/models/credit/infer", tensorRequest(datatype, nested));
                assertEquals("batch-1", reply.json().get("id").stringValue());
                assertEquals("1", reply.json().get("model_version").stringValue());
                assertEquals("credit", reply.json().get("model_name").stringValue());
                assertTrue(Arrays.equals(want, probabilities(reply)), datatype + " nested " + nested);
            }
        }
        Http.Reply versioned = http().post("/v2/models/credit/versions/1/infer", tensorRequest("FP32", false));
        assertTrue(Arrays.equals(want, probabilities(versioned)));
    }

    @Test
    void oneInputPerFeatureScoresAsTheModelDoesAndAnOmittedFeatureIsMissing() {
        int omitted = DemoModels.FEATURES.indexOf("BILL_AMT6");
        StringJoiner inputs = new StringJoiner(",", "[", "]");
        for (int f = 0; f < DemoModels.FEATURES.size(); f++) {
            if (f == omitted) {
                continue;
            }
            StringJoiner data = new StringJoiner(",", "[", "]");
            for (float[] row : rows) {
                data.add(Double.toString(row[f]));
            }
            inputs.add("{\"name\": \"" + DemoModels.FEATURES.get(f) + "\", \"shape\": [" + ROWS
                    + ", 1], \"datatype\": \"FP64\", \"data\": " + data + "}");
        }
        Http.Reply reply = http().post("/v2/models/credit/infer", "{\"inputs\": " + inputs + "}");
        assertTrue(Arrays.equals(expected(omitted), probabilities(reply)));
    }

    @Test
    void aBadInferenceRequestGetsAClear4xx() {
        Http http = http();
        String ok = tensorRequest("FP32", false);
        assertProblem(http.post("/v2/models/credit/infer", ok.replace("\"FP32\"", "\"BYTES\"")), 400,
                "invalid_request", "datatype BYTES");
        assertProblem(http.post("/v2/models/credit/infer", ok.replace("[50, 21]", "[70, 15]")), 400,
                "invalid_request", "[batch, 21]");
        assertProblem(http.post("/v2/models/credit/infer", ok.replace("[50, 21]", "[49, 21]")), 400,
                "invalid_request", "needs 1029");
        assertProblem(http.post("/v2/models/credit/infer", ok.replaceFirst("\"data\": \\[[^,]+", "\"data\": [\"x\"")), 400,
                "invalid_request", "are numbers");
        assertProblem(http.post("/v2/models/credit/infer", "{\"inputs\": [{\"name\": \"LIMIT_BALL\","
                + " \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}, {\"name\": \"AGE\","
                + " \"shape\": [1], \"datatype\": \"FP64\", \"data\": [1]}]}"), 400, "invalid_request",
                "must be the only input");
        assertProblem(http.post("/v2/models/credit/infer", "{\"inputs\": [{\"name\": \"AGE\","
                + " \"shape\": [1], \"datatype\": \"FP64\", \"data\": [30]}]}"), 400, "invalid_request",
                "lacks LIMIT_BAL");
        assertProblem(http.post("/v2/models/credit/infer", "{\"inputs\": []}"), 400, "invalid_request",
                "non-empty array");
        assertProblem(http.post("/v2/models/credit/infer", "{\"inputs\": [{\"name\": \"LIMIT_BAL\","
                + " \"shape\": [2000], \"datatype\": \"FP64\", \"data\": [" + "1,".repeat(1999) + "1]}]}"),
                400, "invalid_request", "1 to 1024 rows");
        assertProblem(http.post("/v2/models/credit/infer", "{\"inputs\": [{\"name\": \"x\""), 400,
                "malformed_json", "not valid JSON");
        assertProblem(http.post("/v2/models/credit/versions/3/infer", ok), 404,
                "model_version_not_served", "serving version is 1");
        assertProblem(http.post("/v2/models/fraud/infer", ok), 404, "unknown_model", "'fraud'");
    }
}
