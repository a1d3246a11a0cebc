/**
 * Programs that support the benchmarks but measure nothing by themselves in JMH: the JMH result
 * reader that prints the ratio table ({@link dev.verdict.jmh.tools.Ratios}), the generator that
 * turns a loaded XGBoost model into C for {@code CompiledTreesBenchmark}
 * ({@link dev.verdict.jmh.tools.CompiledTrees}) and the check of which gcc flags keep that C exact
 * ({@link dev.verdict.jmh.tools.CompiledTreesCheck}), and a probe of how often the machine stalls a
 * running thread ({@link dev.verdict.jmh.tools.StallProbe}). Each class's Javadoc has its command.
 */
package dev.verdict.jmh.tools;
