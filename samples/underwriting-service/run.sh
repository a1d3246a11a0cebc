#!/usr/bin/env bash
# Starts the underwriting service in one command: builds it and the Verdict modules it uses from
# this clone (Maven's reactor, nothing installed into ~/.m2), then runs it on JDK 25 with the JVM
# flags in jvm.options. Arguments go to Spring Boot, e.g. --server.port=9090 or
# --verdict.models.dir=/srv/models. On first start it loads the UCI applicants into the feature
# cache and trains the demo models (about 15 s); later starts reuse them (target/service/).
# VERDICT_SKIP_BUILD=1 skips the build (the load test builds once, then starts it).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
source "$ROOT/scripts/find-jdk25.sh"

if [[ "${VERDICT_SKIP_BUILD:-0}" != 1 ]]; then
  echo "underwriting-service: building (./mvnw -pl samples/underwriting-service -am package)..." >&2
  (cd "$ROOT" && ./mvnw -q -B -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
      -pl samples/underwriting-service -am package dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime >&2)
fi
cd "$HERE"
JAR="$(ls target/verdict-samples-underwriting-service-*.jar | head -1)"
exec "$JAVA_HOME/bin/java" @jvm.options -cp "$JAR:$(cat target/classpath.txt)" \
  dev.verdict.samples.underwriting.UnderwritingService "$@"
