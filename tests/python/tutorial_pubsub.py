"""Chapter 9's tutorial examples, as the tutorials write them with redis-py: pub/sub.

1. `pubsub()`, `subscribe`, `publish`, `get_message`: one subscriber, one publisher.
2. A handler with `run_in_thread`: `pubsub.subscribe(news=handler)`, messages handled in a
   background thread while the main thread publishes news items.
3. Keyspace notifications: `config_set('notify-keyspace-events', 'KEA')`, then
   `psubscribe('__keyspace@0__:*')` and watch writes happen.

Usage: python tutorial_pubsub.py PORT. The server starts empty. Prints one line per result;
the same lines against real Redis 7 and against the reference server.
"""

import sys
import threading
import time

import redis

port = int(sys.argv[1])
r = redis.Redis(port=port)


def next_message(pubsub, timeout=2.0):
    """The next message (not a subscription confirmation), or None after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = pubsub.get_message(ignore_subscribe_messages=True, timeout=0.1)
        if message is not None:
            return message
    return None


def show(message):
    """A message as a stable line: its type, pattern, channel and data."""
    if message is None:
        return "no message"
    return "{} pattern={} channel={} data={}".format(
        message["type"], message["pattern"], message["channel"], message["data"]
    )


# 1. Subscribe, publish, get_message.
pubsub = r.pubsub()
pubsub.subscribe("channelA")
print("confirmation:", pubsub.get_message(timeout=2.0))
for word in ("hello", "I", "am"):
    print("publish", word, "->", r.publish("channelA", word))
for _ in range(3):
    print("got:", show(next_message(pubsub)))
print("publish to another channel ->", r.publish("channelB", "nobody"))
print("then:", show(next_message(pubsub, timeout=0.3)))
print("channels:", r.pubsub_channels(), "numsub:", r.pubsub_numsub("channelA", "channelB"))
pubsub.unsubscribe("channelA")
print("unsubscribed:", pubsub.get_message(timeout=2.0))
print("publish after unsubscribe ->", r.publish("channelA", "gone"))
pubsub.close()

# 2. A handler, run in a thread.
received = []
done = threading.Event()


def message_handler(message):
    received.append(message["data"].decode())
    if len(received) == 2:
        done.set()


news = r.pubsub()
news.subscribe(**{"news": message_handler})
thread = news.run_in_thread(sleep_time=0.01)
deadline = time.monotonic() + 2.0
while r.pubsub_numsub("news")[0][1] == 0 and time.monotonic() < deadline:
    time.sleep(0.01)
print("publish news ->", r.publish("news", "Redis 7.0 Released!"))
print("publish news ->", r.publish("news", "New Tutorial on Redis Pub/Sub"))
done.wait(timeout=2.0)
thread.stop()
thread.join(timeout=2.0)
news.close()
for item in received:
    print("Received message:", item)

# 3. Keyspace notifications.
print("config_set:", r.config_set("notify-keyspace-events", "KEA"))
watcher = r.pubsub()
watcher.psubscribe("__keyspace@0__:*")
print("confirmation:", watcher.get_message(timeout=2.0))
r.set("user:1", "alice")
r.expire("user:1", 100)
r.incr("visits")
r.append("user:1", "!")
r.delete("user:1")
for _ in range(5):
    print("event:", show(next_message(watcher)))
print("then:", show(next_message(watcher, timeout=0.3)))
print("numpat:", r.pubsub_numpat())
watcher.close()
print("config_set:", r.config_set("notify-keyspace-events", ""))
