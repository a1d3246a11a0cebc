package dev.verdict.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a model is, for people and logs: its format, the format version that wrote it, its
 * objective, and format-specific details in a stable order (trees, depth, categories, …).
 *
 * @param format the artifact format, e.g. {@code xgboost-json}, {@code lightgbm-text}
 * @param formatVersion the version of the library that wrote it, or {@code ""} when unknown
 * @param objective the training objective as the library names it
 * @param details further facts, in display order
 */
public record ModelInfo(String format, String formatVersion, String objective,
        Map<String, String> details) {

    /** Validates and copies the details, keeping their order. */
    public ModelInfo {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(formatVersion, "formatVersion");
        Objects.requireNonNull(objective, "objective");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
