#!/usr/bin/env python3
"""Small helpers for bench.sh that are awkward in bash (standard library only).

  benchlib.py ports K     print K distinct free TCP ports on 127.0.0.1, one per line
  benchlib.py resp N [DATA]
                          write N commands as a RESP stream to stdout, for `redis-cli --pipe`;
                          DATA strings (default): SET key:<i> <16-byte value>
                               strings:SIZE: SET key:<i as 12 digits> <SIZE-byte value>, the
                                 keys redis-benchmark -r N reads and writes
                               hashes:  HSET hash:<i> field1 <8-byte value> ... field5 <8-byte value>
                               zset:    ZADD big <i * 1.5> member:<i>   (one sorted set of N members)
                               lists:   RPUSH list:<i> <8-byte element> x 10
                               biglist: RPUSH big <8-byte element>   (one list of N elements)
                          (i = 0..N-1)
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


def bulk(data):
    return b"$%d\r\n%s\r\n" % (len(data), data)


def command(*args):
    return b"*%d\r\n" % len(args) + b"".join(bulk(a) for a in args)


def string_command(i):
    return command(b"SET", b"key:%d" % i, VALUE)


def hash_command(i):
    fields = []
    for f in range(1, 6):
        fields += [b"field%d" % f, b"v%07d" % (i % 10000000)]
    return command(b"HSET", b"hash:%d" % i, *fields)


def zset_command(i):
    return command(b"ZADD", b"big", b"%r" % (i * 1.5), b"member:%d" % i)


def list_command(i):
    return command(b"RPUSH", b"list:%d" % i, *[b"e%07d" % ((i * 10 + e) % 10000000) for e in range(10)])


def biglist_command(i):
    return command(b"RPUSH", b"big", b"e%07d" % (i % 10000000))


COMMANDS = {"strings": string_command, "hashes": hash_command, "zset": zset_command,
            "lists": list_command, "biglist": biglist_command}


def sized_string_command(size):
    value = (VALUE * (size // len(VALUE) + 1))[:size]
    return lambda i: command(b"SET", b"key:%012d" % i, value)


def command_maker(data):
    """The command builder DATA names, or None: a COMMANDS name, or strings:SIZE."""
    name, _, size = data.partition(":")
    if name == "strings" and size.isdigit():
        return sized_string_command(int(size))
    return None if size else COMMANDS.get(name)


def write_resp(count, out, data="strings"):
    # Build the stream in chunks: one write per command would make Python,
    # not the server, the bottleneck of the load.
    make = command_maker(data)
    chunk = []
    for i in range(count):
        chunk.append(make(i))
        if len(chunk) == 10000:
            out.write(b"".join(chunk))
            chunk.clear()
    out.write(b"".join(chunk))
    out.flush()


def main(argv):
    if len(argv) == 3 and argv[1] == "ports":
        print("\n".join(str(p) for p in free_ports(int(argv[2]))))
    elif len(argv) in (3, 4) and argv[1] == "resp" and (len(argv) == 3 or command_maker(argv[3])):
        try:
            write_resp(int(argv[2]), sys.stdout.buffer, argv[3] if len(argv) == 4 else "strings")
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
