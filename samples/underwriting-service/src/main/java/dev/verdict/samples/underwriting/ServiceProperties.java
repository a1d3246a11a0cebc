package dev.verdict.samples.underwriting;

import dev.verdict.cache.Fill;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Everything the service reads from {@code application.properties} (or the environment:
 * {@code VERDICT_MODELS_DIR} sets {@code verdict.models.dir}). Relative paths are relative to the
 * working directory, the module's folder when started with {@code run.sh}.
 *
 * @param policy the decision policy file (JSON, {@link dev.verdict.decision.DecisionPolicy#read})
 * @param models where model files are watched
 * @param cache the feature cache
 * @param request the decision requests
 * @param inference the Open Inference Protocol requests
 * @param demo the first-start data step
 */
@ConfigurationProperties("verdict")
public record ServiceProperties(Path policy, Models models, Cache cache, Request request,
        Inference inference, Demo demo) {

    /** Checks that every setting is there, naming the property that is not. */
    public ServiceProperties {
        required(policy, "verdict.policy");
        required(models, "verdict.models.*");
        required(cache, "verdict.cache.*");
        required(request, "verdict.request.*");
        required(inference, "verdict.inference.*");
        required(demo, "verdict.demo.*");
    }

    static <T> T required(T value, String property) {
        return Objects.requireNonNull(value, () -> "set " + property + " (application.properties"
                + " or the environment)");
    }

    /**
     * The model directory: one folder per model name the policy scores with
     * ({@code DIR/credit/}, {@code DIR/credit-next/}); a new or changed file in it becomes that
     * model's next version.
     *
     * @param dir the directory
     * @param pollInterval how often it is scanned; a file is loaded once its size and time stamp
     *     held still for one interval
     */
    public record Models(Path dir, Duration pollInterval) {
        /** Checks the settings. */
        public Models {
            required(dir, "verdict.models.dir");
            required(pollInterval, "verdict.models.poll-interval");
        }
    }

    /**
     * The feature cache.
     *
     * @param store the store directory (a Chronicle Map file per group, shared by every process)
     * @param group the feature group definition the applicants' history is stored in
     * @param whenNotFound what an unknown applicant's history features become
     * @param whenStale what a record older than the group's maximum age gives
     */
    public record Cache(Path store, Path group, Fill whenNotFound, Fill whenStale) {
        /** Checks the settings. */
        public Cache {
            required(store, "verdict.cache.store");
            required(group, "verdict.cache.group");
            required(whenNotFound, "verdict.cache.when-not-found");
            required(whenStale, "verdict.cache.when-stale");
        }
    }

    /**
     * Decision requests.
     *
     * @param fields the features a request carries itself (all required); every other feature
     *     comes from the feature cache
     * @param maxBody the largest request body accepted
     * @param deciderPool how many idle deciders are kept for reuse (at least the number of
     *     request threads)
     */
    public record Request(List<String> fields, DataSize maxBody, int deciderPool) {
        /** Checks the settings. */
        public Request {
            required(fields, "verdict.request.fields");
            required(maxBody, "verdict.request.max-body");
            fields = List.copyOf(fields);
            if (deciderPool < 1) {
                throw new IllegalArgumentException("set verdict.request.decider-pool to at least the"
                        + " number of request threads, not " + deciderPool);
            }
        }
    }

    /**
     * Open Inference Protocol requests.
     *
     * @param maxBody the largest request body accepted
     * @param maxBatch the most rows one inference request may carry
     */
    public record Inference(DataSize maxBody, int maxBatch) {
        /** Checks the settings. */
        public Inference {
            required(maxBody, "verdict.inference.max-body");
            if (maxBatch < 1) {
                throw new IllegalArgumentException("set verdict.inference.max-batch to the most rows"
                        + " one inference request may carry (at least 1), not " + maxBatch);
            }
        }
    }

    /**
     * The demo's first-start step: load the UCI applicants into the cache when the store has no
     * such group yet, and train the demo models into empty model folders.
     *
     * @param bootstrap whether to run it
     * @param dataset the UCI credit CSV
     */
    public record Demo(boolean bootstrap, Path dataset) {
    }
}
