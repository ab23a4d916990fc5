"""The archive's Arabic full-text index and the searches run on it.

The index holds each article's title and body as index forms
(crawler/core/text/searchtext.py: `normalize_arabic`, then proclitics
stripped as the alert matcher strips them), one row per article:

- SQLite: the FTS5 table `article_search(text)`, rowid = `articles.id`;
- PostgreSQL: the table `article_search(article_id, tsv)`, `tsv` a stored
  `tsvector` of the index forms with their positions (for phrases), built
  here rather than by PostgreSQL's parser, under a GIN index;
- both: `article_search_terms`, every word the index holds. A query word is
  looked up as the indexed words the matcher's proclitics and suffixes allow
  (one lookup for the whole query), so the full-text engines see exact words:
  FTS5 reads their doclists lazily, newest first, and stops at the limit
  (a prefix query would merge every matching doclist first), and PostgreSQL
  compares exact lexemes it has statistics for.

The writer indexes an article when it stores or changes it (`index_article`,
storage/archive.py), in the same transaction (`batched`: once per batch). A
trigger on `articles` drops the entry of a deleted article and of one whose
title or body is changed by other means (plain SQL), so the index never finds
text an article no longer has; `rasad search --reindex` (`rebuild`) indexes
everything again.

Searches are newest first: newest in the archive, by `articles.id` (the order
Rasad stored them in), which both indexes serve without scoring anything.
Relevance (`rank=True`: FTS5's bm25, PostgreSQL's ts_rank) is computed only
for the newest `SEARCH_RANK_WINDOW` matches, so its cost is bounded however
common the words are. The query is always a bound parameter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import product
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.exc import DBAPIError

from crawler.core.settings import SEARCH_RANK_WINDOW
from crawler.core.text.searchquery import MAX_VARIANTS, All, AnyOf, Node, QueryError, Terms
from crawler.core.text.searchtext import expansions, index_text
from storage import query
from storage.schema import articles

TABLE = "article_search"
REBUILD_BATCH = 500
_SAFE = re.compile(r"^\w+$")  # index forms: letters and digits only (normalize_arabic)
TERMS = f"{TABLE}_terms"  # every word the index holds, for looking query words up
TABLES = (TABLE, TERMS)  # what the README's "Archive schema" documents of the index
_FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")


def is_index_table(name: str) -> bool:
    """Whether a table of the archive belongs to the search index (made by
    migration 0005 and `create_index`, not by storage/schema.py): its tables
    and, on SQLite, FTS5's shadow tables."""
    return name in TABLES or name in {f"{TABLE}_{s}" for s in _FTS5_SHADOWS}
MAX_POSITION = 16383  # PostgreSQL's largest tsvector position (later words share it)
MAX_POSITIONS = 256  # positions PostgreSQL keeps per word and article

_SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "text, tokenize = 'unicode61 remove_diacritics 0')",
    f"CREATE TABLE IF NOT EXISTS {TERMS} (term TEXT PRIMARY KEY) WITHOUT ROWID",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON articles "
    f"BEGIN DELETE FROM {TABLE} WHERE rowid = old.id; END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_stale AFTER UPDATE OF title, body ON articles "
    f"BEGIN DELETE FROM {TABLE} WHERE rowid = old.id; END",
]
_POSTGRES_DDL = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (article_id INTEGER PRIMARY KEY "
    "REFERENCES articles (id) ON DELETE CASCADE, tsv TSVECTOR NOT NULL)",
    # inline (compressed) rather than in TOAST: checking a row's tsvector, as a
    # newest-first scan does, then reads no second table (measured ~40 % faster)
    f"ALTER TABLE {TABLE} ALTER COLUMN tsv SET STORAGE MAIN",
    f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_tsv ON {TABLE} USING gin (tsv)",
    f'CREATE TABLE IF NOT EXISTS {TERMS} (term TEXT COLLATE "C" PRIMARY KEY)',
    f"CREATE OR REPLACE FUNCTION {TABLE}_stale() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN DELETE FROM {TABLE} WHERE article_id = OLD.id; RETURN NULL; END $$",
    f"DROP TRIGGER IF EXISTS {TABLE}_stale ON articles",
    f"CREATE TRIGGER {TABLE}_stale AFTER UPDATE OF title, body ON articles "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_stale()",
]


