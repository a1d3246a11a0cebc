package dev.verdict.decision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns scores and request fields into an {@link Outcome}: ordered rules, the first that decides
 * wins, and a default when none does. A rule is either an outcome when a condition holds (hard
 * declines on request fields, a decline on a high fraud score) or score cut-offs into bands, for
 * every application or for a segment (per-segment cut-offs). Every decision names the rule that
 * made it. Challenger models are scored on the same vector and recorded beside their champion,
 * and never change the outcome.
 *
 * {@snippet class=dev.verdict.decision.Snippets region=policy}
 *
 * <p>The same policy as a file ({@link #read(Path)}):
 *
 * {@snippet lang=json :
 * {
 *   "policy": "credit-underwriting",
 *   "rules": [
 *     {"id": "underage", "when": {"feature": "AGE", "lt": 18}, "then": "DECLINE"},
 *     {"id": "severe-delinquency", "when": {"feature": "PAY_0", "ge": 4}, "then": "DECLINE"},
 *     {"id": "young-applicants", "segment": {"feature": "AGE", "lt": 25}, "score": "credit",
 *      "bands": [{"below": 0.08, "then": "APPROVE"}, {"below": 0.25, "then": "REFER"},
 *                {"then": "DECLINE"}]},
 *     {"id": "cut-offs", "score": "credit",
 *      "bands": [{"below": 0.12, "then": "APPROVE"}, {"below": 0.35, "then": "REFER"},
 *                {"then": "DECLINE"}]}
 *   ],
 *   "challengers": {"credit": ["credit-next"]},
 *   "otherwise": "REFER"
 * }
 * }
 *
 * <p>A condition ({@code when}, {@code segment}) is {@code {"feature": F, OP: V}} or
 * {@code {"score": MODEL, OP: V}} with OP one of {@code lt le gt ge eq ne} (a number),
 * {@code in} (an array of numbers), {@code missing} or {@code present} ({@code true}), or
 * {@code {"all": [conditions]}}. Band bounds are exclusive and must ascend strictly; only the last
 * band may omit {@code below}. A score outside every band (a closed last band, or NaN) does not
 * decide: the next rule is tried. Structural errors are found when the policy is built or read,
 * naming the line; names of features and models are resolved when a {@link Decider} is built,
 * naming the line of the rule.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class DecisionPolicy {
    private final String name;
    private final List<Rule> rules;
    private final Map<String, List<String>> challengers;
    private final Outcome otherwise;

    private DecisionPolicy(Builder b) {
        this.name = b.name;
        this.rules = List.copyOf(b.rules);
        Map<String, List<String>> c = new LinkedHashMap<>();
        b.challengers.forEach((champion, list) -> c.put(champion, List.copyOf(list)));
        this.challengers = Collections.unmodifiableMap(c);
        this.otherwise = b.otherwise;
    }

    /**
     * {@return a builder for a policy}
     *
     * @param name the policy's name, reported with every decision
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Reads a policy file (format above).
     *
     * @param file the policy
     * @return the policy
     * @throws PolicyException naming the file and line of the first problem
     */
    public static DecisionPolicy read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot read: " + e, e);
        }
        return fromJson(text, file.toString());
    }

    /**
     * Parses a policy (format above).
     *
     * @param json the policy as JSON
     * @param source what to call it in error messages (a file name)
     * @return the policy
     * @throws PolicyException naming the source and line of the first problem
     */
    public static DecisionPolicy fromJson(String json, String source) {
        return PolicyFile.parse(json, source);
    }

    /** {@return the policy's name} */
    public String name() {
        return name;
    }

    /** {@return the default outcome, when no rule decides} */
    public Outcome otherwise() {
        return otherwise;
    }

    /** {@return the ids of the rules, in the order they are tried} */
    public List<String> ruleIds() {
        return rules.stream().map(Rule::id).toList();
    }

    /**
     * {@return the models the rules score with: first those whose scores are cut into bands, in
     *     rule order (the first is the policy's primary model, {@link Decision#score()}), then those
     *     only tested by conditions}
     */
    public List<String> models() {
        Set<String> models = new LinkedHashSet<>();
        for (Rule r : rules) {
            if (r.isBands()) {
                models.add(r.model());
            }
        }
        for (Rule r : rules) {
            collectScores(r.when(), models);
        }
        return List.copyOf(models);
    }

    /** {@return for each champion model, the challengers scored beside it} */
    public Map<String, List<String>> challengers() {
        return challengers;
    }

    List<Rule> rules() {
        return rules;
    }

    private static void collectScores(Condition c, Set<String> into) {
        if (c == null) {
            return;
        }
        if (c.source == Condition.Source.ALL) {
            c.all.forEach(x -> collectScores(x, into));
        } else if (c.source == Condition.Source.SCORE) {
            into.add(c.name);
        }
    }

    @Override
    public String toString() {
        return "DecisionPolicy[" + name + ", rules " + ruleIds() + ", otherwise " + otherwise + "]";
    }

    /** Collects rules in the order they are tried. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Rule> rules = new ArrayList<>();
        private final Set<String> ids = new HashSet<>();
        private final Map<String, List<String>> challengers = new LinkedHashMap<>();
        private Outcome otherwise;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new PolicyException("a policy needs a name");
            }
            this.name = name;
        }

        /**
         * Adds a rule that decides {@code outcome} when {@code condition} holds.
         *
         * @param id the rule's name, unique in the policy
         * @param condition when it decides
         * @param outcome what it decides
         * @return this builder
         */
        public Builder when(String id, Condition condition, Outcome outcome) {
            return add(new Rule(id, Objects.requireNonNull(condition, "condition"),
                    Objects.requireNonNull(outcome, "outcome"), null, List.of(), "rule '" + id + "'"));
        }

        /**
         * Adds score cut-offs for every application.
         *
         * @param id the rule's name, unique in the policy
         * @param model the registered model whose first score is cut
         * @param bands ascending bands; only the last may be {@link Band#rest open}
         * @return this builder
         */
        public Builder bands(String id, String model, Band... bands) {
            return bands(id, null, model, bands);
        }

        /**
         * Adds score cut-offs for one segment of applications.
         *
         * @param id the rule's name, unique in the policy
         * @param segment the applications it applies to; null for all
         * @param model the registered model whose first score is cut
         * @param bands ascending bands; only the last may be {@link Band#rest open}
         * @return this builder
         */
        public Builder bands(String id, Condition segment, String model, Band... bands) {
            return add(new Rule(id, segment, null, Objects.requireNonNull(model, "model"),
                    checkBands("rule '" + id + "'", List.of(bands)), "rule '" + id + "'"));
        }

        /**
         * Scores {@code challenger} on every decision beside {@code champion} and records its
         * score and version in the {@link Decision}; it never changes the outcome.
         *
         * @param champion a model the rules score with
         * @param challenger the model that may replace it one day
         * @return this builder
         */
        public Builder challenger(String champion, String challenger) {
            challengers.computeIfAbsent(champion, k -> new ArrayList<>()).add(challenger);
            return this;
        }

        /**
         * Sets the default outcome (required).
         *
         * @param outcome the outcome when no rule decides
         * @return this builder
         */
        public Builder otherwise(Outcome outcome) {
            this.otherwise = Objects.requireNonNull(outcome, "outcome");
            return this;
        }

        Builder add(Rule rule) {
            if (rule.id() == null || rule.id().isBlank()) {
                throw new PolicyException(rule.where() + ": a rule needs an id");
            }
            if (rule.id().equals(Decision.OTHERWISE)) {
                throw new PolicyException(rule.where() + ": '" + Decision.OTHERWISE + "' is the rule"
                        + " reported when no rule decides; give this rule another id");
            }
            if (!ids.add(rule.id())) {
                throw new PolicyException(rule.where() + ": a second rule with id '" + rule.id() + "'");
            }
            rules.add(rule);
            return this;
        }

        /**
         * Checks the policy as a whole and builds it.
         *
         * @return the policy
         * @throws PolicyException if it has no rule or no default outcome, or a challenger is
         *     not paired with a model the rules score with
         */
        public DecisionPolicy build() {
            return build("policy '" + name + "'");
        }

        DecisionPolicy build(String where) {
            if (rules.isEmpty()) {
                throw new PolicyException(where + ": has no rules");
            }
            if (otherwise == null) {
                throw new PolicyException(where + ": has no default outcome (otherwise), which"
                        + " decides when no rule does");
            }
            DecisionPolicy policy = new DecisionPolicy(this);
            List<String> models = policy.models();
            for (Map.Entry<String, List<String>> e : challengers.entrySet()) {
                if (!models.contains(e.getKey())) {
                    throw new PolicyException(where + ": challengers are given for model '"
                            + e.getKey() + "', which no rule scores with (rules score with "
                            + models + ")");
                }
                for (String c : e.getValue()) {
                    if (c.equals(e.getKey()) || models.contains(c)) {
                        throw new PolicyException(where + ": '" + c + "' cannot challenge '"
                                + e.getKey() + "': the rules score with it");
                    }
                }
            }
            return policy;
        }

        static List<Band> checkBands(String where, List<Band> bands) {
            if (bands.isEmpty()) {
                throw new PolicyException(where + ": a band rule needs at least one band");
            }
            for (int i = 0; i < bands.size(); i++) {
                Band b = Objects.requireNonNull(bands.get(i), "band");
                if (b.upper() == Double.POSITIVE_INFINITY && i < bands.size() - 1) {
                    throw new PolicyException(where + ": band " + (i + 1) + " has no upper bound,"
                            + " so the bands after it could never apply; only the last band may be open");
                }
                if (i > 0 && !(b.upper() > bands.get(i - 1).upper())) {
                    throw new PolicyException(where + ": band " + (i + 1) + " (below " + b.upper()
                            + ") does not start where band " + i + " (below " + bands.get(i - 1).upper()
                            + ") ends: bounds must ascend strictly, so that bands neither overlap"
                            + " nor come out of order");
                }
            }
            return List.copyOf(bands);
        }
    }
}
