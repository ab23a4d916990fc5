"""Same text, same source: one article, whatever URL it was reached under.

Session ids, unknown tracking parameters and other URL noise that the URL
rules (`crawler.core.text.urls`) cannot know give one article many URLs. When
a page's text is exactly the text of an article the same source already has
(same `content_hash`), it is that article: the archive attaches the new URL to
it (`article_urls`) instead of adding a row. Texts from other sources are
copies, not the same article: they get rows of their own in the same story.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import Connection, Engine, bindparam, select

from storage import urlkeys
from storage.schema import articles


class _Archive(Protocol):  # storage.archive.Archive, which imports this module
    engine: Engine

_SAME_TEXT = (select(articles.c.id)
              .where(articles.c.content_hash == bindparam("digest"))
              .where(articles.c.source == bindparam("source"))
              .order_by(articles.c.id).limit(1))


def same_text_article(conn: Connection, source: str, digest: str) -> int | None:
    """The oldest article of `source` whose text has this content hash."""
    found = conn.execute(_SAME_TEXT, {"digest": digest, "source": source}).scalar()
    return None if found is None else int(found)


def knows_article(archive: _Archive, source: str, urls: Iterable[str | None], digest: str
                  ) -> bool:
    """Whether the archive has this article: one of the URLs' keys, or the same text
    from the same source (one indexed lookup each). A task for the archive's
    writer (`storage/runtime.py` `in_archive`)."""
    with archive.engine.connect() as conn:
        keys = urlkeys.keys_of(urls)
        return bool(urlkeys.lookup(conn, keys)) or \
            same_text_article(conn, source, digest) is not None