def _postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def create_index(conn: Connection) -> None:
    """Create the (empty) index tables and their triggers, when missing."""
    for ddl in _POSTGRES_DDL if _postgres(conn) else _SQLITE_DDL:
        conn.exec_driver_sql(ddl)
    if _postgres(conn):
        try:  # lz4 decompresses faster than pglz; a server built without it keeps pglz
            with conn.begin_nested():
                conn.exec_driver_sql(f"ALTER TABLE {TABLE} ALTER COLUMN tsv SET COMPRESSION lz4")
        except DBAPIError:
            pass


def drop_index(conn: Connection) -> None:
    if _postgres(conn):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TABLE}_stale ON articles")
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {TABLE}_stale()")
    else:
        for name in ("delete", "stale"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TERMS}")
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")


PAIR = "_"  # joins two adjacent index forms into one lexeme (never in a form)


def tsvector_text(words: list[str]) -> str:
    """A tsvector literal of index forms with their positions (built here, not by
    PostgreSQL's text parser, so the lexemes are exactly the index forms), and
    of each two adjacent forms as one lexeme `a_b` at the first one's position:
    a phrase is then found in the GIN index itself, not by re-checking the
    positions of every article that has all its words."""
    positions: dict[str, list[int]] = {}
    pairs = [f"{a}{PAIR}{b}" for a, b in zip(words, words[1:], strict=False)]
    for i, word in [*enumerate(words, start=1), *enumerate(pairs, start=1)]:
        at = positions.setdefault(word, [])
        if len(at) < MAX_POSITIONS and (not at or at[-1] < MAX_POSITION):
            at.append(min(i, MAX_POSITION))
    return " ".join(f"'{w}':{','.join(map(str, at))}" for w, at in positions.items())


_PG_UPSERT = text(
    f"INSERT INTO {TABLE} (article_id, tsv) VALUES (:id, CAST(:tsv AS tsvector)) "
    "ON CONFLICT (article_id) DO UPDATE SET tsv = excluded.tsv")
_PG_TERMS = text(f"INSERT INTO {TERMS} (term) SELECT unnest(CAST(:terms AS text[])) "
                 "ON CONFLICT DO NOTHING")
_SQLITE_DELETE = text(f"DELETE FROM {TABLE} WHERE rowid = :id")
_SQLITE_INSERT = text(f"INSERT INTO {TABLE} (rowid, text) VALUES (:id, :text)")
_SQLITE_TERMS = text(f"INSERT OR IGNORE INTO {TERMS} (term) VALUES (:t)")


def index_texts(conn: Connection, rows: list[tuple[int, str]]) -> None:
    """(Re)index articles given as (id, `index_text`), in the caller's transaction."""
    if not rows:
        return
    terms: set[str] = set()
    if _postgres(conn):
        params = []
        for article_id, words in rows:
            split = words.split()
            terms.update(split)
            params.append({"id": article_id, "tsv": tsvector_text(split)})
        conn.execute(_PG_UPSERT, params)
        conn.execute(_PG_TERMS, {"terms": sorted(terms)})
        return
    for _, words in rows:
        terms.update(words.split())
    conn.execute(_SQLITE_DELETE, [{"id": i} for i, _ in rows])
    conn.execute(_SQLITE_INSERT, [{"id": i, "text": t} for i, t in rows])
    conn.execute(_SQLITE_TERMS, [{"t": t} for t in sorted(terms)])


def index_articles(conn: Connection, rows: list[tuple[int, str, str]]) -> None:
    """(Re)index articles given as (id, title, body), in the caller's transaction."""
    index_texts(conn, [(i, index_text(title, body)) for i, title, body in rows])


