"""The README's SQL cookbook runs, read-only, on SQLite and PostgreSQL with the
results it promises.

One small archive per database is written through Rasad's own storage code
(the real rule matcher, `Archive.save_articles` as the crawl's writer calls it,
`record_attempt` as the dispatcher does); every `<!-- cookbook: NAME -->` query
is read from README.md and run as printed, through the read-only access the
README documents (a `mode=ro` SQLite URL, a PostgreSQL role made by the
README's own GRANTs), and its rows are checked exactly.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Matcher
from crawler.core.rules.rules import default_rules
from crawler.core.text.redact import redact_url
from storage import Archive, StorageError
from storage.archive import SaveArgs, SaveResult
from storage.gate import OPEN  # every match fires: a monitor that ran all along
from tests.cli import run_rasad, run_unprivileged, unprivileged_prefix
from tests.conftest import PG_HOST, PG_PORT, _need

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
_QUERY = re.compile(r"<!-- cookbook: ([\w-]+)(?: (sqlite|postgresql))? -->\s*```sql\n(.*?)```",
                    re.S)
CHANNELS = ["webhook", "email"]

# The stories: a headline and a body each (the real matcher decides their rules).
TEXTS = {
    "S1": ("قوات النظام تفرض حصارا على درعا البلد",
           "فرضت قوات النظام حصارا خانقا على أحياء درعا البلد منذ فجر الأحد، وأغلقت الطرق "
           "المؤدية إلى الأسواق.\nوقال ناشطون إن العائلات المحاصرة تعاني نقصا في الخبز والدواء "
           "وإن المستشفى الميداني توقف عن العمل.\nوطالب سكان الحي الأمم المتحدة بالتدخل لفتح "
           "ممر آمن للمدنيين."),
    "S2": ("تجدد الحصار على بلدة مضايا",
           "عادت الحواجز العسكرية إلى مداخل بلدة مضايا في ريف دمشق، ومنعت دخول شاحنات الطحين "
           "والوقود منذ ثلاثة أيام.\nوأفاد سكان بأن أسعار المواد الغذائية تضاعفت وأن الأهالي "
           "يخشون عودة الحصار الذي عاشوه قبل سنوات.\nولم تعلق السلطات المحلية على إغلاق الطريق "
           "الوحيد إلى البلدة."),
    "S3": ("حصار مخيم الركبان يدخل شهره الثالث",
           "يدخل الحصار المفروض على مخيم الركبان قرب الحدود الأردنية شهره الثالث وسط نفاد حليب "
           "الأطفال.\nوقالت إدارة المخيم إن آخر قافلة إغاثية وصلت قبل تسعين يوما وإن النقطة "
           "الطبية الوحيدة بلا أدوية.\nويعيش في المخيم آلاف النازحين في خيام لا تقيهم برد "
           "الصحراء."),
    "S4": ("وساطة عشائرية لإنهاء التوتر في حلب",
           "أعلن وجهاء عشائر في ريف حلب الشرقي نجاح وساطة بين فصيلين مسلحين بعد اشتباكات "
           "استمرت يومين.\nوينص الاتفاق على تبادل المحتجزين وانسحاب المقاتلين من الأحياء "
           "السكنية في مدينة الباب.\nوقال أحد الوسطاء إن لجنة مشتركة ستتابع تنفيذ البنود خلال "
           "أسبوع."),
    "S5": ("وساطة روسية في ريف درعا الغربي",
           "قادت الشرطة العسكرية الروسية وساطة بين اللجنة المركزية وممثلي الحكومة في ريف درعا "
           "الغربي.\nوأسفرت الاجتماعات عن اتفاق على تسليم أسلحة خفيفة مقابل إطلاق سراح معتقلين "
           "من أبناء المنطقة.\nوتبقى بنود أخرى معلقة إلى جولة مفاوضات جديدة الأسبوع المقبل."),
    "S6": ("تطويق بلدة في ريف إدلب وقطع طرق الإمداد",
           "أكملت قوات النظام تطويق بلدة كفرنبل في ريف إدلب الجنوبي وقطعت طرق الإمداد عنها.\n"
           "ونزحت عشرات العائلات نحو المخيمات الحدودية بعد قصف استهدف الأسواق والمدارس.\n"
           "ويقول الدفاع المدني إن فرقه لا تستطيع الوصول إلى الجرحى."),
    "R1": ("افتتاح معرض للكتاب في دمشق",
           "افتتح في دمشق معرض للكتاب بمشاركة دور نشر من عدة دول عربية بعد انقطاع دام سنوات.\n"
           "ويضم المعرض آلاف العناوين في الأدب والتاريخ وكتب الأطفال.\nويستمر المعرض عشرة أيام "
           "ويفتح أبوابه للزوار مساء كل يوم."),
    "R2": ("ارتفاع أسعار الذهب في الأسواق السورية",
           "سجل سعر غرام الذهب في الأسواق السورية ارتفاعا جديدا متأثرا بتراجع سعر صرف الليرة.\n"
           "وقال صاغة في سوق الحميدية إن حركة البيع تراجعت مع ارتفاع الأسعار.\nويتوقع تجار أن "
           "تستمر الأسعار بالارتفاع خلال الأسابيع المقبلة."),
    "R3": ("موسم قطاف الزيتون في عفرين",
           "بدأ المزارعون في منطقة عفرين موسم قطاف الزيتون وسط توقعات بإنتاج أقل من العام "
           "الماضي.\nويشكو المزارعون من ارتفاع تكاليف النقل وأجور العمال ومن قلة الأمطار.\n"
           "وتنتشر معاصر الزيت في القرى المحيطة وتعمل على مدار الساعة."),
}
RULES = {"S1": ["siege"], "S2": ["siege"], "S3": ["siege"], "S4": ["mediation"],
         "S5": ["mediation"], "S6": ["siege"], "R1": [], "R2": [], "R3": []}

TODAY = datetime.now(UTC).date()
M = TODAY - timedelta(days=TODAY.weekday() + 56)  # a Monday eight or more weeks ago
THIS_WEEK = TODAY - timedelta(days=TODAY.weekday())


def day(offset: int) -> date:
    return M + timedelta(days=offset)


def at(d: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(d, time(hh, mm), UTC)


# In the order Rasad stores them: (story, outlet, day printed, time printed or None).
# An undated copy has neither. Siege story S1 is stored first from sana, which
# published it a day after syria-tv and enab-baladi (enab printed only the day).
COPIES: list[tuple[str, str, date | None, datetime | None]] = [
    ("S1", "sana", day(1), at(day(1), 8)),
    ("S1", "syria-tv", day(0), at(day(0), 10)),
    ("S1", "enab-baladi", day(0), None),
    ("S1", "halab-today", day(1), at(day(1), 9, 30)),
    ("S2", "syria-tv", day(8), at(day(8), 9)),
    ("S2", "sana", day(8), at(day(8), 7)),
    ("S2", "zaman-alwasl", None, None),
    ("S3", "halab-today", day(9), None),
    ("S3", "enab-baladi", day(13), at(day(13), 6)),  # a Sunday: still the week of day 7
    ("S4", "zaman-alwasl", day(3), at(day(3), 12)),
    ("S4", "syria-tv", day(3), at(day(3), 13)),
    ("S4", "halab-today", day(4), at(day(4), 10)),
    ("S5", "sana", day(5), None),
    ("S6", "syria-tv", day(4), at(day(4), 15)),
    ("R1", "syria-tv", TODAY - timedelta(days=1), at(TODAY - timedelta(days=1), 8)),
    ("R2", "sana", TODAY - timedelta(days=2), None),
    ("R3", "halab-today", TODAY - timedelta(days=20), at(TODAY - timedelta(days=20), 11)),
]


def _item(story: str, source: str, printed: date | None, when: datetime | None) -> ArticleItem:
    title, body = TEXTS[story]
    return ArticleItem(
        url=f"https://{source}.example/news/{story.lower()}", source=source, title=title,
        body=body, language="ar", fetched_at=datetime.now(UTC), published_at=when,
        published_date=printed, date_source=None if printed is None else "jsonld",
        date_precision=None if printed is None else ("minute" if when else "day"))


@dataclass
class Built:
    url: str  # the writer's URL
    reader: str  # the read-only URL the README documents
    dialect: str
    story: dict[str, int]  # S1.. -> stories.id


def build(url: str) -> dict[str, int]:
    """Write the archive as a crawl does: matched by the built-in rules, saved in
    batches by the writer's `save_articles`; then the dispatcher's outcomes."""
    matcher = Matcher(default_rules())
    archive = Archive.open(url)
    try:
        batch: list[SaveArgs] = []
        for name, source, printed, when in COPIES:
            item = _item(name, source, printed, when)
            matches = matcher.match(item.title, item.body, source=source, language="ar")
            assert sorted(m.rule for m in matches) == RULES[name], (name, matches)
            batch.append((item, matches, CHANNELS, OPEN))
        results: list[SaveResult | StorageError] = []
        for i in range(0, len(batch), 5):
            results.extend(archive.save_articles(batch[i:i + 5]))
        story: dict[str, int] = {}
        for (name, *_), result in zip(COPIES, results, strict=True):
            assert not isinstance(result, StorageError), result
            assert story.setdefault(name, result.story_id) == result.story_id, name
        _deliver(archive)
    finally:
        archive.close()
    return story


def _deliver(archive: Archive) -> None:
    """Webhook: all sent but S3's (HTTP 503, to retry); email: S1 dead, S5 untried."""
    now = datetime.now(UTC)
    for d in archive.pending_deliveries(now + timedelta(minutes=1)):
        name = d.article["url"].rsplit("/", 1)[1].upper()
        if (name, d.channel) == ("S5", "email"):
            continue
        failed = {("S3", "webhook"): "HTTP 503", ("S1", "email"): "550 mailbox unavailable"}
        error = failed.get((name, d.channel))
        archive.record_attempt(d.delivery_id, ok=error is None, error=error, now=now,
                               next_attempt_at=now + timedelta(minutes=10),
                               dead=name == "S1")


