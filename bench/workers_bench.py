"""Distributed crawling: two workers against one on the same site (issue 16).

    python bench/workers_bench.py [--articles 1000] [--rounds 2]

A generated site of N articles (jannah template) is served by a separate
process. Per round, in alternating order, the same crawl runs with one and with
two `rasad worker` processes sharing the frontier on the real Redis
(127.0.0.1:6379, a fresh key prefix per run) and storing into the real
PostgreSQL (127.0.0.1:5432, database `test`, a fresh schema per run): the
workers are started and their start-up waited for, then `rasad crawl` seeds the
source, and the run ends when every Arabic article is stored and the frontier
is empty (nothing queued, nothing leased).

CPU time, from /proc (utime + stime, seed to end; start-up is not counted, the
workers being long-lived: the seed waits until the workers are idle): every
Rasad process (the workers and their extraction and writer processes), the
Redis server, and the PostgreSQL
backends of the run's connections (found by their `application_name`; the
server's shared background processes and other users' backends are left out,
this machine being shared). Reports CPU ms per stored article by part, the
two-worker / one-worker ratio (target <= 1.10: workers scale without extra
work per article) and the wall-clock speed-up (not gated: on 2 cores the site,
Redis and PostgreSQL share the machine with the workers).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"
APP = "rasad-workers-bench"
TICK = os.sysconf("SC_CLK_TCK")
TARGET = 1.10


def cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def tree(root: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            kids.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(
                int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(kids.get(pid, []))
    return found


def serve(articles: int) -> None:
    """The site, in this (separate) process: print its sitemap URL, serve until killed."""
    from crawler.app.demo import SiteServer, build_site, generate_articles

    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, generate_articles(articles),
                                       "jannah", name="bench"))
        import gc

        gc.freeze()
        print(json.dumps({"sitemap": site.sitemap_url,
                          "arabic": sum(a.language == "ar" for a in site.articles.values())}),
              flush=True)
        while True:
            time.sleep(3600)


def env() -> dict[str, str]:
    out = {**os.environ, "PYTHONPATH": str(ROOT)}
    out.pop("RASAD_DATABASE_URL", None)
    return out


def rasad(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "crawler", *args], cwd=ROOT, env=env(), check=True,
                   capture_output=True, timeout=300)


class Run:
    def __init__(self, workers: int, sitemap: str, workdir: Path) -> None:
        self.workers = workers
        self.schema = f"rasad_bench_{uuid.uuid4().hex[:8]}"
        self.prefix = f"rasad-bench-{uuid.uuid4().hex[:8]}"
        self.url = f"{PG}?options=-csearch_path%3D{self.schema}&application_name={APP}"
        self.admin = create_engine(PG)
        with self.admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        self.config = workdir / f"{self.prefix}.toml"
        self.config.write_text(
            f'[storage]\nurl = "{self.url}"\n[crawl]\ndistributed = "{REDIS}"\n'
            f'distributed_prefix = "{self.prefix}"\ndownload_delay = 0\nautothrottle = false\n'
            "concurrency_per_domain = 16\nmax_pages = 0\n"
            f'[[sources]]\nname = "bench"\nstart_urls = ["{sitemap}"]\n', encoding="utf-8")
        self.redis = redis.Redis.from_url(REDIS)

    def go(self, expected: int) -> dict[str, float]:
        rasad("db", "upgrade", "--config", str(self.config))
        logs = [open(self.config.with_suffix(f".w{i}.log"), "wb") for i in range(self.workers)]
        procs = [subprocess.Popen([sys.executable, "-m", "crawler", "worker", "--config",
                                   str(self.config)], cwd=ROOT, env=env(), stdout=log,
                                  stderr=subprocess.STDOUT) for log in logs]
        try:
            self._wait(lambda: len(list(self.redis.scan_iter(f"{self.prefix}:alive:*")))
                       >= self.workers, 120, procs)
            self._settle(procs)
            redis_pid = int(self.redis.info("server")["process_id"])
            before = self._cpu(procs, redis_pid, {})
            began = time.monotonic()
            rasad("crawl", "--config", str(self.config))
            self._wait(lambda: self._stored() >= expected and self._frontier_empty(), 900, procs)
            wall = time.monotonic() - began
            after = self._cpu(procs, redis_pid, before["pg_pids"])
            stored = self._stored()
        finally:
            for p in procs:
                p.send_signal(signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(60)
                except subprocess.TimeoutExpired:
                    p.kill()
            for log in logs:
                log.close()
            self._drop()
        out = {"workers": self.workers, "stored": stored, "wall_s": round(wall, 2)}
        for part in ("rasad", "redis", "postgres"):
            out[f"{part}_cpu_s"] = round(after[part] - before[part], 2)
        out["cpu_s"] = round(sum(out[f"{p}_cpu_s"] for p in ("rasad", "redis", "postgres")), 2)
        out["cpu_ms_per_article"] = round(1000 * out["cpu_s"] / max(1, stored), 2)
        return out

    def _cpu(self, procs: list[subprocess.Popen[bytes]], redis_pid: int,
             pg_before: dict[int, float]) -> dict[str, Any]:
        rasad_pids = [pid for p in procs for pid in tree(p.pid)]
        with self.admin.connect() as conn:
            pg_pids = [int(r[0]) for r in conn.execute(text(
                "SELECT pid FROM pg_stat_activity WHERE application_name = :a"), {"a": APP})]
        pg_now = {pid: cpu_seconds(pid) for pid in pg_pids}
        # a backend that started after the first look counts from 0
        return {"rasad": sum(cpu_seconds(pid) for pid in rasad_pids),
                "redis": cpu_seconds(redis_pid),
                "postgres": sum(pg_now.values()) + sum(
                    v for pid, v in pg_before.items() if pid not in pg_now),
                "pg_pids": pg_now}

    def _settle(self, procs: list[subprocess.Popen[bytes]], limit: float = 60) -> None:
        """Wait until the workers' start-up (imports, the extraction processes'
        warm-up) is over: their trees use under 5 % of a core for a second."""
        deadline = time.monotonic() + limit
        last = sum(cpu_seconds(pid) for p in procs for pid in tree(p.pid))
        while time.monotonic() < deadline:
            time.sleep(1.0)
            now = sum(cpu_seconds(pid) for p in procs for pid in tree(p.pid))
            if now - last < 0.05:
                return
            last = now

    def _stored(self) -> int:
        with self.admin.connect() as conn:
            return int(conn.execute(text(
                f'SELECT count(*) FROM "{self.schema}".articles')).scalar_one())

    def _frontier_empty(self) -> bool:
        held = sum(self.redis.hlen(k) for k in self.redis.scan_iter(f"{self.prefix}:inflight:*"))
        return held == 0 and self.redis.zcard(f"{self.prefix}:bench:requests") == 0

    def _wait(self, check: Any, timeout: float, procs: list[subprocess.Popen[bytes]]) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if any(p.poll() is not None for p in procs):
                raise SystemExit(f"a worker exited; see {self.config.parent}")
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out; see {self.config.parent}")
            time.sleep(0.1)

    def _drop(self) -> None:
        with self.admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.admin.dispose()
        for key in self.redis.scan_iter(f"{self.prefix}:*"):
            self.redis.delete(key)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="keep the configs and worker logs in this folder")
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    site = subprocess.Popen([sys.executable, __file__, "--serve", str(args.articles)],
                            cwd=ROOT, env=env(), stdout=subprocess.PIPE, text=True)
    try:
        assert site.stdout is not None
        info = json.loads(site.stdout.readline())
        rows: list[tuple[dict[str, float], dict[str, float]]] = []
        with tempfile.TemporaryDirectory() as scratch:
            tmp = args.keep or Path(scratch)
            tmp.mkdir(parents=True, exist_ok=True)
            for r in range(args.rounds):
                order = (1, 2) if r % 2 == 0 else (2, 1)
                got = {n: Run(n, info["sitemap"], Path(tmp)).go(info["arabic"]) for n in order}
                rows.append((got[1], got[2]))
                for n in order:
                    print(f"round {r + 1}: {json.dumps(got[n])}", flush=True)
    finally:
        site.kill()
        site.wait()
    ratio = statistics.median(two["cpu_ms_per_article"] / one["cpu_ms_per_article"]
                              for one, two in rows)
    speedup = statistics.median(one["wall_s"] / two["wall_s"] for one, two in rows)
    complete = all(x["stored"] == info["arabic"] for pair in rows for x in pair)
    print(json.dumps({"articles": args.articles, "arabic": info["arabic"],
                      "cpu_ratio_two_to_one": round(ratio, 3),
                      "wall_speedup_two_over_one": round(speedup, 3)}))
    ok = ratio <= TARGET and complete
    print(f"target: CPU per stored article with two workers <= {TARGET:.2f} x one "
          f"worker's, every Arabic article stored: {'MET' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
