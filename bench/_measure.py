"""Run a Python module as a child and report its wall time and peak RSS.

    python bench/_measure.py MODULE [ARGS...]

Prints one JSON line `{"elapsed": s, "maxrss_mb": MB, "exit": code}` to stderr
as the last line, whatever the module does (it may call sys.exit).
"""

from __future__ import annotations

import json
import resource
import runpy
import sys
import time


def main() -> None:
    module, args = sys.argv[1], sys.argv[2:]
    sys.argv = [module, *args]
    start = time.perf_counter()
    code = 0
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    elapsed = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.flush()
    print(json.dumps({"elapsed": elapsed, "maxrss_mb": rss_mb, "exit": code}), file=sys.stderr)
    sys.exit(code)


if __name__ == "__main__":
    main()
