"""Migration 0003 (dates as printed, bylines): old rows get their calendar day,
and a day that earlier versions stored as local midnight loses its invented time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import create_engine, insert, select

from storage import Archive
from storage.migrate import migrate
from storage.schema import articles
from tests import oldarchive


def test_old_rows_get_their_day_and_midnights_lose_their_time(archive_url: str) -> None:
    oldarchive.load(archive_url)
    engine = create_engine(archive_url)
    with engine.begin() as conn:
        migrate(conn, "0002")
        template = dict(conn.execute(select(articles.c.title, articles.c.body,
                                            articles.c.language, articles.c.source,
                                            articles.c.content_hash, articles.c.first_seen_at,
                                            articles.c.fetched_at)).mappings().first() or {})
        for n, when in enumerate((datetime(2021, 2, 2, 21, 0, tzinfo=UTC),
                                 datetime(2021, 2, 3, 22, 30, tzinfo=UTC))):
            conn.execute(insert(articles).values(  # the columns 0002 had
                url=f"https://old.example/{n}", published_at=when, date_source="page",
                **template))
    engine.dispose()
    archive = Archive.open(archive_url)  # upgrades to the newest revision
    try:
        with archive.engine.connect() as conn:
            rows = {r.url: r for r in conn.execute(
                select(articles.c.url, articles.c.published_at, articles.c.published_date,
                       articles.c.date_precision))}
    finally:
        archive.close()
    midnight, late = rows["https://old.example/0"], rows["https://old.example/1"]
    # "الأربعاء ٣ شباط ٢٠٢١" was stored as 2 February 21:00 UTC: it is 3 February, no time
    assert (midnight.published_at, midnight.published_date, midnight.date_precision) == \
        (None, date(2021, 2, 3), "day")
    # a real time keeps it; its day is the day in Syria time (01:30 on 4 February)
    assert (late.published_at, late.published_date, late.date_precision) == \
        (datetime(2021, 2, 3, 22, 30, tzinfo=UTC), date(2021, 2, 4), "minute")
    old = rows["https://www.sana.sy/news/0/"]
    assert old.published_date == date(2024, 8, 9) and old.date_precision == "minute"
