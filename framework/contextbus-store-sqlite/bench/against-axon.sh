#!/usr/bin/env bash
# Runs the Axon Framework 4.13 baseline and this store's benchmark on the same workload, back to
# back on this machine, and prints both figures and the ratio.
#
# The baseline is a separate harness (not part of this repository): Axon Framework 4.13 with its
# JdbcEventStorageEngine on SQLite (WAL, synchronous=FULL: one fsync per commit), 100,000 events of
# ~1 KB JSON over 10,000 aggregates (10 each), one event per UnitOfWork, 1 and 16 writer threads. It
# is a directory with a run.sh that takes STORES, EVENTS, REPS, WARMUP, WRITERS, PROCESSORS,
# BIG_EVENTS and WORK_DIR and writes WORK_DIR/results-*/results.csv.
#
#   framework/contextbus-store-sqlite/bench/against-axon.sh <harness directory>
#   AXON_HARNESS=<harness directory> framework/contextbus-store-sqlite/bench/against-axon.sh
#
# Environment (defaults in brackets): EVENTS [100000], WARMUP [20000] (both sides), ROUNDS [1] (each
# round runs Axon, then contextbus), RATE [1000] and RATE_SECONDS [10] (contextbus's steady-rate latency
# run), WORK_DIR [framework/contextbus-store-sqlite/target/against-axon], MAVEN_OPTS (passed to both
# Maven builds, e.g. -Dmaven.repo.local=...), MVN_ARGS (extra arguments of contextbus's Maven run).
set -euo pipefail

HARNESS=${1:-${AXON_HARNESS:-}}
if [ -z "$HARNESS" ] || [ ! -x "$HARNESS/run.sh" ]; then
  echo "usage: $0 <directory of the Axon baseline harness, with its run.sh> (or AXON_HARNESS=...)" >&2
  exit 64
fi
HARNESS=$(cd "$HARNESS" && pwd)
MODULE=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$MODULE/../.." && pwd)
EVENTS=${EVENTS:-100000}
WARMUP=${WARMUP:-20000}
ROUNDS=${ROUNDS:-1}
RATE=${RATE:-1000}
SECONDS_AT_RATE=${RATE_SECONDS:-10}
WORK_DIR=${WORK_DIR:-$MODULE/target/against-axon}
MVN_ARGS=${MVN_ARGS:-}
mkdir -p "$WORK_DIR"
SUMMARY="$WORK_DIR/summary-$(date -u +%Y%m%d-%H%M%S).md"

load() { cut -d' ' -f1 /proc/loadavg; }

# median-free on purpose: one figure per side and round, measured back to back
axon_figure() { # csv config -> events/s of the measured round
  awk -F, -v c="$2" '$3 == "append" && $4 == c && $5 >= 1 { v = $7 } END { if (v == "") exit 1; printf "%.0f", v }' "$1"
}
ours_figure() { # log call writers -> commits/s
  awk -v c="$2" -v w="writers=$3" '$1 == "RESULT" && $2 == c && $3 == w { split($4, a, "="); v = a[2] }
    END { if (v == "") exit 1; printf "%.0f", v }' "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", b / a }'; }

{
  echo "# contextbus-store-sqlite against Axon 4.13 (JdbcEventStorageEngine on SQLite, WAL, synchronous=FULL)"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- || echo ' (+ uncommitted changes)'),"
  echo "$EVENTS events of ~1 KB over $((EVENTS / 10)) streams, one event per commit, warm-up $WARMUP; load = 1-minute load average at the start and end of each run."
  echo
  echo "| round | shape | Axon 4.13 | contextbus | contextbus / Axon | load during Axon | load during contextbus |"
  echo "|---|---|---:|---:|---:|---|---|"
} > "$SUMMARY"

for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round/$ROUNDS: Axon baseline (load $(load))"
  a0=$(load)
  rm -rf "$WORK_DIR/axon"
  STORES=sqlite EVENTS=$EVENTS REPS=1 WARMUP=$WARMUP WRITERS=1,16 PROCESSORS=" " BIG_EVENTS=0 \
    WORK_DIR="$WORK_DIR/axon" "$HARNESS/run.sh" > "$WORK_DIR/axon-$round.log" 2>&1 \
    || { echo "the Axon harness failed; see $WORK_DIR/axon-$round.log" >&2; tail -20 "$WORK_DIR/axon-$round.log" >&2; exit 1; }
  a1=$(load)
  csv=$(ls -t "$WORK_DIR"/axon/results-*/results.csv | head -1)
  grep -E "^  append " "$WORK_DIR/axon-$round.log" || true

  echo "== round $round/$ROUNDS: contextbus (load $(load))"
  c0=$(load)
  # shellcheck disable=SC2086
  (cd "$ROOT" && mvn -B -q $MVN_ARGS -pl framework/contextbus-store-sqlite -am test-compile -Dbench \
      -Dbench.workload=axon -Dbench.events="$EVENTS" -Dbench.warmup="$WARMUP" -Dbench.rate="$RATE" \
      -Dbench.seconds="$SECONDS_AT_RATE" -Dbench.dir="$WORK_DIR/contextbus-data") > "$WORK_DIR/contextbus-$round.log" 2>&1 \
    || { echo "the contextbus benchmark failed; see $WORK_DIR/contextbus-$round.log" >&2; tail -20 "$WORK_DIR/contextbus-$round.log" >&2; exit 1; }
  c1=$(load)
  rm -rf "$WORK_DIR/contextbus-data"
  grep -vE "^\[|^RESULT|^\s*$" "$WORK_DIR/contextbus-$round.log" || true

  for w in 1 16; do
    label=$([ "$w" = 1 ] && echo "1 writer" || echo "$w writers")
    a=$(axon_figure "$csv" "$label"); c=$(ours_figure "$WORK_DIR/contextbus-$round.log" append "$w")
    echo "| $round | append, $label waiting | $a/s | $c/s | $(ratio "$a" "$c") | $a0-$a1 | $c0-$c1 |" >> "$SUMMARY"
  done
  a=$(axon_figure "$csv" "16 writers"); c=$(ours_figure "$WORK_DIR/contextbus-$round.log" appendAsync 16)
  echo "| $round | appendAsync, 16 writers (Axon: its 16 waiting writers) | $a/s | $c/s | $(ratio "$a" "$c") | $a0-$a1 | $c0-$c1 |" >> "$SUMMARY"
  lat=$(awk '$1 == "RESULT" && $2 == "latency" { print $4 " / " $5 " / " $6 }' "$WORK_DIR/contextbus-$round.log" | sed 's/_ms=/ /g')
  echo "| $round | append latency at $RATE/s, contextbus: p50 / p99 / max (ms) | | $lat | | | $c0-$c1 |" >> "$SUMMARY"
done

echo
cat "$SUMMARY"
echo
echo "(written to $SUMMARY)"
