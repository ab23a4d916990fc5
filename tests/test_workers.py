"""Worker processes never outlive the crawl that started them."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipelines.workers import WorkerPool
from tests.cli import ROOT

CHILD = """
import asyncio, os, sys, time
from pipelines.workers import WorkerPool

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


def test_crawlers_of_one_process_share_one_pool_per_purpose() -> None:
    """One crawler per source, all in one process: they share the extraction
    workers and the archive's writer instead of starting a set each."""
    async def pids(pool: WorkerPool, n: int) -> set[int]:
        return set(await asyncio.gather(*(pool.run(os.getpid) for _ in range(n))))

    first = WorkerPool.shared(("test", 1), 1)
    second = WorkerPool.shared(("test", 1), 1)
    other = WorkerPool.shared(("test", 2), 1)
    try:
        assert first is second and first is not other
        one = asyncio.run(pids(first, 4))
        assert len(one) == 1 and one == asyncio.run(pids(second, 4))
        first.release()  # the other user still has it
        assert asyncio.run(pids(second, 2)) == one
    finally:
        second.release()
        other.release()
    worker = one.pop()
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(worker)  # the last user closed the pool and its worker exited
    again = WorkerPool.shared(("test", 1), 1)
    assert again is not first  # a new pool when asked again
    again.release()
