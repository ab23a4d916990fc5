"""Run the real `rasad` command in a child process (fresh reactor each time)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]


def rasad_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This checkout first on the import path; the archive is the test's config's
    own unless the test sets RASAD_DATABASE_URL in `extra`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("RASAD_DATABASE_URL", None)
    env.update(extra or {})
    return env


def run_rasad(*args: str, env: dict[str, str] | None = None, timeout: float = 180,
              cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args], capture_output=True, text=True,
        env=rasad_env(env), timeout=timeout, cwd=cwd or ROOT, check=False,
    )


def start_rasad(*args: str, stdout: int | IO[Any] | None = subprocess.PIPE,
                stderr: int | IO[Any] | None = subprocess.PIPE,
                env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`rasad ARGS` running in the background (a crawl to kill, a daemon to stop)."""
    return subprocess.Popen([sys.executable, "-m", "crawler", *args], stdout=stdout,
                            stderr=stderr, text=True, env=rasad_env(env), cwd=ROOT)


def unprivileged_prefix() -> list[str] | None:
    """The command prefix that makes file permissions apply to a child (root
    ignores them): none when not root, setpriv dropping root's file capabilities
    when root; None when that is not possible (no setpriv)."""
    import shutil

    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    return ["setpriv", "--inh-caps=-all",
            "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def run_unprivileged(prefix: list[str], *args: str, cwd: Path | None = None
                     ) -> subprocess.CompletedProcess[str]:
    """`rasad ARGS` with file permissions applying (`unprivileged_prefix()`)."""
    return subprocess.run([*prefix, sys.executable, "-m", "crawler", *args],
                          capture_output=True, text=True, env=rasad_env(), timeout=120,
                          cwd=cwd or ROOT, check=False)
