"""A long-lived crawl worker of `rasad schedule` in continuous mode.

`python -m crawler.app.crawlworker --config FILE --events-fd N` (started by
crawler/app/continuous.py, never by hand). Twisted's reactor cannot be
restarted, so the worker keeps one reactor running and starts one Scrapy crawl
(`CrawlerRunner`) per task the daemon sends; a quiet poll then costs its
requests and a few milliseconds, not a process start. The runtime
(storage/runtime.py: archive, extraction workers, writer process) is acquired
once and shared by every crawl; robots.txt is kept across crawls
(WORKER_ROBOTSTXT_CACHE_SECONDS), and a fresh article is asked for again at
most every WORKER_FRESH_MIN_SECONDS (spiders/incremental.py).

Protocol, one JSON object per line:
- stdin, from the daemon: `{"task": 7, "source": "NAME"}`; end of input: finish
  the running crawls, then exit 0 (how the daemon retires a worker).
- the events pipe, to the daemon: `ready`, a `beat` every HEARTBEAT seconds
  from the reactor thread (with the worker's RSS; no beat means the reactor is
  stuck), and `done` per task with its status and counts.

After each crawl, exactly what `rasad crawl` does after its crawl: the source's
`crawl_runs` row from its stats, its health (and health alerts), delivery of
the outboxes; the SQLite archive is checkpointed when no crawl runs.

SIGTERM/SIGINT (crawler/app/stopping.py's policy): stop fetching, finish the
pages in flight, record the runs `interrupted`, deliver, exit 128 + the
signal's number. A second signal exits at once (the daemon records the runs).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from types import FrameType
from typing import IO, Any, cast

log = logging.getLogger("rasad.worker")
HEARTBEAT = 1.0  # seconds between beats


def _reactor() -> Any:
    """The installed reactor (typed as its module, not the reactor it is)."""
    from twisted.internet import reactor

    return cast(Any, reactor)


def rss_mb() -> float:
    """This process's resident memory, MB (Linux /proc; elsewhere its peak)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Outcome:
    status: str
    new: int = 0
    pages: int = 0
    alerts: int = 0
    errors: int = 0
    summary: str = ""


