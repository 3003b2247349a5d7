#!/usr/bin/env bash
# Measures Pigeonhole against Redis with the same load generator, on this machine: the C one
# (src/bench/c/loadgen.c, one epoll thread, built here with `cc -O2` into target/) where a C compiler is
# found, else the Java one (`pigeonhole-bench`, one thread per connection, which costs the shared machine
# several times the CPU per request). Both run the same workloads, check every reply and print the same
# RESULT line.
#
# Builds the jar, starts a Pigeonhole server and a Redis server (no persistence, loopback, a free port),
# then for each case runs A B A B ... interleaved, so that load from anything else on the machine hits
# both sides alike, and prints the medians and the ratios. Every process it starts is stopped on exit.
#
# Usage: src/bench/compare.sh [case ...]
#   cases: held16 held128 short16 fanin16 idle durable16 durable128 held16-allcores   (default: all of them)
#   Every case runs the server in its default configuration (no tuning flags) unless its name says otherwise.
#   held16 = workload held with 16 connections; idle = 10,000 idle + 16 active connections on each side.
#   held16-allcores = held16 against a server with --pool-size = every processor, all loops serving from the
#   start (by default only one serves at first, and more start on demand).
#   fanin16 = 16 senders and one reader; the summary adds the reader's share of the replies (senders
#   wait for the reader's credit, so it is 50% when every READ finds a message, more when READs find
#   the queue empty). The servers' logs go to files, as a deployed server's would.
#   durable16/durable128 = held, Pigeonhole with a journal and --fsync always against Redis with
#   appendonly yes and appendfsync always, both writing to a temporary directory on the same disk.
# Environment:
#   ROUNDS (3)  pairs per case;  DURATION (5s)  WARMUP (2s)  per run;  MESSAGE_BYTES (100)
#   IDLE (10000)  idle connections;  SERVER_JAVA_OPTS / BENCH_JAVA_OPTS  extra JVM options
#   PIN (1)  with 1, both servers run on the first half of the CPUs and the load generator on the other half
#            (taskset), so that the generator does not take the servers' CPU; 0 lets the kernel place them
#   LOADGEN (c)  c, or java for the Java generator (also used when no C compiler is found)
#   OUT (target/bench/compare-<time>.txt)  where every RESULT line is kept
#   TABLE (assets/bench/compare-<time>.txt)  where the summary table is written (also printed)
#   AGAINST (unset)  a Pigeonhole jar (an older build, say) to take Redis's place: every case then runs this
#            tree's server against that jar's with the same options (durable: --fsync always on its own
#            data directory), interleaved, so that a change is measured before/after in one run
# All cases, default settings: about 7 minutes after the build on 2 cores.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/target/pigeonhole.jar"
bench_jar="$root/target/pigeonhole-bench.jar" # the load generator, built beside the product
rounds="${ROUNDS:-3}"
duration="${DURATION:-5s}"
warmup="${WARMUP:-2s}"
message_bytes="${MESSAGE_BYTES:-100}"
idle="${IDLE:-10000}"
server_java_opts="${SERVER_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
bench_java_opts="${BENCH_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC}"
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(held16 held128 short16 fanin16 idle durable16 durable128 held16-allcores)
work="$(mktemp -d)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${OUT:-$root/target/bench/compare-$stamp.txt}"
table="${TABLE:-$root/assets/bench/compare-$stamp.txt}"
mkdir -p "$(dirname "$out")" "$(dirname "$table")"
# Servers on the first half of the CPUs, the load generator on the rest.
cpus="$(nproc)"
server_cpus="" load_cpus="" on_server_cpus=() on_load_cpus=()
if [ "${PIN:-1}" = 1 ] && [ "$cpus" -ge 2 ] && command -v taskset >/dev/null; then
  server_cpus="0-$((cpus / 2 - 1))"; load_cpus="$((cpus / 2))-$((cpus - 1))"
  # taskset execs the command, so $! is the server's own pid (its CPU time is read from /proc).
  on_server_cpus=(taskset -c "$server_cpus"); on_load_cpus=(taskset -c "$load_cpus")
