"""Run the fault suite and put its table into the README's reliability section.

    python tests/faults/report.py            # runs pytest tests/faults, rewrites README
    python tests/faults/report.py --check    # exit 1 when a target is missed

The table sits between the markers `<!-- fault-table -->` and
`<!-- /fault-table -->` in README.md.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START, END = "<!-- fault-table -->", "<!-- /fault-table -->"


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "faults.md"
        env = {**os.environ, "RASAD_FAULT_TABLE": str(table)}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "tests/faults"],
                             cwd=ROOT, env=env, check=False)
        if not table.exists():
            print("report: the fault suite wrote no table", file=sys.stderr)
            return 1
        rows = table.read_text(encoding="utf-8")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    readme.write_text(f"{head}{START}\n{rows}{END}{tail}", encoding="utf-8")
    print(rows)
    return run.returncode if "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
