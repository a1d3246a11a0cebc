package dev.verdict.loader.internal.trees;

/** How a categorical split routes a category code. */
public enum CategoricalRule {
    /**
     * XGBoost ≥ 1.7.3 ({@code src/common/categorical.h}): codes in the set go right; codes below
     * 0 or at least 2^24 go left, as do codes not in the set; a fractional code is truncated.
     */
    XGBOOST,
    /**
     * LightGBM ({@code Tree::CategoricalDecision}): the code is truncated to an int; negative codes
     * go right; codes in the set go left, all others right.
     */
    LIGHTGBM
}
