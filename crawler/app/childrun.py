"""Run one source's crawl in a child process: crash- and hang-proof, stoppable.

Twisted's reactor cannot be restarted, and a long-lived reactor would carry every
crawl's leftovers; a child process per crawl (`python -m crawler crawl --source
NAME --wait`) gives each crawl a fresh reactor, frees all its memory when it
ends, and cannot take the daemon down. A crash or a timeout is logged and
recorded in `crawl_runs`; the daemon keeps going.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

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
    source: str
    status: str  # ok | interrupted | crashed | timeout | stopped | skipped
    returncode: int | None
    seconds: float
    summary: str = ""


class ChildRunner:
    """Starts crawl children and stops them all on request (thread-safe)."""

    def __init__(self, config: RasadConfig, config_path: str) -> None:
        self.config = config
        self.config_path = str(Path(config_path).resolve())
        self._lock = threading.Lock()
        self._children: dict[str, subprocess.Popen[str]] = {}
        self.stopping = False

    def command(self, source: str) -> list[str]:
        return [sys.executable, "-m", "crawler", "crawl", "--config", self.config_path,
                "--source", source, "--wait"]

    def run(self, source: str) -> ChildResult:
        launched, t0 = datetime.now(UTC), time.monotonic()
        with self._lock:
            if self.stopping:
                return ChildResult(source, "skipped", None, 0.0)
            proc = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
                self.command(source), stdout=subprocess.PIPE, text=True,
                start_new_session=True, env=_child_env())
            self._children[source] = proc
        log.info("run %s: started (pid %d)", source, proc.pid)
        try:
            status, out = self._wait(proc)
        finally:
            with self._lock:
                self._children.pop(source, None)
        result = ChildResult(source, status, proc.returncode, time.monotonic() - t0,
                             _summary(out, source))
        self._after(result, launched)
        return result

    def _wait(self, proc: subprocess.Popen[str]) -> tuple[str, str]:
        try:
            out, _ = proc.communicate(timeout=self.config.schedule.run_timeout)
        except subprocess.TimeoutExpired:
            out = _stop(proc)
            return "timeout", out
        if proc.returncode == 0:
            return "ok", out
        if proc.returncode in STOPPED_EXITS:
            return "interrupted", out  # it recorded its own runs
        return ("stopped" if self.stopping else "crashed"), out

    def _after(self, result: ChildResult, launched: datetime) -> None:
        took = f"{result.seconds:.1f}s"
        if result.status in ("ok", "interrupted"):
            log.info("run %s: %s in %s: %s", result.source,
                     "finished" if result.status == "ok" else "interrupted", took,
                     result.summary)
            return
        if result.status in ("crashed", "timeout", "stopped"):
            log.warning("run %s: %s after %s (exit %s)", result.source, result.status, took,
                        result.returncode)
            _record_failure(self.config, result, launched)

    def active(self) -> list[str]:
        with self._lock:
            return list(self._children)

    def stop_taking(self) -> None:
        with self._lock:
            self.stopping = True

    def terminate_all(self) -> None:
        """Forward SIGTERM: each crawl finishes its in-flight pages and delivers alerts."""
        with self._lock:
            for source, proc in self._children.items():
                log.warning("run %s: forwarding SIGTERM (pid %d)", source, proc.pid)
                _signal(proc, signal.SIGTERM)

    def kill_all(self) -> None:
        with self._lock:
            for source, proc in self._children.items():
                log.error("run %s: did not stop, killing (pid %d)", source, proc.pid)
                _signal(proc, signal.SIGKILL)


def _child_env() -> dict[str, str]:
    """The daemon's environment, with this checkout first on the import path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_ROOT, env.get("PYTHONPATH")) if p)
    return env


def _signal(proc: subprocess.Popen[str], sig: signal.Signals) -> None:
    try:
        os.killpg(proc.pid, sig)  # the child's own session: its helpers go too
    except ProcessLookupError:
        pass


def _stop(proc: subprocess.Popen[str]) -> str:
    _signal(proc, signal.SIGTERM)
    try:
        out, _ = proc.communicate(timeout=KILL_GRACE)
    except subprocess.TimeoutExpired:
        _signal(proc, signal.SIGKILL)
        out, _ = proc.communicate()
    return out or ""


def _summary(out: str | None, source: str) -> str:
    """The child's report line for `source` (see crawler/app/report.py)."""
    for line in (out or "").splitlines():
        if line.startswith(f"{source}: "):
            return line.removeprefix(f"{source}: ")
    return (out or "").strip().splitlines()[-1] if (out or "").strip() else ""


def _record_failure(config: RasadConfig, result: ChildResult, launched: datetime) -> None:
    """Record a crawl that crashed or was stopped: mark the rows it wrote, or add one."""
    from storage.runs import RunCounts, mark_since, record_run

    status = "timeout" if result.status == "timeout" else "crashed"
    kind = "run_timeout" if status == "timeout" else "crashed"
    archive = Archive.open(config.database_url)
    try:
        if mark_since(archive.engine, result.source, launched, status, kind):
            return
        counts = RunCounts()
        counts.error_kinds[kind] = 1
        record_run(archive.engine, result.source, launched, datetime.now(UTC), status, counts)
    finally:
        archive.close()
