package dev.verdict.core;

/**
 * Which values a {@linkplain FeatureType#CATEGORICAL categorical} feature accepts, checked where a
 * value is set on a {@link FeatureVector} or {@link FeatureBatch}. NaN (missing) is accepted and
 * infinities are rejected either way.
 *
 * {@snippet class=dev.verdict.core.Snippets region=categoryValues}
 */
public enum CategoryValues {
    /**
     * Only category codes: non-negative integers, below the dictionary's size when the feature
     * has one. Anything else is rejected, so that a value outside the model's categories (a
     * sentinel, a raw category value where a code belongs) is reported where it enters. The
     * default, and what a model's schema uses for a feature with a stored dictionary.
     */
    CODES_ONLY,
    /**
     * Any finite value: the model reads a value that is no category's code (negative, fractional,
     * unseen, beyond the categories) as its training library does. Tree models loaded from
     * LightGBM and XGBoost use this for categorical features without a stored dictionary, whose
     * values the library itself takes raw: LightGBM sends negative values to the "not in the set"
     * side, like missing ones, and truncates fractions toward zero; XGBoost sends negative values,
     * values from 2^24 up and unseen codes to the "not in the set" side and truncates fractions
     * (see {@code docs/lightgbm-text-and-prediction.md} §2.4 and
     * {@code docs/xgboost-json-and-prediction.md} §3.3).
     */
    ANY_FINITE
}
