package dev.verdict.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature cache's Javadoc examples run on a real store. */
class SnippetsTest {

    @Test
    void theExamplesRun(@TempDir Path dir) throws Exception {
        FeatureGroup group = Snippets.group();
        Path csv = Files.writeString(dir.resolve("applicants.csv"),
                "id,bureau_score,region,has_mortgage,LIMIT_BAL\n1,700,2,true,50000\n2,650,1,false,20000\n");
        Path store = dir.resolve("store");
        long now = System.currentTimeMillis();
        // Loaded rows are stamped with the load's start: the upsert and merge come later.
        Snippets.writer(store, group, csv, 1, now + 60_000, now + 60_001);
        try (FeatureWriter writer = FeatureWriter.open(store, group)) {
            Snippets.record(writer, group, 3, now);
            Snippets.merge(writer, 3, now + 5);
            CsvLoadException strict = assertThrows(CsvLoadException.class, () -> Snippets.strict(writer, csv));
            assertEquals(true, strict.getMessage().contains("LIMIT_BAL"), strict.getMessage());
        }
        FeatureSchema request = FeatureSchema.of(List.of(Feature.numeric("amount"),
                Feature.numeric("bureau_score"), Feature.categorical("region"), Feature.bool("has_mortgage")));
        FeatureVector row = request.newVector();
        Snippets.store(store, request, row, 1);
        assertEquals(712, row.get(1), "the upsert after the load");
        assertEquals(3, row.get(2), "the merge kept the score and changed the region");
        try (FeatureStore s = FeatureStore.open(store)) {
            Snippets.reader(s, request, 3, 0, 15_000);
            FeatureReader strict = s.reader("applicant", request, Snippets.readOptions());
            assertThrows(EntityNotFoundException.class, () -> strict.read(99, request.newVector()));
        }
    }
}
