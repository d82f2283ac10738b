"""Chapter 6's tutorial example: keys and strings, as the tutorials use them from Python.

redis-py 8 with its default settings (RESP3, `HELLO 3` on connect), as a reader runs it:
MSET/MGET, SCAN with a pattern then MGET and DELETE, KEYS, RENAME, TYPE, SETEX with a
timedelta, PSETEX, EXPIREAT, TTL/PTTL, the string commands, a 260 kB bz2 blob and FLUSHDB.
What Redis leaves unordered (KEYS, SCAN) is sorted, and what depends on the clock (TTLs) is
printed as a bound, so the output is the same on every run and every server.

Usage: python tutorial_keys.py PORT   (the server starts empty)
"""

import bz2
import datetime
import hashlib
import sys
import time
import warnings

import redis


def main(port):
    # redis-py marks SETEX, PSETEX, SETNX and GETSET deprecated (SET has options for all of
    # them); the tutorials still call them, so this example does too, quietly.
    warnings.simplefilter("ignore", DeprecationWarning)
    r = redis.Redis(port=port)

    # Many keys at once.
    print("mset:", r.mset({"key:1": "one", "key:2": "two", "key:3": "three", "user:1": "ada"}))
    print("mget:", r.mget("key:1", "key:2", "missing", "key:3"))

    # Find keys by pattern with SCAN (never KEYS on a big database), read them, delete them.
    found = sorted(r.scan_iter(match="key*"))
    print("scan key*:", found)
    print("mget found:", r.mget(found))
    print("delete found:", r.delete(*found))
    print("scan key* again:", sorted(r.scan_iter(match="key*", count=2)))

    # KEYS, RENAME, TYPE.
    r.set("user:2", "grace")
    print("keys user*:", sorted(r.keys("user*")))
    print("rename:", r.rename("user:2", "user:admin"))
    print("keys user* after rename:", sorted(r.keys("user*")))
    print("renamenx onto an existing key:", r.renamenx("user:1", "user:admin"))
    print("type:", r.type("user:1"), r.type("missing"))

    # Expiry: SETEX with a timedelta, PSETEX, EXPIREAT, TTL/PTTL.
    print("setex:", r.setex("session", datetime.timedelta(minutes=1), "token"))
    ttl = r.ttl("session")
    print("0 < ttl <= 60:", 0 < ttl <= 60)
    print("psetex:", r.psetex("flash", 5000, "message"))
    pttl = r.pttl("flash")
    print("0 < pttl <= 5000:", 0 < pttl <= 5000)
    print("expireat:", r.expireat("user:1", int(time.time()) + 3600))
    ttl = r.ttl("user:1")
    print("3500 < ttl <= 3600:", 3500 < ttl <= 3600)
    print("rename keeps the ttl:", r.rename("user:1", "user:one"), 3500 < r.ttl("user:one") <= 3600)
    print("ttl of a key without one:", r.ttl("user:admin"), "missing:", r.ttl("missing"))
    print("pttl missing:", r.pttl("missing"))

    # Strings.
    print("append:", r.append("greeting", "Hello"), r.append("greeting", " World"))
    print("strlen:", r.strlen("greeting"))
    print("getrange:", r.getrange("greeting", 0, 4), r.getrange("greeting", -5, -1))
    print("setnx:", r.setnx("greeting", "ignored"), r.setnx("fresh", "new"))
    print("getset:", r.getset("greeting", "Bye"), r.get("greeting"))
    print("incrbyfloat:", r.incrbyfloat("price", 10.5), r.incrbyfloat("price", 0.1))
    print("incrbyfloat negative:", r.incrbyfloat("price", -5))
    print("setrange:", r.setrange("greeting", 1, "uy"), r.get("greeting"))
    print("getdel:", r.getdel("fresh"), r.exists("fresh"))

    # Binary values: a compressed blob of about 260 kB, byte for byte.
    # The data is deterministic and incompressible (a chain of SHA-256 digests) with a text
    # header, so the blob is the same on every run.
    header = b"".join(b"%05d:%s\n" % (i, b"row" * (i % 7)) for i in range(1000))
    data = header + b"".join(hashlib.sha256(b"%d" % i).digest() for i in range(8000))
    blob = bz2.compress(data)
    print("blob size > 260 kB:", len(blob) > 260_000)
    print("set blob:", r.set("blob", blob))
    stored = r.get("blob")
    print("blob round-trip:", stored == blob, "strlen:", r.strlen("blob") == len(blob))
    print("decompressed:", bz2.decompress(stored) == data)
    binary = b"\x00\r\nnul and crlf\xff"
    r.set(binary, binary)
    print("binary key and value:", r.get(binary) == binary)

    # Start again.
    print("dbsize before flushdb:", r.dbsize())
    print("flushdb:", r.flushdb())
    print("dbsize after flushdb:", r.dbsize())
    r.close()


if __name__ == "__main__":
    main(int(sys.argv[1]))