fi

pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "compare: $*" >&2; }

# --- build and prerequisites -------------------------------------------------------------------
# Paths relative to the checkout and no colour codes: the output is meant to be pasted into the docs.
say "building ${jar#"$root"/} and ${bench_jar#"$root"/}"
(cd "$root" && { mvn -B -q -o -Dstyle.color=never -DskipTests package 2>/dev/null \
  || mvn -B -q -Dstyle.color=never -DskipTests package; }) >&2
# shellcheck disable=SC2206 # the options are words
loadgen=(java $bench_java_opts -jar "$bench_jar") generator="pigeonhole-bench (Java)"
if [ "${LOADGEN:-c}" = c ]; then
  if cc_bin="$(command -v cc || command -v gcc)"; then
    "$cc_bin" -O2 -o "$root/target/loadgen" "$root/src/bench/c/loadgen.c"
    loadgen=("$root/target/loadgen") generator="loadgen (C, one epoll thread)"
  else
    say "no C compiler found: using the Java load generator"
  fi
fi
say "load generator: $generator"
if ! command -v redis-server >/dev/null; then
  say "redis-server is missing; installing the Debian package"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get install -y -qq redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
  else
    say "run as root or install redis-server first"; exit 1
  fi
fi
# Ten thousand idle connections need as many descriptors in each process.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

free_port() {
  local p
  for _ in $(seq 1 100); do
    # Below the kernel's ephemeral range (32768+), so no outgoing connection can hold it.
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  say "no free port found"; return 1
}

# Starts a Pigeonhole server with the given extra options; sets $ph_port and adds its pid. In memory,
# unless the options name a --data-dir. From this tree's jar, or the one in $from_jar.
start_pigeonhole() {
  local log="$work/server-$RANDOM.log" help flags=() run_jar="${from_jar:-$jar}"
  help="$(java -jar "$run_jar" server --help 2>&1 || true)"
  # Benchmarks compare in-memory servers: pass --in-memory where the server has a durable default.
  if grep -q -- '--in-memory' <<<"$help" && ! grep -q -- '--data-dir' <<<"$*"; then flags+=(--in-memory); fi
  # shellcheck disable=SC2086
  "${on_server_cpus[@]}" java $server_java_opts -jar "$run_jar" server --port 0 "${flags[@]}" "$@" >"$log" 2>"$log.err" &
  pids+=($!)
  for _ in $(seq 1 200); do
    if ph_port="$(sed -n 's/^pigeonhole listening on .*:\([0-9][0-9]*\)$/\1/p' "$log" 2>/dev/null | head -1)" && [ -n "$ph_port" ]; then
      say "pigeonhole server (${from_jar:+from $from_jar, }pid ${pids[-1]}; options: ${flags[*]:-} $*) on port $ph_port"; return
    fi
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  say "the pigeonhole server did not start:"; cat "$log.err" >&2; exit 1
}

