"""Holds N subscribers of one channel open and reads everything they receive.

    python3 bench/subscribers.py PORT CHANNEL N

Used by bench/compare.sh's pub/sub section: `PUBLISH` to 1,000 subscribers is only measured
fairly if the subscribers read (a subscriber that does not is disconnected at its output buffer
limit, and then costs the server nothing). Prints "ready" once all N confirmations have arrived,
then drains the sockets until it is killed. Standard library only; raw sockets, no client
library, so the reading costs as little as possible and the same for both servers.
"""

import selectors
import socket
import sys


def main():
    port, channel, count = int(sys.argv[1]), sys.argv[2].encode(), int(sys.argv[3])
    request = b"*2\r\n$9\r\nSUBSCRIBE\r\n$%d\r\n%s\r\n" % (len(channel), channel)
    selector = selectors.DefaultSelector()
    confirmed = 0
    pending = {}
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port))
        connection.sendall(request)
        connection.setblocking(False)
        pending[connection] = b""
        selector.register(connection, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            data = key.fileobj.recv(1 << 20)
            if not data:
                selector.unregister(key.fileobj)
                continue
            if key.fileobj in pending:
                buffered = pending[key.fileobj] + data
                # The confirmation ends with the subscription count, ":1\r\n".
                if b":1\r\n" in buffered:
                    del pending[key.fileobj]
                    confirmed += 1
                    if confirmed == count:
                        print("ready", flush=True)
                else:
                    pending[key.fileobj] = buffered


if __name__ == "__main__":
    main()
