"""Real local servers for delivery tests: a webhook receiver and an SMTP server.

Plain context managers (not fixtures), so any test module can use them:

    with WebhookReceiver([500, 200]) as hook: ...   # hook.url, hook.requests
    with SMTPReceiver(refuse_first=1) as smtp: ...  # smtp.port, smtp.messages
"""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


def free_port() -> int:
    """A port nothing listens on (for a moment): bind to port 0 and let go."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


# -- webhook receiver -----------------------------------------------------------
@dataclass(frozen=True)
class ReceivedPost:
    path: str
    headers: dict[str, str]
    body: bytes


class _HookHandler(BaseHTTPRequestHandler):
    server: _HookServer

    def do_POST(self) -> None:  # noqa: N802 (http.server naming)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        status = self.server.receiver.record(self.path, dict(self.headers.items()), body)
        if self.server.receiver.delay:
            self.server.receiver.released.wait(self.server.receiver.delay)
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        for name, value in self.server.receiver.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(b"ok" if status < 300 else b"receiver says no")

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass


class _HookServer(ThreadingHTTPServer):
    daemon_threads = True
    receiver: WebhookReceiver

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that timed out and hung up is what some tests want


class WebhookReceiver:
    """Answers POSTs with `statuses` in turn (then `then`), after `delay` seconds,
    adding `headers` to every answer."""

    def __init__(self, statuses: Sequence[int] = (), *, then: int = 200,
                 delay: float = 0.0, port: int = 0,
                 headers: dict[str, str] | None = None) -> None:
        self.statuses = list(statuses)
        self.headers = headers or {}
        self.then = then
        self.delay = delay
        self.port = port
        self.requests: list[ReceivedPost] = []
        self.released = threading.Event()
        self._lock = threading.Lock()
        self._server: _HookServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/hook"

    def record(self, path: str, headers: dict[str, str], body: bytes) -> int:
        with self._lock:
            self.requests.append(ReceivedPost(path, headers, body))
            return self.statuses.pop(0) if self.statuses else self.then

    def __enter__(self) -> WebhookReceiver:
        self._server = _HookServer((HOST, self.port), _HookHandler)
        self._server.receiver = self
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.released.set()
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


# -- SMTP server -------------------------------------------------------------------
class _MailHandler:
    def __init__(self, refuse_first: int) -> None:
        self.refuse_left = refuse_first
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refused = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.refuse_left > 0:
            self.refuse_left -= 1
            self.refused += 1
            return "550 5.7.1 refused by the test server"
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append(msg)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


class _Authenticator:
    def __init__(self, username: str, password: str) -> None:
        self.expected = (username.encode(), password.encode())
        self.logins: list[str] = []
        self.attempts: list[Any] = []  # every AUTH the server received, right or wrong

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str,
                 auth_data: Any) -> AuthResult:
        self.attempts.append(auth_data)
        ok = isinstance(auth_data, LoginPassword) and \
            (auth_data.login, auth_data.password) == self.expected
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False)


class SMTPReceiver:
    """aiosmtpd on 127.0.0.1; refuses (550) the first `refuse_first` transactions.

    `starttls`: a server SSLContext to offer STARTTLS with; `implicit_tls`: one to
    speak TLS from the first byte; `credentials`: (user, password) that must log in;
    `auth_require_tls=False` offers and accepts AUTH on a connection without TLS
    (a server that would take a password in clear; AUTH is then optional).
    """

    def __init__(self, *, refuse_first: int = 0, starttls: ssl.SSLContext | None = None,
                 implicit_tls: ssl.SSLContext | None = None,
                 credentials: tuple[str, str] | None = None,
                 auth_require_tls: bool = True) -> None:
        self.handler = _MailHandler(refuse_first)
        self.port = free_port()
        kwargs: dict[str, Any] = {}
        if starttls is not None:
            kwargs["tls_context"] = starttls
        if implicit_tls is not None:
            kwargs["ssl_context"] = implicit_tls
        self.authenticator = _Authenticator(*credentials) if credentials else None
        if self.authenticator is not None:
            # AUTH offered in clear is accepted, not required (aiosmtpd warns
            # about requiring it without TLS)
            kwargs.update(authenticator=self.authenticator, auth_required=auth_require_tls,
                          auth_require_tls=auth_require_tls)
        self._controller = Controller(self.handler, hostname=HOST, port=self.port, **kwargs)

    @property
    def messages(self) -> list[EmailMessage]:
        return self.handler.messages

    def __enter__(self) -> SMTPReceiver:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()


# -- TLS ---------------------------------------------------------------------------
def self_signed(directory: Path) -> tuple[ssl.SSLContext, ssl.SSLContext] | None:
    """(server context, client context trusting it) for 127.0.0.1; None without openssl."""
    if shutil.which("openssl") is None:
        return None
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", f"subjectAltName=IP:{HOST},DNS:localhost"],
        check=True, capture_output=True)
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client
