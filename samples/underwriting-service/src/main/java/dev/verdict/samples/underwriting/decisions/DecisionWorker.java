package dev.verdict.samples.underwriting.decisions;

import dev.verdict.core.ModelHandle;
import dev.verdict.core.ModelRegistry;
import dev.verdict.core.ScoringSession;
import dev.verdict.decision.Decider;
import dev.verdict.decision.Decision;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * A pooled {@link Decider}, and a scoring session that times each model on every
 * {@value #TIMED_EVERY}th decision: the decider scores every model in one call, so a model's own
 * time is measured by scoring the decision's features once more, on a sample, off the decision
 * itself (the decision is already made, the response not yet sent).
 */
final class DecisionWorker {
    static final int TIMED_EVERY = 32;

    final Decider decider;
    private final ScoringSession timing;
    private final ModelHandle[] handles;
    private final Timer[] timers;
    private int untimed;

    DecisionWorker(Decider decider, ModelRegistry registry, Timer[] timers, ModelHandle[] handles) {
        this.decider = decider;
        this.timing = registry.newSession();
        this.handles = handles;
        this.timers = timers;
    }

    /** Times every model on the decision's features, on one decision in {@value #TIMED_EVERY}. */
    void sampleModelLatency(Decision d) {
        if (++untimed < TIMED_EVERY) {
            return;
        }
        untimed = 0;
        for (int m = 0; m < handles.length; m++) {
            long start = System.nanoTime();
            timing.score(handles[m], d.features());
            timers[m].record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Ends the calling thread's ownership of the decider and the session. */
    void release() {
        decider.release();
        timing.release();
    }
}
