package dev.verdict.samples.underwriting.batch;

import dev.verdict.cache.FeatureGroup;
import dev.verdict.cache.FeatureWriter;
import dev.verdict.cache.LoadResult;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch step that fills the feature cache: an extract of the UCI file with the id column and
 * the group's features only (the credit limit is the request's, the label is the future, and sex
 * and marital status are never stored), bulk-loaded into a new snapshot that readers switch to
 * when it is complete. A lender runs this nightly from its own pipeline, in its own process: the
 * store is shared memory-mapped files, so the service keeps serving meanwhile.
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
        Path extract = extract(dataset, group, store.resolveSibling(group.name() + "-extract.csv"));
        try (FeatureWriter writer = FeatureWriter.open(store, group)) {
            LoadResult loaded = writer.load(extract, (done, total) -> { });
            LOG.atInfo().setMessage("applicants loaded into the feature cache")
                    .addKeyValue("group", group.name()).addKeyValue("entities", loaded.entities())
                    .addKeyValue("rowsPerSecond", Math.round(loaded.rowsPerSecond()))
                    .addKeyValue("generation", loaded.generation()).addKeyValue("dataset", dataset)
                    .log();
            return loaded;
        } finally {
            deleteQuietly(extract);
        }
    }

    /** Writes the id column and the group's feature columns of {@code dataset} to {@code out}. */
    static Path extract(Path dataset, FeatureGroup group, Path out) {
        try (BufferedReader in = Files.newBufferedReader(dataset, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                throw new IllegalArgumentException(dataset + " is empty");
            }
            List<String> header = Arrays.stream(headerLine.split(","))
                    .map(h -> h.replace("\"", "").trim()).toList();
            List<String> wanted = new ArrayList<>();
            wanted.add(group.idColumn());
            group.features().forEach(f -> wanted.add(f.name()));
            int[] columns = new int[wanted.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = header.indexOf(wanted.get(i));
                if (columns[i] < 0) {
                    throw new IllegalArgumentException(dataset + " has no column '" + wanted.get(i)
                            + "', which group '" + group.name() + "' needs");
                }
            }
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                w.write(String.join(",", wanted));
                w.newLine();
                String line;
                StringBuilder row = new StringBuilder();
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] cells = line.split(",", -1);
                    row.setLength(0);
                    for (int i = 0; i < columns.length; i++) {
                        row.append(i == 0 ? "" : ",").append(cells[columns[i]]);
                    }
                    w.write(row.toString());
                    w.newLine();
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + dataset + " into " + out, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.atWarn().setMessage("could not delete the extract").addKeyValue("file", file).log();
        }
    }
}
