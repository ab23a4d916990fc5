"""Daemon memory over many scheduled runs: RSS after 10 and after 100 runs.

    python bench/daemon_bench.py [--runs 100] [--baseline-at 10]

Starts the real `rasad schedule` daemon with a per-second cron against a tiny
local site (two articles) and reads the daemon's resident set size from
/proc/<pid>/status when the 10th and the 100th run have been recorded in
`crawl_runs` (median of five samples, 0.2 s apart, each time). The baseline is
the RSS after 10 runs, measured in the same process; the target is RSS after 100
runs within 10 % of it. Exits 1 when the target is missed. Takes about 5 minutes.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.app.demo import SiteServer, build_site, load_articles  # noqa: E402

TARGET = 1.10


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def runs(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return int(conn.execute("SELECT count(*) FROM crawl_runs").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def rss_at(pid: int, db: Path, n: int, deadline: float) -> int:
    while runs(db) < n:
        if time.monotonic() > deadline:
            raise SystemExit(f"FAIL: {n} runs not reached in time (have {runs(db)})")
        time.sleep(0.2)
    samples = []
    for _ in range(5):
        samples.append(rss_kib(pid))
        time.sleep(0.2)
    return int(statistics.median(samples))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--baseline-at", type=int, default=10)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="rasad-daemon-bench-"))
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles()[:2], "tv", name="b"))
        db = tmp / "a.db"
        config = tmp / "rasad.toml"
        config.write_text(f"""
[storage]
url = "sqlite:///{db}"
[crawl]
download_delay = 0
schedule = "* * * * * *"
[[sources]]
name = "b"
start_urls = ["{site.feed_url}"]
""", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        daemon = subprocess.Popen([sys.executable, "-m", "crawler", "schedule", "--config",
                                   str(config)], stderr=subprocess.DEVNULL, env=env)
        t0 = time.monotonic()
        deadline = t0 + args.runs * 20
        try:
            start = rss_at(daemon.pid, db, 1, deadline)
            base = rss_at(daemon.pid, db, args.baseline_at, deadline)
            end = rss_at(daemon.pid, db, args.runs, deadline)
        finally:
            daemon.send_signal(signal.SIGTERM)
            code = daemon.wait(300)
    took = time.monotonic() - t0
    ratio = end / base
    print(f"daemon RSS after 1 run:    {start / 1024:.1f} MiB")
    print(f"daemon RSS after {args.baseline_at} runs:  {base / 1024:.1f} MiB (baseline)")
    print(f"daemon RSS after {args.runs} runs: {end / 1024:.1f} MiB")
    print(f"ratio {args.runs}/{args.baseline_at}: {ratio:.3f} (target <= {TARGET:.2f}); "
          f"{runs(db)} runs in {took:.0f} s; daemon exit {code}")
    ok = ratio <= TARGET and code == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
