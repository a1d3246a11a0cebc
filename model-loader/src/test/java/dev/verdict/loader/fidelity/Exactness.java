package dev.verdict.loader.fidelity;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** Bit-for-bit comparison of Verdict's outputs with a native library's, every row. */
public final class Exactness {
    private Exactness() {
    }

    /** Float32 outputs: Verdict's doubles must be exactly the native floats (same bits, -0.0 too). */
    public static void assertFloatsIdentical(String what, float[][] expected, double[][] actual) {
        List<String> mismatches = new ArrayList<>();
        int total = 0;
        for (int r = 0; r < expected.length; r++) {
            if (expected[r].length != actual[r].length) {
                fail(what + ": row " + r + " has " + actual[r].length + " outputs, native "
                        + expected[r].length);
            }
            for (int k = 0; k < expected[r].length; k++) {
                total++;
                float a = (float) actual[r][k];
                boolean exactFloat = (double) a == actual[r][k] || Double.isNaN(actual[r][k]);
                if (!exactFloat || Float.floatToIntBits(a) != Float.floatToIntBits(expected[r][k])) {
                    mismatches.add("row " + r + "[" + k + "]: native " + expected[r][k]
                            + " (" + Integer.toHexString(Float.floatToRawIntBits(expected[r][k]))
                            + "), verdict " + actual[r][k]);
                }
            }
        }
        report(what, mismatches, total);
    }

    /** Double outputs, bit for bit. */
    public static void assertDoublesIdentical(String what, double[][] expected, double[][] actual) {
        List<String> mismatches = new ArrayList<>();
        int total = 0;
        for (int r = 0; r < expected.length; r++) {
            if (expected[r].length != actual[r].length) {
                fail(what + ": row " + r + " has " + actual[r].length + " outputs, native "
                        + expected[r].length);
            }
            for (int k = 0; k < expected[r].length; k++) {
                total++;
                if (Double.doubleToLongBits(expected[r][k]) != Double.doubleToLongBits(actual[r][k])) {
                    mismatches.add("row " + r + "[" + k + "]: native " + expected[r][k]
                            + ", verdict " + actual[r][k] + " (" + Math.abs(expected[r][k] - actual[r][k])
                            / Math.ulp(expected[r][k]) + " ulp)");
                }
            }
        }
        report(what, mismatches, total);
    }

    private static void report(String what, List<String> mismatches, int total) {
        if (!mismatches.isEmpty()) {
            fail(what + ": " + mismatches.size() + " of " + total + " values differ; first: "
                    + String.join("; ", mismatches.subList(0, Math.min(5, mismatches.size()))));
        }
    }
}
