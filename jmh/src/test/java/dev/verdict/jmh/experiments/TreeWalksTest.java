package dev.verdict.jmh.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The experiment's walks stand for the engine's only while they compute what it computes: built
 * from the same trees, each must give the engine's sum, bit for bit, on every row (missing values
 * in both directions included), or its timings in {@code docs/tree-engine-speed.md} mean nothing.
 */
class TreeWalksTest {
    @Test
    void everyWalkSumsEachRowExactlyAsTheEngineDoes() {
        assertEquals(1024, TreeWalks.check(new TreeWalks.Inputs()));
    }
}