# -- the read-only access of the README -------------------------------------------
def readme_block(marker: str) -> str:
    m = re.search(rf"<!-- {re.escape(marker)} -->\s*```(?:sql|sh)\n(.*?)```", README, re.S)
    assert m, f"README has no block marked <!-- {marker} -->"
    return m.group(1)


def grant_reader(admin: Engine, schema: str, role: str) -> None:
    """The README's read-only role, with the test's names for role, database,
    schema and the role Rasad writes with."""
    sql = readme_block("readonly: postgresql")
    sql = (sql.replace("rasad_reader", role).replace("DATABASE rasad", "DATABASE test")
           .replace("SCHEMA public", f'SCHEMA "{schema}"').replace("FOR ROLE rasad ",
                                                                  "FOR ROLE postgres "))
    with admin.begin() as conn:
        for statement in sql.split(";"):
            lines = [ln for ln in statement.splitlines() if not ln.strip().startswith("--")]
            if "".join(lines).strip():
                conn.execute(text("\n".join(lines)))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[Built]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("cookbook") / "rasad.db"
        url = f"sqlite:///{path}"
        yield Built(url, f"sqlite:///file:{path}?mode=ro&uri=true", "sqlite", build(url))
        return
    _need("PostgreSQL", PG_HOST, PG_PORT)
    schema, role = f"rasad_cook_{uuid.uuid4().hex[:8]}", f"rasad_ro_{uuid.uuid4().hex[:8]}"
    base = f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/test"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    options = f"?options=-csearch_path%3D{schema}"
    try:
        url = base + options
        story = build(url)
        grant_reader(admin, schema, role)
        yield Built(url, f"postgresql+psycopg://{role}@{PG_HOST}:{PG_PORT}/test{options}",
                    "postgresql", story)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                            {"r": role}).first():
                conn.execute(text(f"DROP OWNED BY {role}"))
                conn.execute(text(f"DROP ROLE {role}"))
        admin.dispose()


