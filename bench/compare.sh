#!/usr/bin/env bash
# Puts the reference server beside a real redis-server and runs redis-benchmark against both.
#
#     bench/compare.sh            # from anywhere; 35 to 50 minutes on 2 cores, plus the build
#
# What it does, and why (the full story is in docs/src/performance.md):
#
# 1. Installs redis-server and redis-tools if they are missing, and builds our release binary
#    (`cargo build --release -p solutions`).
# 2. Starts both servers on free loopback ports with the same settings: no persistence
#    (`--save "" --appendonly no`), bound to 127.0.0.1 only.
# 3. Runs `redis-benchmark -t ping,set,get,incr,hset,sadd,spop,mset,lpush,rpush,lpop,rpop,
#    lrange_100 -c 50` (`mylist` is deleted after each round, so that it does not grow from
#    round to round) at `-P 1` (one request in flight per client) and `-P 16` (pipelines of
#    16), against each server *in pairs*: every test runs on
#    one server and then at once on the other, for ROUNDS rounds; odd rounds start with Redis,
#    even rounds with ours. Pairing matters on a shared machine: throughput here drifts by 10%
#    from one minute to the next, and a compile that starts halfway through the run must slow
#    both sides of a comparison, not only the one that happened to be measured second.
#    Within a round each test is cut into SPLIT short runs per server, taken in turn as
#    a b b a a b b a: the host's speed changes in spells of a few seconds, and runs that short,
#    interleaved, put both servers in the same spells. A round's requests/s for a server is its
#    requests over its time, summed over its short runs.
# 4. Prints the median requests/s, p50 and p99 latency and CPU time per request of each server,
#    and the ratio ours/Redis: the median of the rounds' paired ratios, with their lowest and
#    highest, so the noise is on the page. A last line names the worst ratio.
# 5. PUBLISH to 1,000 subscribers (chapter 9): both servers afresh, SUBSCRIBERS connections
#    subscribed to one channel on each (bench/subscribers.py reads all they receive), then
#    `redis-benchmark PUBLISH` in paired rounds as above; prints the median requests/s and the
#    ratio ours/Redis.
# 6. Starts both servers afresh, loads 1,000,000 keys into each (`redis-cli --pipe`, the same
#    16-byte keys and 3-byte values redis-benchmark uses) and compares their resident memory
#    (VmRSS in /proc/<pid>/status). Then the same, afresh each time, with 1,000,000 fields of one
#    hash (`HSET myhash element:N xxx`, as redis-benchmark's HSET writes them) and 1,000,000
#    members of one set (`SADD myset element:N`).
#
# Knobs, as environment variables:
#   ROUNDS   rounds of the throughput part (8; 0 skips it; keep it even, so that each server
#            goes first as often as the other)
#   PUBSUB_ROUNDS  rounds of the pub/sub part (ROUNDS; 0 skips it). To measure pub/sub alone:
#            ROUNDS=0 PUBSUB_ROUNDS=4 KEYS=0 FIELDS=0 MEMBERS=0 bench/compare.sh
#   N_P1     requests per test at -P 1 (600000)
#   N_P16    requests per test at -P 16 (2000000)
#   SPLIT    short runs per test, server and round (8): each runs N_P1/SPLIT or N_P16/SPLIT
#            requests; 1 runs each test in one piece, as before 30 November 2026
#   KEYS     keys loaded for the memory part (1000000; 0 skips it)
#   FIELDS   fields of the one hash loaded for the memory part (1000000; 0 skips it)
#   MEMBERS  members of the one set loaded for the memory part (1000000; 0 skips it)
#   CLIENTS  redis-benchmark's -c (50)
#   COMMANDS more workloads, each a command line for redis-benchmark, separated by `;`
#            (default: `WATCH tx:__rand_int__`, the bookkeeping of WATCH, chapter 10, over 1,000
#            keys: redis-benchmark cannot send MULTI/EXEC, one command per request only)
#   OURS     a server binary to run instead of building target/release/solutions (to compare
#            two builds of ours: copy one aside, change the code, run with OURS=the copy)
#   OURS_ARGS  extra flags for our server, e.g. OURS_ARGS="--busy-poll-us 0" to measure it
#            without busy polling (see docs/src/performance.md)
#   SETTLE   seconds to wait after loading the keys before reading the memory again (unset:
#            no second reading). jemalloc hands idle pages back after 1 s, so the second
#            reading shows what stays.
#   SUBSCRIBERS  subscribers of the pub/sub part (1000; 0 skips it)
#   N_PUBLISH    PUBLISH requests per round of the pub/sub part (20000)
#   PIN      0 (the default): the scheduler places the servers and redis-benchmark, as on a
#            user's machine. 1 (with taskset and 2+ CPUs): each server on CPU 0, redis-benchmark
#            on CPU 1, the same for both servers; less noise, but not how anyone runs a server.
#
# Only ever 127.0.0.1. Both servers are stopped on exit, by their process ids.

