package dev.verdict.samples.underwriting.metrics;

import dev.verdict.cache.ReadStatus;
import dev.verdict.decision.Decision;
import dev.verdict.decision.DecisionPolicy;
import dev.verdict.decision.Outcome;
import dev.verdict.samples.underwriting.RequestFields;
import dev.verdict.samples.underwriting.models.ModelDirectoryWatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.stereotype.Component;

/**
 * The service's own meters, on top of Spring's {@code http.server.requests}: every meter is
 * registered when the service starts (a counter per outcome and rule, per cache status, a timer
 * per model), so recording a decision is array and map reads plus atomic adds, and every series
 * exists, at 0, before the first request.
 *
 * <ul>
 *   <li>{@code verdict.decision.latency}: {@code Decider.decide} (cache read, every model, the
 *       policy), a histogram;
 *   <li>{@code verdict.model.latency{model}}: one model's score, timed on every 32nd decision by
 *       scoring the decision's features again (the decider scores all models in one call);
 *   <li>{@code verdict.cache.reads{group,status}}: FOUND, STALE, NOT_FOUND;
 *   <li>{@code verdict.decisions{outcome,rule}};
 *   <li>{@code verdict.model.serving.version{model}}, {@code verdict.model.reloads{model}},
 *       {@code verdict.model.rejections{model}}, from the model watcher.
 * </ul>
 *
 * <p>Beside the timer, decision times go into an HdrHistogram {@link Recorder} (wait-free,
 * allocation-free), read exactly by the {@code latency} actuator endpoint: Prometheus buckets are
 * for dashboards, the recorder for a load test's p99.
 */
@Component
public final class ServiceMetrics {
    private final Timer decisionTimer;
    private final Map<String, Timer> modelTimers = new HashMap<>();
    private final Counter[] cacheReads;
    private final Map<String, Counter[]> decisionsByRule = new HashMap<>();
    private final Recorder decisionRecorder = new Recorder(TimeUnit.MINUTES.toNanos(1), 3);
    private final Histogram decisionsSinceReset = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);

    /**
     * Registers every meter.
     *
     * @param registry Micrometer's registry
     * @param policy names the rules
     * @param fields names the cache group
     * @param watcher the model watcher, whose state the model meters read
     */
    public ServiceMetrics(MeterRegistry registry, DecisionPolicy policy, RequestFields fields,
            ModelDirectoryWatcher watcher) {
        this.decisionTimer = Timer.builder("verdict.decision.latency")
                .description("Decider.decide: feature-cache read, every model, the policy")
                .publishPercentileHistogram().register(registry);
        for (String model : watcher.names()) {
            modelTimers.put(model, Timer.builder("verdict.model.latency").tag("model", model)
                    .description("one model's score of a decision's features (every 32nd decision)")
                    .publishPercentileHistogram().register(registry));
            Gauge.builder("verdict.model.serving.version", watcher, w -> w.servingVersion(model))
                    .tag("model", model).description("the version serving now")
                    .register(registry);
            FunctionCounter.builder("verdict.model.reloads", watcher, w -> w.reloads(model))
                    .tag("model", model).description("model files published as new versions")
                    .register(registry);
            FunctionCounter.builder("verdict.model.rejections", watcher, w -> w.rejections(model))
                    .tag("model", model).description("model files rejected (the serving version kept serving)")
                    .register(registry);
        }
        ReadStatus[] statuses = ReadStatus.values();
        this.cacheReads = new Counter[statuses.length];
        for (ReadStatus s : statuses) {
            cacheReads[s.ordinal()] = Counter.builder("verdict.cache.reads")
                    .tag("group", fields.cacheGroup()).tag("status", s.name())
                    .description("feature-cache reads by what they found").register(registry);
        }
        List<String> rules = new ArrayList<>(policy.ruleIds());
        rules.add(Decision.OTHERWISE);
        for (String rule : rules) {
            Counter[] byOutcome = new Counter[Outcome.values().length];
            for (Outcome o : Outcome.values()) {
                byOutcome[o.ordinal()] = Counter.builder("verdict.decisions")
                        .tag("outcome", o.name()).tag("rule", rule)
                        .description("decisions by outcome and deciding rule").register(registry);
            }
            decisionsByRule.put(rule, byOutcome);
        }
    }

    /**
     * Records one decision.
     *
     * @param decision what was decided
     * @param nanos how long {@code decide} took
     */
    public void recordDecision(Decision decision, long nanos) {
        decisionTimer.record(nanos, TimeUnit.NANOSECONDS);
        decisionRecorder.recordValue(Math.min(nanos, TimeUnit.MINUTES.toNanos(1)));
        for (int g = 0; g < decision.groupCount(); g++) {
            ReadStatus s = decision.freshness(g);
            if (s != null) {
                cacheReads[s.ordinal()].increment();
            }
        }
        decisionsByRule.get(decision.rule())[decision.outcome().ordinal()].increment();
    }

    /**
     * {@return the timer of one model's scores}
     *
     * @param model a watched model's name
     */
    public Timer modelTimer(String model) {
        return modelTimers.get(model);
    }

    /**
     * {@return decision times recorded since the last {@link #resetDecisionLatency()}, in ns}
     */
    public synchronized Histogram decisionLatency() {
        decisionsSinceReset.add(decisionRecorder.getIntervalHistogram());
        return decisionsSinceReset.copy();
    }

    /** Starts a new measuring interval for {@link #decisionLatency()}. */
    public synchronized void resetDecisionLatency() {
        decisionRecorder.getIntervalHistogram();
        decisionsSinceReset.reset();
    }
}
