"""Cost of deduplicating one new article against an archive of 1k, 10k, 100k.

    python bench/dedup_bench.py [--sizes 1000,10000,100000] [--probes 20] [--rounds 5]

One SQLite archive grows to each size in turn (generated articles, stored with
their stories, URL keys and LSH band keys as `Archive.save_article` stores
them) and is copied at each size. Then `Archive.save_article` is timed on
`--probes` new articles per archive and round (half distinct reports, half
syndicated copies of archived ones, which must join their story), with the
Python heap peak of each save (tracemalloc); the rounds visit the archives in
turn, so the shared machine's noise hits every size alike. Medians reported.

Target: median cost at the largest size within 1.5x of the smallest, and the
peak memory of one save not growing with the archive (within 1.5x too).
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select  # noqa: E402

from crawler.app.demo import load_articles  # noqa: E402
from crawler.core.items import ArticleItem  # noqa: E402
from storage import Archive  # noqa: E402
from storage.archive import content_hash  # noqa: E402
from storage.neardup import article_bands, fingerprint  # noqa: E402
from storage.schema import articles, stories  # noqa: E402
from storage.urlkeys import article_urls, keys_of  # noqa: E402

NOW = datetime(2024, 9, 1, tzinfo=UTC)
TARGET = 1.5
BATCH = 2000


class Texts:
    """Distinct Arabic texts: 300 words drawn from the demo corpus's word stream
    (so word frequencies are those of real news text)."""

    def __init__(self, seed: int) -> None:
        self.words = [w for a in load_articles() if a.language == "ar" for w in a.body.split()]
        self.rng = random.Random(seed)

    def text(self) -> str:
        return " ".join(self.rng.choice(self.words) for _ in range(300))


def _rows(start: int, count: int) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """Rows of `count` generated articles from id `start` (run in worker processes)."""
    texts = Texts(seed=start)
    arts, stos, keys, bands = [], [], [], []
    for i in range(start, start + count):
        body, url = texts.text(), f"https://outlet{i % 50}.example/news/{i}"
        stos.append({"id": i, "first_article_id": i, "first_source": f"s{i % 50}",
                     "first_seen_at": NOW})
        arts.append({"id": i, "url": url, "title": f"خبر {i}", "body": body, "language": "ar",
                     "source": f"s{i % 50}", "story_id": i, "content_hash": content_hash(body),
                     "first_seen_at": NOW, "fetched_at": NOW})
        keys.extend({"url_key": k, "article_id": i, "redirect": False} for k in keys_of([url]))
        bands.extend({"article_id": i, "band_key": k} for k in set(fingerprint(body)))
    return arts, stos, keys, bands


def _rows_star(args: tuple[int, int]) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    return _rows(*args)


def grow(archive: Archive, count: int, pool: Pool) -> list[int]:
    """Add `count` generated articles (each its own story); returns their ids."""
    with archive.engine.connect() as conn:
        first = 1 + max(conn.execute(select(func.max(articles.c.id))).scalar() or 0,
                        conn.execute(select(func.max(stories.c.id))).scalar() or 0)
    batches = [(start, min(BATCH, first + count - start))
               for start in range(first, first + count, BATCH)]
    for arts, stos, keys, bands in pool.imap(_rows_star, batches):
        with archive.engine.begin() as conn:
            conn.execute(insert(stories), stos)
            conn.execute(insert(articles), arts)
            conn.execute(insert(article_urls), keys)
            conn.execute(insert(article_bands), bands)
    return list(range(first, first + count))


def _copy(body: str, rng: random.Random) -> str:  # noqa: ARG001
    words = body.split()
    lead = "نقلت وكالات الأنباء عن مصادر محلية أن".split()
    return " ".join(lead + words[len(words) // 10:])  # rewritten lead, rest kept


def probe(archive: Archive, ids: list[int], n: int, texts: Texts, tag: str
          ) -> tuple[float, int]:
    """Median seconds and median heap peak (bytes) of saving one new article."""
    rng = random.Random(len(ids))
    size = len(ids)
    times, peaks = [], []
    for i in range(n):
        story_id = None
        if i % 2:
            with archive.engine.connect() as conn:
                row = conn.execute(select(articles.c.body, articles.c.story_id)
                                   .where(articles.c.id == rng.choice(ids))).one()
            body, story_id = _copy(row.body, rng), row.story_id
        else:
            body = texts.text()
        item = ArticleItem(url=f"https://probe.example/{tag}/{size}/{i}", source="probe",
                           title="خبر", body=body, language="ar", fetched_at=NOW)
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        start = time.perf_counter()
        result = archive.save_article(item, [], [])
        times.append(time.perf_counter() - start)
        peaks.append(tracemalloc.get_traced_memory()[1] - base)
        if story_id is not None and result.story_id != story_id:
            raise SystemExit(f"a copy did not join its story {story_id}")
    return statistics.median(times), int(statistics.median(peaks))


def build(tmp: Path, sizes: list[int]) -> dict[int, tuple[str, list[int]]]:
    """One archive file per size (grown once, copied at each size)."""
    work = tmp / "grow.db"
    archive = Archive.open(f"sqlite:///{work}")
    ids: list[int] = []
    out = {}
    for size in sizes:
        t0 = time.perf_counter()
        with Pool(2) as pool:  # fingerprints of the filler: the slow part of the set-up
            ids += grow(archive, size - len(ids), pool)
        archive.close()  # checkpoints the WAL into the file before the copy
        shutil.copy(work, tmp / f"{size}.db")
        out[size] = (f"sqlite:///{tmp / f'{size}.db'}", list(ids))
        print(f"{size:>7} articles filled in {time.perf_counter() - t0:6.1f}s", flush=True)
        archive = Archive.open(f"sqlite:///{work}")
    archive.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--probes", type=int, default=20, help="saves per size and round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    texts = Texts(seed=1)
    samples: dict[int, list[tuple[float, int]]] = {size: [] for size in sizes}
    with tempfile.TemporaryDirectory() as tmp:
        built = build(Path(tmp), sizes)
        archives = {size: Archive.open(url) for size, (url, _) in built.items()}
        tracemalloc.start()
        for size in sizes:  # warm-up: statement caches, page cache
            probe(archives[size], built[size][1], 2, texts, "warm")
        for r in range(args.rounds):  # interleaved, so machine noise hits every size alike
            for size in sizes:
                samples[size].append(
                    probe(archives[size], built[size][1], args.probes, texts, f"r{r}"))
        tracemalloc.stop()
        for archive in archives.values():
            archive.close()
    results = {size: (statistics.median(t for t, _ in runs),
                      int(statistics.median(m for _, m in runs)))
               for size, runs in samples.items()}
    for size, (cost, peak) in results.items():
        print(f"{size:>7} articles: {cost * 1000:7.2f} ms per new article, "
              f"heap peak {peak / 1024:7.1f} KiB")
    small, large = results[sizes[0]], results[sizes[-1]]
    time_ratio, mem_ratio = large[0] / small[0], large[1] / small[1]
    print(f"ratio {sizes[-1]} / {sizes[0]}: time {time_ratio:.2f}x, heap peak "
          f"{mem_ratio:.2f}x (target <= {TARGET}x each)")
    return 0 if time_ratio <= TARGET and mem_ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
