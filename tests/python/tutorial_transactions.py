"""Chapter 10's tutorial example: PyHats' buyitem, optimistic locking with WATCH/MULTI/EXEC.

redis-py 8 with its default settings (RESP3, `HELLO 3` on connect), as a reader runs it: the
hats are stored with a transactional pipeline, then `buyitem` (WATCH the hat, read its stock,
MULTI, two HINCRBYs, EXEC) buys 3 hats, then the 196 left, then meets the OutOfStockError. A
second buyer then gets in between the read and the EXEC: a WatchError, and buyitem retries. Last, `pipeline(transaction=True)` with a command that fails while EXEC runs: the error
comes back in its place, and the other commands' writes stay (no rollback).

Usage: python tutorial_transactions.py PORT   (the server starts empty)
"""

import random
import sys

import redis


class OutOfStockError(Exception):
    """Raised when PyHats.com is all out of today's hottest hat"""


def buyitem(r, itemid, meddle=None):
    """The tutorial's buyitem, with a hook that lets another client act between the read and
    the EXEC. Returns how many WatchErrors it met (the tutorial logs them)."""
    with r.pipeline() as pipe:
        error_count = 0
        while True:
            try:
                # Get available inventory, watching for changes
                # related to this itemid before the transaction
                pipe.watch(itemid)
                nleft = r.hget(itemid, "quantity")
                if meddle is not None and error_count == 0:
                    meddle()
                if nleft > b"0":
                    pipe.multi()
                    pipe.hincrby(itemid, "quantity", -1)
                    pipe.hincrby(itemid, "npurchased", 1)
                    pipe.execute()
                    break
                else:
                    # Stop watching the itemid and raise to break out
                    pipe.unwatch()
                    raise OutOfStockError(f"Sorry, {itemid} is out of stock!")
            except redis.WatchError:
                error_count += 1
    return error_count


def main(port):
    random.seed(444)
    hats = {
        f"hat:{random.getrandbits(32)}": i
        for i in (
            {"color": "black", "price": 49.99, "style": "fitted", "quantity": 1000, "npurchased": 0},
            {"color": "maroon", "price": 59.99, "style": "hipster", "quantity": 500, "npurchased": 0},
            {"color": "green", "price": 99.99, "style": "baseball", "quantity": 200, "npurchased": 0},
        )
    }
    r = redis.Redis(port=port, db=1)

    # A transactional pipeline (redis-py's default): MULTI, three HSETs, EXEC in one round trip.
    with r.pipeline() as pipe:
        for h_id, hat in hats.items():
            pipe.hset(h_id, mapping=hat)
        print("store the hats:", pipe.execute())
    print("hat ids:", sorted(hats))
    hat = "hat:56854717"
    print(hat, "is a hat:", hat in hats)
    print("hgetall:", sorted(r.hgetall(hat).items()))

    # The tutorial's first purchase, by hand.
    print("hincrby quantity -1:", r.hincrby(hat, "quantity", -1))
    print("hget quantity:", r.hget(hat, "quantity"))
    print("hincrby npurchased 1:", r.hincrby(hat, "npurchased", 1))

    # Three purchases, then the 196 left, then one too many.
    for _ in range(3):
        buyitem(r, hat)
    print("after 3 purchases:", r.hmget(hat, "quantity", "npurchased"))
    retries = sum(buyitem(r, hat) for _ in range(196))
    print("after 196 more:", r.hmget(hat, "quantity", "npurchased"), "retries:", retries)
    try:
        buyitem(r, hat)
    except OutOfStockError as error:
        print("OutOfStockError:", error)

    # Restock two hats. Then another buyer gets in between buyer 1's read and its EXEC: EXEC
    # answers null, redis-py raises WatchError, and buyitem tries again, successfully.
    other = redis.Redis(port=port, db=1)
    print("restock:", other.hincrby(hat, "quantity", 2))

    def other_buyer():
        print("another buyer gets in first:", other.hincrby(hat, "quantity", -1))
        other.hincrby(hat, "npurchased", 1)

    print("watch errors met:", buyitem(r, hat, meddle=other_buyer))
    print("after the race:", r.hmget(hat, "quantity", "npurchased"))

    # The same race by hand, to see the WatchError itself.
    with r.pipeline() as pipe:
        pipe.watch(hat)
        print("restock meanwhile:", other.hincrby(hat, "quantity", 1))
        pipe.multi()
        pipe.hincrby(hat, "quantity", -1)
        try:
            pipe.execute()
        except redis.WatchError as error:
            print("WatchError:", error)
    print("unchanged by the aborted transaction:", r.hget(hat, "quantity"))

    # pipeline(transaction=True) with a command that fails while EXEC runs.
    pipe = r.pipeline(transaction=True)
    pipe.set("greeting", "hello")
    pipe.hincrby("greeting", "count", 1)
    pipe.incr("visits")
    try:
        pipe.execute()
    except redis.ResponseError as error:
        print("ResponseError:", error)
    print("the other commands ran:", r.get("greeting"), r.get("visits"))
    pipe = r.pipeline(transaction=True)
    pipe.incr("visits")
    pipe.incr("greeting")
    pipe.get("visits")
    results = pipe.execute(raise_on_error=False)
    print("raise_on_error=False:", [
        f"{type(result).__name__}: {result}" if isinstance(result, Exception) else result
        for result in results
    ])


if __name__ == "__main__":
    main(int(sys.argv[1]))
