"""`rasad schedule`: the APScheduler daemon. One job per source; the sources due
together run in one child (crawler/app/runqueue.py).

Jobs live in a persistent SQLAlchemy job store in the archive database (table
`apscheduler_jobs`), so a restarted daemon keeps each source's next run time and
runs what it missed (once, coalesced, within `misfire_grace`). A job only queues
its source; a source is never crawled twice at once: a run due while the
previous one is still queued or running is skipped and logged.

Distributed mode (`[crawl] distributed`): a due source is seeded into the
shared frontier (crawler/app/seeding.py) for the `rasad worker` processes, not
crawled in a child.

`[schedule] mode = "continuous"` (crawler/app/continuous.py): long-lived crawl
workers take the due sources instead of a child per run. Sources with a cron
`schedule` of their own still run on it (their jobs hand them to the workers);
every other source is polled on its adaptive interval (crawler/app/pacing.py).
The daemon then holds the archive's crawl lock for as long as it runs: it is
the archive's one crawl.

SIGTERM/SIGINT: no new runs start; a running crawl gets `stop_grace` seconds to
end on its own, then SIGTERM (it finishes its in-flight pages and delivers its
alerts), then SIGKILL after `KILL_GRACE`; the daemon exits 0. A second signal
forwards SIGTERM at once.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from types import FrameType

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from crawler.app.childrun import KILL_GRACE, ChildRunner
from crawler.app.continuous import CrawlWorkers, Dispatcher
from crawler.app.pacing import Pacer
from crawler.app.runqueue import RunQueue
from crawler.app.seeding import SeedQueue
from crawler.core.config import ConfigError, RasadConfig
from crawler.core.cron import cron_trigger
from storage.archive import Archive
from storage.engine import make_engine

log = logging.getLogger("rasad.schedule")
JOBS_TABLE = "apscheduler_jobs"

# APScheduler stores a job's function as an import path ("module:function"), so the
# job cannot be a bound method: it finds its daemon's queue here, by config path.
_QUEUES: dict[str, Dispatcher] = {}


class _Scheduler(BackgroundScheduler):  # type: ignore[misc]  # untyped library
    """Never submits a job once shut down (APScheduler 3 processes jobs one last time
    on shutdown; the due run stays due in the store and runs after a restart)."""

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()  # type: ignore[no-any-return]


def scheduled_crawl(config_path: str, source: str) -> None:
    """The job APScheduler runs (in its thread pool) for one source: it queues it."""
    queue = _QUEUES.get(config_path)
    if queue is None:
        log.warning("run %s: no daemon for %s in this process; skipped", source, config_path)
        return
    queue.submit(source)


class Daemon:
    def __init__(self, config: RasadConfig, config_path: str) -> None:
        self.config = config
        distributed = bool(config.crawl.distributed)
        # distributed: the `rasad worker`s crawl; the daemon seeds on the schedules
        self.continuous = config.schedule.mode == "continuous" and not distributed
        if distributed and config.schedule.mode == "continuous":
            log.warning("[schedule] mode = \"continuous\" is not used with [crawl] "
                        "distributed: the daemon seeds the sources on their schedules")
        self.pacer: Pacer | None = None
        self.runner: ChildRunner | CrawlWorkers
        self.queue: RunQueue | SeedQueue | CrawlWorkers
        if self.continuous:
            self.runner = self.queue = CrawlWorkers(config, config_path, self._polled)
        else:
            self.runner = ChildRunner(config, config_path)
            self.queue = SeedQueue(config) if distributed else RunQueue(self.runner)
        self.stop_event = threading.Event()
        self.signals = 0
        Archive.open(config.database_url).close()  # fail fast, one line
        self.scheduler = _Scheduler(timezone=config.schedule.timezone)
        self.scheduler.add_jobstore(SQLAlchemyJobStore(
            engine=make_engine(config.database_url), tablename=JOBS_TABLE), "default")

    def schedules(self) -> dict[str, str]:
        """Source name -> cron expression, for every source that has one (in
        continuous mode: its own; the others are paced)."""
        if self.continuous:
            if not self.config.sources:
                raise ConfigError(f"{self.config.path}: sources: none configured")
            return {s.name: s.schedule for s in self.config.sources if s.schedule}
        out = {s.name: s.schedule or self.config.crawl.schedule for s in self.config.sources}
        plan = {name: expr for name, expr in out.items() if expr}
        if not plan:
            raise ConfigError(f"{self.config.path}: crawl.schedule: no source has a schedule "
                              "(set [crawl] schedule or a source's schedule)")
        for name in sorted(set(out) - set(plan)):
            log.warning("source %s: no schedule, not run by the daemon", name)
        return plan

    def sync_jobs(self) -> None:
        """Make the stored jobs match the config; keep next run times of unchanged ones."""
        plan = self.schedules()
        tz = self.config.schedule.timezone
        for job in self.scheduler.get_jobs():
            if job.id not in plan:
                log.info("source %s: no longer configured, job removed", job.id)
                job.remove()
        opts = {"max_instances": 1, "coalesce": True,
                "misfire_grace_time": int(self.config.schedule.misfire_grace)}
        args = [self.runner.config_path]
        for name, expr in plan.items():
            trigger = cron_trigger(expr, tz)
            job = self.scheduler.get_job(name)
            if job is not None and str(job.trigger) == str(trigger) \
                    and str(job.trigger.timezone) == tz:
                job.modify(args=[*args, name], func=scheduled_crawl, name=name, **opts)
            else:
                self.scheduler.add_job(scheduled_crawl, trigger, args=[*args, name],
                                       id=name, name=name, replace_existing=True, **opts)
            log.info("source %s: scheduled '%s' (%s)", name, expr, tz)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        # Only flags here: the main thread may hold the runner's lock when a signal lands.
        self.signals += 1
        self.stop_event.set()

    def _polled(self, source: str, status: str, new: int) -> None:
        """A poll's outcome (continuous mode): adapt the source's interval."""
        if self.pacer is not None:
            interval = self.pacer.finished(source, new, time.monotonic())
            if interval is not None:
                log.info("source %s: next poll in %.1fs", source, interval)

    def _pace(self) -> None:
        """Hand the paced sources that are due to the workers."""
        assert self.pacer is not None
        for source in self.pacer.due(time.monotonic()):
            if not self.queue.submit(source):
                self.pacer.not_taken(source)

    def run(self) -> None:
        if not self.continuous:
            self._run()
            return
        from storage.lock import ArchiveLock, ArchiveLocked

        lock = ArchiveLock(self.config.database_url)
        try:
            lock.acquire()
        except ArchiveLocked:
            log.info("continuous mode: waiting up to %.0fs for another crawl to release "
                     "the archive", self.config.schedule.lock_timeout)
            lock = ArchiveLock(self.config.database_url, wait=True,
                               timeout=self.config.schedule.lock_timeout)
            lock.acquire()
        try:
            self._run()
        finally:
            lock.release()

    def _run(self) -> None:
        _QUEUES[self.runner.config_path] = self.queue
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._on_signal)
        self.queue.start()
        self.scheduler.start(paused=True)
        try:
            self.sync_jobs()
            if self.continuous:
                cron = set(self.schedules())
                paced = [s.name for s in self.config.sources if s.name not in cron]
                self.pacer = Pacer.for_config(self.config, paced, time.monotonic())
                if self.config.crawl.schedule:
                    log.info("continuous mode: [crawl] schedule is not used; sources without "
                             "a schedule of their own are polled on adaptive intervals")
            self.scheduler.resume()
            log.info("daemon running (%s mode) with %d jobs%s; stop with SIGTERM or Ctrl-C",
                     self.config.schedule.mode, len(self.scheduler.get_jobs()),
                     f" and {len(self.pacer.sources())} paced sources" if self.pacer else "")
            tick = 0.2 if self.pacer else 1.0
            while not self.stop_event.wait(tick):
                if self.pacer is not None:
                    self._pace()
            log.info("stopping: no new runs; waiting for %s", self.runner.active() or "none")
            self.scheduler.pause()
            self.runner.stop_taking()
            self.queue.close(timeout=0)
            self.drain()
        finally:
            self.scheduler.shutdown(wait=True)
            self.queue.close(timeout=KILL_GRACE)
            _QUEUES.pop(self.runner.config_path, None)
        log.info("daemon stopped")

    def drain(self) -> None:
        grace = self.config.schedule.stop_grace
        deadline = time.monotonic() + grace
        while self.runner.active() and time.monotonic() < deadline and self.signals < 2:
            time.sleep(0.2)
        if self.runner.active():
            self.runner.terminate_all()
            deadline = time.monotonic() + KILL_GRACE * 2
            while self.runner.active() and time.monotonic() < deadline:
                time.sleep(0.2)
        if self.runner.active():
            self.runner.kill_all()