# -- running the cookbook ----------------------------------------------------------
def recipes() -> dict[str, dict[str | None, str]]:
    """name -> {dialect or None (both): the query as printed}."""
    found: dict[str, dict[str | None, str]] = {}
    for name, dialect, sql in _QUERY.findall(README):
        found.setdefault(name, {})[dialect or None] = sql
    return found


def query_for(name: str, dialect: str) -> str:
    variants = recipes()[name]
    sql = variants.get(dialect) or variants.get(None)
    assert sql is not None, f"cookbook {name} has no query for {dialect}"
    return sql


def plain(value: Any) -> Any:
    """One spelling of a value on both databases: a day as YYYY-MM-DD, a time as
    YYYY-MM-DD HH:MM (UTC). SQLite returns both as text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?", value):
        return value[:16]
    return value


def run(url: str, sql: str) -> list[tuple[Any, ...]]:
    """The query as a user runs it: raw SQL on the driver's connection."""
    engine = create_engine(url)
    try:
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute(sql)
            return [tuple(plain(v) for v in row) for row in cur.fetchall()]
        finally:
            raw.close()
    finally:
        engine.dispose()


def d(offset: int) -> str:
    return day(offset).isoformat()


def t(offset: int, hh: int, mm: int = 0) -> str:
    return f"{d(offset)} {hh:02d}:{mm:02d}"


