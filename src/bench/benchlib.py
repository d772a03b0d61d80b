#!/usr/bin/env python3
"""Small helpers for bench.sh that are awkward in bash (standard library only).

  benchlib.py ports K     print K distinct free TCP ports on 127.0.0.1 below the ephemeral
                          range, one per line
  benchlib.py resp N [DATA]
                          write N commands as a RESP stream to stdout, for `redis-cli --pipe`;
                          DATA strings (default): SET key:<i> <16-byte value>
                               strings:SIZE: SET key:<i as 12 digits> <SIZE-byte value>, the
                                 keys redis-benchmark -r N reads and writes
                               hashes:  HSET hash:<i> field1 <8-byte value> ... field5 <8-byte value>
                               zset:    ZADD big <i * 1.5> member:<i>   (one sorted set of N members)
                               lists:   RPUSH list:<i> <8-byte element> x 10
                               biglist: RPUSH big <8-byte element>   (one list of N elements)
                               stream:  XADD big <i+1>-1 field1 <8 bytes> field2 <8 bytes>   (one stream)
                               hll:     PFADD hll:<i> <10 elements>
                               geo:     GEOADD geo <lon> <lat> member:<i>   (one geo set of N members)
                          (i = 0..N-1)
"""
import random
import socket
import sys

# Fixed 16-byte value, so every key costs the same on both servers.
VALUE = b"0123456789abcdef"


def ephemeral_floor():
    """The first port of the kernel's ephemeral range (Linux), 32768 when unknown."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def bind_free(port):
    """A socket bound to 127.0.0.1:port (0: the kernel picks), or None when it is taken."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
        return s
    except OSError:
        s.close()
        return None


def free_ports(count):
    # Ports below the ephemeral range: one from that range can be taken by any outgoing
    # connection (a cluster node's own, to another node) between this pick and the server
    # binding it. Every socket stays open until all are bound, so the ports are distinct;
    # they are released when we exit, just before the servers bind them (a small race that
    # is acceptable for a benchmark).
    low, high = 10000, min(32000, ephemeral_floor())
    sockets = []
    try:
        attempts = 0
        while len(sockets) < count:
            attempts += 1
            s = bind_free(random.randrange(low, high) if high - low > 1000 and attempts < 1000 else 0)
            if s is not None:
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


def script_command(i):
    return command(b"SCRIPT", b"LOAD", b"return redis.call('GET', KEYS[1]) or '%d'" % i)


def stream_command(i):
    return command(b"XADD", b"big", b"%d-1" % (i + 1), b"field1", b"v%07d" % (i % 10000000),
                   b"field2", b"w%07d" % (i % 10000000))


def hll_command(i):
    return command(b"PFADD", b"hll:%d" % i, *[b"e%d:%d" % (i, e) for e in range(10)])


def geo_command(i):
    # Spread over the valid range deterministically, so both servers get the same points.
    lon = -179.0 + (i * 7919 % 358000) / 1000.0
    lat = -84.0 + (i * 104729 % 168000) / 1000.0
    return command(b"GEOADD", b"geo", b"%.6f" % lon, b"%.6f" % lat, b"member:%d" % i)


COMMANDS = {"strings": string_command, "hashes": hash_command, "zset": zset_command,
            "lists": list_command, "biglist": biglist_command, "scripts": script_command,
            "stream": stream_command, "hll": hll_command, "geo": geo_command}


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
