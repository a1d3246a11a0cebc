package dev.verdict.decision;

import dev.verdict.core.FeatureSchema;
import dev.verdict.core.FeatureVector;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link DecisionPolicy} with its names resolved once, against the request schema and the list
 * of scored models: features become indices into the request vector, models indices into the
 * decision's score array. Evaluating it reads primitives only and allocates nothing.
 */
final class CompiledPolicy {
    /** A compiled condition. */
    abstract static sealed class Test permits Compare, In, All {
        abstract boolean holds(FeatureVector row, double[] scores);
    }

    /** A comparison of one feature or score with a number, or a missing/present test. */
    static final class Compare extends Test {
        private final boolean score;
        private final int index;
        private final Condition.Op op;
        private final double value;

        Compare(boolean score, int index, Condition.Op op, double value) {
            this.score = score;
            this.index = index;
            this.op = op;
            this.value = value;
        }

        @Override
        boolean holds(FeatureVector row, double[] scores) {
            double v = score ? scores[index] : row.get(index);
            if (v != v) { // missing: only a missing-value test holds
                return op == Condition.Op.MISSING;
            }
            return switch (op) {
                case LT -> v < value;
                case LE -> v <= value;
                case GT -> v > value;
                case GE -> v >= value;
                case EQ -> v == value;
                case NE -> v != value;
                case PRESENT -> true;
                case MISSING -> false;
                case IN -> throw new AssertionError("IN is compiled to In");
            };
        }
    }

    /** Membership in a small set of values. */
    static final class In extends Test {
        private final boolean score;
        private final int index;
        private final double[] values;

        In(boolean score, int index, double[] values) {
            this.score = score;
            this.index = index;
            this.values = values;
        }

        @Override
        boolean holds(FeatureVector row, double[] scores) {
            double v = score ? scores[index] : row.get(index);
            for (double x : values) {
                if (v == x) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A conjunction. */
    static final class All extends Test {
        private final Test[] parts;

        All(Test[] parts) {
            this.parts = parts;
        }

        @Override
        boolean holds(FeatureVector row, double[] scores) {
            for (Test t : parts) {
                if (!t.holds(row, scores)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** One rule: an outcome when {@link #when} holds, or bands of a score within a segment. */
    record CompiledRule(String id, Test when, Outcome outcome, int model, double[] uppers,
            Outcome[] bandOutcomes) {
    }

    final String name;
    final CompiledRule[] rules;
    final Outcome otherwise;

    private CompiledPolicy(String name, CompiledRule[] rules, Outcome otherwise) {
        this.name = name;
        this.rules = rules;
        this.otherwise = otherwise;
    }

    /**
     * @param models the scored models, by index: the policy's models, then challengers
     * @throws PolicyException naming the rule's line when a feature or model does not resolve
     */
    static CompiledPolicy compile(DecisionPolicy policy, FeatureSchema request, List<String> models) {
        List<CompiledRule> compiled = new ArrayList<>();
        for (Rule r : policy.rules()) {
            Test when = r.when() == null ? null : test(r.when(), r, request, models);
            if (r.isBands()) {
                int model = models.indexOf(r.model());
                double[] uppers = new double[r.bands().size()];
                Outcome[] outcomes = new Outcome[uppers.length];
                for (int i = 0; i < uppers.length; i++) {
                    uppers[i] = r.bands().get(i).upper();
                    outcomes[i] = r.bands().get(i).outcome();
                }
                compiled.add(new CompiledRule(r.id(), when, null, model, uppers, outcomes));
            } else {
                compiled.add(new CompiledRule(r.id(), when, r.outcome(), -1, null, null));
            }
        }
        return new CompiledPolicy(policy.name(), compiled.toArray(new CompiledRule[0]),
                policy.otherwise());
    }

    private static Test test(Condition c, Rule rule, FeatureSchema request, List<String> models) {
        if (c.source == Condition.Source.ALL) {
            return new All(c.all.stream().map(x -> test(x, rule, request, models)).toArray(Test[]::new));
        }
        boolean score = c.source == Condition.Source.SCORE;
        int index;
        String where = c.where != null ? c.where : rule.where();
        if (score) {
            index = models.indexOf(c.name);
        } else {
            index = request.find(c.name);
            if (index < 0) {
                throw new PolicyException(where + ": the condition " + c + " names a feature the"
                        + " request schema does not have (it has " + request.size() + " features: "
                        + abbreviate(request) + ")");
            }
        }
        return c.op == Condition.Op.IN ? new In(score, index, c.values.clone())
                : new Compare(score, index, c.op, c.values.length == 0 ? Double.NaN : c.values[0]);
    }

    private static String abbreviate(FeatureSchema schema) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.min(schema.size(), 12); i++) {
            names.add(schema.name(i));
        }
        return names + (schema.size() > 12 ? "…" : "");
    }

    /** Applies the rules in order; the first that decides wins. */
    void evaluate(FeatureVector row, double[] scores, Decision into) {
        for (CompiledRule r : rules) {
            if (r.outcome != null) {
                if (r.when.holds(row, scores)) {
                    into.decide(r.outcome, r.id);
                    return;
                }
                continue;
            }
            if (r.when != null && !r.when.holds(row, scores)) {
                continue;
            }
            double s = scores[r.model];
            if (s != s) {
                continue; // no score: the next rule decides
            }
            double[] uppers = r.uppers;
            for (int b = 0; b < uppers.length; b++) {
                if (s < uppers[b]) {
                    into.decide(r.bandOutcomes[b], r.id);
                    return;
                }
            }
        }
        into.decide(otherwise, Decision.OTHERWISE);
    }
}
