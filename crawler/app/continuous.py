"""Continuous mode of `rasad schedule`: long-lived crawl workers take the due sources.

`[schedule] mode = "continuous"`. The daemon keeps `[schedule] workers` worker
processes (crawler/app/crawlworker.py), each running up to `worker_crawls`
crawls at once in its one reactor, and hands them the sources that are due
(`CrawlWorkers.submit`, the `Dispatcher` interface: a distributed seeder can
take the same calls and put the sources on a shared frontier instead).

Isolation, as the child-per-run design gave it:
- a worker that sends no heartbeat for `worker_hang_seconds` (its reactor is
  stuck) is killed; its crawls are recorded `timeout` (error kind
  `worker_hang`) and polled again when next due;
- a crawl running longer than `run_timeout` has its worker killed the same
  way (`timeout`, `run_timeout`; the worker's other crawls `interrupted`,
  `worker_replaced`);
- a worker whose RSS passed `worker_max_memory_mb`, or that ran
  `worker_max_tasks` crawls, takes no new task, finishes its running crawls
  and exits; a new one takes its place (Celery's max-tasks/max-memory per child);
- a worker that dies has its crawls recorded `crashed`.
Replacements are logged, counted (`CrawlWorkers.stats`, logged every hour and
when the daemon stops) and recorded in the archive (`daemon_events`, shown by `rasad status`).
"""

from __future__ import annotations

import json
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from crawler.app.childrun import KILL_GRACE, STOPPED_EXITS, child_env, signal_group
from crawler.core.config import RasadConfig
from storage.archive import Archive

log = logging.getLogger("rasad.schedule")
POLL = 0.25  # seconds between looks at the workers
STATS_EVERY = 3600.0  # seconds between the pool's stats lines in the log
MAX_RESTART_WAIT = 30.0  # seconds: the longest wait before starting a worker again


class Dispatcher(Protocol):
    """Where the daemon hands the sources that are due."""

    def submit(self, source: str) -> bool:
        """Queue a poll of `source`; False when it is not taken (already queued or
        running, or stopping)."""


# on_result(source, status, new articles or -1 when the poll failed)
ResultCallback = Callable[[str, str, int], None]


@dataclass
class Task:
    id: int
    source: str
    launched: datetime
    t0: float  # monotonic


@dataclass
class _Worker:
    number: int
    proc: subprocess.Popen[str]
    events: int  # read end of the events pipe
    started: float
    buffer: bytes = b""
    tasks: dict[int, Task] = field(default_factory=dict)
    done: int = 0
    last_beat: float = 0.0
    rss_mb: float = 0.0
    ready: bool = False
    retiring: str | None = None  # why it is being replaced
    killed: str | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def send(self, message: dict[str, Any]) -> bool:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(message) + "\n")
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            return False
        return True

    def close_input(self) -> None:
        try:
            if self.proc.stdin is not None and not self.proc.stdin.closed:
                self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass


@dataclass
class PoolStats:
    started: int = 0
    tasks: int = 0
    replaced: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        why = ", ".join(f"{k} {n}" for k, n in sorted(self.replaced.items()))
        return (f"workers: {self.started} started, {sum(self.replaced.values())} replaced"
                + (f" ({why})" if why else "") + f", {self.tasks} polls")