_PENDING = "rasad_search_pending"


def index_article(conn: Connection, article_id: int, title: str, body: str) -> None:
    """Index one stored or changed article: at once, or inside `batched` when
    the batch's transaction ends."""
    pending = conn.info.get(_PENDING)
    if pending is None:
        index_articles(conn, [(article_id, title, body)])
    else:
        pending[article_id] = (title, body)  # an article saved twice: its last text


@contextmanager
def batched(conn: Connection) -> Iterator[None]:
    """Index the articles `index_article` is given inside this block in one go
    as it ends (one vocabulary insert for the batch's distinct words, not one
    per article). An exception indexes nothing: the transaction is rolled back."""
    pending: dict[int, tuple[str, str]] = {}
    conn.info[_PENDING] = pending
    try:
        yield
        conn.info.pop(_PENDING, None)
        index_articles(conn, [(i, t, b) for i, (t, b) in pending.items()])
    finally:
        conn.info.pop(_PENDING, None)


def rebuild(conn: Connection, batch: int = REBUILD_BATCH) -> int:
    """Index every article again (after an upgrade, or `rasad search --reindex`);
    returns how many. Reads in id order, `batch` articles at a time."""
    conn.exec_driver_sql(f"DELETE FROM {TABLE}")
    conn.exec_driver_sql(f"DELETE FROM {TERMS}")
    done, last = 0, 0
    q = (select(articles.c.id, articles.c.title, articles.c.body)
         .where(articles.c.id > bindparam("last")).order_by(articles.c.id).limit(batch))
    while True:
        rows = [(r.id, r.title, r.body) for r in conn.execute(q, {"last": last})]
        if not rows:
            return done
        index_articles(conn, rows)
        done += len(rows)
        last = rows[-1][0]


def indexed(conn: Connection) -> int:
    """How many articles the index holds."""
    return int(conn.exec_driver_sql(f"SELECT count(*) FROM {TABLE}").scalar_one())


# -- query syntax -----------------------------------------------------------------
def _checked(form: str) -> str:
    if not _SAFE.match(form):  # never: forms come from normalize_arabic
        raise ValueError(f"not an index form: {form!r}")
    return form


Words = dict[tuple[str, ...], tuple[str, ...]]  # lookup forms -> the indexed words they stand for
# one bound parameter for all the candidates: an array, or a JSON list on SQLite
_KNOWN_PG = text(f"SELECT term FROM {TERMS} WHERE term = ANY(CAST(:terms AS text[]))")
_KNOWN_SQLITE = text(f"SELECT term FROM {TERMS} WHERE term IN "
                     "(SELECT value FROM json_each(:terms))")


def _forms_of(node: Node) -> list[tuple[str, ...]]:
    if isinstance(node, Terms):
        return list(node.words)
    parts = list(node.parts) + (list(node.excluded) if isinstance(node, All) else [])
    return [f for p in parts for f in _forms_of(p)]


def indexed_words(conn: Connection, node: Node) -> Words:
    """Each query word's lookup forms -> the words of the index they stand for
    (`expansions` that the index holds), in one lookup."""
    wanted = {forms: expansions(forms) for forms in _forms_of(node)}
    candidates = sorted(set().union(*wanted.values()))
    if _postgres(conn):
        known = set(conn.execute(_KNOWN_PG, {"terms": candidates}).scalars())
    else:
        known = set(conn.execute(_KNOWN_SQLITE, {"terms": json.dumps(candidates)}).scalars())
    return {forms: tuple(sorted(words & known)) or forms[:1]  # none: a word not indexed
            for forms, words in wanted.items()}


def _variants(node: Terms, words: Words) -> list[tuple[str, ...]]:
    found = [words.get(forms) or forms[:1] for forms in node.words]
    if _product(len(w) for w in found) > MAX_VARIANTS:
        raise QueryError(f"phrase {node.written!r} has too many spellings in this archive "
                         f"(more than {MAX_VARIANTS} combinations): shorten it")
    return [tuple(_checked(w) for w in ws) for ws in found]


