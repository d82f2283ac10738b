"""Chapter 7's tutorial examples: lists as queues, through redis-py 8.

1. `tasks`: LPUSH, RPUSH, LPOP, RPOP and LRANGE on a to-do list.
2. A producer/consumer queue: a producer thread pushes jobs after short pauses (seeded, so the
   run is the same every time); the consumer waits in `blpop(timeout=...)` and, once the
   producer is done, sees the timeout (None).
3. The "ipwatcher" bot detector: a watcher sits in `while True: blpop("ips")` on its own
   connection; four IPs are already queued, then another client bursts 20 visits of one IP; the
   watcher flags the IP from its 15th visit on.

Usage: python tutorial_lists.py PORT   (the server starts empty)

Every client is redis-py 8 with its default settings, so it speaks RESP3 (chapter 5).
"""

import ipaddress
import random
import sys
import threading
import time

import redis

port = int(sys.argv[1])
r = redis.Redis(port=port)


def text(value):
    return value.decode() if isinstance(value, bytes) else value


# --- 1. tasks ---------------------------------------------------------------------------------
print("== tasks")
print("lpush:", r.lpush("tasks", "write code"))
print("rpush:", r.rpush("tasks", "test code"))
print("lpop:", text(r.lpop("tasks")))
print("rpop:", text(r.rpop("tasks")))
print("exists after both pops:", r.exists("tasks"))
print("rpush:", r.rpush("tasks", "write code", "review code", "test code"))
print("lrange:", [text(t) for t in r.lrange("tasks", 0, -1)])
print("lrange -2 -1:", [text(t) for t in r.lrange("tasks", -2, -1)])
r.lpush("other_tasks", "write code 2")
print("other_tasks:", [text(t) for t in r.lrange("other_tasks", 0, -1)])
print("no_exist_tasks:", r.lrange("no_exist_tasks", 0, -1))
print("lpop with a count:", [text(t) for t in r.lpop("tasks", 2)])
print("llen:", r.llen("tasks"))

# --- 2. a producer/consumer queue ---------------------------------------------------------------
print("== queue")
JOBS = 5


def produce():
    producer = redis.Redis(port=port)
    pauses = random.Random(7)
    for number in range(1, JOBS + 1):
        time.sleep(pauses.uniform(0.0, 0.02))
        producer.rpush("queue", f"job {number}")


thread = threading.Thread(target=produce)
thread.start()
for _ in range(JOBS):
    key, job = r.blpop("queue", timeout=5)
    print(f"consumer got {text(job)!r} from {text(key)!r}")
thread.join()
print("then, with nothing left:", r.blpop("queue", timeout=0.2))

# --- 3. ipwatcher -------------------------------------------------------------------------------
print("== ipwatcher")
MAXVISITS = 15
TOTAL = 4 + 20
queued_ips_seen = threading.Event()
blacklist = set()


def watch():
    ipwatcher = redis.Redis(port=port, db=5)
    for visit in range(1, TOTAL + 1):
        _, addr = ipwatcher.blpop("ips")
        addr = ipaddress.ip_address(addr.decode("utf-8"))
        # The original counts per minute of the hour (f"{addr}:{now.minute}"); a fixed window
        # keeps the output the same on every run.
        addrts = f"{addr}:window"
        n = ipwatcher.incrby(addrts, 1)
        if n >= MAXVISITS:
            print(f"Hat bot detected!:  {addr} (visit {n})")
            blacklist.add(addr)
        else:
            print(f"saw {addr} (visit {n})")
        ipwatcher.expire(addrts, 60)
        if visit == 4:
            queued_ips_seen.set()


r5 = redis.Redis(port=port, db=5)
for ip in ["51.218.112.236", "90.213.45.98", "115.215.230.176", "51.218.112.236"]:
    print("lpush:", r5.lpush("ips", ip))
watcher = threading.Thread(target=watch)
watcher.start()
queued_ips_seen.wait(5)
for _ in range(20):
    r5.lpush("ips", "104.174.118.18")
watcher.join()
print("blacklist:", sorted(str(addr) for addr in blacklist))
print("ips left:", r5.llen("ips"))
print("ttl of the counter:", r5.ttl("104.174.118.18:window"))
