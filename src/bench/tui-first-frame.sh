#!/usr/bin/env bash
# The terminal client's first frame with an empty archive and with a 100,000-message one, in a private tmux,
# alternating runs so that a noisy machine affects both alike. Prints, per run, the milliseconds from
# launch to the first frame and to the newest message on screen. It connects to port 1 (nothing listens):
# only the files matter here. Usage: src/bench/tui-first-frame.sh [target/pigeonhole.jar]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="${1:-$root/target/pigeonhole.jar}"
work=$(mktemp -d); sock="ph-first-frame-$$"
trap 'rm -rf "$work"' EXIT
python3 - "$work/big.log" <<'PY'
import sys, datetime
t = datetime.datetime(2026, 11, 1)
with open(sys.argv[1], "w") as f:
    for i in range(100000):
        f.write((t + datetime.timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ") + "\t" + ("alice" if i % 2 else "bob") + "\tmessage %d of the test\n" % i)
PY
chmod 600 "$work/big.log"
frame() { # archive -> ms until the frame (status row) is on screen
  T=(tmux -L "$sock-$RANDOM" -f /dev/null)
  local start=$(date +%s%N)
  "${T[@]}" new-session -d -s m -x 80 -y 24 "java -jar '$jar' tui --port 1 --user me --archive '$1' --bell off"
  until "${T[@]}" capture-pane -p -t m 2>/dev/null | grep -q 'me@127.0.0.1:1'; do sleep 0.005; done
  local shown=$(date +%s%N)
  until "${T[@]}" capture-pane -p -t m 2>/dev/null | grep -q "$2"; do sleep 0.005; done
  local hist=$(date +%s%N)
  local sp; sp=$("${T[@]}" display-message -p '#{socket_path}' 2>/dev/null || true)
  "${T[@]}" kill-server 2>/dev/null || true
  [ -n "$sp" ] && rm -f "$sp"
  echo "$(( (shown - start) / 1000000 )) $(( (hist - start) / 1000000 ))"
}
for i in 1 2 3 4 5; do
  echo "empty $(frame "$work/empty-$i.log" 'No messages yet')"
  echo "100k  $(frame "$work/big.log" 'message 99999')"
done
