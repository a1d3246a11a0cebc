package dev.verdict.cache;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The examples in the feature cache's Javadoc, compiled with the tests so that an example that no
 * longer matches the API fails the build; {@code SnippetsTest} runs them on a real store.
 */
@SuppressWarnings("unused")
final class Snippets {
    private Snippets() {
    }

    static FeatureGroup group() {
        // @start region=group
        FeatureGroup applicant = FeatureGroup.builder("applicant")
                .keyType(KeyType.LONG)
                .maxAge(Duration.ofDays(1))
                .capacity(1_000_000)
                .float32("bureau_score", Double.NaN)
                .categorical("region", 0)
                .bool("has_mortgage", 0)
                .build();
        // @end
        return applicant;
    }

    static void writer(Path storeDir, FeatureGroup applicantGroup, Path csv, long applicantId,
            long eventTimeMillis, long laterMillis) {
        // @start region=writer
        try (FeatureWriter writer = FeatureWriter.open(storeDir, applicantGroup)) {
            writer.load(csv, (done, total) -> System.err.printf("%,d / %,d%n", done, total));
            FeatureRecord record = writer.newRecord();
            record.clear().set("bureau_score", 712);
            writer.upsert(applicantId, eventTimeMillis, record);   // acknowledged when it returns
            writer.merge(applicantId, laterMillis, record.clear().set("region", 3)); // the rest stays
        }
        // @end
    }

    static void record(FeatureWriter writer, FeatureGroup group, long applicantId, long eventTimeMillis) {
        // @start region=record
        FeatureRecord record = writer.newRecord();          // once per writer thread
        int score = group.indexOf("bureau_score");          // once
        record.clear().set(score, 712).set("region", 3);
        writer.upsert(applicantId, eventTimeMillis, record); // the whole record: other features absent
        writer.merge(applicantId, eventTimeMillis, record);  // only bureau_score and region change
        // @end
    }

    static void merge(FeatureWriter writer, long applicantId, long eventTimeMillis) {
        // @start region=merge
        FeatureRecord change = writer.newRecord();
        writer.merge(applicantId, eventTimeMillis, change.clear().set("bureau_score", 698));
        // @end
    }

    static LoadResult strict(FeatureWriter writer, Path csv) {
        // @start region=loadOptions
        LoadResult result = writer.load(csv, LoadOptions.defaults().strictColumns(true), LoadListener.NONE);
        // @end
        return result;
    }

    static void store(Path dir, FeatureSchema requestSchema, FeatureVector row, long applicantId) {
        // @start region=store
        try (FeatureStore store = FeatureStore.open(dir)) {
            store.pretouch("applicant");                       // no page faults on first requests
            FeatureReader reader = store.reader("applicant", requestSchema, ReadOptions.defaults());
            ReadStatus status = reader.read(applicantId, row);  // 0 bytes allocated
        }
        // @end
    }

    static void reader(FeatureStore store, FeatureSchema requestSchema, long applicantId,
            int amountIndex, double requestedAmount) {
        // @start region=reader
        // Made with the schema of the vectors it fills: the request schema a model is registered with.
        FeatureReader applicants = store.reader("applicant", requestSchema, ReadOptions.defaults());
        FeatureVector row = requestSchema.newVector();
        // per request:
        row.clear();
        ReadStatus status = applicants.read(applicantId, row);   // FOUND, NOT_FOUND or STALE
        row.set(amountIndex, requestedAmount);                    // features from the request itself
        // @end
    }

    static ReadOptions readOptions() {
        // @start region=readOptions
        ReadOptions options = ReadOptions.defaults()
                .whenNotFound(Fill.DEFAULTS)
                .whenStale(Fill.MISSING);
        ReadOptions strict = ReadOptions.defaults()   // no score from an unknown or outdated entity
                .failIfNotFound(true)
                .failIfStale(true);
        // @end
        return strict;
    }
}
