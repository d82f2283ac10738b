#!/usr/bin/env bash
# Puts the reference server beside a real redis-server and runs redis-benchmark against both.
#
#     bench/compare.sh            # from anywhere; about 8 minutes on 2 cores, plus the build
#
# What it does, and why (the full story is in docs/src/performance.md):
#
# 1. Installs redis-server and redis-tools if they are missing, and builds our release binary
#    (`cargo build --release -p solutions`).
# 2. Starts both servers on free loopback ports with the same settings: no persistence
#    (`--save "" --appendonly no`), bound to 127.0.0.1 only.
# 3. Runs `redis-benchmark -t ping,set,get,incr,lpush,rpush,lpop,rpop,lrange_100 -c 50` (the list
#    workloads are chapter 7's; `mylist` is deleted after each round so it does not grow from
#    round to round) at `-P 1` (one request in flight per
#    client) and `-P 16` (pipelines of 16), against each server *in pairs*: every test runs on
#    one server and then at once on the other, for ROUNDS rounds; odd rounds start with Redis,
#    even rounds with ours. Pairing matters on a shared machine: throughput here drifts by 10%
#    from one minute to the next, and a compile that starts halfway through the run must slow
#    both sides of a comparison, not only the one that happened to be measured second.
# 4. Prints the median requests/s, p50 and p99 latency and CPU time per request of each server,
#    and the ratio ours/Redis: the median of the rounds' paired ratios, with their lowest and
#    highest, so the noise is on the page. A last line names the worst ratio.
# 5. Starts both servers afresh, loads 1,000,000 keys into each (`redis-cli --pipe`, the same
#    16-byte keys and 3-byte values redis-benchmark uses) and compares their resident memory
#    (VmRSS in /proc/<pid>/status).
#
# Knobs, as environment variables:
#   ROUNDS   rounds of the throughput part (8; 0 skips it; keep it even, so that each server
#            goes first as often as the other)
#   N_P1     requests per test at -P 1 (200000)
#   N_P16    requests per test at -P 16 (2000000)
#   KEYS     keys loaded for the memory part (1000000; 0 skips it)
#   CLIENTS  redis-benchmark's -c (50)
#   OURS     a server binary to run instead of building target/release/solutions (to compare
#            two builds of ours: copy one aside, change the code, run with OURS=the copy)
#   OURS_ARGS  extra flags for our server, e.g. OURS_ARGS="--busy-poll-us 0" to measure it
#            without busy polling (see docs/src/performance.md)
#   SETTLE   seconds to wait after loading the keys before reading the memory again (unset:
#            no second reading). jemalloc hands idle pages back after 1 s, so the second
#            reading shows what stays.
#   PIN      0 (the default): the scheduler places the servers and redis-benchmark, as on a
#            user's machine. 1 (with taskset and 2+ CPUs): each server on CPU 0, redis-benchmark
#            on CPU 1, the same for both servers; less noise, but not how anyone runs a server.
#
# Only ever 127.0.0.1. Both servers are stopped on exit, by their process ids.

set -euo pipefail

ROUNDS=${ROUNDS:-8}
N_P1=${N_P1:-200000}
N_P16=${N_P16:-2000000}
KEYS=${KEYS:-1000000}
CLIENTS=${CLIENTS:-50}
PIN=${PIN:-0}
SERVER_CPU=()
CLIENT_CPU=()
if [ "$PIN" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    SERVER_CPU=(taskset -c 0)
    CLIENT_CPU=(taskset -c 1)
fi
TESTS=ping,set,get,incr,lpush,rpush,lpop,rpop,lrange_100
HOST=127.0.0.1

cd "$(dirname "$0")/.."
WORK=$(mktemp -d -t mini-redis-bench.XXXXXX)
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

log() { printf '%s\n' "$*" >&2; }

# --- 1. Tools -------------------------------------------------------------------------------
# apt-get install PACKAGE...: as root, or through sudo.
install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
    log "installing $*"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null \
    || ! command -v redis-cli >/dev/null; then
    install redis-server redis-tools
fi
if ! command -v ss >/dev/null; then
    install iproute2 # `ss`, to find free ports and check who listens on them
fi
if [ -z "${OURS:-}" ]; then
    log "building the release binary"
    cargo build --release -p solutions --quiet
    OURS=$PWD/target/release/solutions
fi

# --- 2. Servers ---------------------------------------------------------------------------------
# A port nobody listens on. Another process may still take it before we do: `start` checks
# that the port really belongs to the process it started, and tries another port if not.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 40000))
        if ! ss -Htln "sport = :$port" | grep -q .; then
            echo "$port"
            return
        fi
    done
}

