/**
 * The JMH benchmarks: each runs Verdict and the baseline a user would otherwise pick (XGBoost4J,
 * lightgbmlib, ONNX Runtime's Java API, raw Chronicle Map, Redis, or Verdict's own lower layer) in
 * the same JVM, on the same model and rows, and checks at setup that both give the same answers.
 * The models are trained at setup ({@link dev.verdict.jmh.TreeModels}); each benchmark's Javadoc
 * states the model size, threads and JVM flags. {@code jmh/run-benchmarks.sh} builds the jar, runs
 * benchmarks with {@code -prof gc} and prints the ratio table ({@link dev.verdict.jmh.tools.Ratios}).
 *
 * <p>Programs that are not benchmarks live apart: {@link dev.verdict.jmh.tools} (the result reader,
 * the C generator and its flag check, the stall probe) and {@link dev.verdict.jmh.experiments}
 * (walks that were measured and not adopted, kept reproducible and checked against the engine).
 */
package dev.verdict.jmh;