# Starts a Redis server (no persistence, or the options given, e.g. --appendonly yes); sets $redis_port.
start_redis() {
  local attempt persistence=("$@") dir="$work/redis-$RANDOM"
  [ ${#persistence[@]} -gt 0 ] || persistence=(--appendonly no)
  mkdir -p "$dir"
  for attempt in 1 2 3 4 5; do
    redis_port="$(free_port)"
    "${on_server_cpus[@]}" redis-server --save '' "${persistence[@]}" --dir "$dir" --bind 127.0.0.1 --port "$redis_port" \
      --maxclients $((idle + 1000)) --daemonize no --logfile "$work/redis.log" &
    pids+=($!)
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null; then
        say "redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') (pid ${pids[-1]}; ${persistence[*]}) on port $redis_port"; return
      fi
      kill -0 "${pids[-1]}" 2>/dev/null || break # exited: the port was taken after all; try another
      sleep 0.1
    done
  done
  say "redis did not start:"; cat "$work/redis.log" >&2; exit 1
}

# CPU time (user + system) a process has used so far, in microseconds.
cpu_us() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d\n", ($14 + $15) * 1000000 / hz}' "/proc/$1/stat"; }

# Runs one benchmark against the server with pid $2 and prints its RESULT line, with the server's CPU time
# per operation appended (cpu_us_per_op: CPU used during the whole run, warm-up included, over the
# operations that rate implies for that time; robust to other load, unlike the rate). Kept in $out too.
bench() {
  local side="$1" pid="$2"; shift 2
  local line c0 c1
  c0="$(cpu_us "$pid")"
  # shellcheck disable=SC2086
  if ! line="$("${on_load_cpus[@]}" "${loadgen[@]}" --duration "$duration" --warmup "$warmup" \
        --message-bytes "$message_bytes" "$@" 2>"$work/bench.err" | tee "$work/bench.out" | grep '^RESULT ')"; then
    say "bench failed ($side $*):"; grep -v '^RESULT ' "$work/bench.out" >&2; cat "$work/bench.err" >&2
    line="RESULT failed=1 rate=0 p99_us=0 errors=1"
  fi
  c1="$(cpu_us "$pid")"
  line="$line cpu_us_per_op=$(awk -v c="$((c1 - c0))" -v r="$(field rate <<<"$line")" -v t="$(seconds "$warmup") $(seconds "$duration")" \
      'BEGIN {split(t, s, " "); n = r * (s[1] + s[2]); printf "%.2f", (n > 0 ? c / n : 0)}')"
  echo "side=$side $line" >>"$out"
  echo "$line"
}

# 10s -> 10, 500ms -> 0.5 (the forms this script passes on).
seconds() { awk -v d="$1" 'BEGIN {if (d ~ /ms$/) print substr(d, 1, length(d) - 2) / 1000; else if (d ~ /s$/) print substr(d, 1, length(d) - 1); else print d}'; }

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
median() { grep . | sort -g | awk '{v[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# Runs case $1: side A ($2, server pid $3, bench arguments $4) against side B ($5, $6, $7), ROUNDS times
# each, interleaved A B A B, and prints one summary line of medians and ratios.
compare_case() {
  local name="$1" label_a="$2" pid_a="$3" args_a="$4" label_b="$5" pid_b="$6" args_b="$7" a b i r
  local rates_a="" rates_b="" p99_a="" p99_b="" cpu_a="" cpu_b="" share_a="" share_b="" errors=0
  for i in $(seq 1 "$rounds"); do
    # shellcheck disable=SC2086
    a="$(bench "$label_a" "$pid_a" $args_a)"
    # shellcheck disable=SC2086
    b="$(bench "$label_b" "$pid_b" $args_b)"
    say "$name round $i: $label_a $(field rate <<<"$a")/s p99 $(field p99_us <<<"$a")us cpu/op $(field cpu_us_per_op <<<"$a")us" \
        "| $label_b $(field rate <<<"$b")/s p99 $(field p99_us <<<"$b")us cpu/op $(field cpu_us_per_op <<<"$b")us"
    rates_a+="$(field rate <<<"$a")"$'\n'; rates_b+="$(field rate <<<"$b")"$'\n'
    p99_a+="$(field p99_us <<<"$a")"$'\n'; p99_b+="$(field p99_us <<<"$b")"$'\n'
    cpu_a+="$(field cpu_us_per_op <<<"$a")"$'\n'; cpu_b+="$(field cpu_us_per_op <<<"$b")"$'\n'
    share_a+="$(field reader_share <<<"$a")"$'\n'; share_b+="$(field reader_share <<<"$b")"$'\n'
    for r in "$a" "$b"; do
      if [ "$(field errors <<<"$r")" != "0" ]; then errors=$((errors + 1)); fi
    done
  done
  awk -v n="$name" -v la="$label_a" -v lb="$label_b" -v e="$errors" \
      -v ra="$(median <<<"$rates_a")" -v rb="$(median <<<"$rates_b")" \
      -v pa="$(median <<<"$p99_a")" -v pb="$(median <<<"$p99_b")" \
      -v ca="$(median <<<"$cpu_a")" -v cb="$(median <<<"$cpu_b")" \
      -v sa="$(median <<<"$share_a")" -v sb="$(median <<<"$share_b")" 'BEGIN {
    printf "%-10s %-16s %9.0f/s p99 %7.0fus cpu/op %6.2fus | %-8s %9.0f/s p99 %7.0fus cpu/op %6.2fus | rate %.2fx p99 %.2fx cpu/op %.2fx%s%s\n",
      n, la, ra, pa, ca, lb, rb, pb, cb, (rb > 0 ? ra / rb : 0), (pb > 0 ? pa / pb : 0), (cb > 0 ? ca / cb : 0),
      (n ~ /^fanin/ && sa != "nan" ? sprintf(" | reader share %.1f%% vs %.1f%%", 100 * sa, 100 * sb) : ""),
      (e > 0 ? "  RUNS WITH ERRORS: " e : "") }'
}

# The other side of a case: with AGAINST, that jar's server with the options given (sets other_pid,
# other_port and other_args, the load generator's arguments for it); else Redis, with the Redis options given
# after "--" (none: no persistence).
start_other() {
  local ph_opts=() redis_opts=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do ph_opts+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  redis_opts=("$@")
  if [ -n "${AGAINST:-}" ]; then
    from_jar="$AGAINST" start_pigeonhole "${ph_opts[@]}"
    other_pid="${pids[-1]}" other_port="$ph_port" other_args="--port $ph_port"
  else
    start_redis "${redis_opts[@]}"
    other_pid="${pids[-1]}" other_port="$redis_port" other_args="--redis --port $redis_port"
  fi
}
if [ -n "${AGAINST:-}" ]; then
  [ -f "$AGAINST" ] || { say "AGAINST=$AGAINST: no such jar"; exit 2; }
  other="before" durable_other="before-fsync"
else
  other="redis" durable_other="redis-aof"
fi

# --- the runs ----------------------------------------------------------------------------------
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
start_other
redis_pid="$other_pid" redis_args="$other_args"
start_pigeonhole
ph_default_port="$ph_port"
ph_pid="${pids[-1]}"
# One unrecorded run per side first, so that neither side's first measured round pays for a cold start
# (the JVM's JIT compiling the server; Redis has nothing to warm, but gets the same treatment).
say "warm-up pass (not recorded)"
bench warmup "$ph_pid" --port "$ph_default_port" --workload held --connections 16 >/dev/null
# shellcheck disable=SC2086
bench warmup "$redis_pid" $redis_args --workload held --connections 16 >/dev/null
summary=()
held_case() { # name, workload, connections
  compare_case "$1" pigeonhole "$ph_pid" "--port $ph_default_port --workload $2 --connections $3" \
                    "$other" "$redis_pid" "$redis_args --workload $2 --connections $3"
}
for c in "${cases[@]}"; do
  case "$c" in
    held16)  summary+=("$(held_case held16 held 16)") ;;
    held128) summary+=("$(held_case held128 held 128)") ;;
    short16) summary+=("$(held_case short16 short 16)") ;;
    fanin16) summary+=("$(held_case fanin16 fanin 17)") ;; # 16 senders and the one reader
    idle)
      # Every client comes from 127.0.0.1: lift the connection limits for this case (not a tuning of speed).
      start_pigeonhole --max-connections $((idle + 1000)) --max-connections-per-address 0
      idle_pid="${pids[-1]}" idle_port="$ph_port"
      bench warmup "$idle_pid" --port "$idle_port" --workload held --connections 16 >/dev/null
      idle_other_pid="$redis_pid" idle_other_args="$redis_args"
      if [ -n "${AGAINST:-}" ]; then
        start_other --max-connections $((idle + 1000)) --max-connections-per-address 0
        idle_other_pid="$other_pid" idle_other_args="$other_args"
        # shellcheck disable=SC2086
        bench warmup "$idle_other_pid" $idle_other_args --workload held --connections 16 >/dev/null
      fi
      summary+=("$(compare_case idle pigeonhole "$idle_pid" "--port $idle_port --workload idle --connections 16 --idle $idle" \
                                "$other" "$idle_other_pid" "$idle_other_args --workload idle --connections 16 --idle $idle")") ;;
    held16-allcores)
      start_pigeonhole --pool-size "$cpus"
      all_pid="${pids[-1]}" all_port="$ph_port"
      bench warmup "$all_pid" --port "$all_port" --workload held --connections 16 >/dev/null
      all_other_pid="$redis_pid" all_other_args="$redis_args"
      if [ -n "${AGAINST:-}" ]; then
        start_other --pool-size "$cpus"
        all_other_pid="$other_pid" all_other_args="$other_args"
        # shellcheck disable=SC2086
        bench warmup "$all_other_pid" $all_other_args --workload held --connections 16 >/dev/null
      fi
      summary+=("$(compare_case "$c" "pigeonhole-pool$cpus" "$all_pid" "--port $all_port --workload held --connections 16" \
                                "$other" "$all_other_pid" "$all_other_args --workload held --connections 16")") ;;
    durable16|durable128)
      if [ -z "${durable_ph_pid:-}" ]; then
        mkdir -p "$work/ph-data" "$work/other-data"
        start_other --data-dir "$work/other-data" --fsync always -- --appendonly yes --appendfsync always
        durable_redis_pid="$other_pid"; durable_redis_args="$other_args"
        start_pigeonhole --data-dir "$work/ph-data" --fsync always
        durable_ph_pid="${pids[-1]}"; durable_ph_port="$ph_port"
        bench warmup "$durable_ph_pid" --port "$durable_ph_port" --workload held --connections 16 >/dev/null
        # shellcheck disable=SC2086
        bench warmup "$durable_redis_pid" $durable_redis_args --workload held --connections 16 >/dev/null
      fi
      n="${c#durable}"
      summary+=("$(compare_case "$c" pigeonhole-fsync "$durable_ph_pid" "--port $durable_ph_port --workload held --connections $n" \
                                "$durable_other" "$durable_redis_pid" "$durable_redis_args --workload held --connections $n")") ;;
    *) say "unknown case $c (held16 held128 short16 fanin16 idle durable16 durable128 held16-allcores)"; exit 2 ;;
  esac
