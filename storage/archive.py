"""The archive: the only place that talks SQL. Portable Core statements only.

An article and the alerts it fires are written in one transaction (a
transactional outbox): a crash can never store an article and lose its alert.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from crawler.core.items import ArticleItem
from crawler.core.text.minhash import fingerprint_of, shingles
from crawler.core.text.normalize import fold_whitespace
from storage import neardup, sametext, schema, search, urlkeys
from storage.engine import (
    ArchiveUnavailable,
    StorageError,
    describe,
    display_url,
    make_engine,
    sqlite_path,
    unwritable,
    writing,
)
from storage.gate import OPEN, AlertGate, fire
from storage.migrate import ensure_schema
from storage.schema import alerts, articles, deliveries, new_id, stories, utcnow
from storage.versions import keep_version

__all__ = ["Archive", "ArchiveUnavailable", "PendingDelivery", "SaveArgs", "SaveResult",
           "StorageError", "make_engine"]

SaveStatus = Literal["new", "updated", "unchanged"]
OPEN_ATTEMPTS = 3


# Hot-path statements, built once: executing a prebuilt statement with parameters
# skips SQLAlchemy's per-call construction and reuses its compiled form.
_INSERT_ARTICLE = insert(articles)
_INSERT_STORY = insert(stories)
_SET_FIRST_ARTICLE = (update(stories).where(stories.c.id == bindparam("sid"))
                      .values(first_article_id=bindparam("aid")))
_STORY_OF_HASH = (select(articles.c.story_id)
                  .where(articles.c.content_hash == bindparam("digest")).limit(1))
Mode = Literal["write", "read"]


@dataclass(frozen=True)
class SaveResult:
    status: SaveStatus
    article_id: int
    story_id: int
    alerts: int
    suppressed: int = 0  # alerts the gate held back (storage/gate.py) ...
    suppressed_why: str | None = None  # ... and why: `too_old`, `no_alerts`


# What one article's save takes: the item, the rule matches, the channel names
# and the gate that says whether its matches may fire (storage/gate.py).
SaveArgs = tuple[ArticleItem, Sequence[Any], Sequence[str], AlertGate]


@dataclass(frozen=True)
class PendingDelivery:
    delivery_id: int
    channel: str
    attempts: int
    alert_id: int
    alert_key: str
    rule: str
    matched: list[str]
    snippet: str
    created_at: datetime
    article: dict[str, Any]  # url, title, source, published_at, published_date, language, body


def content_hash(body: str) -> str:
    return hashlib.sha256(fold_whitespace(body).encode("utf-8")).hexdigest()




_WRITE_PRIVILEGES = text(
    "SELECT current_user, t.name FROM unnest(CAST(:tables AS text[])) AS t(name) "
    "WHERE NOT (has_table_privilege(t.name, 'INSERT') "
    "AND has_table_privilege(t.name, 'UPDATE')) ORDER BY t.name")


def _missing_privileges(conn: Connection) -> str:
    """Why this PostgreSQL role cannot crawl into the archive (a read-only role:
    no INSERT or UPDATE on a Rasad table), or ''."""
    names = sorted(schema.metadata.tables)
    rows = conn.execute(_WRITE_PRIVILEGES, {"tables": names}).all()
    if not rows:
        return ""
    tables = ", ".join(r.name for r in rows[:3]) + (", …" if len(rows) > 3 else "")
    return (f"the role {rows[0].current_user} may not write its tables ({tables}: no "
            "INSERT or UPDATE); a read-only role can read it (`rasad status`, SQL), not crawl")


class Archive:
    """Opened once per process or crawl; every method is one short transaction."""

    deliveries_table = deliveries  # the outbox's delivery table (storage.leases)

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        self.url = url
        self.readonly = readonly
        self.engine = make_engine(url, readonly=readonly)
        self.shingle_sets = neardup.ShingleSets()

    @classmethod
    def open(cls, url: str, mode: Mode = "write") -> Archive:
        """The archive at `url`, at the newest schema revision.

        `write` (crawls, the scheduler, delivery) creates a missing archive and
        upgrades an older one (storage/migrate.py). `read` (status, listings)
        never creates a file, runs DDL or writes: a missing or older archive is
        a one-line `StorageError` (naming `rasad db upgrade` for an older one).
        """
        archive = cls(url, readonly=mode == "read")
        for attempt in range(1, OPEN_ATTEMPTS + 1):
            try:
                archive.create()
                return archive
            except Exception as exc:
                # a connection the server dropped meanwhile (a PostgreSQL restart)
                # is tried again, a second later
                cause = exc.__cause__ or exc.__context__
                lost = isinstance(cause, DBAPIError) and cause.connection_invalidated
                if attempt == OPEN_ATTEMPTS or not lost:
                    archive.close()
                    raise
            time.sleep(1.0)
        return archive

    def _failure(self, exc: BaseException, doing: str) -> StorageError:
        return describe(exc, self.display_url, sqlite_path(self.url), doing)

    def create(self) -> None:
        """Bring the schema to the newest revision (readers: check it is there)."""
        try:
            ensure_schema(self.engine, self.url, readonly=self.readonly)
        except (OperationalError, OSError) as exc:
            raise self._failure(exc, "read" if self.readonly else "open") from None
        if not self.readonly:
            self.check_writable()

    def check_writable(self) -> None:
        """A crawl must not start on an archive that refuses writes: a read-only
        file or folder (SQLite, by its permissions) or a read-only database
        (`transaction_read_only` on PostgreSQL). Writes nothing: every open pays it."""
        path = sqlite_path(self.url)
        reason = unwritable(path) if path is not None else ""
        if path is None and self.engine.dialect.name == "postgresql":
            try:
                with self.engine.connect() as conn:
                    if conn.execute(text("SHOW transaction_read_only")).scalar() == "on":
                        reason = "the database is read-only (transaction_read_only is on)"
                    else:
                        reason = _missing_privileges(conn)
            except SQLAlchemyError as exc:
                raise self._failure(exc, "open") from None
        if reason:
            raise StorageError(f"cannot write archive {self.display_url}: {reason}")

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    def close(self) -> None:
        self.engine.dispose()

    # -- articles -------------------------------------------------------------
    def save_article(
        self, item: ArticleItem, matches: Sequence[Any], channels: Sequence[str],
        gate: AlertGate = OPEN,
    ) -> SaveResult:
        """Insert or update one article and, atomically, the alerts it fires.

        The row is found by the key of the canonical URL, else of the fetched
        URL (`storage.urlkeys`); the requested URL (before redirects) is only
        recorded. A changed text keeps the old one in `article_versions`.
        """
        with writing(self.engine) as conn, search.batched(conn):
            return self._save(conn, item, matches, channels, gate)

    def save_articles(self, batch: Sequence[SaveArgs]) -> list[SaveResult | StorageError]:
        """`save_article` for each (item, matches, channels), in one transaction.

        One commit for many articles is what makes a busy crawl's writes cheap
        (each commit rewrites the same index pages). Each article still goes in
        whole with its alerts or not at all: when the batch fails, every article
        is tried again in a transaction of its own, so one bad article costs only
        itself; its place in the answer holds the error.
        """
        if len(batch) > 1:
            try:
                with writing(self.engine) as conn, search.batched(conn):
                    return [self._save(conn, *args) for args in batch]
            except SQLAlchemyError:
                pass  # retried one by one below, to find the article that fails
        results: list[SaveResult | StorageError] = []
        for args in batch:
            try:
                results.append(self.save_article(*args))
            except SQLAlchemyError as exc:
                results.append(StorageError(f"could not store {args[0].url}: {exc}"))
        return results

    def _save(self, conn: Connection, item: ArticleItem, matches: Sequence[Any],
              channels: Sequence[str], gate: AlertGate = OPEN) -> SaveResult:
        digest = content_hash(item.body)
        now = utcnow()
        own = urlkeys.keys_of([item.url, item.fetched_url])
        redirect = urlkeys.keys_of([item.requested_url])
        known = urlkeys.lookup(conn, own + redirect)
        found = self._find(known, item)
        if found is None:  # URL noise the rules cannot know: the same text is the same article
            found = sametext.same_text_article(conn, item.source, digest)
        first_seen = now
        if found is None:
            status: SaveStatus = "new"
            article_id, story_id = self._insert_new(conn, item, digest, now)
        else:
            status, article_id, story_id, first_seen = self._update(
                conn, found, item, digest, now)
        urlkeys.add(conn, article_id, own, redirect, known)
        if status == "unchanged":
            return SaveResult(status, article_id, story_id, 0)
        fired, held, why = fire(conn, item, article_id, story_id, matches, channels,
                                gate=gate, first_seen=first_seen, now=now)
        return SaveResult(status, article_id, story_id, fired, held, why)

    @staticmethod
    def _find(known: dict[str, int], item: ArticleItem) -> int | None:
        """The oldest article the canonical URL's key leads to, else the fetched URL's."""
        for url in (item.url, item.fetched_url):
            ids = [known[k] for k in urlkeys.keys_of([url]) if k in known]
            if ids:
                return min(ids)
        return None

    def _insert_new(self, conn: Connection, item: ArticleItem, digest: str,
                    now: datetime) -> tuple[int, int]:
        bands, mine = self._fingerprint(item, digest)
        story_id, new_story = self._story_for(conn, digest, item, now, bands, mine)
        article_id = new_id(conn.execute(_INSERT_ARTICLE, {
            **self._article_values(item, digest), "url": item.url, "story_id": story_id,
            "first_seen_at": now, "updated_at": None}))
        if new_story:
            conn.execute(_SET_FIRST_ARTICLE, {"sid": story_id, "aid": article_id})
        neardup.index_article(conn, article_id, bands, new=True)
        search.index_article(conn, article_id, item.title, item.body)
        return article_id, story_id

    def _update(self, conn: Connection, article_id: int, item: ArticleItem, digest: str,
                now: datetime) -> tuple[SaveStatus, int, int, datetime]:
        row = conn.execute(select(articles.c.story_id, articles.c.content_hash,
                                  articles.c.first_seen_at)
                           .where(articles.c.id == article_id)).one()
        if row.content_hash == digest:
            conn.execute(update(articles).where(articles.c.id == article_id)
                         .values(fetched_at=item.fetched_at))
            return "unchanged", article_id, row.story_id, row.first_seen_at
        keep_version(conn, article_id, now)
        conn.execute(update(articles).where(articles.c.id == article_id).values(
            **self._article_values(item, digest), updated_at=now))
        neardup.index_article(conn, article_id, self._fingerprint(item, digest)[0])
        search.index_article(conn, article_id, item.title, item.body)
        return "updated", article_id, row.story_id, row.first_seen_at

    def _fingerprint(self, item: ArticleItem, digest: str
                     ) -> tuple[list[int], neardup.ShingleIds]:
        """A new or changed text's LSH band keys and shingle hashes (the latter
        also remembered for verifying later copies against it). Unchanged
        re-fetches never get here: they cost no shingling."""
        shingle_set = shingles(item.body)
        ids = self.shingle_sets.put(digest, neardup.ShingleSets.of(shingle_set))
        return fingerprint_of(shingle_set), ids

    @staticmethod
    def _article_values(item: ArticleItem, digest: str) -> dict[str, Any]:
        """Everything but the URL: a row keeps the URL it was first stored under."""
        return {
            "title": item.title, "body": item.body,
            "published_at": item.published_at, "published_date": item.published_date,
            "date_precision": item.date_precision, "date_source": item.date_source,
            "author": item.author, "author_kind": item.author_kind, "credit": item.credit,
            "language": item.language, "source": item.source,
            "content_hash": digest, "fetched_at": item.fetched_at,
        }

    def _story_for(self, conn: Connection, digest: str, item: ArticleItem, now: datetime,
                   bands: Sequence[int], mine: neardup.ShingleIds) -> tuple[int, bool]:
        """(story, is new): an exact copy's, else a verified near-duplicate's, else new."""
        same = conn.execute(_STORY_OF_HASH, {"digest": digest}).scalar()
        if same is not None:
            return int(same), False
        near = neardup.find_story(conn, mine, bands, self.shingle_sets)
        if near is not None:
            return near.story_id, False
        return new_id(conn.execute(_INSERT_STORY, {
            "first_source": item.source, "first_seen_at": now, "first_article_id": None,
        })), True

    def known_urls(self, source: str | None = None) -> set[str]:
        q = select(articles.c.url)
        if source is not None:
            q = q.where(articles.c.source == source)
        with self.engine.connect() as conn:
            return set(conn.execute(q).scalars())

    # -- deliveries -----------------------------------------------------------
    def pending_deliveries(
        self, now: datetime, channels: Iterable[str] | None = None
    ) -> list[PendingDelivery]:
        q = (
            select(deliveries.c.id, deliveries.c.channel, deliveries.c.attempts,
                   alerts.c.id.label("alert_id"), alerts.c.key, alerts.c.rule,
                   alerts.c.matched, alerts.c.snippet, alerts.c.created_at,
                   articles.c.url, articles.c.title, articles.c.source,
                   articles.c.published_at, articles.c.published_date, articles.c.language,
                   articles.c.body)
            .join(alerts, alerts.c.id == deliveries.c.alert_id)
            .join(articles, articles.c.id == alerts.c.article_id)
            .where(deliveries.c.status == "pending")
            .where((deliveries.c.next_attempt_at.is_(None))
                   | (deliveries.c.next_attempt_at <= now))
            .order_by(deliveries.c.id)
        )
        if channels is not None:
            q = q.where(deliveries.c.channel.in_(list(channels)))
        with self.engine.connect() as conn:
            rows = conn.execute(q).all()
        return [
            PendingDelivery(
                delivery_id=r.id, channel=r.channel, attempts=r.attempts, alert_id=r.alert_id,
                alert_key=r.key, rule=r.rule, matched=list(r.matched), snippet=r.snippet,
                created_at=r.created_at,
                article={"url": r.url, "title": r.title, "source": r.source,
                         "published_at": r.published_at,
                         "published_date": r.published_date, "language": r.language,
                         "body": r.body},
            )
            for r in rows
        ]

    def record_attempt(self, delivery_id: int, *, ok: bool, error: str | None,
                       now: datetime, next_attempt_at: datetime | None, dead: bool) -> None:
        with self.engine.begin() as conn:
            schema.record_attempt(conn, deliveries, delivery_id, ok=ok, error=error, now=now,
                                  next_attempt_at=next_attempt_at, dead=dead)

    def recent_alerts(self, limit: int = 100) -> list[dict[str, Any]]:
        """Newest alerts first, with their article."""
        q = (select(alerts.c.key, alerts.c.rule, alerts.c.matched, alerts.c.snippet,
                    alerts.c.created_at, articles.c.url, articles.c.title, articles.c.source,
                    articles.c.published_at)
             .join(articles, articles.c.id == alerts.c.article_id)
             .order_by(alerts.c.id.desc()).limit(limit))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def count(self, table_name: str, **where: Any) -> int:
        table = schema.metadata.tables[table_name]
        q = select(func.count()).select_from(table)
        for col, val in where.items():
            q = q.where(table.c[col] == val)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())