set -euo pipefail

ROUNDS=${ROUNDS:-8}
N_P1=${N_P1:-600000}
N_P16=${N_P16:-2000000}
SPLIT=${SPLIT:-8}
KEYS=${KEYS:-1000000}
SUBSCRIBERS=${SUBSCRIBERS:-1000}
PUBSUB_ROUNDS=${PUBSUB_ROUNDS:-$ROUNDS}
N_PUBLISH=${N_PUBLISH:-20000}
FIELDS=${FIELDS:-1000000}
MEMBERS=${MEMBERS:-1000000}
CLIENTS=${CLIENTS:-50}
PIN=${PIN:-0}
SERVER_CPU=()
CLIENT_CPU=()
if [ "$PIN" = 1 ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    SERVER_CPU=(taskset -c 0)
    CLIENT_CPU=(taskset -c 1)
fi
TESTS=ping,set,get,incr,hset,sadd,spop,mset,lpush,rpush,lpop,rpop,lrange_100
COMMANDS=${COMMANDS-}
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
        log "$name did not start on port $PORT (attempt $attempt), trying another port; its log:"
        tail -n 5 "$WORK/$name-$PORT.log" >&2 2>/dev/null || true
    done
    log "could not start $name"
    exit 1
}

stop() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# cpu_ticks PID: user + system CPU time the process has used so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# --- 3. Throughput ------------------------------------------------------------------------------
if [ "$ROUNDS" -gt 0 ]; then
start redis
REDIS_PORT=$PORT REDIS_PID=$PID
start ours
OURS_PORT=$PORT OURS_PID=$PID
log "redis-server: port $REDIS_PORT (pid $REDIS_PID); ours: port $OURS_PORT (pid $OURS_PID)"
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

RESULTS=$WORK/results.csv # server,pipeline,round,test,rps,p50,p99,cpu_seconds,requests

# bench SERVER PORT PID PIPELINE N ROUND TEST: one redis-benchmark run, appended to RESULTS.
bench() {
    local server=$1 port=$2 pid=$3 pipeline=$4 n=$5 round=$6 test=$7 before after
    before=$(cpu_ticks "$pid")
    # --csv prints "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",
    # "p95_latency_ms","p99_latency_ms","max_latency_ms". Our server has no CONFIG command,
    # so redis-benchmark warns on stderr that it could not read the server's config:
    # harmless. `-t ping` runs two tests, PING_INLINE and PING_MBULK.
    # A test with a space in it is a command line (COMMANDS), run as it is, over 1,000 keys.
    local what=(-t "$test")
    if [[ $test == *" "* ]]; then read -r -a what <<<"-r 1000 $test"; fi
    "${CLIENT_CPU[@]}" redis-benchmark -h "$HOST" -p "$port" -c "$CLIENTS" -P "$pipeline" -n "$n" "${what[@]}" \
        --csv 2>/dev/null >"$WORK/run.csv"
    after=$(cpu_ticks "$pid")
    # The server's CPU time per request is the steadiest number on a busy machine: another
    # process stealing the CPU lowers requests/s, but not the work each request costs. A run
    # of several tests (ping's two) shares its CPU time out evenly among them.
    awk -F'"' -v s="$server" -v p="$pipeline" -v r="$round" -v n="$n" \
        -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
        NR > 1 { rows[++count] = s "," p "," r "," $2 "," $4 "," $10 "," $14 }
        END {
            for (i = 1; i <= count; i++)
                print rows[i] "," ticks / hz / count "," n
        }' "$WORK/run.csv" >>"$RESULTS"
}

