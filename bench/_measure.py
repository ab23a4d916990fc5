"""Run a Python module in a child process and report its wall time and peak memory.

    python bench/_measure.py MODULE [ARGS...]

Prints one JSON line `{"elapsed": s, "maxrss_mb": MB, "tree_peak_mb": MB,
"exit": code}` to stderr as the last line, after whatever the module printed.
`maxrss_mb` is the largest peak of one process (the child or a worker);
`tree_peak_mb` is the peak of the summed RSS of the child and all its
descendants (worker processes), sampled from /proc. The sampling runs here,
outside the measured process, so it never competes with the crawl for its
interpreter lock; it reads the child tree's RSS every 100 ms and looks for new
processes in it every 500 ms.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _children_by_parent() -> dict[int, list[int]]:
    """pid -> its children, from /proc/*/stat."""
    kids: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def descendants(root: int) -> list[int]:
    """`root` and every process below it."""
    kids, found, stack = _children_by_parent(), [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(kids.get(pid, []))
    return found


def _rss_kb(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


class TreeSampler(threading.Thread):
    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        tree, tick = [self.root], 0
        while not self.stop.wait(0.1):
            if tick % 5 == 0:
                tree = descendants(self.root)
            tick += 1
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in tree))


def main() -> None:
    module, args = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", module, *args])
    sampler = TreeSampler(child.pid)
    sampler.start()
    code = child.wait()
    elapsed = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    tree_mb = max(sampler.peak_kb / 1024, rss_mb)
    sys.stdout.flush()
    print(json.dumps({"elapsed": elapsed, "maxrss_mb": rss_mb, "tree_peak_mb": tree_mb,
                      "exit": code}), file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()
