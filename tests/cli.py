"""Run the real `rasad` command in a child process (fresh reactor each time)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_rasad(*args: str, env: dict[str, str] | None = None, timeout: float = 180,
              cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("RASAD_DATABASE_URL", None) if env is None or "RASAD_DATABASE_URL" not in env \
        else None
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args], capture_output=True, text=True,
        env=full_env, timeout=timeout, cwd=cwd or ROOT, check=False,
    )
