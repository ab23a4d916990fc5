"""What `Archive.open` costs: it runs at every crawl start and in several components.

    python bench/open_bench.py [--opens 200] [--cold 10] [--pg URL]

For SQLite and (when reachable) PostgreSQL, reports the median and p95 of:
- `warm`: opening an existing, up-to-date archive again in the same process
  (what the pipelines, the writer and the runner do several times per crawl);
- `create`: opening a new, empty archive (the schema is made);
- `cold`: a fresh interpreter importing `storage` and opening the existing
  archive once (what a `rasad` command pays), measured inside the child.
Figures are milliseconds; compare runs on the same machine, not across machines.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from storage import Archive  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
COLD = ("import time; t = time.perf_counter(); from storage import Archive; "
        "Archive.open({url!r}).close(); print((time.perf_counter() - t) * 1000)")


def _times(action: Callable[[], None], n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        action()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _summary(name: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"  {name:<7} median {statistics.median(ms):7.2f} ms   p95 {p95:7.2f} ms  (n={len(ms)})"


def _cold(url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        done = subprocess.run([sys.executable, "-c", COLD.format(url=url)], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        out.append(float(done.stdout.strip().splitlines()[-1]))
    return out


def bench(label: str, new_url: Callable[[], str], opens: int, cold: int) -> None:
    url = new_url()
    Archive.open(url).close()
    print(label)
    print(_summary("warm", _times(lambda: Archive.open(url).close(), opens)))
    print(_summary("create", _times(lambda: Archive.open(new_url()).close(), max(5, cold))))
    print(_summary("cold", _cold(url, cold)))


def _pg_schemas(base: str) -> tuple[Callable[[], str], Callable[[], None]]:
    admin = create_engine(base)
    admin.connect().close()  # no server: fails here
    made: list[str] = []

    def new_url() -> str:
        name = f"rasad_bench_{uuid.uuid4().hex[:10]}"
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        made.append(name)
        return f"{base}?options=-csearch_path%3D{name}"

    def drop() -> None:
        with admin.begin() as conn:
            for name in made:
                conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()

    return new_url, drop


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opens", type=int, default=200)
    ap.add_argument("--cold", type=int, default=10)
    ap.add_argument("--pg", default=PG, help="PostgreSQL database to make schemas in")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench("SQLite", lambda: f"sqlite:///{tmp}/{uuid.uuid4().hex}.db", args.opens, args.cold)
    try:
        new_url, drop = _pg_schemas(args.pg)
    except Exception as exc:  # noqa: BLE001 (no server: report and go on)
        print(f"PostgreSQL: skipped ({exc.__class__.__name__}: {exc})")
        return
    try:
        bench("PostgreSQL", new_url, args.opens, args.cold)
    finally:
        drop()


if __name__ == "__main__":
    main()
