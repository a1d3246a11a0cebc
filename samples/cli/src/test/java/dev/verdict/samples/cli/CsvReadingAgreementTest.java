package dev.verdict.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.cache.FeatureGroup;
import dev.verdict.cache.FeatureReader;
import dev.verdict.cache.FeatureStore;
import dev.verdict.cache.FeatureWriter;
import dev.verdict.cache.Fill;
import dev.verdict.cache.KeyType;
import dev.verdict.cache.LoadListener;
import dev.verdict.cache.ReadOptions;
import dev.verdict.cache.ReadStatus;
import dev.verdict.core.AbstractModel;
import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.ModelInfo;
import dev.verdict.core.OutputSpec;
import dev.verdict.core.Scorer;
import dev.verdict.core.csv.CsvReader;
import dev.verdict.testing.XGBoostOracle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verdict score} and the feature cache's bulk load read one CSV file the same way: the same
 * records, the same missing cells, the same booleans, the same error places. The file has a
 * byte-order mark, CRLF line ends, every missing token in several cases, quoted cells, and quoted
 * cells that span lines (an id and an extra text column).
 */
class CsvReadingAgreementTest {
    @TempDir
    Path dir;

    static final String CSV = "\uFEFFid,a,b,flag,comment\r\n"
            + "app-1,0.5,\"2.25\",true,plain\r\n"
            + "app-2,,NA,false,\"has, comma\"\r\n"
            + "app-3,na,N/A,TRUE,\"says \"\"hi\"\"\"\r\n"
            + "app-4,n/a,NaN,False,\"line one\r\nline two\"\r\n"
            + "\r\n"
            + "app-5,nan,null,,x\r\n"
            + "app-6,NULL, Null ,NA,y\r\n"
            + "app-7,-3,\"\",null,z\r\n"
            + "\"app\r\n8\",\"NA\",\"4.5\",true,\"multi\nline\"\r\n"
            + "app-9,1e3,-0.125,\" false \",end\r\n";

    /** A model of the three features, for the CLI's row mapping; it is never scored. */
    static final class Features extends AbstractModel {
        Features() {
            super(new ModelInfo("test", "1", "none", Map.of()),
                    FeatureSchema.of(List.of(Feature.numeric("a"), Feature.numeric("b"), Feature.bool("flag"))), true,
                    OutputSpec.prediction());
        }

        @Override
        public Scorer newScorer() {
            throw new UnsupportedOperationException();
        }
    }

    static FeatureGroup group() {
        return FeatureGroup.builder("agree").keyType(KeyType.STRING).maxAge(Duration.ofDays(3650)).capacity(100)
                .float32("a", Double.NaN).float32("b", Double.NaN).bool("flag", Double.NaN).build();
    }

    /** What {@code verdict score} reads: id to the vector the model would be scored on. */
    static Map<String, double[]> readTheWayTheCliDoes(Path csv) throws Exception {
        Features model = new Features();
        Map<String, double[]> rows = new LinkedHashMap<>();
        try (CsvReader reader = CsvReader.open(csv)) {
            assertTrue(reader.next());
            RowMapper mapper = new RowMapper(model, reader.texts());
            FeatureVector v = model.inputSchema().newVector();
            while (reader.next()) {
                mapper.fill(reader, v);
                double[] values = new double[3];
                v.copyTo(values);
                rows.put(reader.text(0), values);
            }
        }
        return rows;
    }

    @Test
    void theCliAndTheCacheReadEveryCellTheSameWay() throws Exception {
        Path csv = dir.resolve("agree.csv");
        Files.writeString(csv, CSV, StandardCharsets.UTF_8);
        Map<String, double[]> cli = readTheWayTheCliDoes(csv);
        assertEquals(List.of("app-1", "app-2", "app-3", "app-4", "app-5", "app-6", "app-7", "app\n8", "app-9"),
                List.copyOf(cli.keySet()), "records, with the quoted line break inside an id read as LF");
        double nan = Double.NaN;
        double[][] expected = {{0.5, 2.25, 1}, {nan, nan, 0}, {nan, nan, 1}, {nan, nan, 0}, {nan, nan, nan},
                {nan, nan, nan}, {-3, nan, nan}, {nan, 4.5, 1}, {1000, -0.125, 0}};
        int i = 0;
        for (double[] row : cli.values()) {
            assertEquals(List.of(expected[i][0], expected[i][1], expected[i][2]), List.of(row[0], row[1], row[2]),
                    "CLI row " + (i + 1));
            i++;
        }

        Path store = dir.resolve("store");
        try (FeatureWriter writer = FeatureWriter.open(store, group()); FeatureStore s = FeatureStore.open(store)) {
            assertEquals(9, writer.load(csv, LoadListener.NONE).rows());
            FeatureSchema schema = new Features().inputSchema();
            FeatureReader reader = s.reader("agree", schema,
                    ReadOptions.defaults().whenAbsent(Fill.MISSING).whenNotFound(Fill.MISSING));
            FeatureVector v = schema.newVector();
            for (Map.Entry<String, double[]> e : cli.entrySet()) {
                assertEquals(ReadStatus.FOUND, reader.read(e.getKey(), v), e.getKey());
                for (int f = 0; f < 3; f++) {
                    // The CLI reads doubles and the cache float32: the values here are exact in both.
                    assertEquals(e.getValue()[f], v.get(f), e.getKey() + " feature " + schema.name(f));
                }
            }
        }
    }

    @Test
    void theCliAndTheCachePlaceABadCellOnTheSameLineAndColumn() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "id,a,b,flag\r\n\"two\nlines\",1,2,true\r\nnext,abc,3,false\r\n");
        String place = csv + ", line 4, column 2: ";

        float[][] x = VerdictCliTest.rows(100, 3);
        float[] y = new float[x.length];
        for (int r = 0; r < x.length; r++) {
            y[r] = x[r][0] > 0 ? 1 : 0;
        }
        Path model = dir.resolve("model.json");
        float[][] three = new float[x.length][];
        for (int r = 0; r < x.length; r++) {
            three[r] = new float[] {x[r][0], x[r][1], x[r][2] > 0 ? 1 : 0};
        }
        try (var m = XGBoostOracle.training(three).labels(y).featureNames("a", "b", "flag")
                .param("objective", "binary:logistic").rounds(3).train()) {
            Files.write(model, m.json());
        }
        VerdictCliTest.Result score = VerdictCliTest.run("score", "--model", model.toString(), "--input",
                csv.toString(), "--output", dir.resolve("scores.csv").toString());
        assertEquals(1, score.code());
        assertTrue(score.err().contains(place), score.err());

        Path groupFile = dir.resolve("group.json");
        Files.writeString(groupFile, group().toJson());
        VerdictCliTest.Result load = VerdictCliTest.run("cache", "load", "--store", dir.resolve("store").toString(),
                "--group", groupFile.toString(), "--input", csv.toString());
        assertEquals(1, load.code());
        assertTrue(load.err().contains(place), load.err());
    }
}
