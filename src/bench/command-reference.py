#!/usr/bin/env python3
"""Regenerates Verdis's copy of Redis's command reference from a real redis-server (standard library only).

  src/bench/command-reference.py [REDIS_SERVER] [OUTPUT]

REDIS_SERVER defaults to `redis-server` on the PATH (7.0.x: the version Verdis reports), OUTPUT to
src/main/resources/io/verdis/command/redis-commands.json. The script starts that redis-server on a
Unix socket in a temporary directory, asks it (in RESP3) COMMAND DOCS and COMMAND INFO, and writes
one JSON object keyed by full command name ("get", "client|kill"), each holding Redis's own words
about the command: "docs" (COMMAND DOCS's entry without its subcommands: summary, since, group,
complexity, doc_flags, history, arguments …), and from COMMAND INFO "acl_categories", "tips" and
"key_specs". Verdis loads the file at start-up and serves these parts of COMMAND DOCS and COMMAND
INFO from it for each command it declares (io.verdis.command.CommandReference); its declarations
stay the source of the name, arity, flags and key positions, and of the docs of commands Redis
does not have. Run it again after moving to another Redis version, then run
CommandTableMatchesRedisTest.

The JSON keeps maps as objects (in Redis's order), arrays and sets as lists, integers as numbers and
strings as strings; Verdis restores the RESP3 types by field name ("flags", "doc_flags", "history",
"key_specs", "tips" and "acl_categories" are sets; flags and categories are simple strings).
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUTPUT = os.path.join(HERE, "..", "main", "resources", "io", "verdis", "command", "redis-commands.json")


class Resp3:
    """A blocking RESP3 reader over one socket."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def line(self):
        while b"\r\n" not in self.buf:
            self.fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def fill(self):
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise EOFError("redis-server closed the connection")
        self.buf += chunk

    def exact(self, n):
        while len(self.buf) < n + 2:
            self.fill()
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def reply(self):
        line = self.line()
        kind, rest = line[:1], line[1:]
        if kind in (b"+", b"("):
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            return self.exact(int(rest)).decode()
        if kind == b"=":
            return self.exact(int(rest)).decode()[4:]
        if kind == b"_":
            return None
        if kind in (b"*", b"~"):
            return [self.reply() for _ in range(int(rest))]
        if kind == b"%":
            pairs = {}
            for _ in range(int(rest)):
                key = self.reply()
                pairs[key] = self.reply()
            return pairs
        raise RuntimeError("unexpected RESP3 type %r" % line)

    def call(self, *words):
        self.sock.sendall(("*%d\r\n" % len(words)).encode()
                          + b"".join(b"$%d\r\n%s\r\n" % (len(w), w.encode()) for w in words))
        return self.reply()


def start(server, directory):
    path = os.path.join(directory, "redis.sock")
    process = subprocess.Popen([server, "--port", "0", "--unixsocket", path, "--save", "", "--appendonly", "no",
                                "--dir", directory], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    for _ in range(200):
        if os.path.exists(path):
            sock = socket.socket(socket.AF_UNIX)
            try:
                sock.connect(path)
                return process, sock
            except OSError:
                sock.close()
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("redis-server did not start")


def flatten_docs(docs, into):
    for name, doc in docs.items():
        into.setdefault(name, {})["docs"] = {field: value for field, value in doc.items() if field != "subcommands"}
        flatten_docs(doc.get("subcommands", {}), into)


def add_key_specs(infos, into):
    for info in infos:
        name = info[0]
        entry = into.setdefault(name, {})
        entry["acl_categories"] = info[6]
        entry["tips"] = info[7]
        entry["key_specs"] = info[8]
        add_key_specs(info[9], into)


def main():
    server = sys.argv[1] if len(sys.argv) > 1 else shutil.which("redis-server")
    output = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTPUT
    directory = tempfile.mkdtemp(prefix="command-reference-")
    process, sock = start(server, directory)
    try:
        client = Resp3(sock)
        client.call("HELLO", "3")
        version = client.call("INFO", "server").split("redis_version:")[1].split()[0]
        reference = {}
        flatten_docs(client.call("COMMAND", "DOCS"), reference)
        add_key_specs(client.call("COMMAND", "INFO"), reference)
    finally:
        sock.close()
        process.terminate()
        process.wait()
        shutil.rmtree(directory, ignore_errors=True)
    # One command per line, so a regeneration's diff shows which commands changed.
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    lines = ["%s:%s" % (json.dumps(name), json.dumps(entry, **compact)) for name, entry in sorted(reference.items())]
    with open(output, "w") as f:
        f.write('{"redis_version":%s,"commands":{\n' % json.dumps(version))
        f.write(",\n".join(lines))
        f.write("\n}}\n")
    print("%d commands from redis-server %s written to %s" % (len(reference), version, os.path.normpath(output)))


if __name__ == "__main__":
    main()
