package dev.verdict.decision;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A test on one request feature or one model's score, or all of several such tests. A missing
 * value (NaN: a feature the request and the cache left empty) makes every comparison false, so a
 * rule never fires on data it does not have; test for it with {@link Subject#isMissing()}.
 *
 * {@snippet class=dev.verdict.decision.Snippets region=conditions}
 */
public final class Condition {
    /** What the tested value is. */
    enum Source { FEATURE, SCORE, ALL }

    /** How it is tested. */
    enum Op { LT, LE, GT, GE, EQ, NE, IN, MISSING, PRESENT }

    final Source source;
    /** The feature's or the model's name; null for {@link Source#ALL}. */
    final String name;
    final Op op;
    /** The threshold, or the set of values for {@link Op#IN}. */
    final double[] values;
    final List<Condition> all;
    /** Where the condition was defined, for errors that are found when it is bound. */
    final String where;

    private Condition(Source source, String name, Op op, double[] values, List<Condition> all,
            String where) {
        this.source = source;
        this.name = name;
        this.op = op;
        this.values = values;
        this.all = all;
        this.where = where;
    }

    /**
     * {@return the subject of a test on a request feature}
     *
     * @param name a feature of the request schema (request fields and cache features alike)
     */
    public static Subject feature(String name) {
        return new Subject(Source.FEATURE, name);
    }

    /**
     * {@return the subject of a test on a model's first score}
     *
     * @param model the name the model is registered under
     */
    public static Subject score(String model) {
        return new Subject(Source.SCORE, model);
    }

    /**
     * {@return a condition that holds when every one of {@code conditions} holds}
     *
     * @param conditions at least one condition
     */
    public static Condition allOf(Condition... conditions) {
        if (conditions.length == 0) {
            throw new PolicyException("allOf needs at least one condition");
        }
        return new Condition(Source.ALL, null, null, null, List.of(conditions), null);
    }

    Condition at(String where) {
        return new Condition(source, name, op, values, all, where);
    }

    @Override
    public String toString() {
        if (source == Source.ALL) {
            return "all of " + all;
        }
        String subject = (source == Source.FEATURE ? "feature '" : "score of '") + name + "'";
        return switch (op) {
            case MISSING -> subject + " is missing";
            case PRESENT -> subject + " is present";
            case IN -> subject + " in " + Arrays.toString(values);
            default -> subject + " " + op.name().toLowerCase(java.util.Locale.ROOT) + " " + values[0];
        };
    }

    /** A feature or a score, waiting for its test. */
    public static final class Subject {
        private final Source source;
        private final String name;

        private Subject(Source source, String name) {
            this.source = source;
            this.name = Objects.requireNonNull(name, "name");
        }

        private Condition test(Op op, double... values) {
            for (double v : values) {
                if (Double.isNaN(v)) {
                    throw new PolicyException("a condition on '" + name
                            + "' compares with NaN; test for a missing value with isMissing()");
                }
            }
            return new Condition(source, name, op, values, List.of(), null);
        }

        /**
         * {@return a condition: the value is below {@code limit}}
         *
         * @param limit the bound
         */
        public Condition lessThan(double limit) {
            return test(Op.LT, limit);
        }

        /**
         * {@return a condition: the value is at most {@code limit}}
         *
         * @param limit the bound
         */
        public Condition atMost(double limit) {
            return test(Op.LE, limit);
        }

        /**
         * {@return a condition: the value is above {@code limit}}
         *
         * @param limit the bound
         */
        public Condition greaterThan(double limit) {
            return test(Op.GT, limit);
        }

        /**
         * {@return a condition: the value is at least {@code limit}}
         *
         * @param limit the bound
         */
        public Condition atLeast(double limit) {
            return test(Op.GE, limit);
        }

        /**
         * {@return a condition: the value equals {@code value}}
         *
         * @param value the value
         */
        public Condition equalTo(double value) {
            return test(Op.EQ, value);
        }

        /**
         * {@return a condition: the value is present and differs from {@code value}}
         *
         * @param value the value
         */
        public Condition notEqualTo(double value) {
            return test(Op.NE, value);
        }

        /**
         * {@return a condition: the value is one of {@code values}}
         *
         * @param values the set
         */
        public Condition in(double... values) {
            if (values.length == 0) {
                throw new PolicyException("'in' on '" + name + "' needs at least one value");
            }
            return test(Op.IN, values.clone());
        }

        /** {@return a condition: the value is missing} */
        public Condition isMissing() {
            return test(Op.MISSING);
        }

        /** {@return a condition: the value is present} */
        public Condition isPresent() {
            return test(Op.PRESENT);
        }
    }
}
