package dev.verdict.samples.quickstart;

import dev.verdict.cache.FeatureGroup;
import dev.verdict.cache.FeatureReader;
import dev.verdict.cache.FeatureStore;
import dev.verdict.cache.FeatureWriter;
import dev.verdict.cache.LoadResult;
import dev.verdict.cache.ReadOptions;
import dev.verdict.cache.ReadStatus;
import dev.verdict.core.Feature;
import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelRegistry;
import dev.verdict.core.ScoreBuffer;
import dev.verdict.core.ScoringSession;
import dev.verdict.loader.ModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A credit decision service's scoring path, end to end, on the UCI credit data: the request brings
 * the credit limit asked for, the applicant's history comes from the feature cache, an XGBoost
 * model scores the two together, and a second model version replaces the first while requests
 * run. The README's examples are excerpts of this file ({@code ReadmeExcerptsTest} keeps them so).
 *
 * <p>Run it with {@code java <the JVM flags in the README> -cp ... Quickstart DATASET WORKDIR}; its
 * test runs it in every build.
 */
public final class Quickstart {
    private Quickstart() {
    }

    /**
     * @param args the UCI credit CSV and a working directory for models and the store
     * @throws Exception if a step fails
     */
    public static void main(String[] args) throws Exception {
        Path dataset = Path.of(args.length > 0 ? args[0] : "datasets/UCI_Credit_Card.csv");
        Path work = Files.createDirectories(Path.of(args.length > 1 ? args[1] : "target/quickstart"));
        Path groupFile = Path.of(args.length > 2 ? args[2] : "samples/quickstart/applicant.json");
        // In a service the model files come from the training pipeline.
        TrainedModels models = TrainedModels.train(dataset, work);
        run(dataset, groupFile, work, models.version1(), models.version2(), models.heldOutIds());
    }

    static Summary run(Path dataset, Path groupFile, Path work, Path creditV1, Path creditV2,
            long[] applicantIds) throws IOException, InterruptedException {
        Path storeDir = work.resolve("store");

        // @start region=schema
        // What a request to the service carries (the credit limit asked for) and what the feature
        // cache adds (the applicant's history), in one schema; names are resolved to indices once.
        FeatureSchema request = FeatureSchema.builder()
                .add(Feature.numeric("LIMIT_BAL").asRequired())
                .numeric("SEX", "EDUCATION", "MARRIAGE", "AGE")
                .numeric("PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6")
                .numeric("BILL_AMT1", "BILL_AMT2", "BILL_AMT3", "BILL_AMT4", "BILL_AMT5", "BILL_AMT6")
                .numeric("PAY_AMT1", "PAY_AMT2", "PAY_AMT3", "PAY_AMT4", "PAY_AMT5", "PAY_AMT6")
                .build();
        int limitBal = request.indexOf("LIMIT_BAL");
        // @end

        // @start region=registry
        ModelRegistry registry = new ModelRegistry();
        ModelHandle credit = registry.register("credit", request);
        credit.publish(ModelLoader.load(creditV1));        // validated against the schema, then live
        // @end

        // @start region=load
        // The nightly batch: a new snapshot of every applicant's history, switched to atomically.
        FeatureGroup applicant = FeatureGroup.read(groupFile);       // typed features, defaults, max age
        try (FeatureWriter writer = FeatureWriter.open(storeDir, applicant)) {
            LoadResult loaded = writer.load(dataset, (done, total) -> { });
            System.out.printf("feature cache: %,d applicants loaded (%,.0f rows/s)%n",
                    loaded.entities(), loaded.rowsPerSecond());
        }
        // @end

        Summary summary = new Summary();
        try (FeatureStore store = FeatureStore.open(storeDir)) {       // any number of reader JVMs
            Runnable requests = () -> {
                // @start region=request
                // Once per request thread: a session, a reader and a vector, reused.
                ScoringSession session = registry.newSession();
                FeatureReader history = store.reader("applicant", credit.requestSchema(),
                        ReadOptions.defaults());
                FeatureVector row = credit.requestSchema().newVector();
                for (long applicantId : applicantIds) {
                    // Per request: 0 bytes allocated from here to the score.
                    row.clear();
                    ReadStatus status = history.read(applicantId, row);  // FOUND, NOT_FOUND or STALE
                    row.set(limitBal, 50_000);                           // from the request itself
                    ScoreBuffer out = session.score(credit, row);        // the version live now
                    summary.record(status, out.score(), out.modelVersion());
                }
                // @end
            };
            Thread first = Thread.ofPlatform().name("requests-1").start(requests);
            // @start region=swap
            // From any thread, while requests run: the new version is checked against the request
            // schema first; requests in flight finish on the version they started with, and the
            // old version is closed when its last request ends.
            credit.publish(ModelLoader.load(creditV2));
            // @end
            first.join();
            requests.run();      // a second pass, all on version 2
        }
        registry.close();
        System.out.printf("scored %,d requests: %,d on version 1, %,d on version 2; %,d applicants"
                + " found in the cache, %,d not found; mean probability of default %.4f%n",
                summary.requests, summary.onVersion1, summary.onVersion2, summary.found,
                summary.notFound, summary.meanScore());
        return summary;
    }

    /** What the requests saw. Written by one thread at a time. */
    static final class Summary {
        long requests;
        long found;
        long notFound;
        long onVersion1;
        long onVersion2;
        double scoreSum;

        synchronized void record(ReadStatus status, double score, long version) {
            requests++;
            if (status == ReadStatus.NOT_FOUND) {
                notFound++;
            } else {
                found++;
            }
            if (version == 1) {
                onVersion1++;
            } else {
                onVersion2++;
            }
            scoreSum += score;
        }

        synchronized double meanScore() {
            return scoreSum / requests;
        }
    }
}
