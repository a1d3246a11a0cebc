package dev.verdict.samples.underwriting.models;

import java.time.Instant;
import java.util.Map;

/**
 * What the watcher knows about one model, as {@code GET /v1/models} shows it.
 *
 * @param name the model's name in the registry
 * @param folder the folder watched for its files
 * @param serving the version serving now; null before the first load
 * @param reloads how many files were published as new versions (the first load included)
 * @param rejections how many files were rejected
 * @param lastRejection the latest rejected file and why; null when none was
 */
public record ModelStatus(String name, String folder, Serving serving, long reloads,
        long rejections, Rejection lastRejection) {

    /**
     * A published version.
     *
     * @param version the registry's version number, from 1
     * @param file the file it was loaded from
     * @param format the artifact format, e.g. {@code xgboost-json}
     * @param objective the training objective
     * @param details format-specific facts: trees, depth, features
     * @param publishedAt when it went live
     */
    public record Serving(long version, String file, String format, String objective,
            Map<String, String> details, Instant publishedAt) {
    }

    /**
     * A file that did not go live.
     *
     * @param file the file
     * @param reason {@code unreadable} (not a model, truncated, too large), {@code schema} (reads a
     *     feature requests cannot supply) or {@code outputs} (its outputs differ from the serving
     *     version's, which the policy's cut-offs are for)
     * @param detail the loader's or the registry's message
     * @param at when it was rejected
     */
    public record Rejection(String file, String reason, String detail, Instant at) {
    }
}
