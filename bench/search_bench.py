"""Arabic full-text search at scale, on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Generates N articles of realistic Arabic text: sentences of the real texts in
the repository (the demo corpus, tests/extraction_corpus pages and seeds),
each article 6-14 of them with one word in five swapped for a corpus word
drawn by its frequency, so that term frequencies, phrases and clitics are
those of news text while articles differ. The same articles go into a fresh
SQLite archive and a fresh PostgreSQL database (schema at the newest revision,
rows inserted in batches with their index entries by `storage.search.index_texts`,
as `rasad search --reindex` writes them). Then, per database, over QUERIES different queries each:

- two-term queries of common words (each in 5-30 % of the articles), phrases
  of two consecutive corpus words, and "rare phrases" (two common words as a
  phrase: mostly found nowhere, the worst case), as `rasad search` runs them:
  newest first, and with --rank (relevance among the newest SEARCH_RANK_WINDOW);
- p50 and p95 latency (wall time of parse + SQL + fetching the 20 rows);
- the index's size on disk (SQLite: dbstat over the FTS5 tables; PostgreSQL:
  pg_total_relation_size of article_search, its GIN index included).

Ingest: `Archive.save_articles` (the crawler's writer: URL keys, near-duplicate
fingerprints, stories, alerts) of INGEST generated articles into a fresh
archive, with the index on and with it off (the writer's index call replaced
by a no-op), alternated over ROUNDS rounds in this run; ratio = on ÷ off.

Targets: p95 < 100 ms for every query kind on both databases; ingest ratio
>= 0.8. Exit 1 when one is missed.

    python bench/search_bench.py [--docs 1000000] [--queries 40] [--ingest 1500]
        [--rounds 2] [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]
        [--databases sqlite,postgresql] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, insert, text  # noqa: E402

from crawler.app.demo import load_articles  # noqa: E402
from crawler.core.items import ArticleItem  # noqa: E402
from crawler.core.settings import SEARCH_RANK_WINDOW  # noqa: E402
from crawler.core.text.normalize import normalize_arabic  # noqa: E402
from crawler.core.text.searchquery import parse_query  # noqa: E402
from crawler.core.text.searchtext import index_text  # noqa: E402
from storage import Archive, search  # noqa: E402
from storage.engine import writing  # noqa: E402
from storage.gate import OPEN  # noqa: E402
from storage.query import Filters  # noqa: E402
from storage.schema import articles  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 100.0
TARGET_INGEST = 0.8
BATCH = 2000
T0 = datetime(2020, 1, 1, tzinfo=UTC)
_SENTENCE = re.compile(r"(?<=[.!؟?])\s+")


def corpus_sentences() -> list[str]:
    """Sentences of the real Arabic texts in the repository."""
    paragraphs: list[str] = []
    for a in load_articles():
        if a.language == "ar":
            paragraphs += [a.title, *a.paragraphs]
    for page in sorted((ROOT / "tests/extraction_corpus/pages").glob("*.json")):
        data = json.loads(page.read_text(encoding="utf-8"))
        if data.get("language") == "ar":
            paragraphs += [data.get("title") or "", *data.get("paragraphs", [])]
    for seed in sorted((ROOT / "tests/extraction_corpus/seeds").glob("*.txt")):
        paragraphs += seed.read_text(encoding="utf-8").splitlines()
    out = [s.strip() for p in paragraphs for s in _SENTENCE.split(p)]
    return [s for s in out if len(s.split()) >= 4]


class Generator:
    def __init__(self, seed: int = 15) -> None:
        self.rng = random.Random(seed)
        self.sentences = corpus_sentences()
        words = [w for s in self.sentences for w in s.split()]
        self.words = words  # drawn uniformly = drawn by frequency

    def article(self) -> tuple[str, str]:
        rng = self.rng
        chosen = [rng.choice(self.sentences) for _ in range(rng.randint(6, 14))]
        out = []
        for s in chosen:
            out.append(" ".join(rng.choice(self.words) if rng.random() < 0.2 else w
                                for w in s.split()))
        return out[0][:120], " ".join(out[1:])


def _rows(gen: Generator, n: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for i in range(n):
        title, body = gen.article()
        seen = T0 + timedelta(minutes=i)
        batch.append({"url": f"https://bench.test/{i}", "title": title, "body": body,
                      "source": f"s{i % 40}", "hash": f"{i:064x}", "seen": seen,
                      "day": seen.date(), "text": index_text(title, body)})
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def build(url: str, docs: int, seed: int) -> float:
    """Fill a fresh archive at `url`; returns seconds taken."""
    started = time.perf_counter()
    archive = Archive.open(url)
    postgres = archive.engine.dialect.name == "postgresql"
    next_id = 1
    for batch in _rows(Generator(seed), docs):
        for row in batch:
            row["id"] = next_id
            next_id += 1
        with writing(archive.engine) as conn:
            conn.execute(insert(articles), [
                {"id": r["id"], "url": r["url"], "title": r["title"], "body": r["body"],
                 "published_date": r["day"], "language": "ar", "source": r["source"],
                 "content_hash": r["hash"], "first_seen_at": r["seen"],
                 "fetched_at": r["seen"]} for r in batch])
            search.index_texts(conn, [(r["id"], r["text"]) for r in batch])
        if next_id % 100_000 < BATCH:
            print(f"  {next_id - 1} articles ({time.perf_counter() - started:.0f} s)",
                  file=sys.stderr, flush=True)
    with archive.engine.connect() as conn:
        if postgres:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE")
        else:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    archive.close()
    return time.perf_counter() - started


def index_bytes(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            size = conn.execute(text(f"SELECT pg_total_relation_size('{search.TABLE}')"))
        else:
            size = conn.execute(text("SELECT sum(pgsize) FROM dbstat WHERE name LIKE :n"),
                                {"n": f"{search.TABLE}%"})
        out = int(size.scalar_one())
    engine.dispose()
    return out


def pick_queries(gen: Generator, n: int, docs: int) -> dict[str, list[str]]:
    """Two common words (5-30 % of articles each), and two-word phrases."""
    sample = [gen.article() for _ in range(2000)]
    df: Counter[str] = Counter()
    for title, body in sample:
        df.update(set(normalize_arabic(title + " " + body).split()))
    common = sorted(w for w, c in df.items()  # sorted: the same queries in every run
                    if 0.05 <= c / len(sample) <= 0.30 and len(w) >= 4)
    rng = random.Random(7)
    pairs = []
    for _ in range(n):
        a, b = rng.sample(common, 2)
        pairs.append(f"{a} {b}")
    phrases: list[str] = []
    while len(phrases) < n:
        words = normalize_arabic(rng.choice(gen.sentences)).split()
        i = rng.randrange(len(words) - 1)
        if len(words[i]) >= 3 and len(words[i + 1]) >= 3:
            phrases.append(f'"{words[i]} {words[i + 1]}"')
    # two common words as a phrase: mostly never adjacent, so the whole archive
    # must answer "nowhere" (a phrase check per candidate would read them all)
    rare = [f'"{a} {b}"' for a, b in (rng.sample(common, 2) for _ in range(n))]
    return {"two-term": pairs, "phrase": phrases, "rare phrase": rare}


def latencies(url: str, queries: dict[str, list[str]],
              window: int = SEARCH_RANK_WINDOW) -> dict[str, dict[str, float]]:
    archive = Archive.open(url, mode="read")
    out: dict[str, dict[str, float]] = {}
    with archive.engine.connect() as conn:
        for kind, qs in queries.items():
            for rank in (False, True):
                for q in qs[:3]:  # warm the caches
                    search.search(conn, parse_query(q), Filters(), limit=20, rank=rank,
                                  window=window)
                times, found = [], 0
                for q in qs:
                    started = time.perf_counter()
                    hits = search.search(conn, parse_query(q), Filters(), limit=20, rank=rank,
                                         window=window)
                    times.append((time.perf_counter() - started) * 1000)
                    found += len(hits)
                times.sort()
                name = f"{kind} {'--rank' if rank else 'newest'}"
                out[name] = {"p50_ms": round(statistics.median(times), 1),
                             "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
                             "max_ms": round(times[-1], 1),
                             "mean_hits": round(found / len(qs), 1)}
    archive.close()
    return out


def ingest(url_of: Callable[[str], str], n: int, rounds: int) -> dict[str, Any]:
    """Articles per second stored by the writer with the index on and off."""
    gen = Generator(99)
    now = datetime.now(UTC)
    items = []
    for i in range(n):
        title, body = gen.article()
        items.append(ArticleItem(url=f"https://ingest.test/{i}", source=f"s{i % 10}",
                                 title=title, body=body, language="ar", fetched_at=now))
    real = search.index_article
    rates: dict[str, list[float]] = {"on": [], "off": []}
    for r in range(rounds):
        for mode in ("off", "on") if r % 2 == 0 else ("on", "off"):
            search.index_article = real if mode == "on" else (lambda *a, **k: None)
            archive = Archive.open(url_of(f"{mode}{r}"))
            started = time.perf_counter()
            for i in range(0, n, 50):
                archive.save_articles([(it, [], [], OPEN)
                                       for it in items[i:i + 50]])
            rates[mode].append(n / (time.perf_counter() - started))
            archive.close()
    search.index_article = real
    on, off = statistics.median(rates["on"]), statistics.median(rates["off"])
    return {"on_per_s": round(on, 1), "off_per_s": round(off, 1), "ratio": round(on / off, 3)}


def _pg_database(base: str, name: str) -> str:
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return base.rsplit("/", 1)[0] + f"/{name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--ingest", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--databases", default="sqlite,postgresql",
                        help="Which to measure (comma-separated).")
    parser.add_argument("--keep", help="Build the SQLite archive in this folder (kept).")
    parser.add_argument("--reuse", action="store_true", help="Measure the archives an "
                        "earlier run built (--keep DIR, database rasad_search_bench) again.")
    parser.add_argument("--window", type=int, default=SEARCH_RANK_WINDOW,
                        help="--rank scores the newest this-many matches (default: the setting).")
    parser.add_argument("--no-ingest", action="store_true", help="Skip the ingest rates.")
    args = parser.parse_args()
    report: dict[str, Any] = {"docs": args.docs}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        gen = Generator(15)
        queries = pick_queries(gen, args.queries, args.docs)
        wanted = args.databases.split(",")
        dbs = {}
        if "sqlite" in wanted:
            dbs["sqlite"] = f"sqlite:///{folder}/search_bench.db"
        if "postgresql" in wanted:
            dbs["postgresql"] = (args.pg.rsplit("/", 1)[0] + "/rasad_search_bench"
                                 if args.reuse else _pg_database(args.pg, "rasad_search_bench"))
        for name, url in dbs.items():
            built = 0.0
            if not args.reuse:
                print(f"{name}: building {args.docs} articles", file=sys.stderr, flush=True)
                built = build(url, args.docs, 15)
            report[name] = {"build_s": round(built, 1), "index_mb": round(
                index_bytes(url) / 2**20, 1), "window": args.window,
                             "queries": latencies(url, queries, args.window)}
            print(json.dumps({name: report[name]}, ensure_ascii=False), file=sys.stderr,
                  flush=True)
        for name in [] if args.no_ingest else dbs:
            def url_of(tag: str, name: str = name) -> str:
                if name == "sqlite":
                    return f"sqlite:///{folder}/ingest_{tag}.db"
                return _pg_database(args.pg, f"rasad_ingest_{tag}")
            report[name]["ingest"] = ingest(url_of, args.ingest, args.rounds)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    worst = max(q["p95_ms"] for n in dbs for q in report[n]["queries"].values())
    low = min((report[n]["ingest"]["ratio"] for n in dbs if "ingest" in report[n]),
              default=1.0)
    ok = worst < TARGET_P95_MS and low >= TARGET_INGEST
    print(f"worst p95 {worst} ms (target < {TARGET_P95_MS}); ingest ratio {low} "
          f"(target >= {TARGET_INGEST}): {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
