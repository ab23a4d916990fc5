"""The archive on SQLite and on the PostgreSQL server of this machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Match
from storage import Archive, StorageError
from storage.gate import OPEN

NOW = datetime(2024, 8, 9, 13, 0, tzinfo=UTC)


def article(url: str, body: str = "نص الخبر الأول\nنص الخبر الثاني", **kw: object) -> ArticleItem:
    return ArticleItem(url=url, source=str(kw.pop("source", "s1")), title="عنوان", body=body,
                       language="ar", fetched_at=NOW, published_at=NOW - timedelta(hours=1),
                       date_source="meta", **kw)  # type: ignore[arg-type]


SIEGE = Match("siege", ("حصار",), "فرضت حصارا")


def test_new_then_unchanged_then_updated(archive_url: str) -> None:
    a = Archive.open(archive_url)
    first = a.save_article(article("http://x.org/1"), [SIEGE], ["hook"])
    assert (first.status, first.alerts) == ("new", 1)
    again = a.save_article(article("http://x.org/1"), [SIEGE], ["hook"])
    assert (again.status, again.alerts, again.article_id) == ("unchanged", 0, first.article_id)
    edited = a.save_article(article("http://x.org/1", body="نص معدل"), [SIEGE], ["hook"])
    assert (edited.status, edited.alerts) == ("updated", 0)  # same rule never fires twice
    assert a.count("articles") == 1
    assert a.count("alerts") == 1
    assert a.count("deliveries", status="pending") == 1
    a.close()


def test_exact_copy_joins_story_and_does_not_alert_again(archive_url: str) -> None:
    a = Archive.open(archive_url)
    one = a.save_article(article("http://x.org/1"), [SIEGE], ["hook"])
    two = a.save_article(article("http://y.org/copy", source="s2"), [SIEGE], ["hook"])
    assert two.status == "new" and two.story_id == one.story_id
    assert two.alerts == 0 and a.count("alerts") == 1
    a.close()


def test_datetimes_come_back_aware_utc(archive_url: str) -> None:
    a = Archive.open(archive_url)
    a.save_article(article("http://x.org/1"), [SIEGE], ["hook"])
    [pending] = a.pending_deliveries(datetime.now(UTC) + timedelta(minutes=1))
    assert pending.article["published_at"] == NOW - timedelta(hours=1)
    assert pending.article["published_at"].tzinfo is not None
    assert pending.matched == ["حصار"]
    a.close()


def test_bad_database_url_is_one_line() -> None:
    with pytest.raises(StorageError, match="storage.url"):
        Archive.open("nosuchdb://x/y")


def test_url_variants_find_one_row_and_edits_keep_versions(archive_url: str) -> None:
    a = Archive.open(archive_url)
    first = a.save_article(article("https://www.x.org/news/1/"), [SIEGE], ["hook"])
    via_amp = a.save_article(article("https://m.x.org/news/1/amp/?utm_source=fb"), [], [])
    shortlink = article("https://www.x.org/news/1/", requested_url="https://x.org/?p=77")
    assert a.save_article(shortlink, [], []).status == "unchanged"
    assert (via_amp.status, via_amp.article_id) == ("unchanged", first.article_id)
    edited = a.save_article(article("https://x.org/?p=77", body="نص معدل بعد النشر"), [], [])
    assert (edited.status, edited.article_id) == ("updated", first.article_id)
    assert a.save_article(article("http://x.org/news/1", body="نص معدل بعد النشر"),
                          [], []).status == "unchanged"
    assert a.count("articles") == 1 and a.count("article_versions") == 1
    assert a.count("article_versions", body="نص الخبر الأول\nنص الخبر الثاني") == 1
    assert a.count("article_urls") == 2  # keys x.org/news/1 and x.org?p=77
    a.close()


def test_an_edit_alerts_only_for_rules_that_newly_match(archive_url: str) -> None:
    a = Archive.open(archive_url)
    a.save_article(article("http://x.org/1"), [SIEGE], ["hook"])
    mediation = Match("mediation", ("وساطة",), "بوساطة وجهاء")
    edited = a.save_article(article("http://x.org/1", body="نص معدل فيه وساطة"),
                            [SIEGE, mediation], ["hook"])
    assert (edited.status, edited.alerts) == ("updated", 1)
    assert a.count("alerts", rule="mediation") == 1 and a.count("alerts", rule="siege") == 1
    a.close()


def test_a_redirecting_alias_never_turns_a_new_article_into_an_edit(archive_url: str) -> None:
    a = Archive.open(archive_url)
    one = a.save_article(article("http://x.org/news/1", requested_url="http://x.org/latest"),
                         [], [])
    two = a.save_article(article("http://x.org/news/2", body="خبر آخر تماما",
                                 requested_url="http://x.org/latest"), [], [])
    assert two.status == "new" and two.article_id != one.article_id
    assert a.count("article_versions") == 0
    a.close()


def test_a_batch_is_one_transaction_and_a_bad_article_costs_only_itself(
        archive_url: str) -> None:
    a = Archive.open(archive_url)
    bad = article("http://x.org/bad", body="نص لا يحفظ")
    bad.title = None  # type: ignore[assignment]  # NOT NULL: this article cannot be stored
    results = a.save_articles([
        (article("http://x.org/1"), [SIEGE], ["hook"], OPEN),
        (bad, [SIEGE], ["hook"], OPEN),
        (article("http://y.org/copy", source="s2"), [SIEGE], ["hook"], OPEN),  # a copy
    ])
    assert isinstance(results[1], StorageError) and "http://x.org/bad" in str(results[1])
    first, copy = results[0], results[2]
    assert not isinstance(first, StorageError) and not isinstance(copy, StorageError)
    assert (first.status, first.alerts) == ("new", 1)
    assert (copy.status, copy.alerts, copy.story_id) == ("new", 0, first.story_id)
    assert a.count("articles") == 2  # the bad article is not there, the others are whole
    assert a.count("alerts") == 1
    assert a.count("deliveries", status="pending") == 1
    a.close()
