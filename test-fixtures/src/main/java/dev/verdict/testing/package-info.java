/**
 * What Verdict is checked against: the native libraries it reproduces (XGBoost4J and lightgbmlib)
 * as oracles that train models and give the native library's own predictions, and generated rows.
 * Used by the fidelity tests, the benchmarks, {@code verdict bench} and the demo.
 *
 * <p>Test and tooling support only, in an artifact of its own ({@code verdict-test-fixtures}) so
 * that neither the native libraries nor these classes are on a scoring service's class path. The
 * opt-in production fallback that scores through XGBoost4J is {@code verdict-native-fallback}.
 */
package dev.verdict.testing;
