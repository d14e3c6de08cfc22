"""Computes, with CPython itself, what the Python original would compute for the same values.

Reads lines "kind<TAB>payload" on stdin and writes one answer per line:
  str <base64 utf-8>          -> sha256 hex of the string
  int <decimal>               -> hash(n)
  bool <True|False>           -> hash(b)
  uuid <text>                 -> hash(uuid.UUID(text))
  dt <y m d h mi s us offset|naive> -> sha256 hex of datetime(...).isoformat()
  value <raw lock value>      -> "uuid|isoformat of the parsed timestamp|state" as Python reads it
"""
import base64
import datetime
import hashlib
import sys
import uuid


def answer(kind, payload):
    if kind == "str":
        return hashlib.sha256(base64.b64decode(payload)).hexdigest()
    if kind == "int":
        return str(hash(int(payload)))
    if kind == "bool":
        return str(hash(payload == "True"))
    if kind == "uuid":
        return str(hash(uuid.UUID(payload)))
    if kind == "dt":
        y, mo, d, h, mi, s, us, off = payload.split(" ")
        tz = None if off == "naive" else datetime.timezone(datetime.timedelta(seconds=int(off)))
        t = datetime.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s), int(us), tzinfo=tz)
        return hashlib.sha256(t.isoformat().encode()).hexdigest()
    if kind == "value":
        u, ts, state = payload.split(",")
        uuid.UUID(u)
        parsed = datetime.datetime.fromisoformat(ts)
        assert parsed.utcoffset() == datetime.timedelta(0), ts
        assert parsed.isoformat() == ts, (parsed.isoformat(), ts)
        assert state in ("0", "1"), state
        return "|".join([u, parsed.isoformat(), state])
    raise ValueError(kind)


for line in sys.stdin:
    kind, payload = line.rstrip("\n").split("\t", 1)
    print(answer(kind, payload), flush=True)
