"""Freshness: publication-to-webhook delay, requests per outlet and idle CPU of
`rasad schedule`, child-per-run mode against continuous mode, in one run.

    python bench/freshness_bench.py [--outlets 50] [--speed 6] [--settle 150] [--quiet 150]
                                    [--publish 240] [--tail 100] [--modes runs,continuous]

A simulated web: `--outlets` news sites, each its own host on the loopback
(127.0.0.2, 127.0.0.3, ...; one HTTP server each, one port for all), serving
robots.txt, an RSS feed of its 10 newest reports (with ETag and Last-Modified:
a conditional GET is answered 304) and the report pages. Each outlet publishes
at random times, a Poisson process at its own rate: rates spread from 0.5 to
6 reports an hour (mean about 2.6), the way a wire-heavy outlet and a weekly
column differ. `--speed` compresses the clock of publication only: at speed 6 an
outlet of 3 reports an hour publishes 18 in a real hour (more reports to time
in a short run; the delays, intervals and politeness limits stay in real
seconds). Every report carries a phrase a bench rule matches, so every report
is alerted to a local webhook receiver, which notes when each arrived.

Per mode, with a fresh archive: warm-up (every outlet crawled once, the backlog
stored), then `--quiet` seconds in which nothing is published (idle CPU,
requests), then `--publish` seconds of publishing, then `--tail` seconds for the
last reports to arrive. Reported per mode:
- p50 / p95 / max delay from a report's appearance in its outlet's feed to the
  first webhook POST naming it; reports never alerted are counted and taken as
  infinitely late in the percentiles;
- requests per outlet per hour (all requests, robots.txt included), in the
  quiet and in the publishing window, and an estimate at real publication
  rates (the quiet rate plus the publishing window's extra requests / speed:
  the gated figure);
- CPU of all Rasad processes (the daemon and every process below it, from
  /proc: utime + stime, with the children's it has reaped), as % of one core,
  in the quiet window ("idle CPU") and in the publishing window.

The two modes use the same outlets, rates and config except `[schedule] mode`:
"runs" polls every outlet on `--cron` (default every minute, the finest
crontab), "continuous" on adaptive intervals between `--min-interval` and
`--max-interval`. Targets (issue 16): p95 < 90 s, at most 60 requests per outlet
per hour on average, idle CPU < 10 % of one core. Exit 1 when continuous mode
misses one. The machine's load average is printed: on a shared machine CPU
figures include contention.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._measure import descendants  # noqa: E402
from crawler.app.demo.corpus import generate_articles, load_articles  # noqa: E402
from crawler.app.demo.feeds import FeedItem, rss  # noqa: E402

MARK = "نشرة رصد الاختبار"  # the phrase every report carries; the bench rule's term
FEED_SIZE = 10
TICKS = os.sysconf("SC_CLK_TCK")


# -- the simulated web ---------------------------------------------------------------
@dataclass
class Report:
    number: int
    title: str
    paragraphs: tuple[str, ...]
    published: datetime
    seen_at: float  # wall clock when it appeared in the feed


@dataclass
class Outlet:
    index: int
    host: str
    rate: float  # reports per simulated hour
    reports: list[Report] = field(default_factory=list)
    requests: int = 0
    times: list[float] = field(default_factory=list)  # wall clock of each request
    lock: threading.Lock = field(default_factory=threading.Lock)
    feed: bytes = b""
    etag: str = ""
    modified: str = ""

    def base(self, port: int) -> str:
        return f"http://{self.host}:{port}"

    def publish(self, report: Report, port: int) -> None:
        with self.lock:
            self.reports.append(report)
            newest = self.reports[-FEED_SIZE:][::-1]
            items = [FeedItem(f"{self.base(port)}/a/{r.number}", r.title, r.published,
                              r.paragraphs[0][:160]) for r in newest]
            self.feed = rss(f"outlet {self.index}", self.base(port) + "/",
                            self.base(port) + "/feed/", items).encode()
            self.etag = '"' + hashlib.sha256(self.feed).hexdigest()[:20] + '"'
            self.modified = format_datetime(newest[0].published, usegmt=True)

    def page(self, number: int) -> bytes | None:
        with self.lock:
            report = next((r for r in self.reports if r.number == number), None)
        if report is None:
            return None
        body = "".join(f"<p>{p}</p>" for p in report.paragraphs)
        return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
                f"<title>{report.title}</title>"
                f'<meta property="article:published_time" '
                f'content="{report.published.isoformat()}"></head><body>'
                f"<header><a href='/'>outlet {self.index}</a></header>"
                f"<article><h1>{report.title}</h1>"
                f"<time datetime='{report.published.isoformat()}'></time>{body}</article>"
                f"<footer>© outlet {self.index}</footer></body></html>").encode()


class _OutletHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Any

    def do_GET(self) -> None:  # noqa: N802
        outlet: Outlet = self.server.outlet
        with outlet.lock:
            outlet.requests += 1
            outlet.times.append(time.time())
        if self.path == "/robots.txt":
            self._send(200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
        elif self.path == "/feed/":
            with outlet.lock:
                feed, etag, modified = outlet.feed, outlet.etag, outlet.modified
            if self.headers.get("If-None-Match") == etag or (
                    not self.headers.get("If-None-Match")
                    and self.headers.get("If-Modified-Since") == modified):
                self._send(304, "application/rss+xml", b"", etag, modified)
            else:
                self._send(200, "application/rss+xml; charset=utf-8", feed, etag, modified)
        elif (m := re.fullmatch(r"/a/(\d+)", self.path)) and \
                (page := outlet.page(int(m[1]))) is not None:
            self._send(200, "text/html; charset=utf-8", page)
        else:
            self._send(404, "text/html", b"<html><body>not found</body></html>")

    def _send(self, status: int, ctype: str, body: bytes, etag: str = "",
              modified: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        if modified:
            self.send_header("Last-Modified", modified)
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    outlet: Outlet


class Web:
    """The outlets, their servers and the publisher thread."""

    def __init__(self, n: int, port: int, speed: float, seed: int) -> None:
        self.port = port
        self.speed = speed
        self.rng = random.Random(seed)
        # rates spread log-uniformly over 0.5..6 reports an hour
        self.outlets = [Outlet(i, f"127.0.0.{i + 2}",
                               math.exp(self.rng.uniform(math.log(0.5), math.log(6.0))))
                        for i in range(n)]
        # sentences of the seed texts: each report draws its own nine, so no two
        # reports are near-duplicates (which would join one story, alerted once)
        self.titles = [a.title for a in generate_articles(50, seed=seed)]
        self.sentences = sorted({s.strip() for a in load_articles() if a.language == "ar"
                                 for p in a.paragraphs for s in re.split(r"(?<=[.!؟])\s+", p)
                                 if len(s.strip()) > 40})
        self.numbers = 0
        self.publishing = threading.Event()
        self.stopping = threading.Event()
        self.published: dict[str, float] = {}  # report URL -> when it appeared
        self.lock = threading.Lock()
        self.servers: list[_Server] = []
        for outlet in self.outlets:
            for _ in range(3):  # the backlog: three older reports each
                self._publish(outlet, backlog=True)

    def _publish(self, outlet: Outlet, backlog: bool = False) -> None:
        with self.lock:
            self.numbers += 1
            number = self.numbers
        with self.lock:
            picked = self.rng.sample(self.sentences, 9)
            title = self.titles[number % len(self.titles)]
        now = datetime.now(UTC).replace(microsecond=0)
        lead = f"{MARK}: خبر رقم {number} من المنفذ {outlet.index} نشر في {now:%H:%M:%S}."
        paragraphs = tuple(" ".join(picked[i:i + 3]) for i in range(0, 9, 3))
        report = Report(number, f"{title} — {number}", (lead, *paragraphs), now, time.time())
        outlet.publish(report, self.port)
        if not backlog:
            with self.lock:
                self.published[f"{outlet.base(self.port)}/a/{number}"] = report.seen_at

    def start(self) -> None:
        for outlet in self.outlets:
            server = _Server((outlet.host, self.port), _OutletHandler)
            server.outlet = outlet
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.5},
                             daemon=True).start()
            self.servers.append(server)
        threading.Thread(target=self._publisher, daemon=True).start()

    def _publisher(self) -> None:
        """Poisson arrivals per outlet, merged: the next event of all outlets."""
        total = sum(o.rate for o in self.outlets) * self.speed / 3600  # events/s
        while not self.stopping.wait(self.rng.expovariate(total)):
            if not self.publishing.is_set():
                continue
            pick = self.rng.uniform(0, sum(o.rate for o in self.outlets))
            for outlet in self.outlets:
                pick -= outlet.rate
                if pick <= 0:
                    break
            self._publish(outlet)

    def requests(self) -> int:
        return sum(o.requests for o in self.outlets)

    def requests_between(self, start: float, end: float) -> int:
        """Requests the outlets received in [start, end) (wall clock)."""
        total = 0
        for outlet in self.outlets:
            with outlet.lock:
                total += sum(1 for t in outlet.times if start <= t < end)
        return total

    def stop(self) -> None:
        self.stopping.set()
        for server in self.servers:
            server.shutdown()
            server.server_close()


class Hook:
    """The webhook receiver: the first arrival of each report URL."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.posts = 0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                now = time.time()
                hook.posts += 1
                for url in re.findall(rb"http://127\.0\.0\.\d+:\d+/a/\d+", body):
                    hook.arrived.setdefault(url.decode(), now)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