# The command lines (COMMANDS), split once: the same workloads in every round and pipeline.
IFS=';' read -r -a commands <<<"$COMMANDS"
for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="redis ours"; else order="ours redis"; fi
    log "round $round/$ROUNDS ($order)"
    for pipeline in 1 16; do
        if [ "$pipeline" -eq 1 ]; then n=$((N_P1 / SPLIT)); else n=$((N_P16 / SPLIT)); fi
        for test in ${TESTS//,/ } "${commands[@]}"; do
            # a b, b a, a b, ...: each server first in every other pair.
            for part in $(seq "$SPLIT"); do
                servers=$order
                if [ $((part % 2)) -eq 0 ]; then servers=$(echo "$order" | awk '{ print $2, $1 }'); fi
                for server in $servers; do
                    if [ "$server" = redis ]; then
                        bench redis "$REDIS_PORT" "$REDIS_PID" "$pipeline" "$n" "$round" "$test"
                    else
                        bench ours "$OURS_PORT" "$OURS_PID" "$pipeline" "$n" "$round" "$test"
                    fi
                done
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
    # One row per short run: add up the requests, time and CPU time of each server and round.
    {
        workload = $2 SUBSEP $4
        key = workload SUBSEP $1
        p50[key] = p50[key] " " $6; p99[key] = p99[key] " " $7
        requests[key, $3] += $9; seconds[key, $3] += $9 / $5; cpu_seconds[key, $3] += $8
        rounds[$3] = 1
        if (!(workload in seen)) { seen[workload] = 1; order[++rows] = workload }
    }
    END {
        for (i = 1; i <= rows; i++) {
            for (s = 1; s <= 2; s++) {
                key = order[i] SUBSEP (s == 1 ? "redis" : "ours")
                for (round in rounds) {
                    round_rps[key, round] = requests[key, round] / seconds[key, round]
                    rps[key] = rps[key] " " round_rps[key, round]
                    cpu[key] = cpu[key] " " cpu_seconds[key, round] * 1e6 / requests[key, round]
                }
            }
        }
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

# --- 4. PUBLISH to 1,000 subscribers ------------------------------------------------------------
# Each server gets SUBSCRIBERS connections subscribed to bench:channel, held by
# bench/subscribers.py, which reads everything they receive; then redis-benchmark sends PUBLISH
# (a 3-byte message, as its SET values) from CLIENTS clients, in paired rounds: each round runs
# one server, then the other, the first alternating. Every PUBLISH is 1,000 deliveries, so this
# measures the fan-out: registry lookup, one frame per subscriber, and the writes.
if [ "$SUBSCRIBERS" -gt 0 ] && [ "$PUBSUB_ROUNDS" -gt 0 ]; then
    ulimit -n $((SUBSCRIBERS * 2 + 256)) 2>/dev/null || log "ulimit -n: keeping $(ulimit -n)"
    declare -A PUB_PORT PUB_PID HOLDER
    for server in redis ours; do
        start "$server"
        PUB_PORT[$server]=$PORT PUB_PID[$server]=$PID
        python3 bench/subscribers.py "$PORT" bench:channel "$SUBSCRIBERS" >"$WORK/holder.$server" &
        HOLDER[$server]=$!
        PIDS+=("${HOLDER[$server]}")
        for _ in $(seq 300); do
            grep -q ready "$WORK/holder.$server" 2>/dev/null && break
            sleep 0.1
        done
        grep -q ready "$WORK/holder.$server" || { log "$server: subscribers not ready"; exit 1; }
    done
    PUB_RESULTS=$WORK/publish.csv # round,server,rps,server µs/PUBLISH,reader µs/PUBLISH
    log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    for round in $(seq "$PUBSUB_ROUNDS"); do
        if [ $((round % 2)) -eq 1 ]; then order="redis ours"; else order="ours redis"; fi
        log "publish round $round/$PUBSUB_ROUNDS ($order)"
        for server in $order; do
            server_before=$(cpu_ticks "${PUB_PID[$server]}")
            reader_before=$(cpu_ticks "${HOLDER[$server]}")
            "${CLIENT_CPU[@]}" redis-benchmark -h "$HOST" -p "${PUB_PORT[$server]}" -c "$CLIENTS" \
                -n "$N_PUBLISH" --csv PUBLISH bench:channel xxx 2>/dev/null >"$WORK/run.csv"
            # CPU time per PUBLISH of the server and of the reader (subscribers.py): if the
            # reader's came near a whole core's worth, it would be the bottleneck, not the server.
            awk -F'"' -v s="$server" -v r="$round" -v n="$N_PUBLISH" -v hz="$(getconf CLK_TCK)" \
                -v server_ticks=$(($(cpu_ticks "${PUB_PID[$server]}") - server_before)) \
                -v reader_ticks=$(($(cpu_ticks "${HOLDER[$server]}") - reader_before)) \
                'NR > 1 { print r "," s "," $4 "," server_ticks / hz * 1e6 / n "," \
                                reader_ticks / hz * 1e6 / n }' \
                "$WORK/run.csv" >>"$PUB_RESULTS"
        done
    done
    for server in redis ours; do
        kill "${HOLDER[$server]}" 2>/dev/null || true
        stop "${PUB_PID[$server]}"
    done
    echo
    log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "PUBLISH to $SUBSCRIBERS subscribers, $CLIENTS publishers, median of $PUBSUB_ROUNDS rounds," \
        "load $(cut -d' ' -f1 /proc/loadavg):"
    awk -F, '
        # sort(list): sorts list[1..count] in place (insertion sort: there are only a few).
        function sort(list, count,    i, j, t) {
            for (i = 2; i <= count; i++) for (j = i; j > 1 && list[j - 1] > list[j]; j--) {
                t = list[j]; list[j] = list[j - 1]; list[j - 1] = t
            }
        }
        # median(sorted, count): the middle value, or the mean of the two middle ones, as the
        # throughput table takes it.
        function median(list, count) {
            return count % 2 ? list[(count + 1) / 2] : (list[count / 2] + list[count / 2 + 1]) / 2
        }
        {
            rps[$1, $2] = $3; rounds[$1] = 1
            cpu[$2, ++n[$2]] = $4; reader[$2, n[$2]] = $5
        }
        END {
            count = 0
            for (round in rounds) {
                ratio[++count] = rps[round, "ours"] / rps[round, "redis"]
                redis[count] = rps[round, "redis"]; ours[count] = rps[round, "ours"]
                redis_cpu[count] = cpu["redis", count]; ours_cpu[count] = cpu["ours", count]
                redis_reader[count] = reader["redis", count]
                ours_reader[count] = reader["ours", count]
            }
            sort(ratio, count); sort(redis, count); sort(ours, count)
            sort(redis_cpu, count); sort(ours_cpu, count)
            sort(redis_reader, count); sort(ours_reader, count)
            printf "Redis %.0f PUBLISH/s, ours %.0f PUBLISH/s; ours/Redis %.3f (%.2f-%.2f)\n", \
                median(redis, count), median(ours, count), median(ratio, count), \
                ratio[1], ratio[count]
            printf "CPU per PUBLISH: Redis %.0f µs, ours %.0f µs;" \
                " the subscribers'"'"' reader %.0f µs with Redis, %.0f µs with ours\n", \
                median(redis_cpu, count), median(ours_cpu, count), \
                median(redis_reader, count), median(ours_reader, count)
        }' "$PUB_RESULTS"
fi

# --- 5. Memory ----------------------------------------------------------------------------------
# memory NAME COUNT DESCRIPTION: streams $WORK/NAME.resp (COUNT commands, raw RESP) into each
# server started afresh, with `redis-cli --pipe` (it sends everything, then waits for the last
# reply), and prints their VmRSS empty and loaded, then the ratio.
memory() {
    local name=$1 count=$2 description=$3 server empty summary
    local -A loaded
    echo
    echo "Memory with $description, VmRSS:"
    echo
    printf '| %-8s | %12s | %12s |\n' "server" "empty" "loaded"
    printf '|%s|%s:|%s:|\n' "----------" "-------------" "-------------"
    for server in redis ours; do
        start "$server"
        empty=$(rss_kib "$PID")
        log "loading $name into $server"
        summary=$(redis-cli -h "$HOST" -p "$PORT" --pipe <"$WORK/$name.resp" 2>&1 | tail -1)
        case $summary in
            *"errors: 0, replies: $count") ;;
            *) log "loading $name into $server went wrong: $summary"; exit 1 ;;
        esac
        loaded[$server]=$(rss_kib "$PID")
        [ -n "${SETTLE:-}" ] && { sleep "$SETTLE"; log "$server after ${SETTLE}s: $(rss_kib "$PID") KiB"; }
        awk -v s="$server" -v e="$empty" -v l="${loaded[$server]}" \
            'BEGIN { printf "| %-8s | %8.1f MiB | %8.1f MiB |\n", s, e / 1024, l / 1024 }'
        stop "$PID"
    done
    echo
    awk -v o="${loaded[ours]}" -v r="${loaded[redis]}" -v n="$name" \
        'BEGIN { printf "memory ratio ours/Redis (%s): %.2f\n", n, o / r }'
}