def _product(sizes: Iterable[int]) -> int:
    out = 1
    for n in sizes:
        out *= n
    return out


def fts5_query(node: Node, words: Words) -> str:
    """The FTS5 MATCH expression of a parsed query: exact indexed words, which
    FTS5 reads lazily, newest first, stopping at the limit."""
    if isinstance(node, Terms):
        variants = _variants(node, words)
        combos = product(*variants)
        return "(" + " OR ".join(" + ".join(f'"{w}"' for w in c) for c in combos) + ")"
    if isinstance(node, AnyOf):
        return "(" + " OR ".join(fts5_query(p, words) for p in node.parts) + ")"
    out = "(" + " AND ".join(fts5_query(p, words) for p in node.parts) + ")"
    for excluded in node.excluded:
        out = f"({out} NOT {fts5_query(excluded, words)})"
    return out


def tsquery(node: Node, words: Words) -> str:
    """The PostgreSQL tsquery (literal syntax) of a parsed query: exact lexemes."""
    if isinstance(node, Terms):
        variants = _variants(node, words)
        if len(variants) == 1:
            return "(" + " | ".join(f"'{w}'" for w in variants[0]) + ")"
        # a phrase: its adjacent pairs, each pair lexeme one position after the last
        pairs = [" | ".join(f"'{a}{PAIR}{b}'" for a, b in product(left, right))
                 for left, right in zip(variants, variants[1:], strict=False)]
        return "(" + " <-> ".join(f"({p})" for p in pairs) + ")"
    if isinstance(node, AnyOf):
        return "(" + " | ".join(tsquery(p, words) for p in node.parts) + ")"
    assert isinstance(node, All)
    parts = [tsquery(p, words) for p in node.parts] + [
        f"!{tsquery(e, words)}" for e in node.excluded]
    return "(" + " & ".join(parts) + ")"


# -- searching ----------------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    id: int
    url: str
    title: str
    source: str
    published_at: datetime | None
    published_date: date | None
    first_seen_at: datetime
    body: str
    score: float | None  # relevance, with rank=True: higher is better


_COLUMNS = (articles.c.id, articles.c.url, articles.c.title, articles.c.source,
            articles.c.published_at, articles.c.published_date, articles.c.first_seen_at,
            articles.c.body)


def _matches(conn: Connection, node: Node) -> tuple[Any, Any, Any, Any]:
    """(the index table, its article-id column, the match condition, the score)."""
    words = indexed_words(conn, node)
    if _postgres(conn):
        fts = table(TABLE, column("article_id", Integer), column("tsv"))
        tsq = cast(bindparam("q", tsquery(node, words)), TSQUERY)
        return fts, fts.c.article_id, fts.c.tsv.op("@@")(tsq), func.ts_rank(fts.c.tsv, tsq)
    fts = table(TABLE, column("rowid", Integer))
    match = text(f"{TABLE} MATCH :q").bindparams(q=fts5_query(node, words))
    return fts, fts.c.rowid, match, -literal_column(f"bm25({TABLE})")  # bm25: lower is better


def search_query(conn: Connection, node: Node, filters: query.Filters, *, limit: int,
                 rank: bool = False, window: int = SEARCH_RANK_WINDOW) -> Select[Any]:
    """The SELECT of one search: newest first, or (rank) by relevance among the
    newest `window` matches."""
    fts, fid, cond, score = _matches(conn, node)
    joined = fts.join(articles, articles.c.id == fid)
    if not rank:
        q = select(*_COLUMNS, literal_column("NULL").label("score")).select_from(joined)
        return query.apply(q.where(cond), filters).order_by(fid.desc()).limit(limit)
    newest = query.apply(select(fid.label("hit_id"), score.label("score"))
                         .select_from(joined).where(cond), filters)
    w = newest.order_by(fid.desc()).limit(window).subquery("newest")
    return (select(*_COLUMNS, w.c.score).select_from(w.join(articles,
                                                            articles.c.id == w.c.hit_id))
            .order_by(w.c.score.desc(), articles.c.id.desc()).limit(limit))