def expected(name: str, story: dict[str, int]) -> list[tuple[Any, ...]]:
    s = story
    rows: dict[str, list[tuple[Any, ...]]]
    title = {k: v[0] for k, v in TEXTS.items()}
    recent = {n: (TODAY - timedelta(days=n)).isoformat() for n in (1, 2, 20)}
    rows = {
        "siege-per-week": [
            (d(0), "enab-baladi", 1), (d(0), "halab-today", 1), (d(0), "sana", 1),
            (d(0), "syria-tv", 2),  # S1 and S6
            (d(7), "enab-baladi", 1), (d(7), "halab-today", 1), (d(7), "sana", 1),
            (d(7), "syria-tv", 1),
            (THIS_WEEK.isoformat(), "zaman-alwasl", 1),  # undated: stored this week
        ],
        "stories-three-outlets": [
            (s["S1"], 4, title["S1"]), (s["S2"], 3, title["S2"]), (s["S4"], 3, title["S4"])],
        "first-to-publish": sorted([
            (s["S1"], "enab-baladi", d(0), None),  # a tie: enab printed only that day
            (s["S1"], "syria-tv", d(0), t(0, 10)),
            (s["S2"], "sana", d(8), t(8, 7)),  # zaman's undated copy is left out
            (s["S3"], "halab-today", d(9), None),  # its day is before enab's timed copy
            (s["S4"], "zaman-alwasl", d(3), t(3, 12)),
            (s["S5"], "sana", d(5), None),
            (s["S6"], "syria-tv", d(4), t(4, 15)),
            (s["R1"], "syria-tv", recent[1], f"{recent[1]} 08:00"),
            (s["R2"], "sana", recent[2], None),
            (s["R3"], "halab-today", recent[20], f"{recent[20]} 11:00"),
        ], key=lambda r: (r[0], r[1])),
        "silent-outlets": [("enab-baladi", d(13)), ("halab-today", recent[20])],
        "mediation-place": [("syria-tv", d(3), title["S4"]), ("zaman-alwasl", d(3), title["S4"]),
                            ("halab-today", d(4), title["S4"])],
        "alert-terms": [  # S1-S3 matched حصار*, S4 and S5 وساطة*
            ("siege", "حصار*", 3), ("mediation", "وساطة*", 2),
            ("mediation", "وجهاء العشائر", 1), ("siege", "تطويق*", 1),
            ("siege", "قطع طرق الامداد", 1), ("siege", "محاصرة*", 1)],
        "undelivered": [
            ("siege", title["S1"], "email", "dead", 1, "550 mailbox unavailable"),
            ("siege", title["S3"], "webhook", "pending", 1, "HTTP 503"),
            ("mediation", title["S5"], "email", "pending", 0, None),
        ],
    }
    return rows[name]


NAMES = ["siege-per-week", "stories-three-outlets", "first-to-publish", "silent-outlets",
         "mediation-place", "alert-terms", "undelivered"]


def test_every_cookbook_query_is_checked_and_runs_on_both_databases() -> None:
    found = recipes()
    assert sorted(found) == sorted(NAMES)
    for name, variants in found.items():
        assert set(variants) in ({None}, {"sqlite", "postgresql"}), (name, set(variants))


def test_the_docs_show_no_untested_sql() -> None:
    """Every ```sql block of the README and docs/ is a cookbook query or the
    read-only role, so none (like the old per-outlet count joined on
    alerts.article_id) can be wrong without a test failing."""
    root = Path(__file__).resolve().parents[1]
    for doc in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
        text_ = doc.read_text(encoding="utf-8")
        for m in re.finditer(r"```sql\n", text_):
            before = text_[:m.start()].rstrip().rsplit("\n", 1)[-1]
            assert re.fullmatch(r"<!-- (cookbook: [\w-]+( sqlite| postgresql)?|"
                                r"readonly: postgresql) -->", before), (
                f"{doc.name}: untested SQL at offset {m.start()} (mark it and test it)")


