"""What the next crawl needs to know to fetch less: HTTP validators of feeds and
sitemaps (conditional GET) and when each known article was last fetched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, Engine, String, Table, Text, select

from storage.schema import UTCDateTime, articles, metadata, utcnow
from storage.upsert import insert_or_update
from storage.urlkeys import article_urls, keys_of

fetch_state = Table(
    "fetch_state",
    metadata,
    Column("url", String(600), primary_key=True),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("checked_at", UTCDateTime, nullable=False),
)


@dataclass(frozen=True)
class Validators:
    etag: str | None
    last_modified: str | None


class CrawlState:
    """One per crawl; short read/write transactions on the archive's engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def validators(self, url: str) -> Validators | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(fetch_state.c.etag, fetch_state.c.last_modified)
                               .where(fetch_state.c.url == url[:600])).first()
        return Validators(row.etag, row.last_modified) if row is not None else None

    def save_validators(self, url: str, found: Validators) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert_or_update(conn, fetch_state, ["url"], lambda new: {
                "etag": new.etag, "last_modified": new.last_modified,
                "checked_at": new.checked_at}), {
                "url": url[:600], "etag": found.etag, "last_modified": found.last_modified,
                "checked_at": utcnow()})

    def last_fetched(self, url: str) -> datetime | None:
        """When the article at any variant of `url` was last fetched (None when unknown,
        or known only as a redirect's starting point)."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(articles.c.fetched_at)
                .join(article_urls, article_urls.c.article_id == articles.c.id)
                .where(article_urls.c.url_key.in_(keys_of([url])))
                .where(article_urls.c.redirect.is_(False)).limit(1)).scalar()

    def last_fetched_many(self, urls: list[str]) -> dict[str, datetime | None]:
        """`last_fetched` for many URLs in one query (URL -> time or None)."""
        key_of = {u: key for u in urls for key in keys_of([u])}
        found: dict[str, datetime] = {}
        with self.engine.connect() as conn:
            for chunk in range(0, len(key_of), 500):
                keys = list(set(list(key_of.values())[chunk:chunk + 500]))
                for row in conn.execute(
                        select(article_urls.c.url_key, articles.c.fetched_at)
                        .join(articles, article_urls.c.article_id == articles.c.id)
                        .where(article_urls.c.url_key.in_(keys))
                        .where(article_urls.c.redirect.is_(False))):
                    found[row.url_key] = row.fetched_at
        return {u: found.get(k) for u, k in key_of.items()}
