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
  benchlib.py lagprobe PRIMARY_PORT REPLICA_PORT...
                          replication lag probe, until SIGTERM: every 10 ms a SET lagprobe:<seq> 1 on
                          the primary; each replica (notify-keyspace-events with K and $ set on it)
                          reports the key's "set" event on __keyspace@0__ as it applies the write.
                          A sample is the time from the primary's +OK reaching the probe to the
                          event arriving from one replica (negative: the replica was first).
                          On SIGTERM it stops writing, waits up to 2 s for the last events and
                          prints "samples p50_ms p99_ms max_ms missing" (missing: writes some
                          replica never reported)
"""
import random
import signal
import socket
import sys
import threading
import time

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


def read_reply(stream):
    """One RESP2 reply from a buffered socket file: bytes, int, str (status or error) or list."""
    line = stream.readline()
    if not line:
        raise EOFError("connection closed")
    kind, rest = line[:1], line[1:-2]
    if kind == b"*":
        return [read_reply(stream) for _ in range(int(rest))]
    if kind == b"$":
        size = int(rest)
        return None if size < 0 else stream.read(size + 2)[:-2]
    if kind == b":":
        return int(rest)
    return rest.decode()


def lag_probe(primary_port, replica_ports, interval=0.01):
    acked = {}      # seq -> time the primary's +OK arrived
    seen = {}       # (replica, seq) -> time the replica's keyspace event arrived
    lock = threading.Lock()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def listen(index, port):
        conn = socket.create_connection(("127.0.0.1", port))
        stream = conn.makefile("rb")
        conn.sendall(command(b"PSUBSCRIBE", b"__keyspace@0__:lagprobe:*"))
        read_reply(stream)
        ready.release()
        while True:
            message = read_reply(stream)
            now = time.perf_counter()
            if isinstance(message, list) and len(message) == 4 and message[3] == b"set":
                with lock:
                    seen[(index, int(message[2].rsplit(b":", 1)[1]))] = now

    ready = threading.Semaphore(0)
    for index, port in enumerate(replica_ports):
        threading.Thread(target=listen, args=(index, port), daemon=True).start()
    for _ in replica_ports:
        ready.acquire()
    conn = socket.create_connection(("127.0.0.1", primary_port))
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    stream = conn.makefile("rb")
    seq = 0
    next_at = time.perf_counter()
    while not stop.is_set():
        seq += 1
        conn.sendall(command(b"SET", b"lagprobe:%d" % seq, b"1"))
        reply = read_reply(stream)
        now = time.perf_counter()
        if reply != "OK":
            sys.stderr.write("lagprobe: SET answered %r\n" % (reply,))
            return 1
        with lock:
            acked[seq] = now
        next_at += interval
        stop.wait(max(0.0, next_at - time.perf_counter()))
    deadline = time.perf_counter() + 2
    while time.perf_counter() < deadline:
        with lock:
            if len(seen) >= len(acked) * len(replica_ports):
                break
        time.sleep(0.05)
    with lock:
        lags = sorted((seen[key] - acked[key[1]]) * 1000 for key in seen if key[1] in acked)
        missing = len(acked) * len(replica_ports) - len(lags)
    if not lags:
        print("0 - - - %d" % missing)
    else:
        def rank(p):
            return lags[min(len(lags) - 1, max(0, int(round(p * len(lags))) - 1))]
        print("%d %.2f %.2f %.2f %d" % (len(lags), rank(0.50), rank(0.99), lags[-1], missing))
    return 0


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
    elif len(argv) >= 4 and argv[1] == "lagprobe":
        return lag_probe(int(argv[2]), [int(p) for p in argv[3:]])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
