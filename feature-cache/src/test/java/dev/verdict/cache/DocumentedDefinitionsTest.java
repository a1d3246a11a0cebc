package dev.verdict.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group definitions the documentation shows are what the code reads: every JSON block of
 * docs/feature-cache.md and the README parses, the complete example means what the field table
 * says, and the UCI example loads the real dataset as described (its {@code ID} column, its extra
 * columns, no event-time column).
 */
class DocumentedDefinitionsTest {
    static final Path DOCS = Path.of("../docs/feature-cache.md");
    static final Path README = Path.of("../README.md");
    static final Path UCI = Path.of("../datasets/UCI_Credit_Card.csv");

    @TempDir
    Path dir;

    static List<String> jsonBlocks(Path markdown) throws Exception {
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(markdown));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void everyDocumentedDefinitionParses() throws Exception {
        List<String> blocks = new ArrayList<>(jsonBlocks(DOCS));
        assertEquals(2, blocks.size(), "the complete example and the UCI one");
        // The README's other JSON (a decision, a policy) is not a group definition.
        jsonBlocks(README).stream().filter(b -> b.contains("\"features\"")).forEach(blocks::add);
        assertTrue(blocks.size() >= 3, "the README shows a definition too");
        for (String json : blocks) {
            FeatureGroup.fromJson(json);
        }
    }

    @Test
    void theCompleteExampleMeansWhatTheFieldTableSays() throws Exception {
        FeatureGroup g = FeatureGroup.fromJson(jsonBlocks(DOCS).get(0));
        assertEquals("applicant", g.name());
        assertEquals(KeyType.STRING, g.keyType());
        assertEquals(24, g.maxKeyBytes());
        assertEquals(2_000_000, g.capacity());
        assertEquals(Duration.ofHours(36), g.maxAge());
        assertEquals("application_id", g.idColumn());
        assertEquals("computed_at", g.eventTimeColumn());
        assertEquals(List.of(
                new GroupFeature("bureau_score", ValueType.FLOAT32, Double.NaN),
                new GroupFeature("utilization", ValueType.FLOAT32, 0),
                new GroupFeature("delinquencies", ValueType.INT32, 0),
                new GroupFeature("region", ValueType.CATEGORICAL, 0),
                new GroupFeature("has_mortgage", ValueType.BOOLEAN, 0)), g.features());

        FeatureGroup defaults = FeatureGroup.fromJson("{\"name\": \"d\", \"features\": [{\"name\": \"x\"}]}");
        assertEquals(KeyType.LONG, defaults.keyType());
        assertEquals(8, defaults.maxKeyBytes());
        assertEquals(1_000_000, defaults.capacity());
        assertEquals(Duration.ofDays(1), defaults.maxAge());
        assertEquals("id", defaults.idColumn());
        assertEquals("event_time", defaults.eventTimeColumn());
        assertEquals(new GroupFeature("x", ValueType.FLOAT32, Double.NaN), defaults.features().get(0));
        assertEquals(64, FeatureGroup.fromJson("{\"name\": \"s\", \"key\": \"string\", \"features\": [{\"name\": \"x\"}]}")
                .maxKeyBytes());

        FeatureStoreException typo = assertThrows(FeatureStoreException.class, () -> FeatureGroup.fromJson(
                "{\"name\": \"d\", \"features\": [{\"name\": \"x\", \"defualt\": 1}]}"));
        assertTrue(typo.getMessage().contains("features[0] has an unknown field 'defualt'"), typo.getMessage());
    }

    @Test
    void theUciExampleLoadsTheDatasetByItsIdColumnAndStampsRowsWithTheLoadTime() throws Exception {
        String json = jsonBlocks(DOCS).get(1);
        FeatureGroup g = FeatureGroup.fromJson(json);
        assertEquals("ID", g.idColumn());
        long before = System.currentTimeMillis();
        try (FeatureWriter w = FeatureWriter.open(dir, g); FeatureStore s = FeatureStore.open(dir)) {
            LoadResult r = w.load(UCI, LoadListener.NONE);
            long after = System.currentTimeMillis();
            assertEquals(30_000, r.rows());
            assertEquals(30_000, r.entities());
            assertEquals(19, r.ignoredColumns().size(), r.ignoredColumns().toString());
            assertTrue(r.ignoredColumns().contains("default.payment.next.month"));
            FeatureSchema schema = FeatureSchema.builder().numeric("LIMIT_BAL", "AGE", "PAY_0").build();
            FeatureReader reader = s.reader(g.name(), schema, ReadOptions.defaults());
            FeatureVector v = schema.newVector();
            assertEquals(ReadStatus.FOUND, reader.read(1, v));
            assertEquals(List.of(20_000.0, 24.0, 2.0), List.of(v.get(0), v.get(1), v.get(2)));
            long stamped = reader.lastEventTimeMillis();
            assertTrue(stamped >= before && stamped <= after, "no event-time column: the load's start time");
        }
        FeatureGroup byDefault = FeatureGroup.fromJson(json.replace("\"idColumn\": \"ID\",", ""));
        assertEquals("id", byDefault.idColumn());
        Path other = dir.resolve("other");
        try (FeatureWriter w = FeatureWriter.open(other, byDefault)) {
            CsvLoadException e = assertThrows(CsvLoadException.class, () -> w.load(UCI, LoadListener.NONE));
            assertTrue(e.getMessage().endsWith("no 'id' column (the group's id column); the file has 'ID': name it"
                    + " in the group definition (\"idColumn\": \"ID\")"), e.getMessage());
            String documented = Files.readString(DOCS).replaceAll("\\s+", " ");
            assertTrue(documented.contains(e.getMessage().substring(e.getMessage().indexOf("no 'id'"))),
                    "the documentation quotes the message");
        }
        FeatureGroup int32Limit = FeatureGroup.fromJson(json.replace(
                "{\"name\": \"LIMIT_BAL\", \"type\": \"float32\"}", "{\"name\": \"LIMIT_BAL\", \"type\": \"int32\"}"));
        assertFalse(int32Limit.equals(g));
        try (FeatureWriter w = FeatureWriter.open(dir.resolve("int32"), int32Limit)) {
            CsvLoadException e = assertThrows(CsvLoadException.class, () -> w.load(UCI, LoadListener.NONE));
            assertTrue(e.getMessage().contains("'5e+05' is not an int32 value"), "why LIMIT_BAL is float32: "
                    + e.getMessage());
        }
    }
}
