package dev.verdict.core;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * How a request schema feeds a model's input schema, resolved once when a version is published:
 * for each model feature, the request feature that supplies it, plus the request features whose
 * value must be present.
 */
final class FeatureMapping {
    /** {@code sourceIndex[m]} is the request feature feeding model feature {@code m}. */
    final int[] sourceIndex;
    /** Request features that must not be missing, because either side requires them. */
    final int[] requiredIndex;
    /**
     * The request vector can be handed to the model as it is: the two schemas have the same
     * {@linkplain FeatureSchema#hasSameLayout layout} (required flags may differ; those of both
     * sides are in {@link #requiredIndex}).
     */
    final boolean identity;

    private FeatureMapping(int[] sourceIndex, int[] requiredIndex, boolean identity) {
        this.sourceIndex = sourceIndex;
        this.requiredIndex = requiredIndex;
        this.identity = identity;
    }

    /**
     * @throws SchemaMismatchException listing every model feature that cannot be fed
     */
    static FeatureMapping resolve(FeatureSchema request, Model model) {
        FeatureSchema input = model.inputSchema();
        boolean byPosition = !model.hasFeatureNames();
        if (byPosition && request.size() < input.size()) {
            throw new SchemaMismatchException("the model reads " + input.size()
                    + " unnamed features by position, but the request schema has only "
                    + request.size());
        }
        int[] source = new int[input.size()];
        List<String> problems = new ArrayList<>();
        TreeSet<Integer> required = new TreeSet<>();
        for (int r : request.requiredIndicesShared()) {
            required.add(r);
        }
        for (int m = 0; m < input.size(); m++) {
            Feature wanted = input.feature(m);
            int r = byPosition ? m : request.find(wanted.name());
            source[m] = r;
            if (r < 0) {
                problems.add("'" + wanted.name() + "' is missing from the request schema");
                continue;
            }
            Feature given = request.feature(r);
            String typeProblem = typeProblem(wanted, given);
            if (typeProblem != null) {
                problems.add("'" + wanted.name() + "' " + typeProblem);
            }
            if (wanted.required()) {
                required.add(r);
            }
        }
        if (!problems.isEmpty()) {
            throw new SchemaMismatchException("model " + model.info().format() + " cannot be fed from "
                    + request + ": " + String.join("; ", problems));
        }
        // Handing the request vector to the model as it is must pass the scorer's own check, so
        // "identity" is that check's predicate, not "every source index is its position".
        boolean identity = input.hasSameLayout(request);
        return new FeatureMapping(source,
                required.stream().mapToInt(Integer::intValue).toArray(), identity);
    }

    private static String typeProblem(Feature wanted, Feature given) {
        switch (wanted.type()) {
            case NUMERIC:
                return given.type() == FeatureType.CATEGORICAL
                        ? "is numeric in the model but categorical in the request schema" : null;
            case BOOLEAN:
                return given.type() != FeatureType.BOOLEAN
                        ? "is boolean in the model but " + given.type() + " in the request schema"
                        : null;
            case CATEGORICAL:
                if (given.type() != FeatureType.CATEGORICAL) {
                    return "is categorical in the model but " + given.type()
                            + " in the request schema";
                }
                if (!wanted.categories().isEmpty() && !given.categories().isEmpty()
                        && !wanted.categories().equals(given.categories())) {
                    return "has category dictionary " + FeatureSchema.abbreviate(wanted.categories())
                            + " in the model but " + FeatureSchema.abbreviate(given.categories())
                            + " in the request schema; codes would mean different categories";
                }
                // Request values are copied unchecked: a request that accepts more than the model
                // would hand it values the model's schema says it does not read.
                if (wanted.categoryValues() == CategoryValues.CODES_ONLY
                        && given.categoryValues() == CategoryValues.ANY_FINITE) {
                    return "takes category codes only in the model but any value in the request"
                            + " schema";
                }
                return null;
            default:
                throw new AssertionError(wanted.type());
        }
    }

    /** Copies the mapped request values into the model's vector; no checks, no allocation. */
    void copy(FeatureVector request, FeatureVector modelInput) {
        double[] from = request.values();
        double[] to = modelInput.values();
        int[] src = sourceIndex;
        for (int m = 0; m < src.length; m++) {
            to[m] = from[src[m]];
        }
    }

    /** Row-wise {@link #copy} for batches. */
    void copy(FeatureBatch request, FeatureBatch modelInput, FeatureVector scratchRequest,
            FeatureVector scratchModel) {
        int rows = request.rowCount();
        modelInput.clear(rows);
        for (int row = 0; row < rows; row++) {
            request.copyRow(row, scratchRequest);
            copy(scratchRequest, scratchModel);
            modelInput.setRow(row, scratchModel);
        }
    }
}
