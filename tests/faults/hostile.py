"""A hostile HTTP server on 127.0.0.x for the fault suite, bounded in time and size.

    with HostileServer("127.0.0.2") as server:
        server.routes["/a"] = fail_first(2, reset_mid_body(page), then=serve(page))
        server.prefixes["/cal/"] = calendar_route          # generated pages
        ... crawl server.url("/feed.xml") ...
        server.log                                         # (method, target) asked

Every answer is written by hand on the socket, so it can misbehave the way real
servers do: reset in the middle of a body, stall after the headers, send a
gzip stream cut short, a bomb, a page larger than any limit. Each connection
gets one answer and is closed. Bounds: a handler never stalls longer than
`MAX_STALL` seconds nor writes more than `MAX_BODY` bytes, sockets time out
after `SOCKET_TIMEOUT`, and the whole server stops after `lifetime` seconds.
Only loopback addresses are accepted.
"""

from __future__ import annotations

import gzip
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import TracebackType

from crawler.app.demo.site import HTML, Resource

MAX_STALL = 10.0
MAX_BODY = 16 * 1024 * 1024
SOCKET_TIMEOUT = 10.0
_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found",
            429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
            503: "Service Unavailable"}


@dataclass
class Exchange:
    """One request and the socket to answer it on."""

    sock: socket.socket
    method: str
    target: str
    attempt: int  # 1 for the first request to this target, 2 for the second, ...
    server: HostileServer

    def head(self, status: int, headers: dict[str, str], length: int | None) -> None:
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}", "Connection: close"]
        if length is not None:
            lines.append(f"Content-Length: {length}")
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def write(self, data: bytes) -> None:
        if self.method != "HEAD":
            self.sock.sendall(data[:MAX_BODY])

    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
             content_type: str = HTML) -> None:
        self.head(status, {"Content-Type": content_type, **(headers or {})}, len(body))
        self.write(body)

    def reset(self) -> None:
        """Abort the connection with a TCP RST."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def stall(self, seconds: float) -> None:
        self.server.stopping.wait(min(seconds, MAX_STALL))


Route = Callable[[Exchange], None]


# -- answers -------------------------------------------------------------------------
def serve(resource: Resource) -> Route:
    def route(ex: Exchange) -> None:
        ex.send(resource.status, resource.body, resource.headers, resource.content_type)
    return route


def status(code: int, headers: dict[str, str] | None = None) -> Route:
    body = f"<html><body><h1>{code}</h1></body></html>".encode()
    return lambda ex: ex.send(code, body, headers)


def redirect(location: str, code: int = 302) -> Route:
    return lambda ex: ex.send(code, b"", {"Location": location})


def fail_first(times: int, failing: Route, then: Route) -> Route:
    """`failing` for the first `times` requests to the target, then `then`."""
    return lambda ex: (failing if ex.attempt <= times else then)(ex)


def reset_mid_body(resource: Resource) -> Route:
    def route(ex: Exchange) -> None:
        ex.head(200, {"Content-Type": resource.content_type}, len(resource.body))
        ex.write(resource.body[:len(resource.body) // 2])
        ex.reset()
    return route


def stall_after_headers(seconds: float) -> Route:
    def route(ex: Exchange) -> None:
        ex.head(200, {"Content-Type": HTML}, 50_000)
        ex.write(b"<html><head><title>")
        ex.stall(seconds)
    return route


def compressed(resource: Resource, encoding: str = "gzip", keep: float = 1.0) -> Route:
    """The body gzip- or deflate-encoded; `keep` < 1 cuts the stream (the HTTP
    message itself is whole: its Content-Length is the cut stream's)."""
    data = gzip.compress(resource.body) if encoding == "gzip" else zlib.compress(resource.body)
    data = data[:int(len(data) * keep)]
    return lambda ex: ex.send(200, data, {"Content-Encoding": encoding}, resource.content_type)


@cache
def _bomb(megabytes: int) -> bytes:
    chunk = b"\0" * (1024 * 1024)
    out = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    data = b"".join(out.compress(chunk) for _ in range(megabytes))
    return data + out.flush()


def bomb(megabytes: int = 64) -> Route:
    """A small gzip body that inflates to `megabytes` of zeros."""
    return lambda ex: ex.send(200, _bomb(megabytes), {"Content-Encoding": "gzip"})


def huge(megabytes: int = 12, declare_length: bool = True) -> Route:
    """An HTML page of `megabytes` (at most MAX_BODY), with or without a length."""
    size = min(megabytes * 1024 * 1024, MAX_BODY)

    def route(ex: Exchange) -> None:
        ex.head(200, {"Content-Type": HTML}, size if declare_length else None)
        block = ("<p>" + "نص طويل جدا " * 80 + "</p>\n").encode()
        sent = 0
        while sent < size and not ex.server.stopping.is_set():
            part = block[:size - sent]
            ex.write(part)
            sent += len(part)
    return route


def not_found(ex: Exchange) -> None:
    status(404)(ex)


# -- the server ----------------------------------------------------------------------
class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(SOCKET_TIMEOUT)
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            chunk = sock.recv(4096)
            if not chunk:
                return
            head += chunk
        line = head.split(b"\r\n", 1)[0].decode("latin-1").split()
        if len(line) < 2:
            return
        owner = self.server.owner
        exchange = Exchange(sock, line[0], line[1], owner.record(line[0], line[1]), owner)
        owner.route(line[1])(exchange)

    def finish(self) -> None:
        try:
            self.request.shutdown(socket.SHUT_WR)
        except OSError:
            pass


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: HostileServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up, a reset we sent: all part of the game


class HostileServer:
    def __init__(self, host: str = "127.0.0.2", lifetime: float = 180.0) -> None:
        if not host.startswith("127."):
            raise ValueError("the hostile server listens on loopback addresses only")
        self.routes: dict[str, Route] = {}
        self.prefixes: dict[str, Route] = {}
        self.log: list[tuple[str, str]] = []
        self.attempts: Counter[str] = Counter()
        self.allowed: set[str] = set()  # targets a crawl may ask for even when forbidden
        self.times: dict[str, list[float]] = {}  # target -> when each request came
        self.stopping = threading.Event()
        self.lifetime = lifetime
        self._lock = threading.Lock()
        self._tcp = _TCPServer((host, 0), _Handler)
        self._tcp.owner = self
        self.host = host
        self.port = int(self._tcp.server_address[1])
        self._threads: list[threading.Thread] = []

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def record(self, method: str, target: str) -> int:
        with self._lock:
            self.log.append((method, target))
            self.times.setdefault(target, []).append(time.monotonic())
            self.attempts[target] += 1
            return self.attempts[target]

    def requested(self, target: str) -> int:
        with self._lock:
            return self.attempts[target]

    def contacts(self) -> int:
        """Requests for anything but the `allowed` targets."""
        with self._lock:
            return sum(1 for _, target in self.log if target not in self.allowed)

    def route(self, target: str) -> Route:
        path = target.split("?", 1)[0]
        found = self.routes.get(target) or self.routes.get(path)
        if found is not None:
            return found
        for prefix, route in self.prefixes.items():
            if target.startswith(prefix):
                return route
        return not_found

    def __enter__(self) -> HostileServer:
        serve_thread = threading.Thread(target=self._tcp.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        watchdog = threading.Thread(target=self._watchdog, daemon=True)
        self._threads = [serve_thread, watchdog]
        for t in self._threads:
            t.start()
        return self

    def _watchdog(self) -> None:
        started = time.monotonic()
        while not self.stopping.wait(0.2):
            if time.monotonic() - started > self.lifetime:
                self.stop()

    def stop(self) -> None:
        if not self.stopping.is_set():
            self.stopping.set()
            self._tcp.shutdown()
            self._tcp.server_close()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
