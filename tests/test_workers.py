"""Worker processes never outlive the crawl that started them, ignore the stop
signals their process group gets, and are shared by the crawlers of a process."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from crawler.core.workers import WorkerPool
from storage.runtime import Runtime
from tests.cli import ROOT

CHILD = """
import asyncio, os, sys, time
from crawler.core.workers import WorkerPool

async def main():
    pool = WorkerPool(2)
    pids = set()
    while len(pids) < 2:
        pids.add(await pool.run(os.getpid))
    print(*sorted(pids), flush=True)
    time.sleep(600)

asyncio.run(main())
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\\tZ" in status.read_text().split("State:")[1][:4])


def test_workers_exit_when_the_parent_is_killed() -> None:
    with subprocess.Popen([sys.executable, "-c", CHILD], cwd=ROOT, text=True,
                          stdout=subprocess.PIPE,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}) as proc:
        assert proc.stdout is not None
        workers = [int(p) for p in proc.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(p) for p in workers)
        proc.send_signal(signal.SIGKILL)  # no cleanup runs in the parent
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers)


def _wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _alive(pid)


def test_the_crawlers_of_a_process_share_one_runtime(tmp_path: Path) -> None:
    """One crawler per source, all in one process: they share the extraction
    workers and the archive's writer instead of starting a set each; the last
    user to release the runtime stops them."""
    async def pids(runtime: Runtime, n: int) -> set[int]:
        return set(await asyncio.gather(*(runtime.extract(os.getpid) for _ in range(n))))

    url = f"sqlite:///{tmp_path / 'a.db'}"
    first = Runtime.acquire(url, extract_workers=1)
    second = Runtime.acquire(url, extract_workers=1)
    other = Runtime.acquire(f"sqlite:///{tmp_path / 'b.db'}", extract_workers=1)
    try:
        assert first is second and first is not other
        one = asyncio.run(pids(first, 4))
        assert len(one) == 1 and os.getpid() not in one
        first.release()  # the other user still has it
        assert asyncio.run(pids(second, 2)) == one
    finally:
        second.release()
        other.release()
    assert _wait_gone(one.pop())  # the last user closed the pool and its worker exited
    again = Runtime.acquire(url, extract_workers=0)
    try:
        assert again is not first  # a new runtime when asked again
        assert asyncio.run(pids(again, 1)) == {os.getpid()}  # no workers: inline
    finally:
        again.release()


def test_workers_ignore_stop_signals_until_the_pool_closes() -> None:
    """SIGTERM and SIGINT sent to the whole process group (the scheduler stopping
    a crawl, Ctrl-C) must not kill work in flight: the parent decides."""
    pool = WorkerPool(1)
    try:
        worker = asyncio.run(pool.run(os.getpid))
        for sig in (signal.SIGTERM, signal.SIGINT):
            os.kill(worker, sig)
        time.sleep(0.5)
        assert _alive(worker)
        assert asyncio.run(pool.run(os.getpid)) == worker  # still serving, not rebuilt
    finally:
        pool.close()
    assert _wait_gone(worker)


def test_archive_tasks_run_off_this_thread(tmp_path: Path) -> None:
    """Archive tasks run in the writer process, or on the database thread
    without one: never on the caller's (the reactor's) thread."""
    for writer in (True, False):
        runtime = Runtime.acquire(f"sqlite:///{tmp_path / f'{writer}.db'}",
                                  extract_workers=0, writer_process=writer)
        try:
            pid, thread = asyncio.run(runtime.in_archive(_where_task))
        finally:
            runtime.release()
        if writer:
            assert pid != os.getpid()
        else:
            assert pid == os.getpid() and thread.startswith("rasad-db")


def _where_task(_archive: object) -> tuple[int, str]:
    import threading

    return os.getpid(), threading.current_thread().name
