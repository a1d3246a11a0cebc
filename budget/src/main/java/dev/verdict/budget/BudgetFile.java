package dev.verdict.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Budgets as a file: defaults for the load, then one budget per path, each with its own load if
 * it differs, its limits, and the baselines to run beside it.
 *
 * {@snippet lang=json :
 * {
 *   "defaults": {"rate": 5000, "threads": 2, "warmup": "5s", "duration": "20s"},
 *   "budgets": [
 *     {"path": "decision", "limits": {"p99": "50us", "bytesPerOp": 0},
 *      "baselines": ["decision-xgboost4j", "decision-redis"]},
 *     {"path": "trees", "limits": {"p50": "5us", "p99": "20us", "bytesPerOp": 0}},
 *     {"path": "cache-read", "rate": 10000, "limits": {"p99": "10us", "bytesPerOp": 0}}
 *   ]
 * }
 * }
 *
 * <p>Latencies are numbers with a unit ({@code ns}, {@code us}, {@code µs}, {@code ms}, {@code s});
 * durations too ({@code "20s"}) or ISO-8601 ({@code "PT20S"}). Limits: {@code p50}, {@code p99},
 * {@code p99.9}, {@code max}, {@code bytesPerOp}; any may be left out.
 *
 * @param budgets the budgets, in file order
 */
