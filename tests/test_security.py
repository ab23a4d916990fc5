"""Security: a password only ever goes over TLS, and never into output or logs
(real `rasad`, a real aiosmtpd server that offers no STARTTLS, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.app.demo import SiteServer, build_site, load_articles
from crawler.core.text.redact import redact_text, redact_url
from tests.cli import run_rasad
from tests.configs import rows, write_config
from tests.servers import HOST, SMTPReceiver, free_port

PASSWORD = "pa55-w0rd-never-shown"
ENV = {"SMTP_USER": "desk", "SMTP_PASSWORD": PASSWORD}


@pytest.fixture(scope="module")
def feed() -> Iterator[str]:
    reports = [a for a in load_articles() if a.language == "ar" and a.topics][:3]
    with SiteServer() as server:
        yield server.mount(build_site(server.base_url, reports, "tv", name="s")).feed_url


def write(tmp: Path, feed: str, channel: str, storage: str | None = None) -> Path:
    return write_config(tmp, feed, alerts="max_age_hours = 0\nretry_base = 0",
                        channels=f"[[channels]]\n{channel}", storage=storage)


def mail(port: int, extra: str = "") -> str:
    return (f'type = "email"\nhost = "{HOST}"\nport = {port}\nfrom = "rasad@example.org"\n'
            f'to = ["desk@example.org"]\nusername_env = "SMTP_USER"\n'
            f'password_env = "SMTP_PASSWORD"\ntimeout = 5\n{extra}')


def test_no_password_in_clear_to_a_server_without_starttls(feed: str, tmp_path: Path) -> None:
    reason = (f"{HOST}:{{port}}: server does not offer STARTTLS; not sending the password "
              "in clear (use ssl = true, or allow_plaintext_auth = true)")
    # a server that would take the password in clear: AUTH offered without TLS
    with SMTPReceiver(credentials=("desk", PASSWORD), auth_require_tls=False) as smtp:
        config = write(tmp_path, feed, mail(smtp.port))
        proc = run_rasad("-vv", "crawl", "--config", str(config), env=ENV)
        assert smtp.authenticator is not None and smtp.authenticator.attempts == []
        assert smtp.messages == []
        alerts = rows(tmp_path, "SELECT count(*) FROM alerts")[0][0]
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert alerts >= 2 and f"alerts delivered: 0 sent, {alerts} failed" in proc.stdout
        assert PASSWORD not in proc.stdout + proc.stderr
        assert rows(tmp_path, "SELECT DISTINCT status, attempts, last_error FROM deliveries") \
            == [("pending", 1, reason.format(port=smtp.port))]
        # the documented opt-out: the same server, now allowed
        allowed = write(tmp_path, feed, mail(smtp.port, "allow_plaintext_auth = true\n"))
        out = run_rasad("alerts", "deliver", "--config", str(allowed), "--force", env=ENV)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == f"sent {alerts}, failed 0 (will retry), dead 0"
        assert smtp.authenticator.logins == ["desk"] * alerts
        assert len(smtp.messages) == alerts
    assert rows(tmp_path, "SELECT DISTINCT status FROM deliveries") == [("sent",)]


def test_starttls_off_with_credentials_is_a_config_error(feed: str, tmp_path: Path) -> None:
    config = write(tmp_path, feed, mail(free_port(), "starttls = false\n"))
    proc = run_rasad("crawl", "--config", str(config), env=ENV)
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"rasad: error: {config}: channels[0]: starttls = false with credentials would send "
        "the password in clear; use starttls or ssl = true, or set allow_plaintext_auth = true")
    assert not (tmp_path / "archive.db").exists()


def test_passwords_and_url_secrets_are_never_printed_or_logged(
        feed: str, tmp_path: Path, postgres_url: str) -> None:
    # trust auth: PostgreSQL takes the password and ignores it
    db_url = postgres_url.replace("postgres@", "postgres:hunter2pg@")
    token = "Zx81Qm2Lk7Vb5Nw3Rt9Yp4Hs"
    hook = f"http://alice:hunter2hook@{HOST}:{free_port()}/services/T01/B02/{token}?sig=5ecret5ig"
    feed_token = "feedT0kenAbCdEfGh12345"  # a private feed: its token is a secret too
    config = write(tmp_path, f"{feed}?access_token={feed_token}",
                   f'type = "webhook"\nurl = "{hook}"\ntimeout = 2\n', storage=db_url)
    outputs = []
    for args in (("-vv", "crawl", "--config", str(config)),
                 ("-vv", "alerts", "list", "--config", str(config)),
                 ("-vv", "alerts", "deliver", "--config", str(config), "--force"),
                 ("-vv", "status", "--config", str(config))):
        proc = run_rasad(*args)
        assert proc.returncode == 0, proc.stderr[-2000:]
        outputs.append(proc.stdout + proc.stderr)
    everything = "\n".join(outputs)
    for secret in ("hunter2pg", "hunter2hook", token, "5ecret5ig", feed_token):
        assert secret not in everything, secret
    assert "?access_token=***" in outputs[0]  # Scrapy's own -vv lines, redacted too
    assert "archive: postgresql+psycopg://postgres:***@127.0.0.1:5432/test" in outputs[0]
    shown = f"http://alice:***@{HOST}:"
    assert f"cannot reach {shown}" in outputs[0] and "/services/T01/B02/***?sig=***" in outputs[0]
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:  # nor is anything secret stored with the delivery
        stored = conn.execute(text("SELECT channel, last_error FROM deliveries")).all()
    engine.dispose()
    assert stored and all(c == "webhook" and token not in e and "hunter2" not in e
                          for c, e in stored)


def test_redaction_keeps_what_says_where_it_points() -> None:
    assert redact_url("postgresql+psycopg://rasad:pw@db.example.org:5432/rasad") == \
        "postgresql+psycopg://rasad:***@db.example.org:5432/rasad"
    assert redact_url("sqlite:////srv/rasad/archive.db") == "sqlite:////srv/rasad/archive.db"
    assert redact_url("https://hooks.slack.com/services/T0ABCD123/B0ABCD123/"
                      "xYz9AbCdEfGhIjKlMnOpQrSt") == \
        "https://hooks.slack.com/services/T0ABCD123/B0ABCD123/***"
    assert redact_url("https://x.example/hook?api_key=abc&page=2") == \
        "https://x.example/hook?api_key=***&page=2"
    slug = "https://www.enabbaladi.net/archives/2024/05/syria-news-today-2024-in-depth/"
    assert redact_url(slug) == slug
    assert redact_text("cannot reach https://u:p@h.example/x?token=t: refused.") == \
        "cannot reach https://u:***@h.example/x?token=***: refused."
