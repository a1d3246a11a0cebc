package dev.verdict.loader.internal.trees;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused walk compares int keys instead of floats; the two orders must agree everywhere. */
class OrderKeyTest {
    private static final float[] SPECIAL = {
        Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1f, -Float.MIN_NORMAL, -Float.MIN_VALUE, -0f,
        0f, Float.MIN_VALUE, Float.MIN_NORMAL, Math.nextDown(1f), 1f, Math.nextUp(1f),
        Float.MAX_VALUE, Float.POSITIVE_INFINITY,
    };

    @Test
    void keyOrderIsFloatOrderForSpecialValues() {
        for (float a : SPECIAL) {
            for (float b : SPECIAL) {
                assertEquals(a <= b, PerfectLayout.key(a) <= PerfectLayout.key(b), a + " <= " + b);
            }
        }
    }

    @Test
    void keyOrderIsFloatOrderForRandomBitPatterns() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000_000; i++) {
            float a = Float.intBitsToFloat(random.nextInt());
            float b = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt())
                    : Math.nextUp(a) * (random.nextBoolean() ? 1 : -1);
            if (Float.isNaN(a) || Float.isNaN(b)) {
                continue; // NaN never reaches a comparison: it is replaced by ±∞ first
            }
            assertEquals(a <= b, PerfectLayout.key(a) <= PerfectLayout.key(b), a + " <= " + b);
        }
    }
}