done

{
  echo "Pigeonhole (left) vs ${AGAINST:+the server in $AGAINST as }the other side, same load generator ($generator); medians of $rounds interleaved runs"
  echo "of $duration each after $warmup of warm-up. Ratios are left/right: rate >= 1 and p99, cpu/op <= 1 favour Pigeonhole."
  echo "cpu/op is the server's CPU (user + system) per operation."
  echo "(machine: $cpus cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); $(java -version 2>&1 | head -1);"
  echo " $(redis-server --version | cut -d' ' -f1-3); $(if [ -n "$server_cpus" ]; then echo "servers on CPUs $server_cpus, load generator on CPUs $load_cpus"; else echo "not pinned"; fi);"
  echo " load average before the runs: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg))"
  printf '%s\n' "${summary[@]}"
  # A default server starts more event loops only when its loops are saturated and a core is idle: say so.
  started="$(grep -h 'serving now' "$work"/server-*.log.err 2>/dev/null | sed 's/^[^ ]* //' || true)"
  if [ -z "$started" ]; then
    echo "event loops started on demand during the runs: none"
  else
    echo "event loops started on demand during the runs: $(grep -c . <<<"$started")"; echo "$started"
  fi
  echo "raw RESULT lines: ${out#"$root"/}"
} | tee "$table"
say "table written to ${table#"$root"/}"
