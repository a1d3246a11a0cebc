package dev.verdict.samples.underwriting.decisions;

import dev.verdict.cache.FeatureStore;
import dev.verdict.cache.ReadOptions;
import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelRegistry;
import dev.verdict.decision.Decider;
import dev.verdict.decision.Decision;
import dev.verdict.decision.DecisionPolicy;
import dev.verdict.samples.underwriting.HandOffPool;
import dev.verdict.samples.underwriting.RequestFields;
import dev.verdict.samples.underwriting.ServiceProperties;
import dev.verdict.samples.underwriting.metrics.ServiceMetrics;
import dev.verdict.samples.underwriting.models.ModelDirectoryWatcher;
import dev.verdict.samples.underwriting.web.JsonBodies;
import dev.verdict.samples.underwriting.web.RequestIds;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/decisions}: the applicant's id and the request's own fields in; the outcome,
 * the deciding rule, every model's score and version, and the feature cache's freshness out.
 *
 * <p>An applicant the cache does not know is decided, not refused: their history features are
 * missing ({@code verdict.cache.when-not-found=MISSING}), the response says
 * {@code NOT_FOUND}, and the shipped policy's {@code no-history} rule refers them to an
 * underwriter. A lender wants a new-to-bank applicant in the manual queue, not a 404 in the
 * origination system, and never approved automatically on imputed history.
 *
 * <p>The decision itself is one {@link Decider#decide(long)} call on a pooled decider (0 bytes
 * allocated); parsing the body and writing the answer are ordinary allocating Java.
 */
@RestController
public final class DecisionController {
    private static final Logger DECISIONS = LoggerFactory.getLogger(
            "dev.verdict.samples.underwriting.decisions");

    private final JsonBodies bodies;
    private final RequestFields fields;
    private final ModelDirectoryWatcher watcher;
    private final ServiceMetrics metrics;
    private final HandOffPool<DecisionWorker> workers;
    private final DataSize maxBody;

    /**
     * Builds the pool of deciders, each with its own feature reader.
     *
     * @param properties the settings
     * @param bodies the body reader
     * @param fields the request schema
     * @param policy the decision policy
     * @param registry the models
     * @param store the feature cache
     * @param readOptions how deciders read it
     * @param watcher the model watcher, which names each version's file
     * @param metrics the service's meters
     */
    public DecisionController(ServiceProperties properties, JsonBodies bodies, RequestFields fields,
            DecisionPolicy policy, ModelRegistry registry, FeatureStore store,
            ReadOptions readOptions, ModelDirectoryWatcher watcher, ServiceMetrics metrics) {
        this.bodies = bodies;
        this.fields = fields;
        this.watcher = watcher;
        this.metrics = metrics;
        this.maxBody = properties.request().maxBody();
        List<String> models = watcher.names();
        ModelHandle[] handles = models.stream().map(registry::handle).toArray(ModelHandle[]::new);
        Timer[] timers = models.stream().map(metrics::modelTimer).toArray(Timer[]::new);
        // Built now, so that a policy naming an unknown feature or model stops the start.
        this.workers = new HandOffPool<>(properties.request().deciderPool(), 4,
                () -> new DecisionWorker(Decider.builder(policy, registry)
                        .features(store.reader(fields.cacheGroup(), fields.schema(), readOptions))
                        .build(), registry, timers, handles),
                DecisionWorker::release);
    }

    /**
     * Decides one application.
     *
     * @param request the HTTP request, whose body is read here (with its size limit)
     * @return the decision
     */
    @PostMapping(path = "/v1/decisions", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public DecisionResponse decide(HttpServletRequest request) {
        DecisionRequest application = DecisionRequest.parse(bodies.read(request, maxBody), fields);
        DecisionWorker worker = workers.take();
        try {
            application.applyTo(worker.decider.begin());
            long start = System.nanoTime();
            Decision d = worker.decider.decide(application.applicantId());
            long nanos = System.nanoTime() - start;
            metrics.recordDecision(d, nanos);
            DecisionResponse response = DecisionResponse.of(RequestIds.of(request),
                    application.applicantId(), d, watcher);
            worker.sampleModelLatency(d);
            if (DECISIONS.isDebugEnabled()) {
                DECISIONS.atDebug().setMessage("decided").addKeyValue("applicantId", application.applicantId())
                        .addKeyValue("outcome", d.outcome()).addKeyValue("rule", d.rule())
                        .addKeyValue("score", d.score()).addKeyValue("decision", d.toString())
                        .addKeyValue("micros", nanos / 1_000).log();
            }
            return response;
        } finally {
            workers.giveBack(worker);
        }
    }
}
