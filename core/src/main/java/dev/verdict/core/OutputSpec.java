package dev.verdict.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The shape and names of a model's outputs. Every model produces <em>margins</em> (the raw,
 * untransformed sum a tree ensemble or linear model computes) and <em>scores</em> (the margins
 * passed through the objective's transform, e.g. a sigmoid). Usually there is one score per margin;
 * a model that picks a class label has one score and one margin per class.
 *
 * <p>Column names follow one convention everywhere (CSV output, logs, metrics):
 * {@code probability} / {@code prediction} / {@code margin} for one output,
 * {@code probability(k)} / {@code margin(k)} for class {@code k}, and {@code prediction[t]} /
 * {@code probability[t]} / {@code margin[t]} for target {@code t} of a multi-target model.
 *
 * @param kind what the scores mean
 * @param scoreNames one name per score
 * @param marginNames one name per margin
 */
public record OutputSpec(OutputKind kind, List<String> scoreNames, List<String> marginNames) {

    /** Validates and copies the names. */
    public OutputSpec {
        Objects.requireNonNull(kind, "kind");
        scoreNames = List.copyOf(scoreNames);
        marginNames = List.copyOf(marginNames);
        if (scoreNames.isEmpty() || marginNames.isEmpty()) {
            throw new IllegalArgumentException("a model has at least one score and one margin");
        }
    }

    /** {@return one probability, e.g. a binary classifier} */
    public static OutputSpec probability() {
        return new OutputSpec(OutputKind.PROBABILITY, List.of("probability"), List.of("margin"));
    }

    /** {@return one prediction, e.g. a regression} */
    public static OutputSpec prediction() {
        return new OutputSpec(OutputKind.PREDICTION, List.of("prediction"), List.of("margin"));
    }

    /**
     * {@return one probability and one margin per class}
     *
     * @param classes the number of classes
     */
    public static OutputSpec classProbabilities(int classes) {
        return new OutputSpec(OutputKind.PROBABILITY, indexed("probability(", classes, ")"),
                indexed("margin(", classes, ")"));
    }

    /**
     * {@return one predicted class label, and one margin per class}
     *
     * @param classes the number of classes
     */
    public static OutputSpec classLabel(int classes) {
        return new OutputSpec(OutputKind.PREDICTION, List.of("prediction"),
                indexed("margin(", classes, ")"));
    }

    /**
     * {@return one score and one margin per target}
     *
     * @param kind what each target's score means
     * @param targets the number of targets
     */
    public static OutputSpec targets(OutputKind kind, int targets) {
        String base = kind == OutputKind.PROBABILITY ? "probability[" : "prediction[";
        return new OutputSpec(kind, indexed(base, targets, "]"), indexed("margin[", targets, "]"));
    }

    /** {@return the number of scores} */
    public int scoreWidth() {
        return scoreNames.size();
    }

    /** {@return the number of margins} */
    public int marginWidth() {
        return marginNames.size();
    }

    private static List<String> indexed(String prefix, int count, String suffix) {
        if (count < 1) {
            throw new IllegalArgumentException("need at least one output, got " + count);
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(prefix + i + suffix);
        }
        return names;
    }
}
