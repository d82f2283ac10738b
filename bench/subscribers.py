"""Holds N subscribers of one channel open and reads everything they receive.

    python3 bench/subscribers.py PORT CHANNEL N

Used by bench/compare.sh's pub/sub section: `PUBLISH` to 1,000 subscribers is only measured
fairly if the subscribers read (a subscriber that does not is disconnected at its output buffer
limit, and then costs the server nothing). Prints "ready" once all N confirmations have arrived,
then drains the sockets until it is killed. Standard library only; raw sockets, no client
library, so the reading costs as little as possible and the same for both servers.

It shares the machine's CPUs with the server it measures, so it is kept cheap: epoll itself
(Linux; `selectors` cost a third more CPU per message), and every read lands in one
preallocated buffer (`recv_into`), so reading allocates nothing.
"""

import select
import socket
import sys


def main():
    port, channel, count = int(sys.argv[1]), sys.argv[2].encode(), int(sys.argv[3])
    request = b"*2\r\n$9\r\nSUBSCRIBE\r\n$%d\r\n%s\r\n" % (len(channel), channel)
    epoll = select.epoll()
    connections = {}  # file descriptor -> socket
    pending = {}  # file descriptor -> what it received before its confirmation was complete
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port))
        connection.sendall(request)
        connection.setblocking(False)
        connections[connection.fileno()] = connection
        pending[connection.fileno()] = b""
        epoll.register(connection.fileno(), select.EPOLLIN)
    buffer = bytearray(1 << 20)
    confirmed = 0
    while True:
        for fd, _ in epoll.poll():
            received = connections[fd].recv_into(buffer)
            if not received:
                epoll.unregister(fd)
                continue
            if fd in pending:
                buffered = pending[fd] + bytes(buffer[:received])
                # The confirmation ends with the subscription count, ":1\r\n".
                if b":1\r\n" in buffered:
                    del pending[fd]
                    confirmed += 1
                    if confirmed == count:
                        print("ready", flush=True)
                else:
                    pending[fd] = buffered


if __name__ == "__main__":
    main()
