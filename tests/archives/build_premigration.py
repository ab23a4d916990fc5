"""Build `premigration.db`: an archive as Rasad wrote it before migrations existed.

Run once, at commit af6cdfa (the schema as `create_all` made it, with
`rasad_meta.schema_version` = 1 and no `alembic_version` table), to make the
checked-in file that tests/test_migrations.py upgrades:

    python tests/archives/build_premigration.py

It also writes `premigration_postgresql.sql`, the DDL that same code emitted on
PostgreSQL, so the test can load the same rows into PostgreSQL through the old
schema. Run with later code, it would build an archive of that code's schema:
the checked-in files are the record of the old one; do not rebuild them.

The archive holds every kind of row: articles (a copy joining a story, an
edited article with a version, a redirect alias), alerts with deliveries sent,
pending after a failure, dead and leased, source-health events with their
deliveries, crawl runs, conditional-GET validators and learned furniture.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from sqlalchemy.dialects import postgresql  # noqa: E402
from sqlalchemy.schema import CreateIndex, CreateTable  # noqa: E402

from crawler.app.demo import load_articles  # noqa: E402
from crawler.core.items import ArticleItem  # noqa: E402
from crawler.core.rules.matcher import Match  # noqa: E402
from storage import Archive  # noqa: E402
from storage.crawlstate import CrawlState, Validators  # noqa: E402
from storage.furniture import add_line_counts  # noqa: E402
from storage.health import HealthOutbox  # noqa: E402
from storage.leases import claim  # noqa: E402
from storage.runs import RunCounts, record_run  # noqa: E402
from storage.schema import metadata  # noqa: E402

DB = HERE / "premigration.db"
PG_DDL = HERE / "premigration_postgresql.sql"
T0 = datetime(2024, 8, 9, 10, 0, tzinfo=UTC)
CHANNELS = ["webhook:https://hooks.example/rasad", "email:ops@example.org"]


def _item(i: int, body: str, title: str, *, url: str | None = None, source: str = "sana",
          **kw: object) -> ArticleItem:
    return ArticleItem(url=url or f"https://www.sana.sy/news/{i}/", source=source, title=title,
                       body=body, language="ar", fetched_at=T0 + timedelta(minutes=i),
                       published_at=T0 - timedelta(hours=i), date_source="meta",
                       author="مراسل سانا", **kw)  # type: ignore[arg-type]


def _articles(archive: Archive) -> None:
    demo = [a for a in load_articles() if a.language == "ar"]
    siege = Match("siege", ("حصار*",), "فرضت قوات النظام حصارا على المدينة")
    mediation = Match("mediation", ("وساطة*",), "بوساطة من وجهاء العشائر")
    for i, art in enumerate(demo[:8]):
        matches = [m for m, topic in ((siege, "siege"), (mediation, "mediation"))
                   if topic in art.topics]
        archive.save_article(_item(i, "\n".join(art.paragraphs), art.title,
                                   requested_url=f"https://sana.sy/?p={100 + i}"),
                             matches, CHANNELS)
    first = demo[0]
    # a syndicated copy on another outlet: joins the story, does not alert again
    archive.save_article(_item(20, "\n".join(first.paragraphs), first.title,
                               url="https://www.syria.tv/copy-1", source="syria-tv"),
                         [siege], CHANNELS)
    # an edit: the old text is kept in article_versions, a new rule alerts
    edited = "\n".join([*demo[1].paragraphs, "وأفادت مصادر بوساطة روسية لفك الحصار."])
    archive.save_article(_item(1, edited, demo[1].title + " (محدث)"), [siege, mediation],
                         CHANNELS)


def _outbox(archive: Archive) -> None:
    pending = archive.pending_deliveries(datetime(9999, 1, 1, tzinfo=UTC))
    sent, failed, dead, leased = pending[0], pending[1], pending[2], pending[3]
    archive.record_attempt(sent.delivery_id, ok=True, error=None, now=T0 + timedelta(hours=1),
                           next_attempt_at=None, dead=False)
    archive.record_attempt(failed.delivery_id, ok=False, error="HTTP 503 from receiver",
                           now=T0 + timedelta(hours=1),
                           next_attempt_at=T0 + timedelta(hours=2), dead=False)
    archive.record_attempt(dead.delivery_id, ok=False, error="550 mailbox unavailable",
                           now=T0 + timedelta(hours=1), next_attempt_at=None, dead=True)
    assert claim(archive, leased.delivery_id, leased.attempts, now=T0 + timedelta(hours=1),
                 holder="builder:1:run", ttl=60.0)


def _operations(archive: Archive) -> None:
    counts = RunCounts(pages=42, new=9, updated=1, unchanged=3, skipped=5, known=7, alerts=4)
    counts.error_kinds.update({"http_404": 2, "timeout": 1})
    record_run(archive.engine, "sana", T0, T0 + timedelta(minutes=3), "ok", counts)
    record_run(archive.engine, "syria-tv", T0, T0 + timedelta(minutes=1), "crashed",
               RunCounts())
    health = HealthOutbox(archive.engine)
    health.update("enab", "stale", "no new article for 3 days", "https://enabbaladi.net/feed",
                  CHANNELS, T0)
    health.update("halab", "broken", "3 runs without a page", "https://halabtodaytv.net/",
                  CHANNELS[:1], T0 + timedelta(minutes=5))
    health.update("halab", "broken", None, "https://halabtodaytv.net/", CHANNELS[:1],
                  T0 + timedelta(hours=5))  # resolved
    state = CrawlState(archive.engine)
    state.save_validators("https://www.sana.sy/feed/", Validators('"abc123"', None))
    state.save_validators("https://www.syria.tv/sitemap.xml",
                          Validators(None, "Fri, 09 Aug 2024 09:00:00 GMT"))
    add_line_counts(archive.engine, "sana", {"*pages*": 9, "0f3a9c2e": 6, "77b1d4aa": 2})


def _postgresql_ddl() -> str:
    dialect = postgresql.dialect()
    out = [f"-- DDL of the archive on PostgreSQL as Rasad made it before migrations\n"
           f"-- (create_all at commit af6cdfa; written by {Path(__file__).name})."]
    for table in metadata.sorted_tables:
        out.append(str(CreateTable(table).compile(dialect=dialect)).strip() + ";")
        for index in sorted(table.indexes, key=lambda ix: ix.name or ""):
            out.append(str(CreateIndex(index).compile(dialect=dialect)).strip() + ";")
    return "\n\n".join(out) + "\n"


def main() -> None:
    import storage.schema

    if not hasattr(storage.schema, "SCHEMA_VERSION"):  # migrations exist: not the old code
        sys.exit("build_premigration.py records the schema from before migrations: run it "
                 "at commit af6cdfa, never over the checked-in files with later code")
    DB.unlink(missing_ok=True)
    archive = Archive.open(f"sqlite:///{DB}")
    _articles(archive)
    _outbox(archive)
    _operations(archive)
    archive.close()
    conn = sqlite3.connect(DB)
    conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    conn.execute("VACUUM")
    conn.close()
    PG_DDL.write_text(_postgresql_ddl(), encoding="utf-8")
    print(f"wrote {DB.name} ({DB.stat().st_size} bytes) and {PG_DDL.name}")


if __name__ == "__main__":
    main()
