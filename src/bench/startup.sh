#!/usr/bin/env bash
# Start-up of a client command against an empty JVM, or two builds of it against each other: paired runs,
# A and B in turn (A B A B ...), the ratio A/B taken pair by pair, medians. Wall time and CPU time (user +
# system, the kernel's accounting of each finished child) of each whole process.
#
#   src/bench/startup.sh [PAIRS] [OTHER_LAUNCHER]
#
# Starts a throw-away in-memory server on a free loopback port, then compares `LAUNCHER count --host
# 127.0.0.1 --port P -u alice` (LAUNCHER: src/bin/pigeonhole of this tree, which maps the class-data archive
# and sets the client JVM options) with `java -cp DIR Hello` (an empty JVM, default options: what any Java
# command costs), and with OTHER_LAUNCHER's count if given (src/bin/pigeonhole of another checkout, built).
# PAIRS defaults to 25, after 2 warm-up pairs. The load average is printed before and after: on a shared
# machine quote the ratios, not the absolute times.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pairs="${1:-25}"
other="${2:-}"
java="${PIGEONHOLE_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf -- "$work"
}
trap cleanup EXIT

launcher="$root/src/bin/pigeonhole"
"$launcher" --version >/dev/null # builds the jar (and its archive) first if the sources changed

mkdir -p "$work/hello"
cat >"$work/hello/Hello.java" <<'JAVA'
public class Hello {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
JAVA
"$(dirname -- "$(command -v "$java")")/javac" -d "$work/hello" "$work/hello/Hello.java"

: >"$work/server.out"
env -u PIGEONHOLE_PORT -u PIGEONHOLE_HOST -u PIGEONHOLE_SOCKET -u PIGEONHOLE_SSH \
  "$launcher" server --in-memory --host 127.0.0.1 --port 0 >"$work/server.out" 2>"$work/server.log" &
server=$!
port=""
for _ in $(seq 600); do
  port="$(sed -n 's/^pigeonhole listening on .*:\([0-9][0-9]*\)$/\1/p' "$work/server.out")"
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { echo "startup: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

count=(count --host 127.0.0.1 --port "$port" -u alice)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$pairs" "$java -cp $work/hello Hello" "$launcher ${count[*]}" ${other:+"$other ${count[*]}"} <<'PY'
import os, statistics, subprocess, sys, time

pairs = int(sys.argv[1])
hello, ours = sys.argv[2].split(), sys.argv[3].split()
other = sys.argv[4].split() if len(sys.argv) > 4 else None

def run(cmd):
    """Wall and CPU (user + system) seconds of one whole process, from the kernel's accounting."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # count: 0 messages wait -> 1
        sys.exit("startup: %s exited %d" % (" ".join(cmd), os.waitstatus_to_exitcode(status)))
    return wall, usage.ru_utime + usage.ru_stime

def paired(a, b, label):
    for _ in range(2):
        run(a), run(b)
    rows = []
    for _ in range(pairs):
        ra, rb = run(a), run(b)
        rows.append((ra, rb))
    med = lambda xs: statistics.median(xs)
    print("%s, %d pairs:" % (label, pairs))
    print("  wall  A %.0f ms  B %.0f ms  A/B %.2f (pair by pair, median)" % (
        1000 * med([r[0][0] for r in rows]), 1000 * med([r[1][0] for r in rows]),
        med([r[0][0] / r[1][0] for r in rows])))
    print("  CPU   A %.0f ms  B %.0f ms  A/B %.2f" % (
        1000 * med([r[0][1] for r in rows]), 1000 * med([r[1][1] for r in rows]),
        med([r[0][1] / r[1][1] for r in rows])))

paired(ours, hello, "A = launcher count, B = java -cp DIR Hello")
if other:
    paired(ours, other, "A = launcher count, B = the other launcher's count")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
