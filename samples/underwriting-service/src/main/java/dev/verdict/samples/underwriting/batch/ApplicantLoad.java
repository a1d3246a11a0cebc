package dev.verdict.samples.underwriting.batch;

import dev.verdict.cache.FeatureGroup;
import dev.verdict.cache.FeatureWriter;
import dev.verdict.cache.LoadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch step that fills the feature cache: the UCI file bulk-loaded into a new snapshot of the
 * group, which readers switch to when it is complete. The load takes the id column and the group's
 * features and ignores the other columns, naming them in the log: the credit limit (the request's
 * own field), the label (the future), and sex and marital status, which are never stored. A lender
 * runs this nightly from its own pipeline, in its own process: the store is shared memory-mapped
 * files, so the service keeps serving meanwhile.
 */
public final class ApplicantLoad {
    private static final Logger LOG = LoggerFactory.getLogger(ApplicantLoad.class);

    private ApplicantLoad() {
    }

    /**
     * Loads {@code dataset} into the group unless the store's group already holds applicants (a
     * group left empty by a failed load is loaded again).
     *
     * @param store the store directory
     * @param group the group definition
     * @param dataset a CSV with the group's id column and features
     * @return what the load did, or empty when the group already held applicants
     */
    public static Optional<LoadResult> loadIfEmpty(Path store, FeatureGroup group, Path dataset) {
        if (Files.exists(store.resolve(group.name()).resolve("control"))) {
            long entries;
            try (FeatureWriter writer = FeatureWriter.open(store, group)) {
                entries = writer.stats().entries();
            }
            if (entries > 0) {
                LOG.atInfo().setMessage("feature cache already holds applicants; not loading")
                        .addKeyValue("group", group.name()).addKeyValue("entries", entries)
                        .addKeyValue("store", store).log();
                return Optional.empty();
            }
        }
        return Optional.of(load(store, group, dataset));
    }

    /**
     * Loads {@code dataset} into a new snapshot of the group (creating store and group if needed).
     *
     * @param store the store directory
     * @param group the group definition
     * @param dataset a CSV with the group's id column and features
     * @return what the load did
     */
    public static LoadResult load(Path store, FeatureGroup group, Path dataset) {
        try (FeatureWriter writer = FeatureWriter.open(store, group)) {
            LoadResult loaded = writer.load(dataset, (done, total) -> { });
            LOG.atInfo().setMessage("applicants loaded into the feature cache")
                    .addKeyValue("group", group.name()).addKeyValue("entities", loaded.entities())
                    .addKeyValue("rowsPerSecond", Math.round(loaded.rowsPerSecond()))
                    .addKeyValue("generation", loaded.generation()).addKeyValue("dataset", dataset)
                    .addKeyValue("ignoredColumns", loaded.ignoredColumns()).log();
            return loaded;
        }
    }
}