public record BudgetFile(List<Budget> budgets) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One path's budget.
     *
     * @param path the path's name
     * @param load how to drive it
     * @param limits what it must hold
     * @param baselines paths to drive beside it with the same load, for comparison
     */
    public record Budget(String path, Load load, Limits limits, List<String> baselines) {
    }

    /** A budget file that cannot be used; the message names the field. */
    public static final class BudgetFileException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Reads a budget file.
     *
     * @param file the file
     * @param known the paths that can be driven
     * @param overrides load settings given on the command line (null fields keep the file's)
     * @return the budgets
     * @throws BudgetFileException naming the file and the field at fault
     */
    public static BudgetFile read(Path file, Set<String> known, LoadOverrides overrides) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BudgetFileException(file + ": cannot read: " + e, e);
        }
        return parse(text, file.toString(), known, overrides);
    }

    /**
     * Parses a budget file.
     *
     * @param json the budgets as JSON
     * @param source what to call them in error messages
     * @param known the paths that can be driven
     * @param overrides load settings given on the command line (null fields keep the file's)
     * @return the budgets
     * @throws BudgetFileException naming the source and the field at fault
     */
    public static BudgetFile parse(String json, String source, Set<String> known,
            LoadOverrides overrides) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BudgetFileException(source + ", line " + e.getLocation().getLineNr()
                    + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        try {
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("a budget file is a JSON object");
            }
            allowOnly(root, "", Set.of("defaults", "budgets"));
            JsonNode defaults = root.path("defaults");
            JsonNode list = root.get("budgets");
            if (list == null || !list.isArray() || list.isEmpty()) {
                throw new IllegalArgumentException("'budgets' must be a non-empty array");
            }
            List<Budget> budgets = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String at = "budgets[" + i + "]";
                JsonNode b = list.get(i);
                if (!b.isObject()) {
                    throw new IllegalArgumentException(at + " must be an object");
                }
                allowOnly(b, at + ".", Set.of("path", "rate", "threads", "warmup", "duration",
                        "limits", "baselines"));
                String path = text(b, "path", at);
                if (!known.contains(path)) {
                    throw new IllegalArgumentException(at + ".path: unknown path '" + path
                            + "' (known: " + known.stream().sorted().toList() + ")");
                }
                Load load = load(b, defaults, at, overrides);
                Limits limits = limits(b.path("limits"), at + ".limits");
                List<String> baselines = new ArrayList<>();
                JsonNode bl = b.get("baselines");
                if (bl != null) {
                    if (!bl.isArray()) {
                        throw new IllegalArgumentException(at + ".baselines must be an array");
                    }
                    for (JsonNode x : bl) {
                        if (!x.isTextual() || !known.contains(x.asText())) {
                            throw new IllegalArgumentException(at + ".baselines: unknown path "
                                    + x + " (known: " + known.stream().sorted().toList() + ")");
                        }
                        baselines.add(x.asText());
                    }
                }
                budgets.add(new Budget(path, load, limits, List.copyOf(baselines)));
            }
            return new BudgetFile(List.copyOf(budgets));
        } catch (IllegalArgumentException e) {
            throw new BudgetFileException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * Load settings that replace the file's for every budget (from the command line).
     *
     * @param rate requests per second, or null
     * @param threads driver threads, or null
     * @param warmup warm-up, or null
     * @param duration measured duration, or null
     */
    public record LoadOverrides(Double rate, Integer threads, Duration warmup, Duration duration) {
        /** {@return no overrides} */
        public static LoadOverrides none() {
            return new LoadOverrides(null, null, null, null);
        }
    }

    private static Load load(JsonNode b, JsonNode defaults, String at, LoadOverrides o) {
        double rate = o.rate() != null ? o.rate() : number(b, defaults, "rate", at, 5_000);
        int threads = o.threads() != null ? o.threads() : (int) number(b, defaults, "threads", at, 2);
        Duration warmup = o.warmup() != null ? o.warmup() : duration(b, defaults, "warmup", at, Duration.ofSeconds(5));
        Duration duration = o.duration() != null ? o.duration()
                : duration(b, defaults, "duration", at, Duration.ofSeconds(20));
        try {
            return new Load(rate, threads, warmup, duration);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage());
        }
    }

    private static double number(JsonNode b, JsonNode defaults, String field, String at, double fallback) {
        JsonNode v = b.has(field) ? b.get(field) : defaults.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException((b.has(field) ? at : "defaults") + "." + field
                    + " must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static Duration duration(JsonNode b, JsonNode defaults, String field, String at, Duration fallback) {
        JsonNode v = b.has(field) ? b.get(field) : defaults.get(field);
        if (v == null) {
            return fallback;
        }
        String where = (b.has(field) ? at : "defaults") + "." + field;
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + " must be a duration such as \"20s\", got " + v);
        }
        long nanos = Durations.parseNanos(v.asText());
        if (nanos >= 0) {
            return Duration.ofNanos(nanos);
        }
        try {
            return Duration.parse(v.asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(where + " must be a duration such as \"20s\", got " + v);
        }
    }

    private static Limits limits(JsonNode node, String at) {
        if (node.isMissingNode()) {
            throw new IllegalArgumentException(at + " is missing: a budget needs at least one limit");
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new IllegalArgumentException(at + " must be an object with at least one limit");
        }
        allowOnly(node, at + ".", Set.of("p50", "p99", "p99.9", "max", "bytesPerOp"));
        Double bytes = null;
        if (node.has("bytesPerOp")) {
            if (!node.get("bytesPerOp").isNumber() || node.get("bytesPerOp").asDouble() < 0) {
                throw new IllegalArgumentException(at + ".bytesPerOp must be a number >= 0");
            }
            bytes = node.get("bytesPerOp").asDouble();
        }
        return new Limits(latency(node, "p50", at), latency(node, "p99", at),
                latency(node, "p99.9", at), latency(node, "max", at), bytes);
    }

    private static Long latency(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        long nanos = v.isTextual() ? Durations.parseNanos(v.asText()) : -1;
        if (nanos <= 0) {
            throw new IllegalArgumentException(at + "." + field
                    + " must be a latency with a unit such as \"50us\" or \"1.5ms\", got " + v);
        }
        return nanos;
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(at + "." + field + " must be a non-empty string");
        }
        return v.asText();
    }

    private static void allowOnly(JsonNode node, String at, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException("unknown field '" + at + f + "' (allowed: "
                        + allowed.stream().sorted().toList() + ")");
            }
        }
    }
}
