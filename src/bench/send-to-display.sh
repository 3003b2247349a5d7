#!/usr/bin/env bash
# Send-to-display: how long a message takes from the moment the server confirms it (MESSAGE SENT) to the
# moment its text is on the recipient's screen. A real terminal client (`pigeonhole tui`, started by the
# launcher with its default settings) watches in a private tmux; a sender logs in over TCP and composes at
# random moments; the screen is read with `tmux capture-pane` in a tight loop. Two phases:
#   in use:     a key (Ctrl-L, redraw) pressed in the client shortly before each message;
#   after idle: a fresh client each time, untouched since it started (nothing received, no key), so the
#               message is the first sign of life it gets (the idle poll period applies);
#   after idle, focused: the same, but tmux has focus-events on and a client (in `script`'s pseudo-terminal)
#               is attached to the client's window, so the terminal reports focus in (CSI I).
# Prints each sample and, per phase, the median, 90th percentile and maximum in milliseconds.
# Usage: src/bench/send-to-display.sh [in-use messages (40)] [idle messages (10)] [extra tui options...]
# Needs target/pigeonhole.jar (mvn -B -q -DskipTests package), tmux, script (util-linux) and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/target/pigeonhole.jar"
used="${1:-40}"; idle="${2:-10}"; shift $(( $# > 2 ? 2 : $# ))
[ -f "$jar" ] || { echo "send-to-display: no $jar (mvn -B -q -DskipTests package)" >&2; exit 1; }
work=$(mktemp -d); sock="ph-s2d-$$"; server=""
cleanup() {
  local sp; sp=$(tmux -L "$sock" display-message -p '#{socket_path}' 2>/dev/null || true)
  tmux -L "$sock" kill-server 2>/dev/null || true
  [ -n "$sp" ] && rm -f "$sp"
  [ -n "$server" ] && kill "$server" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
java -jar "$jar" server --in-memory --port 0 >"$work/out" 2>"$work/server.log" &
server=$!
for _ in $(seq 200); do grep -q 'listening on' "$work/out" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
[ -n "$port" ] || { echo "send-to-display: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), java $(java -version 2>&1 | head -1)"
echo "# client: src/bin/pigeonhole tui --port $port --user bob ${*:-} (launcher defaults)"
python3 - "$root/src/bin/pigeonhole" "$port" "$sock" "$work" "$used" "$idle" "$@" <<'PY'
import os, random, socket, statistics, subprocess, sys, time

launcher, port, sock, work, used, idle = sys.argv[1:7]
extra = " ".join(sys.argv[7:])
port, used, idle = int(port), int(used), int(idle)
env = dict(os.environ, LC_ALL="C.UTF-8")
env.pop("TMUX", None)

def tmux(*args):
    return subprocess.run(["tmux", "-L", sock, "-f", "/dev/null", *args], env=env,
                          capture_output=True, text=True).stdout

pane = None  # the session of the client watched now

def screen():
    return tmux("capture-pane", "-p", "-t", pane)

def wait_for(text, within=60.0):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if text in screen():
            return time.monotonic()
    sys.exit(f"send-to-display: {text!r} never appeared on the client's screen:\n{screen()}")

viewer = None  # an attached tmux client: the terminal whose focus the watched window has

def start_client(n):
    # The new session first: killing the last one would end the tmux server under the next command.
    global pane
    old, pane = pane, f"s2d-{n}"
    tmux("new-session", "-d", "-s", pane, "-x", "80", "-y", "24",
         f"'{launcher}' tui --port {port} --user bob --archive '{work}/bob-{n}.log' --bell off {extra}")
    if viewer:
        tmux("switch-client", "-t", pane)          # the viewer looks at the new window: focus in
    if old:
        tmux("kill-session", "-t", old)
    wait_for("connected")

def attach_viewer():
    global viewer
    tmux("set-option", "-g", "focus-events", "on")
    viewer = subprocess.Popen(["script", "-qfc", f"stty cols 80 rows 24; tmux -L {sock} attach -t {pane}",
                               "/dev/null"], env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while "focused" not in tmux("list-clients") and time.monotonic() < deadline:
        time.sleep(0.05)

class Sender:
    def __init__(self):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.f = self.s.makefile("rb")
        self.s.sendall(b"LOGIN alice\n")
        self.f.readline()

    def send(self, text):
        self.s.sendall(b"COMPOSE bob\n" + text.encode() + b"\n")
        reply = self.f.readline()
        sent = time.monotonic()
        if reply != b"MESSAGE SENT\n":
            sys.exit(f"send-to-display: {reply!r}")
        return sent

def report(name, ms):
    ms = sorted(ms)
    p90 = ms[min(len(ms) - 1, int(round(0.9 * len(ms))) - 1)]
    print(f"RESULT {name}: n={len(ms)} median={statistics.median(ms):.0f} ms p90={p90:.0f} ms max={ms[-1]:.0f} ms")

sender = Sender()
rng = random.Random()
start_client(0)
in_use = []
for i in range(used):
    tmux("send-keys", "-t", pane, "C-l")          # someone is at the keyboard
    time.sleep(rng.uniform(0.1, 1.2))              # ... and a message comes at a random moment
    token = f"in-use-{i}-{rng.randrange(10**6):06d}"
    sent = sender.send(token)
    in_use.append((wait_for(token) - sent) * 1000)
    print(f"in-use {i + 1} {in_use[-1]:.0f}")
after_idle = []
for i in range(idle):
    start_client(i + 1)                            # never touched: polls at the idle period
    time.sleep(rng.uniform(0.5, 4.0))
    token = f"idle-{i}-{rng.randrange(10**6):06d}"
    sent = sender.send(token)
    after_idle.append((wait_for(token) - sent) * 1000)
    print(f"after-idle {i + 1} {after_idle[-1]:.0f}")
attach_viewer()
after_idle_focused = []
for i in range(idle):
    start_client(idle + i + 1)                     # never touched, but its window has the focus
    time.sleep(rng.uniform(0.5, 4.0))
    token = f"focused-{i}-{rng.randrange(10**6):06d}"
    sent = sender.send(token)
    after_idle_focused.append((wait_for(token) - sent) * 1000)
    print(f"after-idle-focused {i + 1} {after_idle_focused[-1]:.0f}")
viewer.stdin.close()
viewer.terminate()
viewer.wait()
report("in use", in_use)
report("first message after idle", after_idle)
report("first message after idle, window focused", after_idle_focused)
PY
