"""Chapter 8's tutorial examples: hashes and sets through redis-py 8, default settings (RESP3).

PyHats stores three hats as hashes in a pipeline, reads one back, lists the keys, sells a hat
with HINCRBY and reads the counters with HMGET; the visitors of a day are a set; tags are
compared with SINTER, SUNION and SDIFF; a session is a hash that expires.

Usage: python tutorial_hashes.py PORT. The server starts empty. Prints one line per result;
what Redis leaves unordered (the fields of a hash, the members of a set, the keys) is sorted.
Run by the step test `tutorial_examples_run_through_redis_py` (tests/step8_hashes.rs) and, against
real Redis, by solutions/tests/python.rs, which keeps tutorial_hashes.expected true.
"""

import random
import sys
import uuid

import redis


def show(label, value):
    print("{}: {!r}".format(label, value))


def by_name(mapping):
    """A dict's items sorted by key: Redis does not order a hash's fields."""
    return sorted(mapping.items())


def pyhats(r):
    random.seed(444)
    hats = {
        f"hat:{random.getrandbits(32)}": hat
        for hat in (
            {"color": "black", "price": 49.99, "style": "fitted", "quantity": 1000, "npurchased": 0},
            {"color": "maroon", "price": 59.99, "style": "hipster", "quantity": 500, "npurchased": 0},
            {"color": "green", "price": 99.99, "style": "baseball", "quantity": 200, "npurchased": 0},
        )
    }
    # The tutorial's `r.pipeline()` wraps the commands in MULTI/EXEC, which is chapter 10's: a
    # plain pipeline sends the same three HSETs in one round trip.
    with r.pipeline(transaction=False) as pipe:
        for hat_id, hat in hats.items():
            pipe.hset(hat_id, mapping=hat)
        show("pipeline of hset(mapping=...)", pipe.execute())
    show("hgetall hat:56854717", by_name(r.hgetall("hat:56854717")))
    show("keys()", sorted(r.keys()))
    show("hincrby quantity -1", r.hincrby("hat:56854717", "quantity", -1))
    show("hget quantity", r.hget("hat:56854717", "quantity"))
    show("hincrby npurchased 1", r.hincrby("hat:56854717", "npurchased", 1))
    show("hmget quantity npurchased", r.hmget("hat:56854717", "quantity", "npurchased"))
    try:
        r.hincrby("hat:56854717", "color", 1)
        show("hincrby color", "no error")
    except redis.ResponseError as error:
        show("hincrby color", str(error))


def visitors(r):
    today = "2019-03-10"
    show("sadd visitors", r.sadd(today, *{"dan", "jon", "alex"}))
    show("smembers visitors", sorted(r.smembers(today)))
    show("scard visitors", r.scard(today))
    show("sadd a returning visitor", r.sadd(today, "dan"))


def tags(r):
    r.sadd("tags", "python", "fastapi", "redis")
    r.sadd("tags2", "python", "django", "redis")
    r.sadd("tags3", "python", "django", "fastapi")
    show("smembers tags", sorted(r.smembers("tags")))
    show("sinter tags tags2", sorted(r.sinter("tags", "tags2")))
    show("sunion tags tags2", sorted(r.sunion("tags", "tags2")))
    show("sdiff tags tags2", sorted(r.sdiff("tags", "tags2")))
    show("sinter of all three", sorted(r.sinter("tags", "tags2", "tags3")))
    show("sinterstore common", r.sinterstore("common", ["tags", "tags2"]))
    show("smembers common", sorted(r.smembers("common")))
    try:
        r.set("tagline", "not a set")
        r.sinter("tags", "tagline")
        show("sinter with a string", "no error")
    except redis.ResponseError as error:
        show("sinter with a string", str(error))


def session(r):
    session_id = str(uuid.UUID(int=random.Random(8).getrandbits(128)))
    key = f"sessions:{session_id}"
    show("hset session", r.hset(key, mapping={"user_id": "user123", "theme": "dark"}))
    show("expire session", r.expire(key, 1800))
    show("ttl session", r.ttl(key))
    show("hgetall session", by_name(r.hgetall(key)))
    show("hget user_id", r.hget(key, "user_id"))
    show("delete session", r.delete(key))
    show("hgetall after delete", r.hgetall(key))


def main(port):
    r = redis.Redis(port=port, db=1)
    pyhats(r)
    visitors(r)
    tags(r)
    session(r)
    r.close()


if __name__ == "__main__":
    main(int(sys.argv[1]))