class CrawlWorker:
    def __init__(self, config: Any, events: IO[str], log_level: str) -> None:
        from scrapy.crawler import CrawlerRunner

        from crawler.app.runner import crawl_settings
        from crawler.core import settings as defaults
        from pipelines.extraction.worker import warm_up
        from storage.runtime import Runtime

        self.config = config
        self.events = events
        self._write = threading.Lock()
        self._after_lock = threading.Lock()  # runs are recorded and delivered one at a time
        self.runtime = Runtime.acquire(config.database_url, extract_init=warm_up)
        self.runner = CrawlerRunner(crawl_settings(config, log_level, {
            "ROBOTSTXT_CACHE_SECONDS": defaults.WORKER_ROBOTSTXT_CACHE_SECONDS,
            "INCREMENTAL_FRESH_MIN_SECONDS": defaults.WORKER_FRESH_MIN_SECONDS}))
        self.running: dict[int, Any] = {}  # task id -> Crawler
        self.closing = False  # end of input: no more tasks
        self.signal: int | None = None
        self.forced = False

    # -- the events pipe ------------------------------------------------------
    def send(self, event: str, **fields: Any) -> None:
        line = json.dumps({"event": event, **fields}) + "\n"
        with self._write:
            try:
                self.events.write(line)
                self.events.flush()
            except (BrokenPipeError, OSError):  # the daemon is gone: stop with it
                os._exit(1)

    def beat(self) -> None:
        self.send("beat", rss_mb=round(rss_mb(), 1), running=len(self.running))

    # -- tasks ------------------------------------------------------------------
    def read_tasks(self) -> None:
        """The stdin thread: each line a task, handed to the reactor."""
        reactor = _reactor()
        for line in sys.stdin:
            if line.strip():
                reactor.callFromThread(self.start_task, json.loads(line))
        reactor.callFromThread(self.end_of_input)

    def start_task(self, task: dict[str, Any]) -> None:
        from spiders.news import NewsSpider

        tid, name = int(task["task"]), str(task["source"])
        if self.signal is not None:
            self.send("done", task=tid, source=name, status="skipped", new=0, pages=0,
                      alerts=0, errors=0, summary="the worker is stopping")
            return
        crawler = self.runner.create_crawler(NewsSpider)
        self.running[tid] = crawler
        started = datetime.now(UTC)
        d = self.runner.crawl(crawler, source=name)
        d.addBoth(self._crawled, tid, name, crawler, started)

    def _crawled(self, result: Any, tid: int, name: str, crawler: Any,
                 started: datetime) -> None:
        from twisted.internet.threads import deferToThread
        from twisted.python.failure import Failure

        from crawler.app.runner import SourceReport

        failed = isinstance(result, Failure)
        if failed:
            log.error("crawl of source %s failed to run: %s", name, result.getErrorMessage())
        stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
        report = SourceReport(name, stats, "interrupted" if self.signal else "ok")
        d = deferToThread(self._after, report, started, failed)
        d.addErrback(self._after_failed, name)
        d.addCallback(self._reported, tid, name)

    def _after(self, report: Any, started: datetime, failed: bool) -> Outcome:
        """Off the reactor: record the run, assess health, deliver (as `rasad crawl`)."""
        from crawler.app.runner import check_health, deliver, record_runs
        from storage.runs import RunCounts, record_run

        archive = self.runtime.archive
        with self._after_lock:
            counts = RunCounts.from_stats(report.stats)
            if failed:
                counts.error_kinds["crashed"] += 1
                record_run(archive.engine, report.name, started, datetime.now(UTC),
                           "crashed", counts)
                status = "crashed"
            else:
                record_runs(archive, [report], started)
                status = "interrupted" if report.stats.get("finish_reason") == "shutdown" \
                    else report.status
            verdict = None
            if not self.forced:
                alerts = bool(self.runner.settings.getbool("ALERTS_ENABLED"))
                health = check_health(self.config, archive, [report.name], alerts=alerts)
                if alerts:
                    deliver(self.config, archive)
                verdict = next((h for h in health if h.broken or h.stale), None)
            summary = (f"{counts.pages} pages, {counts.new} new, {counts.updated} updated, "
                       f"{counts.known} known, {counts.alerts} alerts, {counts.errors} errors"
                       + (f" {dict(counts.error_kinds)}" if counts.errors else "")
                       + (f"; {verdict.state}: {verdict.reason}" if verdict else ""))
            return Outcome(status, counts.new, counts.pages, counts.alerts, counts.errors,
                           summary)

    def _after_failed(self, failure: Any, name: str) -> Outcome:
        log.error("source %s: recording its run failed: %s", name, failure.getErrorMessage())
        return Outcome("crashed", summary=f"recording failed: {failure.getErrorMessage()}")

    def _reported(self, outcome: Outcome, tid: int, name: str) -> None:
        self.running.pop(tid, None)
        self.send("done", task=tid, source=name, status=outcome.status, new=outcome.new,
                  pages=outcome.pages, alerts=outcome.alerts, errors=outcome.errors,
                  summary=outcome.summary)
        if not self.running:
            self._idle()

    def _idle(self) -> None:
        reactor = _reactor()

        if self.closing or self.signal is not None:
            reactor.stop()
            return
        from crawler.app.runner import checkpoint_archive

        checkpoint_archive(self.runtime.archive)

    def end_of_input(self) -> None:
        reactor = _reactor()

        self.closing = True
        if not self.running:
            reactor.stop()

    # -- stopping ------------------------------------------------------------------
    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        reactor = _reactor()

        if self.signal is not None:  # a second signal: at once
            self.forced = True
            os._exit(128 + signum)
        self.signal = signum
        reactor.callFromThread(self._stop_crawls)

    def _stop_crawls(self) -> None:
        reactor = _reactor()

        from crawler.app.stopping import drop_waiting

        if not self.running:
            reactor.stop()
            return
        crawlers = list(self.runner.crawlers)
        for crawler in crawlers:
            if crawler.engine is not None:
                crawler.stop()
        drop_waiting(crawlers)

    def run(self) -> int:
        from twisted.internet import task

        reactor = _reactor()

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.on_signal)
        beats = task.LoopingCall(self.beat)
        reactor.callWhenRunning(beats.start, HEARTBEAT, now=True)
        reactor.callWhenRunning(lambda: self.send("ready", pid=os.getpid()))
        threading.Thread(target=self.read_tasks, name="rasad-tasks", daemon=True).start()
        gc.freeze()  # what start-up loaded stays: later collections need not scan it
        reactor.run(installSignalHandlers=False)
        self.runtime.release()
        return 128 + self.signal if self.signal is not None else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.app.crawlworker")
    parser.add_argument("--config", required=True)
    parser.add_argument("--events-fd", type=int, required=True)
    parser.add_argument("--log-level", default="WARNING")
    args = parser.parse_args(argv)

    from crawler.app.logs import stderr_handler

    logging.basicConfig(level=args.log_level, handlers=[stderr_handler(args.log_level)])
    from scrapy.utils.reactor import install_reactor

    from crawler.core import settings as defaults
    from crawler.core.config import ConfigError, load_config

    install_reactor(getattr(defaults, "TWISTED_REACTOR", None)
                    or "twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"rasad worker: {exc}", file=sys.stderr)
        return 2
    events = os.fdopen(args.events_fd, "w", encoding="utf-8")
    return CrawlWorker(config, events, args.log_level).run()


if __name__ == "__main__":
    sys.exit(main())
