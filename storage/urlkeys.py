"""Every URL an article was reached under, folded to its key.

`crawler.core.text.urls.url_key` folds tracking parameters, AMP/print/mobile
variants, `www.`, scheme, trailing slashes and percent-encoding; redirects
(WordPress `?p=123` shortlinks) add the requested URL's key too. A page fetched
through any known variant finds its one row here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    ForeignKey,
    Integer,
    String,
    Table,
    bindparam,
    select,
)

from crawler.core.text.urls import url_key
from storage.schema import metadata
from storage.upsert import insert_ignoring

article_urls = Table(
    "article_urls",
    metadata,
    Column("url_key", String(600), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id"), nullable=False, index=True),
    # learned only as the URL before a redirect (a ?p=123 shortlink, or a /latest
    # that may lead elsewhere tomorrow): recorded, but never a reason to skip a fetch
    Column("redirect", Boolean, nullable=False, default=False),
)


MAX_KEY_CHARS = 500  # longer keys are stored as their hash (index size limits)


def _stored(key: str) -> str:
    if len(key) <= MAX_KEY_CHARS:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def keys_of(urls: Iterable[str | None]) -> list[str]:
    return sorted({_stored(url_key(u)) for u in urls if u})


_LOOKUP = select(article_urls.c.url_key, article_urls.c.article_id).where(
    article_urls.c.url_key.in_(bindparam("keys", expanding=True)))


def lookup(conn: Connection, keys: list[str]) -> dict[str, int]:
    """Which of these keys are known, and the article each leads to (one query)."""
    if not keys:
        return {}
    return {r.url_key: int(r.article_id) for r in conn.execute(_LOOKUP, {"keys": keys})}


def add(conn: Connection, article_id: int, keys: list[str], redirect_keys: list[str],
        known: dict[str, int]) -> None:
    """Record the keys `lookup` did not know (a key owned by another article stays)."""
    rows = [{"url_key": k, "article_id": article_id, "redirect": False}
            for k in keys if k not in known]
    seen = set(keys) | set(known)
    rows += [{"url_key": k, "article_id": article_id, "redirect": True}
             for k in redirect_keys if k not in seen]
    if rows:
        conn.execute(insert_ignoring(conn, article_urls), rows)


def remember(conn: Connection, article_id: int, keys: list[str], redirect: bool = False
             ) -> None:
    """Record keys not yet known (a key already owned by another article stays there)."""
    if keys:
        conn.execute(insert_ignoring(conn, article_urls),
                     [{"url_key": k, "article_id": article_id, "redirect": redirect}
                      for k in keys])
