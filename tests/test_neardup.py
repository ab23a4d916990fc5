"""Near-duplicates: precision and recall on a labelled same/different-story set,
and stories in a real archive (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from crawler.app.demo import load_articles
from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Match
from crawler.core.text.minhash import fingerprint, resemblance, shingles
from storage import Archive
from tests.neardup_pairs import Pair, changed_sentences, labelled_pairs, new_lead

NOW = datetime(2024, 8, 9, 13, 0, tzinfo=UTC)


def judged_same(pair: Pair) -> bool:
    """What the archive decides: an LSH band in common, then a verified resemblance."""
    if not set(fingerprint(pair.a)) & set(fingerprint(pair.b)):
        return False
    return resemblance(shingles(pair.a), shingles(pair.b)).same_report


def test_precision_and_recall_on_labelled_pairs() -> None:
    corpus = Path(__file__).parent / "extraction_corpus"  # copies of shared/seeds, realpages
    pairs = labelled_pairs(corpus / "seeds", corpus / "realpages")
    positives = sum(p.same for p in pairs)
    assert positives >= 140 and len(pairs) - positives >= 300
    tp = fp = fn = 0
    misses = []
    for pair in pairs:
        got = judged_same(pair)
        tp += got and pair.same
        fp += got and not pair.same
        fn += (not got) and pair.same
        if got != pair.same:
            misses.append(pair.why)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"near-duplicates: {len(pairs)} pairs, {positives} same-story; "
          f"precision {precision:.3f}, recall {recall:.3f}; wrong: {misses}")
    assert precision >= 0.95 and recall >= 0.95, misses


def _item(url: str, body: str, source: str) -> ArticleItem:
    return ArticleItem(url=url, source=source, title="عنوان", body=body, language="ar",
                       fetched_at=NOW)


SIEGE = Match("siege", ("حصار",), "فك الحصار")


def test_copies_share_a_story_across_restarts(archive_url: str) -> None:
    first, other = [a for a in load_articles() if a.language == "ar"][:2]  # same siege
    archive = Archive.open(archive_url)
    original = archive.save_article(_item("http://a.org/1", first.body, "a"), [SIEGE], ["h"])
    copy = archive.save_article(_item("http://b.org/9", new_lead(first, 1), "b"), [SIEGE], ["h"])
    different = archive.save_article(_item("http://a.org/2", other.body, "a"), [SIEGE], ["h"])
    archive.close()
    archive = Archive.open(archive_url)  # the LSH index lives in the archive
    later = archive.save_article(
        _item("http://c.org/x", changed_sentences(first, 2), "c"), [SIEGE], ["h"])
    assert original.story_id == copy.story_id == later.story_id != different.story_id
    assert (copy.alerts, later.alerts, different.alerts) == (0, 0, 1)  # alerts are per story
    assert archive.count("articles") == 4 and archive.count("stories") == 2
    with archive.engine.connect() as conn:
        story = conn.execute(text("SELECT first_source, first_article_id FROM stories "
                                  "WHERE id = :i"), {"i": copy.story_id}).one()
    assert tuple(story) == ("a", original.article_id)
    archive.close()


def test_an_archive_written_before_the_index_is_indexed_once(archive_url: str) -> None:
    first = next(a for a in load_articles() if a.language == "ar")
    archive = Archive.open(archive_url)
    original = archive.save_article(_item("http://a.org/1", first.body, "a"), [], [])
    with archive.engine.begin() as conn:  # what an archive of the foundation looked like
        for table in ("article_bands", "article_urls"):
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("DELETE FROM rasad_meta WHERE key = 'dedup_index'"))
        conn.execute(text("DROP TABLE alembic_version"))  # made before migrations too
    archive.close()
    archive = Archive.open(archive_url)
    assert archive.count("article_bands", article_id=original.article_id) > 0
    assert archive.count("rasad_meta", key="dedup_index") == 1
    copy = archive.save_article(_item("http://b.org/2", new_lead(first, 0), "b"), [], [])
    again = archive.save_article(_item("https://www.a.org/1/", first.body, "a"), [], [])
    assert copy.story_id == original.story_id
    assert (again.status, again.article_id) == ("unchanged", original.article_id)
    archive.close()
