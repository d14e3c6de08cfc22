"""A Python process that takes a dspinlock key as the Python original does, knowing nothing of the
Java library's waiting queue: BLOCKED with its own tag and an hour's expiry when the key is absent
or COMPUTED, COMPUTED again on release; each step a WATCH/MULTI transaction. No dependencies: it
speaks RESP over a socket.

Arguments: host port key name iterations. Waits at the start gate "<name>:gate", then takes the
key `iterations` times around a read-pause-write of "<name>:counter", counting overlaps seen in
"<name>:inside". Prints "RESULT acquired=N overlaps=N".
"""
import datetime
import socket
import sys
import time
import uuid


class Redis:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.buf = b""

    def call(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.sock.sendall(out)
        return self._read()

    def _line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.sock.recv(65536)
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _read(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                self.buf += self.sock.recv(65536)
            data, self.buf = self.buf[:n], self.buf[n + 2:]
            return data.decode()
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._read() for _ in range(n)]
        raise RuntimeError("unexpected reply " + repr(line))


def main():
    host, port, key, name, iterations = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
    r = Redis(host, port)
    r.call("RPUSH", name + ":ready", "python")
    if r.call("BLPOP", name + ":gate", 60) is None:
        raise SystemExit("no start signal")
    acquired = overlaps = 0
    for _ in range(iterations):
        tag = "%s,%s" % (uuid.uuid4(), datetime.datetime.now(datetime.timezone.utc).isoformat())
        mine = tag + ",0"
        while True:
            r.call("WATCH", key)
            value = r.call("GET", key)
            if value is None or value.endswith(",1"):
                r.call("MULTI")
                r.call("SET", key, mine, "EX", 3600)
                if r.call("EXEC") is not None:
                    break
            else:
                r.call("UNWATCH")
            time.sleep(0.001)
        acquired += 1
        if r.call("INCR", name + ":inside") != 1:
            overlaps += 1
        read = int(r.call("GET", name + ":counter") or 0)
        time.sleep(0.001)
        r.call("SET", name + ":counter", read + 1)
        r.call("DECR", name + ":inside")
        r.call("WATCH", key)
        if r.call("GET", key) == mine:
            r.call("MULTI")
            r.call("SET", key, tag + ",1", "EX", 3600)
            r.call("EXEC")
        else:
            r.call("UNWATCH")
        time.sleep(0.001)
    print("RESULT acquired=%d overlaps=%d" % (acquired, overlaps), flush=True)


main()
