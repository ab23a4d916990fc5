"""Several processes writing one archive at once (SQLite and PostgreSQL).

`rasad crawl` holds a per-archive lock, but other writers do not take it: a
second `Archive` user, `rasad alerts deliver`, the scheduler, a crawl on the
same archive under another URL spelling. Real processes, started together, save
overlapping batches of the same articles and their exact copies; the archive
must end with one row per article, one story per report, one alert per rule
and story, one delivery per alert and channel, and every alert delivered once.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from typing import Any

from crawler.core.config import WebhookChannel
from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Match
from storage import Archive, StorageError
from storage.furniture import add_line_counts, load_line_counts
from storage.migrate import archive_state
from tests import oldarchive
from tests.servers import WebhookReceiver

REPORTS = 12
CHANNELS = ["hook", "mail"]
RULES = [Match("siege", ("حصار",), "حصار المدينة"), Match("mediation", ("وساطة",), "وساطة")]
WORDS = ("حصار المدينة قوات النظام الأهالي المساعدات الطحين الحاجز الطريق الريف "
         "الغربي وساطة وجهاء العشائر اتفاق التهدئة المعبر القصف المدنيين الجرحى "
         "المشفى الميداني البلدة الشرقي الشمالي الجنوب قافلة الأمم المتحدة").split()


def _body(i: int) -> str:
    rng = random.Random(i)  # distinct reports: no two share a story
    return "\n".join(" ".join(rng.choice(WORDS) for _ in range(14)) + f" رقم {i}."
                     for _ in range(6))


def _items() -> list[tuple[str, str, str]]:
    """(url, source, body): each report on its outlet and an exact copy elsewhere."""
    out = []
    for i in range(REPORTS):
        out.append((f"https://sana.sy/news/{i}", "sana", _body(i)))
        out.append((f"https://syria.tv/copy/{i}", "syria-tv", _body(i)))
    return out


def _at(start: float) -> None:
    time.sleep(max(0.0, start - time.time()))


def save_all(url: str, seed: int, start: float) -> list[tuple[str, str, int]]:
    """Save every item, in this process's own order, in batches of 3."""
    archive = Archive.open(url)
    items = _items()
    random.Random(seed).shuffle(items)
    now = datetime.now(UTC)
    out = []
    _at(start)
    for k in range(0, len(items), 3):
        batch = [(ArticleItem(url=u, source=s, title=f"خبر {u[-2:]}", body=b, language="ar",
                              fetched_at=now), RULES, CHANNELS) for u, s, b in items[k:k + 3]]
        for (item, _m, _c), result in zip(batch, archive.save_articles(batch), strict=True):
            if isinstance(result, StorageError):
                raise result
            out.append((item.url, result.status, result.alerts))
    archive.close()
    return out


def deliver_until(url: str, hook: str, start: float, stop_after: float) -> int:
    from alerts.dispatcher import deliver_pending

    archive = Archive.open(url)
    channel = WebhookChannel(type="webhook", name="hook", url=hook, timeout=5)
    sent = 0
    _at(start)
    while time.time() < stop_after:
        sent += deliver_pending(archive, [channel], max_attempts=5).sent
    archive.close()
    return sent


def count_lines(url: str, start: float) -> None:
    archive = Archive.open(url)
    _at(start)
    for _ in range(40):
        add_line_counts(archive.engine, "sana", {"a1": 1, "b2": 2})
    archive.close()


def open_archive(url: str, start: float) -> int:
    _at(start)
    archive = Archive.open(url)
    try:
        return archive.count("articles")
    finally:
        archive.close()


def _together(*calls: tuple[Callable[..., Any], tuple[Any, ...]], lead: float = 3.0
              ) -> list[Any]:
    """Run each call in its own spawned process, all starting at the same moment."""
    start = time.time() + lead
    with ProcessPoolExecutor(len(calls), mp_context=multiprocessing.get_context("spawn")) as ex:
        futures = [ex.submit(func, *args, start) for func, args in calls]
        return [f.result(timeout=120) for f in futures]


def test_two_processes_saving_the_same_articles_store_each_once(archive_url: str) -> None:
    Archive.open(archive_url).close()
    first, second = _together((save_all, (archive_url, 1)), (save_all, (archive_url, 2)))
    urls = {u for u, _s, _b in _items()}
    for url in urls:  # exactly one process stored it; the other found it there
        statuses = sorted(s for u, s, _a in first + second if u == url)
        assert statuses == ["new", "unchanged"], (url, statuses)
    assert sum(a for _u, _s, a in first + second) == REPORTS * len(RULES)
    archive = Archive.open(archive_url)
    assert archive.count("articles") == 2 * REPORTS
    assert archive.count("stories") == REPORTS  # each copy joined its report's story
    assert archive.count("alerts") == REPORTS * len(RULES)  # one per rule and story
    assert archive.count("deliveries") == REPORTS * len(RULES) * len(CHANNELS)
    assert archive.count("article_urls") == 2 * REPORTS
    archive.close()


def test_a_writer_and_a_dispatcher_at_once_deliver_every_alert_once(archive_url: str) -> None:
    Archive.open(archive_url).close()
    with WebhookReceiver() as receiver:
        stop = time.time() + 3.0 + 6.0
        saved, sent = _together((save_all, (archive_url, 3)),
                                (deliver_until, (archive_url, receiver.url, stop)))
        archive = Archive.open(archive_url)
        from alerts.dispatcher import deliver_pending

        rest = deliver_pending(archive, [WebhookChannel(type="webhook", name="hook",
                                                        url=receiver.url)], max_attempts=5)
        keys = [r.headers["Idempotency-Key"] for r in receiver.requests]
    assert sum(a for _u, _s, a in saved) == REPORTS * len(RULES)
    assert sent + rest.sent == len(keys) == len(set(keys)) == REPORTS * len(RULES)
    assert archive.count("deliveries", channel="hook", status="sent") == REPORTS * len(RULES)
    archive.close()


def test_concurrent_upserts_add_up(archive_url: str) -> None:
    Archive.open(archive_url).close()
    _together((count_lines, (archive_url,)), (count_lines, (archive_url,)))
    archive = Archive.open(archive_url)
    assert load_line_counts(archive.engine, "sana") == {"a1": 80, "b2": 160}
    archive.close()


def test_processes_opening_an_old_archive_at_once_upgrade_it_once(archive_url: str) -> None:
    oldarchive.load(archive_url)
    assert _together(*[(open_archive, (archive_url,))] * 3) == [9, 9, 9]
    assert archive_state(archive_url).at_head
    archive = Archive.open(archive_url)
    assert archive.count("alerts") == 13 and archive.count("deliveries") == 26
    archive.close()
