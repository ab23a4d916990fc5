"""Same text, same source: one article, whatever URL it was reached under.

Session ids, unknown tracking parameters and other URL noise that the URL
rules (`crawler.core.text.urls`) cannot know give one article many URLs. When
a page's text is exactly the text of an article the same source already has
(same `content_hash`), it is that article: the archive attaches the new URL to
it (`article_urls`) instead of adding a row. Texts from other sources are
copies, not the same article: they get rows of their own in the same story.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, select

from storage.schema import articles

_SAME_TEXT = (select(articles.c.id)
              .where(articles.c.content_hash == bindparam("digest"))
              .where(articles.c.source == bindparam("source"))
              .order_by(articles.c.id).limit(1))


def same_text_article(conn: Connection, source: str, digest: str) -> int | None:
    """The oldest article of `source` whose text has this content hash."""
    found = conn.execute(_SAME_TEXT, {"digest": digest, "source": source}).scalar()
    return None if found is None else int(found)
