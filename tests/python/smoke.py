"""redis-py against the reference server and real Redis: the same results, in RESP3 and RESP2.

redis-py 8, the client `pip install redis` installs, speaks RESP3 by default: `redis.Redis()`
sends `HELLO 3` on connect and has no RESP2 fallback. This script runs the same commands with a
plain `redis.Redis(port=...)` and with `protocol=2`, against each server given on the command
line, and checks that all four runs give identical results: SET, GET, INCR, EXPIRE, TTL, a
non-transactional pipeline, errors, and INFO (whose values differ between servers, so only a
few fields' presence and types are compared).

Usage: python smoke.py NAME=PORT [NAME=PORT ...]   (e.g. redis=6379 ours=16379)
Exit status 0 when every run agrees, 1 otherwise (with the differences printed).
Run by solutions/tests/python.rs, which starts both servers.
"""

import sys

import redis


def protocol_of(client):
    """The protocol the client's connection negotiated: 3 after HELLO 3, else 2."""
    connection = client.connection_pool.get_connection()
    try:
        return connection.protocol
    finally:
        client.connection_pool.release(connection)


def run(port, protocol):
    """Runs the scenario on one server in one protocol; returns its results, in order."""
    options = {} if protocol is None else {"protocol": protocol}
    client = redis.Redis(port=port, socket_timeout=5, **options)
    prefix = "pysmoke:{}:".format(protocol)
    key = lambda name: prefix + name
    client.delete(*(key(name) for name in ("s", "n", "t", "bad", "p1", "p2")))
    results = [
        ("negotiated protocol", protocol_of(client)),
        ("PING", client.ping()),
        ("ECHO", client.echo("hello")),
        ("SET", client.set(key("s"), "value")),
        ("GET", client.get(key("s"))),
        ("GET missing", client.get(key("missing"))),
        ("SET GET", client.set(key("s"), "new", get=True)),
        ("SET NX on a key", client.set(key("s"), "x", nx=True)),
        ("INCR", client.incr(key("n"))),
        ("INCRBY", client.incr(key("n"), 41)),
        ("DECR", client.decr(key("n"))),
        ("SET EX", client.set(key("t"), "v", ex=1000)),
        ("TTL", client.ttl(key("t"))),
        ("EXPIRE", client.expire(key("s"), 100)),
        ("TTL after EXPIRE", client.ttl(key("s"))),
        ("TTL missing", client.ttl(key("missing"))),
        ("PERSIST", client.persist(key("s"))),
        ("TTL after PERSIST", client.ttl(key("s"))),
        ("EXISTS", client.exists(key("s"), key("missing"), key("n"))),
        ("DEL", client.delete(key("s"), key("missing"))),
    ]
    client.set(key("bad"), "abc")
    try:
        client.incr(key("bad"))
        results.append(("INCR of text", "no error"))
    except redis.ResponseError as error:
        results.append(("INCR of text", str(error)))

    pipeline = client.pipeline(transaction=False)
    pipeline.set(key("p1"), "one")
    pipeline.get(key("p1"))
    pipeline.incr(key("p2"))
    pipeline.incr(key("p2"))
    pipeline.expire(key("p1"), 50)
    pipeline.ttl(key("p1"))
    pipeline.get(key("missing"))
    pipeline.incr(key("bad"))
    results.append(("pipeline", pipeline.execute(raise_on_error=False)))

    info = client.info()
    results.append(("INFO", describe_info(info)))
    client.delete(*(key(name) for name in ("s", "n", "t", "bad", "p1", "p2")))
    client.close()
    return [(name, comparable(value)) for name, value in results]


def describe_info(info):
    """What INFO's reply must have on every server: the fields clients read, with their types."""
    return {
        "type": type(info).__name__,
        "redis_version": info.get("redis_version"),
        "redis_mode": info.get("redis_mode"),
        "has process_id (int)": isinstance(info.get("process_id"), int),
    }


def comparable(value):
    """Errors are compared by their text (two exception objects are never equal)."""
    if isinstance(value, Exception):
        return "{}: {}".format(type(value).__name__, value)
    if isinstance(value, list):
        return [comparable(element) for element in value]
    return value


def main(arguments):
    servers = []
    for argument in arguments:
        name, _, port = argument.partition("=")
        servers.append((name, int(port)))
    if not servers:
        print(__doc__)
        return 2
    print("redis-py", redis.__version__)
    runs = {}
    for name, port in servers:
        for protocol in (None, 2):
            label = "{} redis.Redis({})".format(
                name, "" if protocol is None else "protocol=2"
            )
            runs[label] = run(port, protocol)
    # The default negotiates RESP3; protocol=2 stays in RESP2. Every other result is the same.
    failures = []
    for label, results in runs.items():
        expected = 2 if "protocol=2" in label else 3
        if results[0][1] != expected:
            failures.append("{}: negotiated RESP{}, expected RESP{}".format(label, results[0][1], expected))
    reference_label, reference = next(iter(runs.items()))
    for label, results in runs.items():
        for (name, want), (_, got) in zip(reference[1:], results[1:]):
            if want != got:
                failures.append(
                    "{}: {} = {!r}, but {} gives {!r}".format(label, name, got, reference_label, want)
                )
    for name, value in reference:
        print("  {:<22} {!r}".format(name, value))
    if failures:
        print("\n{} difference(s):".format(len(failures)))
        for failure in failures:
            print("  " + failure)
        return 1
    print("{} runs agree: {}".format(len(runs), ", ".join(runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