# start NAME: starts `redis` or `ours` on a free port; sets PORT and PID.
start() {
    local name=$1 attempt
    for attempt in 1 2 3 4 5; do
        PORT=$(free_port)
        case $name in
            redis)
                "${SERVER_CPU[@]}" redis-server --port "$PORT" --bind "$HOST" --save "" --appendonly no \
                    --daemonize no --logfile "$WORK/redis-$PORT.log" &
                ;;
            ours)
                # shellcheck disable=SC2086 # OURS_ARGS is a list of flags
                RUST_LOG=warn "${SERVER_CPU[@]}" "$OURS" --port "$PORT" --bind "$HOST" ${OURS_ARGS:-} \
                    >"$WORK/ours-$PORT.log" 2>&1 &
                ;;
        esac
        PID=$!
        PIDS+=("$PID")
        # Ready once it answers PING *and* the listening socket is its own.
        for _ in $(seq 100); do
            if ! kill -0 "$PID" 2>/dev/null; then
                break
            fi
            if [ "$(redis-cli -h "$HOST" -p "$PORT" ping 2>/dev/null)" = PONG ] \
                && ss -Htlnp "sport = :$PORT" | grep -q "pid=$PID,"; then
                return
            fi
            sleep 0.1
        done
        kill "$PID" 2>/dev/null || true
        log "$name did not start on port $PORT (attempt $attempt), trying another port"
    done
    log "could not start $name"
    exit 1
}

stop() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# --- 3. Throughput ------------------------------------------------------------------------------
if [ "$ROUNDS" -gt 0 ]; then
start redis
REDIS_PORT=$PORT REDIS_PID=$PID
start ours
OURS_PORT=$PORT OURS_PID=$PID
log "redis-server: port $REDIS_PORT (pid $REDIS_PID); ours: port $OURS_PORT (pid $OURS_PID)"
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

RESULTS=$WORK/results.csv # server,pipeline,round,test,rps,p50,p99,cpu_us_per_request

# cpu_ticks PID: user + system CPU time the process has used so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# bench SERVER PORT PID PIPELINE N ROUND TEST: one redis-benchmark run, appended to RESULTS.
bench() {
    local server=$1 port=$2 pid=$3 pipeline=$4 n=$5 round=$6 test=$7 before after
    before=$(cpu_ticks "$pid")
    # --csv prints "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",
    # "p95_latency_ms","p99_latency_ms","max_latency_ms". Our server has no CONFIG command,
    # so redis-benchmark warns on stderr that it could not read the server's config:
    # harmless. `-t ping` runs two tests, PING_INLINE and PING_MBULK.
    "${CLIENT_CPU[@]}" redis-benchmark -h "$HOST" -p "$port" -c "$CLIENTS" -P "$pipeline" -n "$n" -t "$test" \
        --csv 2>/dev/null >"$WORK/run.csv"
    after=$(cpu_ticks "$pid")
    # The server's CPU time per request is the steadiest number on a busy machine: another
    # process stealing the CPU lowers requests/s, but not the work each request costs.
    awk -F'"' -v s="$server" -v p="$pipeline" -v r="$round" -v n="$n" \
        -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
        NR > 1 { rows[++count] = s "," p "," r "," $2 "," $4 "," $10 "," $14 }
        END {
            for (i = 1; i <= count; i++)
                print rows[i] "," ticks / hz * 1e6 / (n * count)
        }' "$WORK/run.csv" >>"$RESULTS"
}

