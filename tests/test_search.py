"""Arabic full-text search and export on SQLite and PostgreSQL: spelling
variants and clitics, phrases, AND/OR/NOT, filters, order, ranking, the index
following inserts, edits and deletes, --reindex, upgrades, bad input."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from crawler.app.cli import cli
from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Match
from crawler.core.text.searchquery import QueryError, parse_query, snippet
from crawler.core.text.searchtext import index_form, index_tokens
from storage import Archive, search
from storage.export import COLUMNS, export_rows
from storage.query import Filters
from tests import oldarchive

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
SIEGE = Match("siege", ("حصار*",), "حصار")
DOCS = {  # key: (source, published day offset, title, body)
    "fakk": ("enab", 0, "اتفاق في الحسكة",
             "ذكرت مصادر أن اتفاقا يقضي بفكِّ الحصار عن المربعات الأمنية في المدينة"),
    "tatweel": ("sana", 1, "الغوطة", "استمرار الحــصــار على الغوطة الشرقية منذ أشهر"),
    "hamza": ("enab", 2, "مفاوضات", "إجتماع للوساطة بين الأطراف لبحث إطلاق سراح المعتقلين"),
    "taa": ("sana", 3, "قافلة", "وصلت قافلة مساعدات إلى مدينة درعا المحاصرة"),
    "yaa": ("enab", 4, "مستشفى", "قصف مستشفى في ريف إدلب الجنوبي دون إصابات"),
    "lil": ("halab", 5, "بيان", "دعوة للحصار الاقتصادي على المنطقة من قبل الفصائل"),
    "other": ("halab", 6, "رياضة", "فاز الفريق في المباراة النهائية بهدفين نظيفين"),
}


def item(key: str, body: str | None = None) -> ArticleItem:
    source, days, title, text_ = DOCS[key]
    return ArticleItem(url=f"https://{source}.test/{key}", source=source, title=title,
                       body=body or text_, language="ar", fetched_at=T0,
                       published_date=(T0 + timedelta(days=days)).date())


@pytest.fixture
def archive(archive_url: str) -> Iterator[Archive]:
    a = Archive.open(archive_url)
    for key in DOCS:  # stored in this order: "other" is the newest
        a.save_article(item(key), [SIEGE] if key == "tatweel" else [],
                       ["webhook:https://hooks.example/x"])
    yield a
    a.close()


def found(a: Archive, query: str, filters: Filters | None = None, *, rank: bool = False,
          limit: int = 50) -> list[str]:
    """The keys of the articles a query finds, in the order given."""
    with a.engine.connect() as conn:
        hits = search.search(conn, parse_query(query), filters or Filters(), limit=limit,
                             rank=rank)
    return [h.url.rsplit("/", 1)[1] for h in hits]


# -- index forms (no database) ----------------------------------------------------
@pytest.mark.parametrize("variants", [
    ["حصار", "حِصَار", "حــصــار", "الحصار", "والحصار", "بالحصار", "للحصار", "فالحصار"],
    ["فك", "بفكِّ", "وفك", "فكّ"],
    ["إجتماع", "اجتماع", "أجتماع", "آجتماع", "الاجتماع"],
    ["مدينة", "مدينه", "المدينة", "بالمدينة"],
    ["مستشفى", "مستشفي", "المستشفى"],
])
def test_spelling_variants_and_proclitics_share_one_index_form(variants: list[str]) -> None:
    assert len({index_form(index_tokens(v)[0]) for v in variants}) == 1, variants


def test_a_stem_is_never_cut_below_two_letters() -> None:
    assert index_tokens("بك لها فك وبه") == ["بك", "ها", "فك", "به"]


def test_snippets_mark_every_hit_in_the_original_spelling() -> None:
    node = parse_query('"فك الحصار"')
    assert snippet(DOCS["fakk"][3], node) == \
        "ذكرت مصادر أن اتفاقا يقضي «بفكِّ» «الحصار» عن المربعات الأمنية في المدينة"
    assert snippet(DOCS["fakk"][3], node, mark=("", "")) == DOCS["fakk"][3]


@pytest.mark.parametrize("query, reason", [
    ("", "empty search query"),
    ("   ", "empty search query"),
    ('"فك الحصار', "unclosed quote"),
    ("(حصار OR درعا", "unclosed '('"),
    ("حصار)", "unexpected ')'"),
    ("NOT درعا", "NOT needs something to exclude from"),
    ("حصار OR", "OR needs something on each side"),
    ("حصار AND", "AND needs something after it"),
    ("... ؟", "nothing to search for"),
])
def test_a_malformed_query_is_one_line(query: str, reason: str) -> None:
    with pytest.raises(QueryError) as exc:
        parse_query(query)
    assert reason in str(exc.value) and "\n" not in str(exc.value)


# -- searching the archive (both databases) ---------------------------------------
def test_spelling_variants_and_clitics_are_found(archive: Archive) -> None:
    assert found(archive, "حصار") == ["lil", "tatweel", "fakk"]  # newest first
    assert found(archive, "الحِصار") == ["lil", "tatweel", "fakk"]
    assert found(archive, "فك") == ["fakk"]  # بفكِّ
    assert found(archive, "اجتماع") == ["hamza"]  # إجتماع
    assert found(archive, "الوساطة") == ["hamza"]  # للوساطة
    assert found(archive, "المستشفي") == ["yaa"]  # مستشفى
    assert found(archive, "محاصره") == ["taa"]  # المحاصرة
    assert found(archive, "حصار*") == ["lil", "taa", "tatweel", "fakk"]  # the family
    assert found(archive, "غواصة") == []


def test_query_text_is_bound_never_interpolated(archive: Archive) -> None:
    for query in ["حصار; DROP TABLE articles", "حصار' OR 1=1 --", '"a" * + NEAR(b)']:
        found(archive, query)  # punctuation is not syntax: only words are looked up
    assert archive.count("articles") == len(DOCS)
    assert found(archive, "حصار; DROP") == []


def test_phrases_and_boolean_operators(archive: Archive) -> None:
    assert found(archive, '"فك الحصار"') == ["fakk"]
    assert found(archive, '"الحصار فك"') == []  # order matters in a phrase
    assert found(archive, '"بفك حصار"') == ["fakk"]
    assert found(archive, "حصار الغوطة") == ["tatweel"]  # AND by default
    assert found(archive, "حصار AND الغوطة") == ["tatweel"]
    assert found(archive, "غوطه OR درعا") == ["taa", "tatweel"]
    assert found(archive, "حصار NOT غوطة") == ["lil", "fakk"]
    assert found(archive, "(درعا OR إدلب) AND NOT قصف") == ["taa"]
    assert found(archive, '"حصار" OR ("قافلة" مساعدات)') == ["lil", "taa", "tatweel", "fakk"]


def test_filters_by_source_days_and_rule(archive: Archive) -> None:
    assert found(archive, "حصار", Filters(sources=("enab",))) == ["fakk"]
    assert found(archive, "حصار", Filters(sources=("enab", "halab"))) == ["lil", "fakk"]
    day = T0.date()
    assert found(archive, "حصار", Filters(since=day + timedelta(days=1))) == ["lil", "tatweel"]
    assert found(archive, "حصار", Filters(until=day + timedelta(days=1))) == ["tatweel", "fakk"]
    assert found(archive, "حصار", Filters(rule="siege")) == ["tatweel"]
    assert found(archive, "حصار", Filters(rule="no such rule")) == []


def test_rank_orders_the_newest_matches_by_relevance(archive: Archive) -> None:
    archive.save_article(ArticleItem(
        url="https://enab.test/dense", source="enab", title="الحصار",
        body="الحصار ثم الحصار: حصار المدينة وحصار الريف وحصار الطرق", language="ar",
        fetched_at=T0), [], [])
    assert found(archive, "حصار") == ["dense", "lil", "tatweel", "fakk"]
    ranked = found(archive, "حصار", rank=True)
    assert ranked[0] == "dense" and sorted(ranked) == sorted(found(archive, "حصار"))
    with archive.engine.connect() as conn:
        hits = search.search(conn, parse_query("حصار"), Filters(), limit=10, rank=True)
        scores = [h.score for h in hits if h.score is not None]
        assert len(scores) == len(hits) and scores == sorted(scores, reverse=True)
        # only the newest `window` matches are ranked: the oldest is not among them
        window = search.search(conn, parse_query("حصار"), Filters(), limit=10, rank=True,
                               window=2)
    assert {h.url.rsplit("/", 1)[1] for h in window} == {"dense", "lil"}


def test_the_index_follows_inserts_edits_and_deletes(archive: Archive) -> None:
    assert found(archive, "زلزال") == []
    archive.save_article(item("other", "ضرب زلزال قوي المنطقة"), [], [])  # a new version
    assert found(archive, "زلزال") == ["other"] and found(archive, "المباراة") == []
    with archive.engine.begin() as conn:  # an edit outside Rasad: the entry is dropped
        conn.execute(text("UPDATE articles SET body = 'نص جديد عن الطقس' "
                          "WHERE url = 'https://halab.test/other'"))
    assert found(archive, "زلزال") == [] and found(archive, "طقس") == []
    with archive.engine.begin() as conn:
        assert search.rebuild(conn) == len(DOCS)
        assert search.indexed(conn) == len(DOCS)
    assert found(archive, "طقس") == ["other"]
    with archive.engine.begin() as conn:  # a deleted article leaves the index
        aid = conn.execute(text("SELECT id FROM articles WHERE url LIKE '%/yaa'")).scalar()
        for table in ("article_urls", "article_bands", "article_versions"):
            conn.execute(text(f"DELETE FROM {table} WHERE article_id = :a"), {"a": aid})
        conn.execute(text("DELETE FROM articles WHERE id = :a"), {"a": aid})
        assert search.indexed(conn) == len(DOCS) - 1
    assert found(archive, "مستشفى") == []


def test_the_premigration_archive_is_indexed_on_upgrade(archive_url: str) -> None:
    oldarchive.load(archive_url)
    before = oldarchive.old_rows()
    archive = Archive.open(archive_url)  # upgrades through 0005
    try:
        with archive.engine.connect() as conn:
            assert search.indexed(conn) == len(before["articles"]) == 9
            rows = conn.execute(text("SELECT id, title FROM articles")).all()
        assert archive.count("alerts") == 13 and archive.count("deliveries") == 26
        for row in rows:  # every old article is found by a word of its title
            word = max(row.title.split(), key=len)
            with archive.engine.connect() as conn:
                ids = [h.id for h in search.search(conn, parse_query(f'"{word}"'), Filters(),
                                                   limit=100)]
            assert row.id in ids, word
    finally:
        archive.close()


# -- the commands --------------------------------------------------------------------
def config_for(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "rasad.toml"
    path.write_text(f'[storage]\nurl = "{url}"\n[[sources]]\nname = "enab"\n'
                    'start_urls = ["https://enab.test/feed"]\n', encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_search_command_formats(archive: Archive, tmp_path: Path) -> None:
    config = str(config_for(tmp_path, archive.url))
    code, out, _ = run("search", "فك الحصار", "--config", config)
    assert code == 0
    assert "«بفكِّ» «الحصار»" in out and "https://enab.test/fakk" in out
    assert out.rstrip().endswith("1 result (newest first)")
    code, out, _ = run("search", "حصار", "--config", config, "--format", "json",
                       "--limit", "2", "--source", "enab", "--source", "halab")
    records = json.loads(out)
    assert code == 0 and [r["url"] for r in records] == [
        "https://halab.test/lil", "https://enab.test/fakk"]
    assert "«" not in records[1]["snippet"] and "بفكِّ الحصار" in records[1]["snippet"]
    code, out, _ = run("search", "حصار", "--config", config, "--format", "csv", "--rank",
                       "--since", "2026-03-02", "--rule", "siege")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["url"] for r in rows] == ["https://sana.test/tatweel"]
    assert float(rows[0]["score"]) > 0


def test_search_command_bad_input_is_one_line(archive: Archive, tmp_path: Path) -> None:
    config = str(config_for(tmp_path, archive.url))
    for query in ['"فك الحصار', "NOT حصار", "حصار OR"]:
        code, out, err = run("search", query, "--config", config)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
        assert err.startswith("rasad: error: search query: ")
    code, _, err = run("search", "--config", config)
    assert code == 2 and "needs a QUERY" in err
    code, _, err = run("search", "حصار", "--config", config, "--since", "March")
    assert code == 2 and "--since" in err


def test_search_and_export_never_create_an_archive(tmp_path: Path) -> None:
    db = tmp_path / "missing.db"
    config = str(config_for(tmp_path, f"sqlite:///{db}"))
    for args in (["search", "حصار"], ["search", "--reindex"], ["export", "--format", "csv"]):
        code, out, err = run(*args, "--config", config)
        assert code == 2 and len(err.strip().splitlines()) == 1 and str(db) in err, err
        assert not db.exists()


def test_reindex_command(archive: Archive, tmp_path: Path) -> None:
    config = str(config_for(tmp_path, archive.url))
    with archive.engine.begin() as conn:
        conn.execute(text(f"DELETE FROM {search.TABLE}"))
    assert found(archive, "حصار") == []
    code, out, _ = run("search", "--reindex", "--config", config)
    assert code == 0 and out.strip() == f"reindexed {len(DOCS)} articles"
    assert found(archive, "حصار") == ["lil", "tatweel", "fakk"]


def test_export_formats_and_filters(archive: Archive, tmp_path: Path) -> None:
    config = str(config_for(tmp_path, archive.url))
    code, out, _ = run("export", "--config", config, "--format", "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == len(DOCS) and list(records[0]) == list(COLUMNS)
    assert records[0]["body"] == DOCS["fakk"][3]
    assert records[0]["published_date"] == "2026-03-01"
    assert records[0]["first_seen_at"].endswith("+00:00")
    target = tmp_path / "out.csv"
    code, _, err = run("export", "--config", config, "--format", "csv", "--source", "sana",
                       "--until", "2026-03-02", "--output", str(target))
    assert code == 0 and "exported 1 articles" in err
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [r["url"] for r in rows] == ["https://sana.test/tatweel"]
    assert not (tmp_path / "out.csv.part").exists()
    code, _, err = run("export", "--config", config, "--format", "csv",
                       "--output", str(tmp_path / "no" / "such" / "dir.csv"))
    assert code == 2 and "cannot write" in err


def test_export_streams_in_constant_memory(archive_url: str) -> None:
    archive = Archive.open(archive_url)
    body = "تقرير مطول عن الحصار والأوضاع الإنسانية في المدينة. " * 200  # ~10 kB
    with archive.engine.begin() as conn:  # 1,500 articles (~15 MB of text)
        conn.execute(text(
            "INSERT INTO articles (url, title, body, language, source, content_hash, "
            "first_seen_at, fetched_at) VALUES (:u, 't', :b, 'ar', 's', :h, :t, :t)"),
            [{"u": f"https://s.test/{i}", "b": body + str(i), "h": str(i),
              "t": T0.replace(tzinfo=None) if archive_url.startswith("sqlite") else T0}
             for i in range(1500)])
    rows = export_rows(archive.engine, Filters(), batch=100)
    tracemalloc.start()
    try:
        first = next(rows)  # a row arrives before the rest is read
        seen = 1 + sum(1 for _ in rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        archive.close()
    assert first["url"] == "https://s.test/0" and seen == 1500
    assert peak < 4_000_000, peak  # a few batches, never the 15 MB export
    assert isinstance(date.today(), date)


def test_revision_0005_downgrades_and_upgrades_again(archive: Archive) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from storage.migrate import alembic_config, migrate

    with archive.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0004")
        assert search.TABLE not in inspect(conn).get_table_names()
    with archive.engine.begin() as conn:
        migrate(conn)
        assert search.indexed(conn) == len(DOCS)
    assert found(archive, '"فك الحصار"') == ["fakk"]


def test_a_batch_indexes_each_article_once_with_its_last_text(archive: Archive) -> None:
    from storage.gate import OPEN

    first = item("other", "نص أول عن الانتخابات")
    second = item("other", "نص ثان عن الزراعة")
    results = archive.save_articles([(first, [], [], OPEN), (second, [], [], OPEN)])
    assert [getattr(r, "status", r) for r in results] == ["updated", "updated"]
    assert found(archive, "زراعة") == ["other"] and found(archive, "انتخابات") == []
    with archive.engine.connect() as conn:
        assert search.indexed(conn) == len(DOCS)


def test_a_phrase_with_too_many_spellings_in_the_archive_is_refused_in_one_line() -> None:
    node = parse_query('"حصار مدينة"')
    assert isinstance(node, search.Terms)
    many = {forms: tuple(f"{forms[0]}{i}" for i in range(20)) for forms in node.words}
    with pytest.raises(QueryError, match="too many spellings in this archive"):
        search.fts5_query(node, many)
    few = {forms: forms[:1] for forms in node.words}
    assert search.fts5_query(node, few) == '("حصار" + "مدينات")'
    assert search.tsquery(node, few) == "(('حصار_مدينات'))"
