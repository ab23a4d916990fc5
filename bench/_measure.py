"""Run a Python module as a child and report its wall time and peak memory.

    python bench/_measure.py MODULE [ARGS...]

Prints one JSON line `{"elapsed": s, "maxrss_mb": MB, "tree_peak_mb": MB,
"exit": code}` to stderr as the last line, whatever the module does (it may call
sys.exit). `maxrss_mb` is this process's own peak; `tree_peak_mb` is the peak of
the summed RSS of this process and all its descendants (worker processes),
sampled every 100 ms from /proc.
"""

from __future__ import annotations

import json
import os
import resource
import runpy
import sys
import threading
import time
from pathlib import Path


def _tree_rss_kb(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0")), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


class TreeSampler(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.1):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(os.getpid()))


def main() -> None:
    module, args = sys.argv[1], sys.argv[2:]
    sys.argv = [module, *args]
    sampler = TreeSampler()
    sampler.start()
    start = time.perf_counter()
    code = 0
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    elapsed = time.perf_counter() - start
    sampler.stop.set()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tree_mb = max(sampler.peak_kb / 1024, rss_mb)
    sys.stdout.flush()
    print(json.dumps({"elapsed": elapsed, "maxrss_mb": rss_mb, "tree_peak_mb": tree_mb,
                      "exit": code}), file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()
