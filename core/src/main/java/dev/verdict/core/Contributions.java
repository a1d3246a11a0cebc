package dev.verdict.core;

import java.util.Arrays;

/**
 * A reusable buffer for one row's feature contributions (SHAP values): for each output, one value
 * per input feature of the model plus the bias (the model's expected margin), summing to the
 * row's margin. Filled by an {@link Explainer} or by
 * {@link ScoringSession#explain(ModelHandle, FeatureVector, Contributions)}; read it before the
 * next call fills it again.
 *
 * {@snippet class=dev.verdict.core.Snippets region=contributions}
 *
 * <p>Contributions refer to the features of the model that produced them, in its
 * {@link Model#inputSchema() input order} ({@link #schema()}), not to the request's order. A
 * buffer takes the shape of whichever model fills it: filling it from a model of another shape
 * (after a hot swap, say) reallocates once, and it keeps that shape afterwards.
 */
public final class Contributions {
    private FeatureSchema schema;
    private int outputs;
    private int stride;
    private double[] values = new double[0];
    private long modelVersion;

    /** Creates an empty buffer; it takes its shape when first filled. */
    public Contributions() {
    }

    /**
     * Creates a buffer shaped for a model, so that filling it never allocates.
     *
     * @param model the model whose contributions it will hold
     * @return the buffer
     */
    public static Contributions forModel(Model model) {
        Contributions c = new Contributions();
        c.shape(model.inputSchema(), model.outputs().marginWidth());
        return c;
    }

    /** {@return the model features the values refer to, in the model's input order; null before the first fill} */
    public FeatureSchema schema() {
        return schema;
    }

    /** {@return the number of features (not counting the bias)} */
    public int featureCount() {
        return stride - 1;
    }

    /** {@return the number of outputs explained: 1, or the classes of a multi-class model} */
    public int outputCount() {
        return outputs;
    }

    /**
     * {@return the contribution of a feature to the first output}
     *
     * @param feature an index into {@link #schema()}
     */
    public double value(int feature) {
        return value(0, feature);
    }

    /**
     * {@return the contribution of a feature to an output's margin}
     *
     * @param output an output below {@link #outputCount()}
     * @param feature an index into {@link #schema()}
     */
    public double value(int output, int feature) {
        if (feature < 0 || feature >= stride - 1) {
            throw new IndexOutOfBoundsException("feature " + feature + " of " + (stride - 1));
        }
        return values[index(output) + feature];
    }

    /**
     * {@return the contribution of the named feature to the first output}
     *
     * @param feature a name in {@link #schema()}
     * @throws UnknownFeatureException if the model has no such feature
     */
    public double value(String feature) {
        return value(0, schema.indexOf(feature));
    }

    /** {@return the first output's bias: the margin expected before any feature is known} */
    public double bias() {
        return bias(0);
    }

    /**
     * {@return an output's bias: its margin expected before any feature is known}
     *
     * @param output an output below {@link #outputCount()}
     */
    public double bias(int output) {
        return values[index(output) + stride - 1];
    }

    /**
     * {@return the bias plus every feature's contribution: the output's margin, up to the rounding
     *     of the sum}
     *
     * @param output an output below {@link #outputCount()}
     */
    public double sum(int output) {
        int from = index(output);
        double sum = 0;
        for (int i = from; i < from + stride; i++) {
            sum += values[i];
        }
        return sum;
    }

    /** {@return the published version of the model that produced the values; 0 outside a registry} */
    public long modelVersion() {
        return modelVersion;
    }

    /**
     * Gives the buffer a shape, reallocating only when it changes. For {@link Explainer}
     * implementations, before they write {@link #rawValues()}.
     *
     * @param schema the model's input schema
     * @param outputCount the number of outputs explained
     */
    public void shape(FeatureSchema schema, int outputCount) {
        if (outputCount < 1) {
            throw new IllegalArgumentException("outputs " + outputCount);
        }
        int newStride = schema.size() + 1;
        if (this.schema != schema) {
            this.schema = schema;
        }
        if (newStride != stride || outputCount != outputs) {
            this.stride = newStride;
            this.outputs = outputCount;
            this.values = new double[newStride * outputCount];
        }
    }

    /**
     * The values in place, for {@link Explainer} implementations: output after output, each the
     * features in input order followed by the bias (XGBoost's {@code pred_contribs} layout).
     *
     * @return the backing array, of {@code outputCount() * (featureCount() + 1)} values
     */
    public double[] rawValues() {
        return values;
    }

    void setModelVersion(long version) {
        this.modelVersion = version;
    }

    private int index(int output) {
        if (output < 0 || output >= outputs) {
            throw new IndexOutOfBoundsException("output " + output + " of " + outputs);
        }
        return output * stride;
    }

    @Override
    public String toString() {
        if (schema == null) {
            return "Contributions[empty]";
        }
        StringBuilder s = new StringBuilder("Contributions[");
        for (int o = 0; o < outputs; o++) {
            if (o > 0) {
                s.append("; ");
            }
            s.append("bias=").append(bias(o));
            for (int f = 0; f < stride - 1; f++) {
                s.append(", ").append(schema.name(f)).append('=').append(value(o, f));
            }
        }
        return s.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Contributions c && c.outputs == outputs && c.stride == stride
                && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
