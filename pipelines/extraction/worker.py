"""What runs inside an extraction worker process, kept free of Scrapy.

A spawned worker imports only the module of the function it is given, so the
worker side lives here: importing Scrapy, the config or the archive would cost
every worker ~60 MB and its start-up time for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from crawler.core.text.dates import SYRIA_TZ
from pipelines import extraction
from pipelines.extraction import Extracted


@dataclass(frozen=True)
class SourceRules:
    """A source's extraction overrides, picklable for the worker processes."""

    body_selector: str | None = None
    remove_selectors: tuple[str, ...] = ()
    tz: tzinfo = SYRIA_TZ


def extract_in_worker(html: str, url: str, status: int, hint: datetime | None,
                      now: datetime | None = None,
                      rules: SourceRules = SourceRules()) -> Extracted:
    return extraction.extract_page(
        html, url, status=status, hint_published=hint, now=now,
        body_selector=rules.body_selector, remove_selectors=rules.remove_selectors,
        tz=rules.tz)


_WARM_UP_PAGE = (
    "<html lang='ar'><head><title>خبر تجريبي</title></head><body><article><h1>خبر تجريبي</h1>"
    + "".join(f"<p>هذه الفقرة رقم {n} من نص تجريبي يهيئ أدوات الاستخراج قبل وصول الصفحات"
              f" الأولى من الموقع، وفيها ما يكفي من الكلمات.</p>" for n in range(1, 7))
    + "</article></body></html>")


def warm_up() -> None:
    """Import and initialise the extraction stack once per worker, on a page long
    enough for the fast pass: the fallback extractors (and their large stop-word
    lists, ~30 MB) load only if a crawl ever needs them."""
    extraction.extract_page(_WARM_UP_PAGE, "http://localhost/a/1")