class CrawlWorkers:
    """The local worker pool: a `Dispatcher` (thread-safe)."""

    def __init__(self, config: RasadConfig, config_path: str,
                 on_result: ResultCallback | None = None) -> None:
        self.config = config
        self.config_path = str(Path(config_path).resolve())
        self.on_result = on_result
        self.stats = PoolStats()
        self._cond = threading.Condition()
        self._queued: list[str] = []
        self._workers: list[_Worker] = []
        self._next_id = 0
        self._numbers = 0
        self._closing = False
        self._failures = 0  # workers in a row that died before they were ready
        self._not_before = 0.0
        self._archive: Archive | None = None
        self._thread = threading.Thread(target=self._loop, name="rasad-workers", daemon=True)

    # -- the Dispatcher interface ----------------------------------------------------
    def submit(self, source: str) -> bool:
        with self._cond:
            if self._closing:
                log.info("run %s: not started: the daemon is stopping", source)
                return False
            if source in self._queued or source in self._running():
                log.info("run %s: skipped: its previous run is still queued or running",
                         source)
                return False
            self._queued.append(source)
            self._cond.notify_all()
            return True

    # -- the daemon's calls ------------------------------------------------------------
    def start(self) -> None:
        self._archive = Archive.open(self.config.database_url)
        self._thread.start()

    def active(self) -> list[str]:
        """The sources being crawled now."""
        with self._cond:
            return self._running()

    def alive(self) -> int:
        with self._cond:
            return sum(1 for w in self._workers if w.proc.poll() is None)

    def stop_taking(self) -> None:
        """No new polls; each worker finishes its running crawls and exits."""
        with self._cond:
            self._closing = True
            if self._queued:
                log.info("not started, the daemon is stopping: %s", ", ".join(self._queued))
            self._queued.clear()
            for w in self._workers:
                w.close_input()

    def terminate_all(self) -> None:
        """Forward SIGTERM: each worker finishes its in-flight pages, records, delivers."""
        with self._cond:
            for w in self._workers:
                if w.proc.poll() is None:
                    log.warning("run %s: forwarding SIGTERM (pid %d)",
                                ", ".join(t.source for t in w.tasks.values()) or "idle worker",
                                w.pid)
                    signal_group(w.proc, signal.SIGTERM)

    def kill_all(self) -> None:
        with self._cond:
            for w in self._workers:
                if w.proc.poll() is None:
                    log.error("worker pid %d did not stop, killing", w.pid)
                    w.killed = w.killed or "stopped"
                    signal_group(w.proc, signal.SIGKILL)

    def close(self, timeout: float | None = KILL_GRACE) -> None:
        """No new polls; with a timeout other than 0, wait that long for the workers
        to exit (then kill them) and for the pool's thread."""
        self.stop_taking()
        if timeout == 0:
            return
        deadline = time.monotonic() + (timeout if timeout is not None else KILL_GRACE)
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        if self.alive():
            self.kill_all()
        if self._thread.is_alive():
            self._thread.join(KILL_GRACE)
        if self._archive is not None:
            self._archive.close()
            self._archive = None
            log.info("%s", self.stats.line())

    # -- the pool's thread ------------------------------------------------------------------
    def _running(self) -> list[str]:
        return [t.source for w in self._workers for t in w.tasks.values()]

    def _loop(self) -> None:
        next_stats = time.monotonic() + STATS_EVERY
        while True:
            if time.monotonic() >= next_stats:
                log.info("%s", self.stats.line())
                next_stats += STATS_EVERY
            with self._cond:
                workers = list(self._workers)
                if self._closing and not any(w.proc.poll() is None for w in workers) \
                        and all(w.events < 0 for w in workers):
                    for w in workers:
                        self._ended(w)
                    return
            fds = [w.events for w in workers if w.events >= 0]
            ready: list[int] = []
            if fds:
                ready = select.select(fds, [], [], POLL)[0]
            else:
                time.sleep(POLL)
            for w in workers:
                if w.events in ready:
                    self._read(w)
            try:
                self._watch()
                self._assign()
            except Exception:  # the daemon must go on
                log.exception("worker pool")

    def _read(self, w: _Worker) -> None:
        try:
            chunk = os.read(w.events, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            os.close(w.events)
            w.events = -1
            return
        w.buffer += chunk
        *lines, w.buffer = w.buffer.split(b"\n")
        for line in lines:
            if line.strip():
                try:
                    self._event(w, json.loads(line))
                except (ValueError, KeyError):
                    log.warning("worker pid %d: unreadable event %r", w.pid, line[:200])

    def _event(self, w: _Worker, msg: dict[str, Any]) -> None:
        now = time.monotonic()
        w.last_beat = now
        kind = msg["event"]
        if kind == "ready":
            w.ready = True
            self._failures = 0
            log.info("worker %d ready (pid %d) in %.1fs", w.number, w.pid, now - w.started)
        elif kind == "beat":
            w.rss_mb = float(msg.get("rss_mb") or 0.0)
            limit = self.config.schedule.worker_max_memory_mb
            if w.rss_mb > limit and w.retiring is None:
                self._retire(w, "memory", f"RSS {w.rss_mb:.0f} MB over worker_max_memory_mb "
                                          f"{limit:g}")
        elif kind == "done":
            with self._cond:
                task = w.tasks.pop(int(msg["task"]), None)
            if task is None:
                return
            w.done += 1
            self.stats.tasks += 1
            self._report(w, task, str(msg["status"]), str(msg.get("summary") or ""),
                         int(msg.get("new") or 0))
            limit = self.config.schedule.worker_max_tasks
            if limit and w.done >= limit and w.retiring is None:
                self._retire(w, "max_tasks", f"{w.done} crawls (worker_max_tasks)")
            if w.retiring is not None and not w.tasks:
                w.close_input()

    def _report(self, w: _Worker, task: Task, status: str, summary: str, new: int) -> None:
        took = f"{time.monotonic() - task.t0:.1f}s"
        if status in ("ok", "interrupted"):
            log.info("run %s: %s in %s (pid %d): %s", task.source,
                     "finished" if status == "ok" else "interrupted", took, w.pid, summary)
        else:
            log.warning("run %s: %s after %s (pid %d) %s", task.source, status, took, w.pid,
                        summary)
        if self.on_result is not None:
            self.on_result(task.source, status, new if status == "ok" else -1)

    def _retire(self, w: _Worker, why: str, detail: str) -> None:
        w.retiring = why
        log.warning("worker %d (pid %d) to be replaced: %s; it finishes its %d running "
                    "crawls first", w.number, w.pid, detail, len(w.tasks))
        if not w.tasks:
            w.close_input()

    def _watch(self) -> None:
        now = time.monotonic()
        schedule = self.config.schedule
        for w in list(self._workers):
            if w.proc.poll() is not None:
                if w.events < 0:
                    self._ended(w)
                continue
            if w.killed:
                continue
            if now - max(w.last_beat, w.started) > schedule.worker_hang_seconds and (
                    w.ready or now - w.started > schedule.worker_hang_seconds + 60):
                self._kill(w, "hang", f"no heartbeat for {now - w.last_beat:.0f}s "
                                      f"(worker_hang_seconds {schedule.worker_hang_seconds:g})")
                continue
            late = [t for t in w.tasks.values() if now - t.t0 > schedule.run_timeout]
            if late:
                self._kill(w, "run_timeout", f"run {late[0].source} ran longer than "
                                             f"run_timeout {schedule.run_timeout:g}s")

    def _kill(self, w: _Worker, why: str, detail: str) -> None:
        log.warning("worker %d (pid %d) killed: %s", w.number, w.pid, detail)
        w.killed = why
        signal_group(w.proc, signal.SIGKILL)

    def _ended(self, w: _Worker) -> None:
        """A worker's process has exited: record what it left, count the replacement."""
        with self._cond:
            if w not in self._workers:
                return
            self._workers.remove(w)
            left = list(w.tasks.values())
            w.tasks.clear()
        code = w.proc.wait()
        if w.events >= 0:
            os.close(w.events)
            w.events = -1
        why = w.killed or w.retiring
        if why is None and code not in (0, *STOPPED_EXITS):
            why = "crashed"
            if not w.ready:
                self._failures += 1
                self._not_before = time.monotonic() + min(MAX_RESTART_WAIT,
                                                          2.0 ** self._failures)
        stopping = self._closing and why in (None, "stopped")
        for task in left:
            if why == "hang":
                status, kind = "timeout", "worker_hang"
            elif why == "run_timeout" and time.monotonic() - task.t0 > \
                    self.config.schedule.run_timeout:
                status, kind = "timeout", "run_timeout"
            elif why in ("crashed", None) and not stopping:
                status, kind = "crashed", "crashed"
            else:
                status, kind = "interrupted", "worker_replaced"
            self._record(task, status, kind)
            self._report(w, task, status, f"(worker {why or 'exited'}, exit {code})", -1)
        if why is not None and why != "stopped" and not self._closing:
            self.stats.replaced[why] += 1
            log.warning("worker %d (pid %d) replaced: %s after %d crawls (exit %s)",
                        w.number, w.pid, why, w.done, code)
            self._event_row(w, why, code)

    def _record(self, task: Task, status: str, kind: str) -> None:
        from storage.runs import RunCounts, mark_since, record_run

        assert self._archive is not None
        engine = self._archive.engine
        try:
            if mark_since(engine, task.source, task.launched, status, kind):
                return
            counts = RunCounts()
            counts.error_kinds[kind] = 1
            record_run(engine, task.source, task.launched, datetime.now(UTC), status, counts)
        except Exception:
            log.exception("run %s: could not record its %s", task.source, status)

    def _event_row(self, w: _Worker, why: str, code: int) -> None:
        from storage.daemonevents import record_replacement

        assert self._archive is not None
        try:
            record_replacement(self._archive.engine, pid=w.pid, reason=why, tasks=w.done,
                               rss_mb=w.rss_mb, exit_code=code)
        except Exception:
            log.exception("worker %d: could not record its replacement", w.number)

    def _assign(self) -> None:
        with self._cond:
            if self._closing:
                return
            while self._queued:
                w = self._free_worker()
                if w is None:
                    return
                source = self._queued.pop(0)
                self._next_id += 1
                task = Task(self._next_id, source, datetime.now(UTC), time.monotonic())
                if not w.send({"task": task.id, "source": source}):
                    self._queued.insert(0, source)
                    w.retiring = w.retiring or "crashed"
                    return
                w.tasks[task.id] = task
                log.info("run %s: started (pid %d, worker %d)", source, w.pid, w.number)

    def _free_worker(self) -> _Worker | None:
        usable = [w for w in self._workers
                  if w.retiring is None and w.killed is None and w.proc.poll() is None]
        free = [w for w in usable if len(w.tasks) < self.config.schedule.worker_crawls]
        if free:
            return min(free, key=lambda w: len(w.tasks))
        if len(usable) < self.config.schedule.workers and time.monotonic() >= self._not_before:
            return self._spawn()
        return None

    def _spawn(self) -> _Worker:
        read_end, write_end = os.pipe()
        level = logging.getLevelName(logging.getLogger().getEffectiveLevel())
        cmd = [sys.executable, "-m", "crawler.app.crawlworker", "--config", self.config_path,
               "--events-fd", str(write_end), "--log-level", str(level)]
        proc = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            cmd, stdin=subprocess.PIPE, text=True, start_new_session=True,
            env=child_env(), pass_fds=(write_end,))
        os.close(write_end)
        self._numbers += 1
        w = _Worker(self._numbers, proc, read_end, time.monotonic())
        self._workers.append(w)
        self.stats.started += 1
        log.info("worker %d started (pid %d)", w.number, w.pid)
        return w
