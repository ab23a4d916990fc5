"""Run a batch of sources' crawl in one child process: crash- and hang-proof, stoppable.

Twisted's reactor cannot be restarted, and a long-lived reactor would carry every
crawl's leftovers; a child process per crawl (`python -m crawler crawl --source
A --source B --wait`) gives each crawl a fresh reactor, frees all its memory when
it ends, and cannot take the daemon down. The sources due together run in the
same child, so they never queue on the archive lock behind each other.

Two limits, two outcomes: the child tells the daemon (through a pipe, `--lock-fd`)
when it holds the archive lock. Until then `lock_timeout` applies: a child that
waited longer (another crawl, e.g. from cron, held the archive) is stopped and
recorded `lock_timeout`, which is not a failure of its sources. From then on
`run_timeout` applies: a crawl still running is stopped and recorded `timeout`.
A child that dies is recorded `crashed`. The daemon keeps going.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.core.config import RasadConfig
from storage.archive import Archive

log = logging.getLogger("rasad.schedule")
KILL_GRACE = 30.0  # seconds between SIGTERM and SIGKILL for a child that must stop
_ROOT = str(Path(__file__).resolve().parents[2])


# A crawl that a stop signal ended gracefully exits 128 + the signal's number,
# after recording its own runs as `interrupted` (crawler/app/stopping.py).
STOPPED_EXITS = (128 + signal.SIGTERM, 128 + signal.SIGINT)


@dataclass
class ChildResult:
    sources: list[str]
    status: str  # ok | interrupted | crashed | timeout | lock_timeout | stopped | skipped
    returncode: int | None
    seconds: float  # from the start of the child
    output: str = ""

    def summary(self, source: str) -> str:
        """The child's report line for `source`, with its health verdict when it is
        broken or stale (see crawler/app/report.py)."""
        lines = self.output.splitlines()
        for i, line in enumerate(lines):
            if line.startswith((f"{source}: ", f"{source} (interrupted): ")):
                verdict = lines[i + 1].strip() if i + 1 < len(lines) \
                    and lines[i + 1].startswith("  ") else ""
                return line.removeprefix(source).lstrip(": ") + (
                    f"; {verdict}" if verdict else "")
        lines = self.output.strip().splitlines()
        return lines[-1] if lines else ""


class ChildRunner:
    """Starts crawl children and stops them all on request (thread-safe)."""

    def __init__(self, config: RasadConfig, config_path: str) -> None:
        self.config = config
        self.config_path = str(Path(config_path).resolve())
        self._lock = threading.Lock()
        self._children: dict[int, tuple[list[str], subprocess.Popen[str]]] = {}
        self.stopping = False

    def command(self, sources: Sequence[str], lock_fd: int | None = None) -> list[str]:
        cmd = [sys.executable, "-m", "crawler", "crawl", "--config", self.config_path]
        for source in sources:
            cmd += ["--source", source]
        cmd.append("--wait")
        return cmd + (["--lock-fd", str(lock_fd)] if lock_fd is not None else [])

    def run(self, sources: Sequence[str]) -> ChildResult:
        """Crawl `sources` in one child; returns when it has ended (or was stopped)."""
        sources = list(sources)
        launched, t0 = datetime.now(UTC), time.monotonic()
        read_end, write_end = os.pipe()
        with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
            with self._lock:
                if self.stopping:
                    os.close(read_end)
                    os.close(write_end)
                    return ChildResult(sources, "skipped", None, 0.0)
                proc = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
                    self.command(sources, write_end), stdout=out, text=True,
                    start_new_session=True, env=child_env(), pass_fds=(write_end,))
                self._children[proc.pid] = (sources, proc)
            os.close(write_end)
            others = ", ".join(sources)
            for source in sources:
                log.info("run %s: started (pid %d%s)", source, proc.pid,
                         f"; one child for {others}" if len(sources) > 1 else "")
            try:
                status = self._wait(proc, read_end)
            finally:
                os.close(read_end)
                with self._lock:
                    self._children.pop(proc.pid, None)
            out.seek(0)
            result = ChildResult(sources, status, proc.returncode, time.monotonic() - t0,
                                 out.read())
        self._after(result, launched)
        return result

    def _wait(self, proc: subprocess.Popen[str], lock_pipe: int) -> str:
        schedule = self.config.schedule
        lock = _wait_for_lock(proc, lock_pipe, schedule.lock_timeout)
        if lock == "expired":  # still waiting for another crawl's lock
            _stop(proc)
            return "lock_timeout"
        if lock == "held":
            try:
                proc.wait(timeout=schedule.run_timeout)  # counted from the lock held
            except subprocess.TimeoutExpired:
                _stop(proc)
                return "timeout"
        proc.wait()
        if proc.returncode == 0:
            return "ok"
        if proc.returncode in STOPPED_EXITS:
            return "interrupted"  # it recorded its own runs
        return "stopped" if self.stopping else "crashed"

    def _after(self, result: ChildResult, launched: datetime) -> None:
        took = f"{result.seconds:.1f}s"
        for source in result.sources:
            if result.status in ("ok", "interrupted"):
                log.info("run %s: %s in %s: %s", source,
                         "finished" if result.status == "ok" else "interrupted", took,
                         result.summary(source))
            elif result.status == "lock_timeout":
                log.warning("run %s: lock_timeout: another crawl held the archive for more "
                            "than %.0fs; not run", source, self.config.schedule.lock_timeout)
            elif result.status in ("crashed", "timeout", "stopped"):
                log.warning("run %s: %s after %s (exit %s)", source, result.status, took,
                            result.returncode)
        if result.status in ("crashed", "timeout", "stopped", "lock_timeout"):
            _record_failure(self.config, result, launched)

    def active(self) -> list[str]:
        with self._lock:
            return [s for sources, _ in self._children.values() for s in sources]

    def stop_taking(self) -> None:
        with self._lock:
            self.stopping = True

    def terminate_all(self) -> None:
        """Forward SIGTERM: each crawl finishes its in-flight pages and delivers alerts."""
        with self._lock:
            for sources, proc in self._children.values():
                log.warning("run %s: forwarding SIGTERM (pid %d)", ", ".join(sources), proc.pid)
                signal_group(proc, signal.SIGTERM)

    def kill_all(self) -> None:
        with self._lock:
            for sources, proc in self._children.values():
                log.error("run %s: did not stop, killing (pid %d)", ", ".join(sources), proc.pid)
                signal_group(proc, signal.SIGKILL)


def _wait_for_lock(proc: subprocess.Popen[str], pipe: int, limit: float) -> str:
    """"held" once the child says it holds the archive lock; "exited" when it ended
    (or closed the pipe) first; "expired" when `limit` seconds passed."""
    deadline = time.monotonic() + limit
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([pipe], [], [], min(left, 1.0))
        if ready:
            return "held" if os.read(pipe, 64) else "exited"
        if proc.poll() is not None:
            return "exited"
    return "expired"


def child_env() -> dict[str, str]:
    """The daemon's environment, with this checkout first on the import path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH")) if p)
    return env