for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="redis ours"; else order="ours redis"; fi
    log "round $round/$ROUNDS ($order)"
    for pipeline in 1 16; do
        if [ "$pipeline" -eq 1 ]; then n=$N_P1; else n=$N_P16; fi
        for test in ${TESTS//,/ }; do
            for server in $order; do
                if [ "$server" = redis ]; then
                    bench redis "$REDIS_PORT" "$REDIS_PID" "$pipeline" "$n" "$round" "$test"
                else
                    bench ours "$OURS_PORT" "$OURS_PID" "$pipeline" "$n" "$round" "$test"
                fi
            done
        done
    done
    # The list workloads push more than they pop (lrange_100 pushes its own list first).
    redis-cli -h "$HOST" -p "$REDIS_PORT" DEL mylist >/dev/null
    redis-cli -h "$HOST" -p "$OURS_PORT" DEL mylist >/dev/null
done
log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
stop "$REDIS_PID"
stop "$OURS_PID"

echo "Mini-Redis${OURS_ARGS:+ ($OURS_ARGS)} vs redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'):" \
    "$CLIENTS clients, median of $ROUNDS rounds, $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg)"
echo "(rps: requests/s; p50, p99: latency in ms; cpu: server CPU time per request in µs;"
echo " ours/Redis: median of the $ROUNDS paired rounds' ratios of requests/s, then lowest-highest)"
echo
awk -F, '
    # The median of a list of numbers: sort them (insertion sort: there are only a few).
    function median(list,    values, count) {
        count = sorted(list, values)
        return count % 2 ? values[(count + 1) / 2] \
                         : (values[count / 2] + values[count / 2 + 1]) / 2
    }
    # Splits a space-separated list into values[1..count], sorted; returns count.
    function sorted(list, values,    count, i, j, tmp) {
        count = split(list, values, " ")
        for (i = 2; i <= count; i++) {
            for (j = i; j > 1 && values[j - 1] + 0 > values[j] + 0; j--) {
                tmp = values[j]; values[j] = values[j - 1]; values[j - 1] = tmp
            }
        }
        return count
    }
    {
        workload = $2 SUBSEP $4
        key = workload SUBSEP $1
        rps[key] = rps[key] " " $5; p50[key] = p50[key] " " $6; p99[key] = p99[key] " " $7
        cpu[key] = cpu[key] " " $8
        round_rps[key, $3] = $5
        rounds[$3] = 1
        if (!(workload in seen)) { seen[workload] = 1; order[++rows] = workload }
    }
    END {
        printf "| %-17s | %9s | %5s | %5s | %4s | %9s | %5s | %5s | %4s | %10s | %9s |\n", \
            "workload", "Redis rps", "p50", "p99", "cpu", "ours rps", "p50", "p99", "cpu", \
            "ours/Redis", "range"
        printf "|%s|%s:|%s:|%s:|%s:|%s:|%s:|%s:|%s:|%s:|%s:|\n", "-------------------", \
            "----------", "------", "------", "-----", "----------", "------", "------", \
            "-----", "-----------", "----------"
        worst = -1
        for (i = 1; i <= rows; i++) {
            split(order[i], parts, SUBSEP)
            r = order[i] SUBSEP "redis"; o = order[i] SUBSEP "ours"
            # Each round ran the two servers back to back: compare them there, then take the
            # median of those ratios.
            ratios = ""
            for (round in rounds)
                ratios = ratios " " round_rps[o, round] / round_rps[r, round]
            count = sorted(ratios, sorted_ratios)
            ratio = count % 2 ? sorted_ratios[(count + 1) / 2] \
                              : (sorted_ratios[count / 2] + sorted_ratios[count / 2 + 1]) / 2
            name = parts[2] " -P " parts[1]
            printf "| %-17s | %9.0f | %5.3f | %5.3f | %4.2f | %9.0f | %5.3f | %5.3f | %4.2f | %10.3f | %4.2f-%4.2f |\n", \
                name, median(rps[r]), median(p50[r]), median(p99[r]), median(cpu[r]), \
                median(rps[o]), median(p50[o]), median(p99[o]), median(cpu[o]), ratio, \
                sorted_ratios[1], sorted_ratios[count]
            if (worst < 0 || ratio < worst) { worst = ratio; worst_name = name }
        }
        printf "\nworst throughput ratio ours/Redis: %.3f (%s)\n", worst, worst_name
    }' "$RESULTS"
fi

# --- 4. Memory ----------------------------------------------------------------------------------
if [ "$KEYS" -eq 0 ]; then
    exit 0
fi
# KEYS distinct keys `key:000000000000`..., value `xxx`: the shapes `redis-benchmark -t set -r N`
# writes. Generated once as raw RESP and streamed with `redis-cli --pipe`, which sends it all and
# then waits for the last reply.
log "generating $KEYS SET commands"
awk -v n="$KEYS" 'BEGIN {
    for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$3\r\nxxx\r\n", i
}' >"$WORK/load.resp"

echo
echo "Memory with $KEYS keys (16-byte keys, 3-byte values), VmRSS:"
echo
printf '| %-8s | %12s | %12s |\n' "server" "empty" "loaded"
printf '|%s|%s:|%s:|\n' "----------" "-------------" "-------------"
declare -A LOADED
for server in redis ours; do
    start "$server"
    empty=$(rss_kib "$PID")
    log "loading $KEYS keys into $server"
    summary=$(redis-cli -h "$HOST" -p "$PORT" --pipe <"$WORK/load.resp" 2>&1 | tail -1)
    case $summary in
        *"errors: 0, replies: $KEYS") ;;
        *) log "loading $server went wrong: $summary"; exit 1 ;;
    esac
    LOADED[$server]=$(rss_kib "$PID")
    [ -n "${SETTLE:-}" ] && { sleep "$SETTLE"; log "$server after ${SETTLE}s: $(rss_kib "$PID") KiB"; }
    awk -v s="$server" -v e="$empty" -v l="${LOADED[$server]}" \
        'BEGIN { printf "| %-8s | %8.1f MiB | %8.1f MiB |\n", s, e / 1024, l / 1024 }'
    stop "$PID"
done
echo
awk -v o="${LOADED[ours]}" -v r="${LOADED[redis]}" \
    'BEGIN { printf "memory ratio ours/Redis: %.2f\n", o / r }'
