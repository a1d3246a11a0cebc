/**
 * Bridges to the native libraries Verdict reproduces: XGBoost4J and lightgbmlib. They train
 * models and produce the native library's own predictions, and serve as the fidelity oracles in
 * tests, as the baseline in benchmarks and in {@code verdict bench}, and for the demo.
 *
 * <p>Optional: the native jars ({@code ml.dmlc:xgboost4j_2.12}, {@code com.microsoft.ml.lightgbm:lightgbmlib})
 * are optional dependencies of this module; an application that uses these classes adds them.
 * Nothing else in Verdict needs them.
 */
package dev.verdict.loader.oracle;
