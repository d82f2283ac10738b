#!/usr/bin/env bash
# Counts the user-space instructions a server runs per request, under valgrind's cachegrind.
#
#     bench/ir.sh target/release/solutions 16 50000 get       # ours: binary, -P, requests, test
#     ARGS="--save '' --appendonly no" bench/ir.sh "$(command -v redis-server)" 16 50000 get
#
# Why: on a shared machine requests per second swing by 10% from one round to the next, and a
# virtual machine may have no hardware counters for `perf stat`. The number of instructions per
# request hardly moves, so it shows what a change to the code bought (docs/src/performance.md).
# It runs the server twice under cachegrind: once idle (start, one SET, stop) and once with the
# benchmark's requests; the difference divided by the requests is the figure. The kernel's work
# (system calls, TCP) is not counted. Needs valgrind and redis-benchmark. Port 17012 only.
set -u
BIN=$1; P=${2:-16}; N=${3:-50000}; T=${4:-get}
count() { # the number of benchmark requests to send
    # shellcheck disable=SC2086 # ARGS is a list of flags
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        "$BIN" --port 17012 ${ARGS:---busy-poll-us 0} >/dev/null 2>/tmp/ir.$$.err &
    local pid=$!
    for _ in $(seq 100); do redis-cli -p 17012 ping >/dev/null 2>&1 && break; sleep 0.2; done
    redis-cli -p 17012 set key:__rand_int__ xxx >/dev/null
    if [ "$1" -gt 0 ]; then
        redis-benchmark -p 17012 -t "$T" -n "$1" -P "$P" -c 50 -q >/dev/null 2>&1
    fi
    kill -INT "$pid"; wait "$pid" 2>/dev/null
    grep -m1 "I *refs" /tmp/ir.$$.err | tr -d ', ' | sed 's/.*refs://'
    rm -f /tmp/ir.$$.err
}
idle=$(count 0)
busy=$(count "$N")
echo "$(basename "$BIN") $T -P$P: $(((busy - idle) / N)) instructions/request"
