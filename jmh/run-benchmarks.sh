#!/usr/bin/env bash
# Builds the benchmark jar, runs the given JMH benchmarks (default: all) with the allocation
# profiler, and prints each baseline's ratio to Verdict (dev.verdict.jmh.tools.Ratios). Extra JMH
# options follow the regex:
#   jmh/run-benchmarks.sh XGBoostSingleRow -wi 3 -i 5
#
# The jar is built with `package` from this checkout's modules (-am), never `install`: nothing is
# written to ~/.m2, so a run cannot replace the artifacts other checkouts build against, and a
# stale snapshot there cannot end up in the jar. Tests and Javadoc are skipped (the build's job).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/find-jdk25.sh
./mvnw -q -B -pl jmh -am package -DskipTests -Dmaven.javadoc.skip=true
REGEX="${1:-.}"
shift || true
RESULT="$ROOT/jmh/target/results-$(date +%Y%m%d-%H%M%S).json"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar jmh/target/benchmarks.jar "$REGEX" \
  -prof gc -rf json -rff "$RESULT" "$@"
echo
echo "Results: $RESULT"
"$JAVA_HOME/bin/java" -cp jmh/target/benchmarks.jar dev.verdict.jmh.tools.Ratios "$RESULT"
