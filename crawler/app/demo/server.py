"""A real, quiet HTTP server for demo sites and tests.

    with SiteServer() as server:                      # 127.0.0.1, a free port
        site = server.mount(build_site(server.base_url, load_articles(), "tv", name="..."))
        ...                                           # crawl server.base_url
        server.set_failure("/feed/", 500, times=2)    # then answers normally
        server.routes["/new/"] = Resource.html("...")  # change the site between crawls
        server.requests, server.log                   # what was asked (thread-safe appends)

Lookup: exact path+query, then path alone, each also in canonical
percent-encoding; a known path missing its trailing slash gets a 301; anything
else is 404. HEAD is answered like GET without a body.
"""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote, unquote

from crawler.app.demo.site import HTML, Resource

SiteT = TypeVar("SiteT", bound=Mapping[str, Resource])

NOT_FOUND = Resource(
    404,
    HTML,
    '<!DOCTYPE html><html lang="ar"><head><title>404 الصفحة غير موجودة</title></head>'
    "<body><h1>الصفحة غير موجودة</h1></body></html>".encode(),
)


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str  # the request target as sent: path and query, percent-encoded
    headers: dict[str, str]


def canonical(target: str) -> str:
    """Percent-encoding normalised: upper-case hex, non-ASCII encoded."""
    path, sep, query = target.partition("?")
    path = quote(unquote(path), safe="/-_.~!$&'()*+,;=:@")
    if sep:
        query = quote(unquote(query), safe="=&-_.~!$'()*+,;:@/?")
    return path + sep + query


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: SiteServer

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End kept-alive connections, so a stopped server really stops answering."""
        with self._open_lock:
            open_sockets = list(self._open)
        for sock in open_sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


def _not_modified(resource: Resource, request_headers: Any) -> bool:
    """Conditional GET: the client's validators match the resource's (RFC 9110 §13)."""
    etag = resource.headers.get("ETag")
    if etag and request_headers.get("If-None-Match"):
        return etag in [t.strip() for t in request_headers["If-None-Match"].split(",")]
    modified = resource.headers.get("Last-Modified")
    return bool(modified) and request_headers.get("If-Modified-Since") == modified


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 30
    server: _HTTPServer

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.owner.record("POST", self.path, dict(self.headers.items()))
        self._send(Resource(405, HTML, b"", {"Allow": "GET, HEAD"}), True)

    def _answer(self, send_body: bool) -> None:
        owner = self.server.owner
        owner.record(self.command, self.path, dict(self.headers.items()))
        resource = owner.resolve(self.path)
        if resource.status == 200 and _not_modified(resource, self.headers):
            resource = Resource(304, resource.content_type, b"", dict(resource.headers))
        self._send(resource, send_body)

    def _send(self, resource: Resource, send_body: bool) -> None:
        self.send_response(resource.status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        for key, value in resource.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if send_body:
            self.wfile.write(resource.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: tests read `SiteServer.requests` instead."""


class SiteServer:
    """An HTTP server on `host` (port 0: a free one) serving `routes` from a daemon thread."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        site_factory: Callable[[str], Mapping[str, Resource]] | None = None,
    ) -> None:
        self.routes: dict[str, Resource] = {}
        self.requests: list[str] = []
        self.log: list[RequestRecord] = []
        self._failures: dict[str, tuple[int, list[int], dict[str, str]]] = {}
        self._lock = threading.Lock()
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.owner = self
        self._thread: threading.Thread | None = None
        self.site: Mapping[str, Resource] | None = None  # the last site mounted
        self.host = host
        self.port: int = self._httpd.server_address[1]
        if site_factory is not None:
            self.mount(site_factory(self.base_url))

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def mount(self, site: SiteT) -> SiteT:
        """Add a site's routes (a `Site` or any path->Resource mapping); returns `site`."""
        self.routes.update(site)
        self.site = site
        return site

    def set_failure(self, path: str, status: int, times: int = 1,
                    headers: dict[str, str] | None = None) -> None:
        """Answer `status` (with `headers`; a 503 says `Retry-After: 1`) for the
        next `times` requests to `path`, then normally."""
        if headers is None:
            headers = {"Retry-After": "1"} if status == 503 else {}
        with self._lock:
            self._failures[canonical(path)] = (status, [times], headers)

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()
            self.log.clear()

    def record(self, method: str, target: str, headers: dict[str, str]) -> None:
        with self._lock:
            self.requests.append(target)
            self.log.append(RequestRecord(method, target, headers))

    def resolve(self, target: str) -> Resource:
        """The Resource answering `target` (path and query as sent)."""
        failure = self._take_failure(target)
        if failure is not None:
            return failure
        routes = self.routes
        path, _, query = target.partition("?")
        for key in (target, canonical(target), path, canonical(path)):
            if key in routes:
                return routes[key]
        if not path.endswith("/"):
            for key in (path + "/", canonical(path) + "/"):
                if key in routes:
                    return Resource.redirect(key + ("?" + query if query else ""))
        return NOT_FOUND

    def _take_failure(self, target: str) -> Resource | None:
        path = target.partition("?")[0]
        with self._lock:
            for key in (canonical(target), canonical(path)):
                failure = self._failures.get(key)
                if failure is None:
                    continue
                status, left, headers = failure
                if left[0] <= 1:
                    del self._failures[key]
                else:
                    left[0] -= 1
                body = f"<html><body><h1>Error {status}</h1></body></html>".encode()
                return Resource(status, HTML, body, dict(headers))
        return None

    def start(self) -> SiteServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                name=f"SiteServer-{self.base_url}", daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
            self._httpd.close_connections()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
