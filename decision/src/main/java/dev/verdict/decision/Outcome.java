package dev.verdict.decision;

/** What a decision policy decides for an application. */
public enum Outcome {
    /** Accept. */
    APPROVE,
    /** Send to a person (manual underwriting) or ask for more information. */
    REFER,
    /** Reject. */
    DECLINE
}