# KEYS distinct keys `key:000000000000`..., value `xxx`: the shapes `redis-benchmark -t set -r N`
# writes.
if [ "$KEYS" -gt 0 ]; then
    log "generating $KEYS SET commands"
    awk -v n="$KEYS" 'BEGIN {
        for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$16\r\nkey:%012d\r\n$3\r\nxxx\r\n", i
    }' >"$WORK/keys.resp"
    memory keys "$KEYS" "$KEYS keys (16-byte keys, 3-byte values)"
fi
# One hash of FIELDS fields `element:000000000000`... of value `xxx`, and one set of MEMBERS
# members `element:...`: what `redis-benchmark -t hset,sadd -r N` writes. Big enough that Redis
# keeps them as hash tables, not as its compact listpack or intset (docs/src/08-hashes-sets.md).
if [ "$FIELDS" -gt 0 ]; then
    log "generating $FIELDS HSET commands"
    awk -v n="$FIELDS" 'BEGIN {
        for (i = 0; i < n; i++)
            printf "*4\r\n$4\r\nHSET\r\n$6\r\nmyhash\r\n$20\r\nelement:%012d\r\n$3\r\nxxx\r\n", i
    }' >"$WORK/hash.resp"
    memory hash "$FIELDS" "one hash of $FIELDS fields (20-byte fields, 3-byte values)"
fi
if [ "$MEMBERS" -gt 0 ]; then
    log "generating $MEMBERS SADD commands"
    awk -v n="$MEMBERS" 'BEGIN {
        for (i = 0; i < n; i++) printf "*3\r\n$4\r\nSADD\r\n$5\r\nmyset\r\n$20\r\nelement:%012d\r\n", i
    }' >"$WORK/set.resp"
    memory set "$MEMBERS" "one set of $MEMBERS members (20-byte members)"
fi