@pytest.mark.parametrize("name", NAMES)
def test_cookbook_query(built: Built, name: str) -> None:
    rows = run(built.reader, query_for(name, built.dialect))
    assert rows == expected(name, built.story)


def test_joining_alerts_on_article_id_undercounts(built: Built) -> None:
    """Why the cookbook joins on story_id: the old per-outlet count via
    `alerts.article_id` sees one outlet per story (the one stored first)."""
    wrong = run(built.reader, "SELECT a.source, COUNT(*) FROM alerts al "
                "JOIN articles a ON a.id = al.article_id WHERE al.rule = 'siege' "
                "GROUP BY a.source ORDER BY a.source")
    assert wrong == [("halab-today", 1), ("sana", 1), ("syria-tv", 2)]
    right = run(built.reader, query_for("siege-per-week", built.dialect))
    assert sum(r[2] for r in right) == 10 and sum(n for _, n in wrong) == 4
    assert "4 of the 10 siege reports" in README


# -- read-only access ---------------------------------------------------------------
def _config(folder: Path, url: str) -> Path:
    sources = sorted({source for _, source, *_ in COPIES})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "rasad.toml"
    path.write_text(f'[storage]\nurl = "{url}"\n[crawl]\ndownload_delay = 0\n' + "".join(
        f'[[sources]]\nname = "{s}"\nstart_urls = ["http://127.0.0.1:9/{s}.xml"]\n'
        for s in sources), encoding="utf-8")
    return path


def test_the_reader_runs_status_and_a_crawl_through_it_is_one_line(
        built: Built, tmp_path: Path) -> None:
    config = _config(tmp_path, built.reader)
    status = run_rasad("status", "--config", str(config))
    assert status.returncode == 0, status.stderr
    assert status.stdout.splitlines()[-1] == \
        "5 sources, 5 broken, stale or never run: " \
        "enab-baladi, halab-today, sana, syria-tv, zaman-alwasl"
    listed = run_rasad("alerts", "list", "--config", str(config))
    assert listed.returncode == 0, listed.stderr
    assert TEXTS["S1"][0] in listed.stdout
    current = run_rasad("db", "current", "--config", str(config))
    assert current.returncode == 0, current.stderr
    assert current.stdout.strip().endswith("(newest)")
    found = run_rasad("search", "حصار درعا", "--config", str(config), "--format", "json")
    assert found.returncode == 0, found.stderr  # the reader searches (حصارا على درعا)
    assert {r["title"] for r in json.loads(found.stdout)} >= {TEXTS["S1"][0]}
    exported = run_rasad("export", "--config", str(config), "--format", "jsonl")
    assert exported.returncode == 0, exported.stderr
    assert len(exported.stdout.splitlines()) == len(COPIES)
    crawl = run_rasad("crawl", "--config", str(config))
    assert crawl.returncode == 2
    [line] = crawl.stderr.strip().splitlines()
    assert line.startswith(f"rasad: error: cannot write archive {redact_url(built.reader)}: ")
    if built.dialect == "sqlite":
        assert line.endswith(": the URL opens it read-only (mode=ro)")
    else:  # as the README shows it
        assert line.endswith(": the database is read-only (transaction_read_only is on)")
        why = line.split(f"{redact_url(built.reader)}: ", 1)[1]
        assert f"rasad_reader:***@db.example.org/rasad: {why}\n" in README
    reader = Archive.open(built.reader, mode="read")
    try:
        assert reader.count("articles") == len(COPIES)  # nothing was written
    finally:
        reader.close()


def test_a_reader_can_write_nothing(built: Built) -> None:
    engine = create_engine(built.reader)
    try:
        with pytest.raises(DBAPIError) as refused, engine.begin() as conn:
            conn.execute(text("DELETE FROM deliveries"))
    finally:
        engine.dispose()
    assert re.search(r"readonly database|read-only transaction|permission denied",
                     str(refused.value.orig)), refused.value.orig


