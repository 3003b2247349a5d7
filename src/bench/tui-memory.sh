#!/usr/bin/env bash
# The terminal client's memory with a large archive: RSS of `pigeonhole tui` (started by the launcher, so
# with its JVM options) once the newest message is on screen, then after a scripted session in tmux that
# pages up and down, jumps to the oldest and newest message (Ctrl-Home/Ctrl-End) and searches (Ctrl-F,
# stepping to older matches) for ROUNDS rounds, sampling RSS after every round; at the start and the end
# also the heap still in use after a full collection (jcmd), which is what the models hold. The archive
# holds MESSAGES messages from 3 people (generated once per run). It connects to port 1 (nothing listens):
# only the files and the window matter here.
# Usage: src/bench/tui-memory.sh [messages (1000000)] [rounds (20)]
#        PIGEONHOLE_JAVA_OPTS="-Xmx64m" src/bench/tui-memory.sh   (options after the launcher's, so they win)
# Needs target/pigeonhole.jar (mvn -B -q -DskipTests package), tmux and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
messages="${1:-1000000}"; rounds="${2:-20}"
work=$(mktemp -d); sock="ph-memory-$$"
T=(tmux -L "$sock" -f /dev/null)
cleanup() {
  local sp; sp=$("${T[@]}" display-message -p '#{socket_path}' 2>/dev/null || true)
  "${T[@]}" kill-server 2>/dev/null || true
  [ -n "$sp" ] && rm -f "$sp"
  rm -rf "$work"
}
trap cleanup EXIT
python3 - "$work/me.log" "$messages" <<'PY'
import sys, datetime
n = int(sys.argv[2])
t = datetime.datetime(2024, 1, 1)
words = ["lunch", "deploy", "coffee", "review", "meeting", "release", "weekend", "budget"]
with open(sys.argv[1], "w") as f:
    for i in range(n):
        text = "oldest message of all, marked zebra" if i == 0 else "message %d about %s and %s" % (
            i, words[i % 8], words[(i * 7) % 8])
        f.write((t + datetime.timedelta(seconds=60 * i)).strftime("%Y-%m-%dT%H:%M:%SZ") + "\t"
                + ("alice", "bob", "carol")[i % 3] + "\t" + text + "\n")
PY
chmod 600 "$work/me.log"
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); archive $messages messages, $(du -h "$work/me.log" | cut -f1)"
echo "# PIGEONHOLE_JAVA_OPTS=${PIGEONHOLE_JAVA_OPTS:-}"
"${T[@]}" new-session -d -s m -x 80 -y 24 \
  "PIGEONHOLE_JAVA_OPTS='${PIGEONHOLE_JAVA_OPTS:-}' '$root/src/bin/pigeonhole' tui --port 1 --user me --archive '$work/me.log' --bell off"
pid=$("${T[@]}" display-message -p -t m '#{pane_pid}') # the launcher execs the JVM: same process
screen() { "${T[@]}" capture-pane -p -t m; }
await() { # text, what
  local deadline=$((SECONDS + 120))
  until screen | grep -qF -- "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "tui-memory: never saw $2" >&2; screen >&2; exit 1; }
    sleep 0.05
  done
}
rss() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
live() { # the heap in use after a full collection, in MB (what the models hold), if jcmd is there
  command -v jcmd >/dev/null || { echo "?"; return; }
  jcmd "$pid" GC.run >/dev/null 2>&1 || { echo "?"; return; }
  jcmd "$pid" GC.heap_info 2>/dev/null |
    awk '/generation +total/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?/, "", v); s += v}}
         END {printf "%.1f", s / 1024}'
}
keys() { "${T[@]}" send-keys -t m "$@"; }
await "message $((messages - 1)) about" "the newest message"
sleep 2 # let start-up work (the class loading, the first page) settle before the first sample
echo "RESULT fresh rss_mb=$(rss) live_heap_mb=$(live)"
start=$SECONDS
for r in $(seq "$rounds"); do
  for _ in $(seq 20); do keys PPage; done
  for _ in $(seq 10); do keys NPage; done
  keys C-Home; await "oldest message of all" "the oldest message (round $r)"
  for _ in $(seq 10); do keys NPage; done
  keys C-End; await "message $((messages - 1)) about" "the newest message again (round $r)"
  keys C-f; keys -l "zebra"; await "Match 1" "the search's first match (round $r)"
  keys Escape; await "To:" "the search closed (round $r)"
  keys C-f; keys -l "coffee and"; await "Match 1" "the second search's first match (round $r)"
  for _ in $(seq 5); do keys Enter; done; await "Match 6" "the sixth match (round $r)"
  keys Escape; await "message $((messages - 1)) about" "back at the newest (round $r)"
  echo "round $r rss_mb=$(rss) after $((SECONDS - start)) s"
done
echo "RESULT after $rounds rounds ($((SECONDS - start)) s) rss_mb=$(rss) live_heap_mb=$(live)"
keys C-c
