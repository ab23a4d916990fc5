"""The daemon's run queue: the sources due together crawl in one child.

APScheduler fires one job per source; the job only puts its source in this
queue. One thread takes everything queued (after `GATHER` seconds, so the
sources due at the same tick are taken together) and runs it as one crawl child
(`crawler/app/childrun.py`), then the next batch. Crawls of one archive never
queue on its lock behind each other, so no healthy source is stopped because
another one's crawl held the lock. A source already queued or running when it
falls due again is skipped (and logged): never two runs of one source at once.
"""

from __future__ import annotations

import logging
import threading
import time

from crawler.app.childrun import ChildRunner

log = logging.getLogger("rasad.schedule")
GATHER = 0.5  # seconds to wait for the other sources due at the same tick


class RunQueue:
    def __init__(self, runner: ChildRunner) -> None:
        self.runner = runner
        self._cond = threading.Condition()
        self._queued: list[str] = []
        self._running: set[str] = set()
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="rasad-runs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def submit(self, source: str) -> bool:
        """Queue a run of `source`; False (logged) when one is queued or running."""
        with self._cond:
            if self._closed:
                log.info("run %s: not started: the daemon is stopping", source)
                return False
            if source in self._queued or source in self._running:
                log.info("run %s: skipped: its previous run is still queued or running",
                         source)
                return False
            self._queued.append(source)
            self._cond.notify_all()
            return True

    def busy(self) -> bool:
        with self._cond:
            return bool(self._queued or self._running)

    def close(self, timeout: float | None = None) -> None:
        """Start no further batch (queued sources are dropped); wait for the thread."""
        with self._cond:
            self._closed = True
            if self._queued:
                log.info("not started, the daemon is stopping: %s", ", ".join(self._queued))
            self._queued.clear()
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _take(self) -> list[str]:
        with self._cond:
            while not self._queued and not self._closed:
                self._cond.wait()
            deadline = time.monotonic() + GATHER  # the others due at this tick
            while not self._closed and (left := deadline - time.monotonic()) > 0:
                self._cond.wait(left)
            if self._closed:
                return []
            batch, self._queued = self._queued, []
            self._running.update(batch)
            return batch

    def _loop(self) -> None:
        while batch := self._take():
            try:
                self.runner.run(batch)
            except Exception:  # a failure to start a child must not end the daemon
                log.exception("run %s: could not be started", ", ".join(batch))
            finally:
                with self._cond:
                    self._running.difference_update(batch)