def signal_group(proc: subprocess.Popen[Any], sig: signal.Signals) -> None:
    """Signal a child started in its own session, and everything it started."""
    try:
        os.killpg(proc.pid, sig)  # the child's own session: its helpers go too
    except ProcessLookupError:
        pass


def _stop(proc: subprocess.Popen[str]) -> None:
    signal_group(proc, signal.SIGTERM)
    try:
        proc.wait(timeout=KILL_GRACE)
    except subprocess.TimeoutExpired:
        signal_group(proc, signal.SIGKILL)
        proc.wait()


_KINDS = {"timeout": "run_timeout", "crashed": "crashed", "lock_timeout": None}


def _record_failure(config: RasadConfig, result: ChildResult, launched: datetime) -> None:
    """Record a crawl that crashed, was stopped or never got the lock: mark the rows
    it wrote, or add one per source."""
    from storage.runs import LOCK_TIMEOUT, RunCounts, mark_since, record_run

    status = result.status if result.status in _KINDS else "crashed"
    kind = _KINDS[status]
    archive = Archive.open(config.database_url)
    try:
        for source in result.sources:
            if kind is not None and mark_since(archive.engine, source, launched, status, kind):
                continue
            counts = RunCounts()
            if kind is not None:
                counts.error_kinds[kind] = 1
            record_run(archive.engine, source, launched, datetime.now(UTC),
                       LOCK_TIMEOUT if status == "lock_timeout" else status, counts)
    finally:
        archive.close()
