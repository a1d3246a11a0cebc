package dev.verdict.loader.internal.trees;

/** How a categorical split routes a category code. */
public enum CategoricalRule {
    /**
     * XGBoost ≥ 1.7.3 ({@code src/common/categorical.h}): a missing value takes the node's default
     * direction; otherwise codes in the set go right; values below 0 (-0.5 included) or at least
     * 2^24 go left, as do codes not in the set (beyond the bitset included); a fractional value is
     * truncated.
     */
    XGBOOST,
    /**
     * LightGBM 3.x–4.x ({@code Tree::CategoricalDecision}, {@code include/LightGBM/tree.h}): NaN
     * goes right, whatever the node's missing type; otherwise the value is truncated toward zero
     * to an int (so -0.5 and 0.5 are category 0), negative ints go right (as do values beyond
     * int's range, which x86-64 converts to INT_MIN), codes in the set go left, all others (unseen
     * codes, codes beyond the bitset) right.
     */
    LIGHTGBM
}
