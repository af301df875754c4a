#!/usr/bin/env bash
# The chaos soak in one command, from the repository root:
#   bounded-context-samples/chaos/run-soak.sh --commits=100000 --faults-per-kind=50 [--rate=20] [--seed=N]
# Builds the demo jar and the soak's classes when missing or older than the sources (REBUILD=1
# forces it; MAVEN_ARGS adds Maven arguments, e.g. -Dmaven.repo.local=...), then runs the soak: the
# local Service Bus, the four contexts and the replay service as separate JVMs on 127.0.0.1, steady
# load, faults at random (seeded, the seed printed), convergence, the invariant check and the report.
# Exit code 0 = no violation, 1 = violations, 2 = the run failed. Logs: <work-dir>/logs/.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=bounded-context-samples/demo/target/contextbus-sample-demo-0.1.0-SNAPSHOT-all.jar
CLASSES=bounded-context-samples/chaos/target/classes
if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$JAR" ] || [ ! -d "$CLASSES" ] || \
   [ -n "$(find pom.xml framework replay-service bounded-context-samples -newer "$JAR" \
           \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' \) -not -path '*/target/*' -print -quit)" ]; then
  echo "building the demo jar and the soak (mvn -q -DskipTests package)..."
  # shellcheck disable=SC2086
  mvn -q -B ${MAVEN_ARGS:-} -DskipTests -pl bounded-context-samples/chaos -am package
fi
# The child JVMs get this JVM's classpath: the demo jar holds every process, the soak's classes drive them.
exec java -XX:TieredStopAtLevel=1 -cp "$JAR:$CLASSES" io.contextbus.samples.chaos.ChaosMain \
  --work-dir=bounded-context-samples/chaos/target/chaos-run "$@"
