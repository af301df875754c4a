#!/usr/bin/env bash
# The contextbus main job in one command, from the repository root:
#   bounded-context-samples/run-demo.sh [--orders=6000] [--products=20] [--clients=64]
# Builds the demo jar when it is missing or older than the sources (set REBUILD=1 to force), then
# runs it: the local Service Bus, ordering, inventory, shipping and the replay service start as
# separate JVMs on 127.0.0.1, the scenario runs, the report prints, and everything stops (also on
# Ctrl-C). Exit code 0 = consistent, 1 = inconsistent, 2 = the run failed.
# Needs Java 17+ and Maven 3.8+. Logs: bounded-context-samples/demo/target/demo-run/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bounded-context-samples/demo/target/contextbus-sample-demo-0.1.0-SNAPSHOT-all.jar
if [ "${REBUILD:-0}" = 1 ] || [ ! -f "$JAR" ] || \
   [ -n "$(find pom.xml framework replay-service bounded-context-samples -newer "$JAR" \
           \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' \) -not -path '*/target/*' -print -quit)" ]; then
  echo "building the demo (mvn -q -DskipTests package)..."
  mvn -q -B -DskipTests -pl bounded-context-samples/demo -am package
fi
# The client compiler only, like the processes the demo starts: see ChildProcess.
exec java -XX:TieredStopAtLevel=1 -jar "$JAR" --work-dir=bounded-context-samples/demo/target/demo-run "$@"
