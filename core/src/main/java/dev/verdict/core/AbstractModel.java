package dev.verdict.core;

import java.util.Objects;

/**
 * A convenience base for {@link Model} implementations: holds what every model describes about
 * itself, so an implementation only provides {@link #newScorer()} (and {@link #close()} when it
 * holds native resources).
 *
 * {@snippet class=dev.verdict.core.Snippets region=abstractModel}
 * }
 */
public abstract class AbstractModel implements Model {
    private final ModelInfo info;
    private final FeatureSchema inputSchema;
    private final boolean featureNames;
    private final OutputSpec outputs;

    /**
     * Describes the model once, for its whole life.
     *
     * @param info what the model is
     * @param inputSchema the features it reads, in order
     * @param featureNames whether the schema's names come from the artifact
     * @param outputs the shape and names of its outputs
     */
    protected AbstractModel(ModelInfo info, FeatureSchema inputSchema, boolean featureNames,
            OutputSpec outputs) {
        this.info = Objects.requireNonNull(info, "info");
        this.inputSchema = Objects.requireNonNull(inputSchema, "inputSchema");
        this.featureNames = featureNames;
        this.outputs = Objects.requireNonNull(outputs, "outputs");
    }

    @Override
    public final ModelInfo info() {
        return info;
    }

    @Override
    public final FeatureSchema inputSchema() {
        return inputSchema;
    }

    @Override
    public final boolean hasFeatureNames() {
        return featureNames;
    }

    @Override
    public final OutputSpec outputs() {
        return outputs;
    }
}
