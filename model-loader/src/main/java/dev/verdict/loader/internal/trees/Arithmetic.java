package dev.verdict.loader.internal.trees;

/** The number type a tree library predicts in; Verdict reproduces it exactly. */
public enum Arithmetic {
    /**
     * XGBoost: inputs rounded to float32, thresholds and leaves float32, each leaf added to a
     * float32 running margin in tree order.
     */
    FLOAT32,
    /**
     * LightGBM: inputs and thresholds in double, leaves summed in double in tree order; inputs
     * with {@code |x| <= 1e-35f} are read as 0, as LightGBM's dense-row reader does.
     */
    FLOAT64
}
