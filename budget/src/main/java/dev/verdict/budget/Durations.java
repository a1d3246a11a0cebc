package dev.verdict.budget;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Latencies and durations as people write them: {@code 50us}, {@code 1.5ms}, {@code 20s}. */
final class Durations {
    private static final Pattern TEXT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|µs|ms|s|m)\\s*");

    private Durations() {
    }

    /** @return nanoseconds, or -1 when the text is not a number with one of the units above */
    static long parseNanos(String text) {
        Matcher m = TEXT.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        double v = Double.parseDouble(m.group(1));
        double scale = switch (m.group(2)) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> throw new AssertionError(m.group(2));
        };
        return Math.round(v * scale);
    }

    /** @return a latency in the unit that keeps three significant digits readable */
    static String nanos(double ns) {
        if (ns < 1_000) {
            return String.format("%.0f ns", ns);
        }
        if (ns < 1_000_000) {
            return String.format(ns < 10_000 ? "%.2f µs" : ns < 100_000 ? "%.1f µs" : "%.0f µs", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(ns < 10_000_000 ? "%.2f ms" : "%.1f ms", ns / 1e6);
        }
        return String.format("%.2f s", ns / 1e9);
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
