package dev.verdict.decision;

import java.util.List;

/**
 * One rule of a {@link DecisionPolicy}: either an outcome when a condition holds (a hard decline
 * on a request field, a refer on a high fraud score), or score cut-offs into bands, for every
 * application or for one segment.
 *
 * @param id the rule's name, reported as the rule that decided
 * @param when for an outcome rule, its condition; for a band rule, the segment it applies to
 *     (null: every application)
 * @param outcome for an outcome rule, what it decides; null for a band rule
 * @param model for a band rule, the model whose first score is cut; null for an outcome rule
 * @param bands for a band rule, ascending bands; empty for an outcome rule
 * @param where where it was defined (file and line), for errors found when it is bound
 */
record Rule(String id, Condition when, Outcome outcome, String model, List<Band> bands,
        String where) {

    boolean isBands() {
        return model != null;
    }
}