def search(conn: Connection, node: Node, filters: query.Filters, *, limit: int,
           rank: bool = False, window: int = SEARCH_RANK_WINDOW) -> list[Hit]:
    if _postgres(conn):
        return _search_postgres(conn, node, filters, limit=limit, rank=rank, window=window)
    rows = conn.execute(search_query(conn, node, filters, limit=limit, rank=rank,
                                     window=window))
    return _hits(rows)


def _hits(rows: Any) -> list[Hit]:
    return [Hit(r.id, r.url, r.title, r.source, r.published_at, r.published_date,
                r.first_seen_at, r.body, None if r.score is None else float(r.score))
            for r in rows]


PROBE_IDS = 2000  # PostgreSQL: the newest articles checked row by row first
SCAN_BUDGET = 20_000  # ... and at most about this many more before the GIN index


def _search_postgres(conn: Connection, node: Node, filters: query.Filters, *, limit: int,
                     rank: bool, window: int) -> list[Hit]:
    """Newest first on PostgreSQL, whatever the words' frequency: the planner
    cannot tell a phrase of common words that is rare (scan newest first and
    it reads every row) from a common one. So the newest PROBE_IDS articles
    are checked row by row; their share of matches says how many more rows the
    rest would take: up to SCAN_BUDGET, they are scanned newest first too
    (common words end here, within milliseconds); beyond, the older articles
    are searched through the GIN index alone (a MATERIALIZED CTE, never a
    newest-first scan), which is quick because the matches are then rare.
    Ranking scores only the newest `window` matches found so."""
    need = window if rank else limit
    # plans for these values: the driver prepares a statement run 5 times, and
    # PostgreSQL's generic plan for it knows neither the words nor the window
    conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")
    fts, fid, cond, score = _matches(conn, node)
    joined = fts.join(articles, articles.c.id == fid)
    hi = conn.execute(select(func.max(fid))).scalar() or 0
    lo = hi - PROBE_IDS
    ids_q = query.apply(select(fid).select_from(joined).where(cond), filters)
    ids = list(conn.execute(ids_q.where(fid > lo).order_by(fid.desc()).limit(need)).scalars())
    while len(ids) < need and lo > 0:
        rows_needed = (need - len(ids)) * (hi - lo) / max(len(ids), 0.5)
        if rows_needed > SCAN_BUDGET:
            older = ids_q.where(fid <= lo).cte("older").prefix_with("MATERIALIZED")
            ids += conn.execute(select(older.c.article_id).order_by(older.c.article_id.desc())
                                .limit(need - len(ids))).scalars()
            break
        step = int(rows_needed * 1.5) + PROBE_IDS
        ids += conn.execute(ids_q.where(fid > lo - step, fid <= lo).order_by(fid.desc())
                            .limit(need - len(ids))).scalars()
        lo -= step
    if not ids:
        return []
    if not rank:
        rows = conn.execute(select(*_COLUMNS, literal_column("NULL").label("score"))
                            .where(articles.c.id.in_(ids)).order_by(articles.c.id.desc()))
        return _hits(rows)
    # scored on the index alone (the window as one array parameter), then the
    # few articles shown are read
    in_window = text(f"{TABLE}.article_id = ANY(:ids)").bindparams(ids=ids)
    best = conn.execute(select(fid, score.label("score")).where(in_window)
                        .order_by(score.desc(), fid.desc()).limit(limit)).all()
    scores = {r.article_id: r.score for r in best}
    rows = conn.execute(select(*_COLUMNS, literal_column("NULL").label("score"))
                        .where(articles.c.id.in_(list(scores))))
    hits = {h.id: h for h in _hits(rows)}
    return [replace(hits[i], score=float(scores[i])) for i in scores]
