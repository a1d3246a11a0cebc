package dev.verdict.samples.cli;

import dev.verdict.core.Feature;
import dev.verdict.core.FeatureType;
import dev.verdict.core.Model;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code verdict inspect}: what a model file holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a model's format, version, objective, trees, depth, features and categories,"
                + " and a stored best iteration (early stopping) and whether scoring uses it.")
final class InspectCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model file")
    Path model;

    @Option(names = "--features", description = "List every feature (default: the first 30)")
    boolean allFeatures;

    @Override
    public Integer call() {
        Model m = ModelFiles.load(model, false);
        System.out.printf("model      %s%n", model);
        System.out.printf("format     %s%s%n", m.info().format(),
                m.info().formatVersion().isEmpty() ? "" : " (written by " + m.info().formatVersion() + ")");
        System.out.printf("objective  %s%n", m.info().objective());
        for (Map.Entry<String, String> e : m.info().details().entrySet()) {
            System.out.printf("%-10s %s%n", e.getKey(), e.getValue());
        }
        if (ModelFiles.unusedBestIteration(m) != null) {
            System.out.printf("%-10s %s%n", "", ModelFiles.BEST_ITERATION_HINT);
        }
        System.out.printf("outputs    %s (%s)%n", String.join(", ", m.outputs().scoreNames()),
                m.outputs().kind().name().toLowerCase(java.util.Locale.ROOT));
        System.out.printf("features   %d%s%n", m.inputSchema().size(),
                m.hasFeatureNames() ? "" : " (no names stored: read from the first columns)");
        int shown = allFeatures ? m.inputSchema().size() : Math.min(30, m.inputSchema().size());
        for (int f = 0; f < shown; f++) {
            Feature feature = m.inputSchema().feature(f);
            String type = feature.type().name().toLowerCase(java.util.Locale.ROOT);
            String categories = "";
            if (feature.type() == FeatureType.CATEGORICAL) {
                categories = feature.categories().isEmpty() ? "  (integer codes)"
                        : "  " + feature.categories().size() + " categories: "
                                + abbreviate(feature.categories());
            }
            System.out.printf("  %4d  %-28s %s%s%n", f, feature.name(), type, categories);
        }
        if (shown < m.inputSchema().size()) {
            System.out.printf("  … %d more (--features lists all)%n", m.inputSchema().size() - shown);
        }
        return 0;
    }

    private static String abbreviate(java.util.List<String> values) {
        return values.size() <= 8 ? String.join(", ", values)
                : String.join(", ", values.subList(0, 8)) + ", …";
    }
}
