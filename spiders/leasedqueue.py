"""scrapy-redis's priority queue with leased pops: a popped request is never lost.

scrapy-redis pops a request by removing it from the sorted set: a worker killed
after the pop loses it. Here the pop moves it, in one Lua script, into the
worker's in-flight hash (`<prefix>:inflight:<worker>`, one field per lease,
holding the queue key, score and the serialized request) and renews the
worker's lease (`<prefix>:alive:<worker>`, expiring after the lease time). The
worker deletes the field when the request has been fully handled (its items
stored: `done`), or moves it back to the queue (`put_back`: a stop before it
was fetched). When a worker's lease expires (killed, frozen, its machine gone),
any live worker or the seeder moves everything it held back onto the frontier
(`reclaim_dead`): at least once, never lost. The archive's upserts and the
alert gate's per-(rule, story) insert make a page handled twice count once.
"""

from __future__ import annotations

import uuid
from typing import Any

from scrapy import Request, Spider
from scrapy_redis.queue import PriorityQueue

LEASE = "rasad_lease"  # request meta: the lease (in-flight field) of a popped request


def inflight_key(prefix: str, worker: str) -> str:
    return f"{prefix}:inflight:{worker}"


def alive_key(prefix: str, worker: str) -> str:
    return f"{prefix}:alive:{worker}"


def holders_key(prefix: str) -> str:
    """The set of workers that may hold leases."""
    return f"{prefix}:holders"


# An in-flight value: "<queue key>\n<score>\n<serialized request>"; the request
# is restored into its queue with its score (its priority) by this Lua function.
_RESTORE = """
local function restore(v)
  local a = string.find(v, '\\n', 1, true)
  local b = string.find(v, '\\n', a + 1, true)
  redis.call('ZADD', string.sub(v, 1, a - 1), string.sub(v, a + 1, b - 1), string.sub(v, b + 1))
end
"""

# KEYS: queue, inflight, alive, holders; ARGV: lease id, lease ms, worker
_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('HSET', KEYS[2], ARGV[1], KEYS[1] .. '\\n' .. r[2] .. '\\n' .. r[1])
redis.call('SADD', KEYS[4], ARGV[3])
return r[1]
"""

# KEYS: inflight; ARGV: lease ids. Puts the leased requests back.
_PUT_BACK = _RESTORE + """
local n = 0
for _, id in ipairs(ARGV) do
  local v = redis.call('HGET', KEYS[1], id)
  if v then restore(v); redis.call('HDEL', KEYS[1], id); n = n + 1 end
end
return n
"""

# KEYS: inflight, alive, holders; ARGV: worker, force (1: even when alive).
# Puts everything the worker holds back; -1 when it is alive (not forced).
_RECLAIM = _RESTORE + """
if ARGV[2] ~= '1' and redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local vals = redis.call('HVALS', KEYS[1])
for _, v in ipairs(vals) do restore(v) end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[3], ARGV[1])
return #vals
"""


class Scripts:
    """The Lua scripts, registered once per Redis client."""

    def __init__(self, server: Any) -> None:
        self.pop = server.register_script(_POP)
        self.put_back = server.register_script(_PUT_BACK)
        self.reclaim = server.register_script(_RECLAIM)


_SCRIPTS: dict[int, Scripts] = {}


def scripts(server: Any) -> Scripts:
    found = _SCRIPTS.get(id(server))
    if found is None:
        found = _SCRIPTS[id(server)] = Scripts(server)
    return found


def reclaim(server: Any, prefix: str, worker: str, *, force: bool = False) -> int:
    """Put back what `worker` holds when its lease has expired (or `force`: the
    worker itself, stopping); how many requests went back (-1: it is alive)."""
    return int(scripts(server).reclaim(
        keys=[inflight_key(prefix, worker), alive_key(prefix, worker), holders_key(prefix)],
        args=[worker, "1" if force else "0"]))


def reclaim_dead(server: Any, prefix: str, me: str | None = None) -> int:
    """Put back the requests held by every worker whose lease has expired."""
    total = 0
    for raw in server.smembers(holders_key(prefix)):
        worker = raw.decode() if isinstance(raw, bytes) else str(raw)
        if worker != me:
            total += max(0, reclaim(server, prefix, worker))
    return total


class LeasedQueue(PriorityQueue):  # type: ignore[misc]  # untyped library
    def __init__(self, server: Any, spider: Spider, key: str, serializer: Any = None, *,
                 prefix: str, worker: str, lease_seconds: float) -> None:
        super().__init__(server, spider, key, serializer)
        self.prefix = prefix
        self.worker = worker
        self.lease_ms = max(1000, int(lease_seconds * 1000))
        self.inflight = inflight_key(prefix, worker)
        self._scripts = scripts(server)

    def pop(self, timeout: float = 0) -> Request | None:
        lease = uuid.uuid4().hex[:16]
        data = self._scripts.pop(
            keys=[self.key, self.inflight, alive_key(self.prefix, self.worker),
                  holders_key(self.prefix)],
            args=[lease, self.lease_ms, self.worker])
        if not data:
            return None
        request: Request = self._decode_request(data)
        request.meta[LEASE] = lease
        return request

    def queued(self, request: Request) -> bool:
        """Is this very request (same URL, meta, priority) waiting in the queue?"""
        return self.server.zscore(self.key, self._encode_request(request)) is not None

    def done(self, lease: str) -> None:
        self.server.hdel(self.inflight, lease)

    def put_back(self, leases: list[str]) -> int:
        if not leases:
            return 0
        return int(self._scripts.put_back(keys=[self.inflight], args=leases))
