#!/usr/bin/env bash
# What open, idle terminal clients cost the server: N real client network sides (Courier, default poll
# schedule) against `pigeonhole server --in-memory --port 0`, the server pinned to CPU 0 and the clients to
# CPU 1 (a third argument sets --interval in ms: 250 shows clients that are all in use). Prints the
# requests per second the clients made and the server's CPU time over the same window, as a share of one
# core. Usage: src/bench/idle-clients.sh [clients (1000)] [seconds (30)] [interval-ms (2000)]
# Needs target/pigeonhole.jar (mvn -B -q -DskipTests package); compiles its one client class itself.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
clients="${1:-1000}"; seconds="${2:-30}"; interval="${3:-2000}"
work=$(mktemp -d); server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
taskset -c 0 java -jar "$root/target/pigeonhole.jar" server --in-memory --port 0 \
  --max-connections-per-address 0 >"$work/out" 2>"$work/log" &
server=$!
for _ in $(seq 200); do grep -q 'listening on' "$work/out" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
mvn -B -q ${MVN_OFFLINE:-} -f "$root/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null
cp="$root/target/classes:$(cat "$work/cp")"
javac -d "$work/classes" -cp "$cp" "$root/src/bench/java/dev/pigeonhole/bench/IdleTuiClients.java"
ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)
taskset -c 1 java -cp "$work/classes:$cp" dev.pigeonhole.bench.IdleTuiClients 127.0.0.1 "$port" "$clients" "$seconds" "$interval" | while read -r line; do
  case "$line" in
    "WINDOW start") ticks >"$work/t0" ;;
    "WINDOW end") ticks >"$work/t1" ;;
    RESULT*) echo "$line" ;;
  esac
done
t0=$(cat "$work/t0"); t1=$(cat "$work/t1")
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$seconds" -v n="$clients" \
  'BEGIN { cpu = (b - a) / hz / s * 100; printf "RESULT server_cpu=%.2f%% of one core for %d idle clients (%.4f%% each)\n", cpu, n, cpu / n }'
