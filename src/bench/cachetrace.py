#!/usr/bin/env python3
"""The cache trace of cache-trace.sh (standard library only): a web framework's page cache.

  cachetrace.py generate FILE [--keys N] [--ops N] [--zipf S] [--writes F] [--seed N]
      writes a trace to FILE: OPS requests for cache entries drawn from N keys with a Zipf(S)
      popularity; a fraction F of them are writes (the application stores a fresh rendering
      whatever the cache holds), the rest reads. Each key's value size is fixed by the seed:
      log-normal, median 800 bytes, clipped to 100 B - 64 KiB (fragments and pages), so the
      same key always costs the same on both servers.
  cachetrace.py replay FILE PORT
      replays FILE against the server on 127.0.0.1:PORT as a cache client does: GET, and SET
      of the entry on a miss; a write is a SET. Requests go in pipelined windows of 32 (the
      misses of a window are filled after its replies), so both servers see the same
      commands in the same order. Prints "gets hits sets seconds".
  cachetrace.py memwatch PORT
      polls INFO on PORT every 20 ms until SIGTERM, then prints the highest used_memory and
      used_memory_dataset seen (0 when the server has no such field) and the last
      evicted_keys: "max_used max_dataset evicted samples".
"""
import array
import hashlib
import itertools
import json
import math
import random
import signal
import socket
import sys
import threading
import time

from benchlib import command, read_reply

WINDOW = 32
MIN_VALUE, MAX_VALUE, MEDIAN_VALUE = 100, 64 * 1024, 800
WRITE = 1 << 31
# A value is a slice of this: the servers store the bytes, their content does not matter.
FILLER = (b"<div class=\"item\">cached fragment</div>\n" * (MAX_VALUE // 40 + 1))[:MAX_VALUE]


def key_name(i):
    # Shaped like Django's cache_page keys: a prefix, a version, and a digest of the URL.
    return b"cache:1:views.decorators.cache.cache_page.GET.%s" % hashlib.md5(b"/page/%d" % i).hexdigest().encode()


def value_sizes(keys, seed):
    rng = random.Random(seed * 7919 + 1)
    mu = math.log(MEDIAN_VALUE)
    return [min(MAX_VALUE, max(MIN_VALUE, int(rng.lognormvariate(mu, 1.0)))) for _ in range(keys)]


def generate(path, keys, ops, zipf, writes, seed):
    rng = random.Random(seed)
    cum = list(itertools.accumulate(1.0 / (rank + 1) ** zipf for rank in range(keys)))
    # The popularity rank is not the key's number: hot keys spread over the whole key space.
    order = list(range(keys))
    rng.shuffle(order)
    picks = rng.choices(order, cum_weights=cum, k=ops)
    trace = array.array("I", (p | WRITE if rng.random() < writes else p for p in picks))
    with open(path, "wb") as f:
        f.write(json.dumps({"keys": keys, "ops": ops, "zipf": zipf, "writes": writes, "seed": seed}).encode() + b"\n")
        trace.tofile(f)


def load(path):
    with open(path, "rb") as f:
        header = json.loads(f.readline())
        trace = array.array("I")
        trace.frombytes(f.read())
    return header, trace


def replay(path, port):
    header, trace = load(path)
    sizes = value_sizes(header["keys"], header["seed"])
    names = {}

    def name(i):
        n = names.get(i)
        if n is None:
            n = names[i] = key_name(i)
        return n

    conn = socket.create_connection(("127.0.0.1", port))
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    stream = conn.makefile("rb", buffering=1 << 20)
    gets = hits = sets = 0
    start = time.perf_counter()
    for at in range(0, len(trace), WINDOW):
        window = trace[at:at + WINDOW]
        out = []
        for op in window:
            i = op & ~WRITE
            if op & WRITE:
                out.append(command(b"SET", name(i), FILLER[:sizes[i]]))
            else:
                out.append(command(b"GET", name(i)))
        conn.sendall(b"".join(out))
        fills = []
        for op in window:
            reply = read_reply(stream)
            if op & WRITE:
                sets += 1
                expect_ok(reply)
            else:
                gets += 1
                if reply is None:
                    fills.append(op)
                elif isinstance(reply, bytes):
                    hits += 1
                else:
                    raise SystemExit("cachetrace: GET answered %r" % (reply,))
        if fills:
            conn.sendall(b"".join(command(b"SET", name(i), FILLER[:sizes[i]]) for i in fills))
            for _ in fills:
                expect_ok(read_reply(stream))
            sets += len(fills)
    print("%d %d %d %.3f" % (gets, hits, sets, time.perf_counter() - start))


def expect_ok(reply):
    if reply != "OK":
        raise SystemExit("cachetrace: SET answered %r" % (reply,))


def info_fields(stream, conn):
    conn.sendall(command(b"INFO"))
    text = read_reply(stream).decode()
    fields = {}
    for line in text.split("\r\n"):
        name, sep, value = line.partition(":")
        if sep:
            fields[name] = value
    return fields


def memwatch(port):
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    conn = socket.create_connection(("127.0.0.1", port))
    stream = conn.makefile("rb")
    max_used = max_dataset = evicted = samples = 0
    while True:
        fields = info_fields(stream, conn)
        samples += 1
        max_used = max(max_used, int(fields.get("used_memory", 0)))
        max_dataset = max(max_dataset, int(fields.get("used_memory_dataset", 0)))
        evicted = int(fields.get("evicted_keys", 0))
        if stop.wait(0.02):
            break
    print("%d %d %d %d" % (max_used, max_dataset, evicted, samples))


def option(args, name, default, kind):
    if name in args:
        at = args.index(name)
        value = kind(args[at + 1])
        del args[at:at + 2]
        return value
    return default


def main(argv):
    args = argv[1:]
    if len(args) >= 2 and args[0] == "generate":
        keys = option(args, "--keys", 400000, int)
        ops = option(args, "--ops", 2000000, int)
        zipf = option(args, "--zipf", 0.99, float)
        writes = option(args, "--writes", 0.03, float)
        seed = option(args, "--seed", 1, int)
        if len(args) != 2:
            sys.stderr.write(__doc__)
            return 2
        generate(args[1], keys, ops, zipf, writes, seed)
    elif len(args) == 3 and args[0] == "replay":
        replay(args[1], int(args[2]))
    elif len(args) == 2 and args[0] == "memwatch":
        memwatch(int(args[1]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
