package dev.verdict.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A session belongs to one thread. Shared by two threads it must never return a wrong score
 * quietly: the second thread's calls throw {@link WrongThreadException}; a session released by
 * its owner and taken by another thread (a pool) keeps working.
 */
class SessionThreadOwnershipTest {
    private final FeatureSchema schema = FeatureSchema.builder().numeric("x", "y").build();
    // Reordered: every call goes through the session's own input vector, the buffer two threads
    // would overwrite for each other.
    private final FeatureSchema modelSchema = FeatureSchema.builder().numeric("y", "x").build();

    @Test
    void twoThreadsSharingASessionGetErrorsNeverWrongScores() throws Exception {
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle h = registry.register("m", schema);
            h.publish(new LinearTestModel(modelSchema, 0.0, 1.0, 1000.0));
            ScoringSession shared = registry.newSession();
            AtomicLong wrong = new AtomicLong();
            AtomicLong rejected = new AtomicLong();
            AtomicLong scored = new AtomicLong();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            CountDownLatch go = new CountDownLatch(1);
            // Both threads stay alive until both are done, so the owner never ends mid-test.
            CountDownLatch finished = new CountDownLatch(2);
            Thread[] threads = new Thread[2];
            for (int t = 0; t < threads.length; t++) {
                double x = t + 1;
                threads[t] = Thread.ofPlatform().start(() -> {
                    FeatureVector row = schema.newVector().set(0, x).set(1, x);
                    try {
                        go.await();
                        for (int i = 0; i < 200_000; i++) {
                            try {
                                if (shared.score(h, row).score() != 1001.0 * x) {
                                    wrong.incrementAndGet();
                                }
                                scored.incrementAndGet();
                            } catch (WrongThreadException e) {
                                rejected.incrementAndGet();
                            }
                        }
                        finished.countDown();
                        finished.await();
                    } catch (Throwable e) {
                        unexpected.set(e);
                    }
                });
            }
            go.countDown();
            for (Thread t : threads) {
                t.join(60_000);
            }
            assertNull(unexpected.get());
            assertEquals(0, wrong.get(), "wrong scores");
            assertEquals(400_000, scored.get() + rejected.get());
            // Exactly one thread owned it the whole time.
            assertEquals(200_000, scored.get());
        }
    }

    @Test
    void theSecondThreadIsToldWhoOwnsTheSessionAndWhatToDo() throws Exception {
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle h = registry.register("m", schema);
            h.publish(new LinearTestModel(modelSchema, 0.0, 1.0, 1000.0));
            ScoringSession session = registry.newSession();
            FeatureVector row = schema.newVector().set(0, 1).set(1, 2);
            CountDownLatch used = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread owner = Thread.ofPlatform().name("request-1").start(() -> {
                session.score(h, row);
                used.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            used.await();
            WrongThreadException e = assertThrows(WrongThreadException.class,
                    () -> session.score(h, row));
            assertEquals("ScoringSession is owned by thread 'request-1' and was called from thread '"
                    + Thread.currentThread().getName() + "'. It belongs to the thread that first used"
                    + " it: give each thread its own, or have the owner call release() before handing"
                    + " it to another thread (a pool)", e.getMessage());
            assertThrows(WrongThreadException.class, session::release);
            assertThrows(WrongThreadException.class, session::close);
            done.countDown();
            owner.join(10_000);
            // Its owner ended: the session is free again.
            assertEquals(1002.0, session.score(h, row).score());
        }
    }

    @Test
    void aPooledSessionMovesBetweenThreadsWhenReleased() throws Exception {
        try (ModelRegistry registry = new ModelRegistry()) {
            ModelHandle h = registry.register("m", schema);
            h.publish(new LinearTestModel(modelSchema, 0.0, 1.0, 1000.0));
            ArrayBlockingQueue<ScoringSession> pool = new ArrayBlockingQueue<>(1);
            pool.add(registry.newSession());
            AtomicLong wrong = new AtomicLong();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                double x = t + 1;
                threads[t] = Thread.ofPlatform().start(() -> {
                    FeatureVector row = schema.newVector().set(0, x).set(1, x);
                    try {
                        for (int i = 0; i < 20_000; i++) {
                            ScoringSession session = pool.take();
                            try {
                                if (session.score(h, row).score() != 1001.0 * x) {
                                    wrong.incrementAndGet();
                                }
                            } finally {
                                session.release();
                                pool.put(session);
                            }
                        }
                    } catch (Throwable e) {
                        unexpected.set(e);
                    }
                });
            }
            for (Thread t : threads) {
                t.join(60_000);
            }
            assertNull(unexpected.get());
            assertEquals(0, wrong.get());
            assertTrue(pool.peek() != null);
        }
    }
}
