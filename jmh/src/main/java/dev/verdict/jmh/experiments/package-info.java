/**
 * Walks that were measured against the engine's and not adopted, kept so that the measurements in
 * {@code docs/tree-engine-speed.md} can be repeated. They are compiled with the benchmarks and
 * tested against the engine on the same trees, so they cannot drift from what they stand for.
 * Nothing here is a benchmark or used by one.
 */
package dev.verdict.jmh.experiments;
