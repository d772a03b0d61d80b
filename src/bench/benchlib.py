#!/usr/bin/env python3
"""Small helpers for bench.sh that are awkward in bash (standard library only).

  benchlib.py ports K     print K distinct free TCP ports on 127.0.0.1, one per line
  benchlib.py resp N      write N commands "SET key:<i> <16-byte value>" (i = 0..N-1)
                          as a RESP stream to stdout, for `redis-cli --pipe`
"""
import socket
import sys

# Fixed 16-byte value, so every key costs the same on both servers.
VALUE = b"0123456789abcdef"


def free_ports(count):
    # Hold every socket open until all are bound, so the kernel hands out
    # distinct ports; they are released when we exit, just before the servers
    # bind them (a small race that is acceptable for a benchmark).
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def write_resp(count, out):
    # Build the stream in chunks: one write per command would make Python,
    # not the server, the bottleneck of the load.
    value_part = b"$%d\r\n%s\r\n" % (len(VALUE), VALUE)
    chunk = []
    for i in range(count):
        key = b"key:%d" % i
        chunk.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n%s" % (len(key), key, value_part))
        if len(chunk) == 10000:
            out.write(b"".join(chunk))
            chunk.clear()
    out.write(b"".join(chunk))
    out.flush()


def main(argv):
    if len(argv) == 3 and argv[1] == "ports":
        print("\n".join(str(p) for p in free_ports(int(argv[2]))))
    elif len(argv) == 3 and argv[1] == "resp":
        try:
            write_resp(int(argv[2]), sys.stdout.buffer)
        except BrokenPipeError:
            # redis-cli --pipe gave up (the server closed the connection):
            # bench.sh reports that from redis-cli's own output.
            sys.stderr.close()
            return 1
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
