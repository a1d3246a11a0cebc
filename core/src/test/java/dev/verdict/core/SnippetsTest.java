package dev.verdict.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import org.junit.jupiter.api.Test;

/** The Javadoc examples of {@link Snippets} run, not only compile. */
class SnippetsTest {

    @Test
    void theExamplesRun() throws Exception {
        FeatureSchema schema = Snippets.schema();
        Snippets.features();
        assertTrue(Snippets.sameLayout());
        Snippets.vector(schema);
        try (ModelRegistry registry = new ModelRegistry()) {
            Model sum = new Snippets.SumModel(schema);
            FeatureVector row = schema.newVector().set(0, 1).set(1, 2);
            Snippets.registry(schema, sum, new Snippets.SumModel(schema), row);
            ModelHandle credit = registry.register("credit", schema);
            credit.publish(sum);
            Snippets.session(registry, credit);
            ScoringSession session = registry.newSession();
            Snippets.scoreBuffer(session, credit, row);
            Snippets.batch(schema, List.of(new Snippets.Applicant(1), new Snippets.Applicant(2)),
                    session, credit);
            Snippets.scorer(sum);
            session.release();
            ArrayBlockingQueue<ScoringSession> pool = new ArrayBlockingQueue<>(1);
            pool.put(session);
            Snippets.pooled(pool, credit, row);
            assertEquals(3.0, pool.take().score(credit, row).score());
        }
        Snippets.Confined confined = new Snippets.Confined();
        assertEquals(4.0, confined.work(2));
        Thread other = Thread.ofPlatform().start(() ->
                assertThrows(WrongThreadException.class, () -> confined.work(1)));
        other.join();
    }
}