# -- measuring ---------------------------------------------------------------------------
def tree_cpu(root: int) -> float:
    """CPU seconds of `root` and every live process below it, each with the
    children it has reaped (so processes that came and went are counted)."""
    total = 0
    for pid in descendants(root):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime
    return total / TICKS


def polls_between(db: Path, start: float, end: float) -> int:
    """Polls (crawl_runs rows) started in [start, end) (wall clock)."""
    a, b = (datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M:%S.%f") for t in (start, end))
    with sqlite3.connect(db, timeout=30) as conn:
        return int(conn.execute("SELECT count(*) FROM crawl_runs WHERE started_at >= ? AND "
                                "started_at < ?", (a, b)).fetchone()[0])


def runs(db: Path) -> list[tuple[str, int]]:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return list(conn.execute("SELECT source, new FROM crawl_runs"))
    except sqlite3.OperationalError:
        return []


def percentile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


@dataclass
class Result:
    mode: str
    delays: list[float]
    missed: int
    quiet_rph: float
    busy_rph: float
    quiet_pph: float  # polls (crawl_runs rows) per outlet per hour
    busy_pph: float
    idle_cpu: float
    busy_cpu: float
    load: str
    polls: int
    speed: float

    @property
    def real_rph(self) -> float:
        """Requests per outlet per hour at real publication rates (speed 1),
        estimated: the quiet polls plus the publishing window's extra requests
        (caused by the reports) divided by the speed factor."""
        return self.quiet_rph + max(0.0, self.busy_rph - self.quiet_rph) / self.speed

    def rows(self) -> list[str]:
        finite = [d for d in self.delays if d != math.inf]
        return [
            f"{self.mode}: {len(self.delays)} reports, {self.missed} never alerted; delay p50 "
            f"{percentile(self.delays, 0.5):.1f} s, p95 {percentile(self.delays, 0.95):.1f} s, "
            f"max {max(finite) if finite else math.nan:.1f} s",
            f"{self.mode}: requests per outlet per hour: {self.quiet_rph:.1f} quiet, "
            f"{self.busy_rph:.1f} publishing (x{self.speed:g} rates); about "
            f"{self.real_rph:.1f} at real rates; polls per outlet per hour "
            f"{self.quiet_pph:.1f} quiet, {self.busy_pph:.1f} publishing; "
            f"{self.polls} polls recorded",
            f"{self.mode}: CPU of all Rasad processes: {self.idle_cpu:.1f} % of one core "
            f"idle, {self.busy_cpu:.1f} % publishing (load average before: {self.load})",
        ]


def config_text(mode: str, db: Path, web: Web, hook: Hook, args: argparse.Namespace) -> str:
    sources = "\n".join(
        f'[[sources]]\nname = "outlet{o.index:02d}"\nstart_urls = ["{o.base(web.port)}/feed/"]\n'
        for o in web.outlets)
    return f"""
[storage]
url = "sqlite:///{db}"
[crawl]
schedule = "{args.cron}"
[alerts]
default_rules = false
[schedule]
mode = "{mode}"
min_interval = {args.min_interval}
max_interval = {args.max_interval}
[[rules]]
name = "bench"
any = ["{MARK}"]
[[channels]]
type = "webhook"
name = "bench"
url = "{hook.url}"
{sources}
"""


def run_mode(mode: str, web: Web, args: argparse.Namespace, tmp: Path) -> Result:
    hook = Hook()
    db = tmp / f"{mode}.db"
    config = tmp / f"{mode}.toml"
    config.write_text(config_text(mode, db, web, hook, args), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("RASAD_DATABASE_URL", None)
    log = open(tmp / f"{mode}.log", "w", encoding="utf-8")  # noqa: SIM115
    daemon = subprocess.Popen([sys.executable, "-m", "crawler", "schedule", "--config",
                               str(config)], stderr=log, env=env)
    n = len(web.outlets)
    try:
        deadline = time.monotonic() + 600
        while len({s for s, _ in runs(db)}) < n:  # warm-up: every outlet crawled once
            if time.monotonic() > deadline or daemon.poll() is not None:
                raise SystemExit(f"{mode}: warm-up did not finish (see {log.name})")
            time.sleep(1)
        time.sleep(args.settle)
        load = Path("/proc/loadavg").read_text().split()[:3]
        cpu0, w0, t0 = tree_cpu(daemon.pid), time.time(), time.monotonic()
        time.sleep(args.quiet)
        cpu1, w1, t1 = tree_cpu(daemon.pid), time.time(), time.monotonic()
        with web.lock:
            web.published.clear()
        web.publishing.set()
        time.sleep(args.publish)
        web.publishing.clear()
        cpu2, w2, t2 = tree_cpu(daemon.pid), time.time(), time.monotonic()
        with web.lock:
            published = dict(web.published)
        tail_end = time.monotonic() + args.tail
        while time.monotonic() < tail_end and not set(published) <= set(hook.arrived):
            time.sleep(1)
        polls = len(runs(db))
        quiet_polls, busy_polls = polls_between(db, w0, w1), polls_between(db, w1, w2)
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(300)
        log.close()
        hook.server.shutdown()
    delays = [hook.arrived[u] - t if u in hook.arrived else math.inf
              for u, t in published.items()]
    hours_q, hours_p = (t1 - t0) / 3600, (t2 - t1) / 3600
    req_q, req_p = web.requests_between(w0, w1), web.requests_between(w1, w2)
    return Result(mode, delays, sum(1 for d in delays if d == math.inf),
                  req_q / n / hours_q, req_p / n / hours_p,
                  quiet_polls / n / hours_q, busy_polls / n / hours_p,
                  100 * (cpu1 - cpu0) / (t1 - t0), 100 * (cpu2 - cpu1) / (t2 - t1),
                  " ".join(load), polls, args.speed)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--outlets", type=int, default=50)
    ap.add_argument("--speed", type=float, default=6.0)
    ap.add_argument("--quiet", type=float, default=150.0,
                    help="seconds; at least two max intervals, so that bursts average out")
    ap.add_argument("--publish", type=float, default=240.0)
    ap.add_argument("--tail", type=float, default=100.0)
    ap.add_argument("--settle", type=float, default=150.0,
                    help="seconds after the warm-up before measuring")
    ap.add_argument("--modes", default="runs,continuous")
    ap.add_argument("--cron", default="* * * * *")
    ap.add_argument("--min-interval", type=float, default=20.0)
    ap.add_argument("--max-interval", type=float, default=75.0)
    ap.add_argument("--port", type=int, default=18080)
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    web = Web(args.outlets, args.port, args.speed, args.seed)
    web.start()
    rates = [o.rate for o in web.outlets]
    print(f"{args.outlets} outlets on 127.0.0.2-127.0.0.{args.outlets + 1}:{args.port}; "
          f"rates {min(rates):.1f}-{max(rates):.1f} reports/h (mean "
          f"{sum(rates) / len(rates):.1f}) x speed {args.speed:g}; "
          f"{os.cpu_count()} CPUs", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="rasad-freshness-"))
    results = []
    try:
        for mode in args.modes.split(","):
            result = run_mode(mode, web, args, tmp)
            results.append(result)
            for line in result.rows():
                print(line, flush=True)
    finally:
        web.stop()
    print(f"logs and archives: {tmp}")
    cont = next((r for r in results if r.mode == "continuous"), None)
    if cont is None:
        return 0
    ok = percentile(cont.delays, 0.95) < 90 and cont.real_rph <= 60 and cont.idle_cpu < 10
    print(("PASS" if ok else "FAIL") + ": continuous mode against p95 < 90 s, <= 60 "
          "requests per outlet per hour, idle CPU < 10 % of one core")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