@pytest.mark.parametrize("built", ["postgresql"], indirect=True)
def test_the_postgresql_reader_role_without_the_optional_line(built: Built) -> None:
    """The grants alone refuse a crawl (one line naming the role), and
    ALTER DEFAULT PRIVILEGES lets the reader read a table a later migration adds."""
    role = make_url(built.reader).username
    assert role is not None
    admin = create_engine(built.url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f"ALTER ROLE {role} RESET default_transaction_read_only"))
            conn.execute(text("CREATE TABLE later_table (id integer)"))  # as Rasad's role
            conn.execute(text("INSERT INTO later_table VALUES (7)"))
        assert run(built.reader, "SELECT id FROM later_table") == [(7,)]
        with pytest.raises(StorageError) as refused:
            Archive.open(built.reader)
        assert str(refused.value) == (
            f"cannot write archive {redact_url(built.reader)}: the role {role} may not write "
            "its tables (alerts, article_bands, article_urls, …: no INSERT or UPDATE); a "
            "read-only role can read it (`rasad status`, SQL), not crawl")
        shown = str(refused.value).split(": ", 1)[1].replace(role, "rasad_reader")
        assert f"rasad_reader:***@db.example.org/rasad: {shown}\n" in README
    finally:
        with admin.begin() as conn:
            conn.execute(text("DROP TABLE later_table"))
            conn.execute(text(f"ALTER ROLE {role} SET default_transaction_read_only = on"))
        admin.dispose()


def test_sqlite_mode_ro_in_a_folder_the_reader_cannot_write(tmp_path: Path) -> None:
    """The WAL caveat the README states: without write access to the folder,
    `mode=ro` reads only while the -wal and -shm files exist (a Rasad process
    has the archive open); `immutable=1` reads without them."""
    prefix = unprivileged_prefix()
    if prefix is None:
        pytest.skip("running as root and setpriv (util-linux) is missing")
    folder = tmp_path / "archive"
    folder.mkdir()
    path = folder / "rasad.db"
    archive = Archive.open(f"sqlite:///{path}")
    archive.save_articles([(_item("S2", "sana", day(8), at(day(8), 7)), [], [], OPEN)])
    archive.close()
    assert not path.with_name("rasad.db-shm").exists()  # the last connection removed it
    ro, immutable = (_config(tmp_path / name, f"sqlite:///file:{path}?{query}&uri=true")
                     for name, query in (("ro", "mode=ro"), ("imm", "immutable=1")))
    holder = sqlite3.connect(path)
    try:
        folder.chmod(0o555)
        holder.execute("SELECT count(*) FROM articles").fetchall()  # -wal, -shm exist now
        while_open = run_unprivileged(prefix, "status", "--config", str(ro))
    finally:
        folder.chmod(0o755)
        holder.close()
    folder.chmod(0o555)
    try:
        closed = run_unprivileged(prefix, "status", "--config", str(ro))
        frozen = run_unprivileged(prefix, "status", "--config", str(immutable))
    finally:
        folder.chmod(0o755)
    assert while_open.returncode == 0, while_open.stderr
    assert closed.returncode == 2
    assert closed.stderr.strip() == (
        f"rasad: error: cannot read archive sqlite:///file:{path}?mode=ro&uri=true: the "
        f"folder {folder} is read-only (SQLite needs to write rasad.db-wal and rasad.db-shm "
        f"beside the archive); while nothing writes to it, sqlite:///file:{path}?immutable=1"
        "&uri=true reads it without them (attempt to write a readonly database)")
    assert frozen.returncode == 0, frozen.stderr
    assert "sana: never run" in frozen.stdout
    # a `rasad backup` copy (taken through the mode=ro URL) is one plain file:
    # mode=ro reads it from a folder the reader cannot write
    snapshots = tmp_path / "snapshots"
    snapshots.mkdir()
    copied = run_rasad("backup", "--config", str(ro), str(snapshots / "copy.db"))
    assert copied.returncode == 0, copied.stderr
    copy = _config(tmp_path / "copy", f"sqlite:///file:{snapshots / 'copy.db'}?mode=ro&uri=true")
    snapshots.chmod(0o555)
    try:
        from_copy = run_unprivileged(prefix, "status", "--config", str(copy))
    finally:
        snapshots.chmod(0o755)
    assert from_copy.returncode == 0, from_copy.stderr
    assert sorted(p.name for p in snapshots.iterdir()) == ["copy.db"]
