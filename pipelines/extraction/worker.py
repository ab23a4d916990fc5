"""What runs inside an extraction worker process, kept free of Scrapy.

A spawned worker imports only the module of the function it is given, so the
worker side lives here: importing Scrapy, the config or the archive would cost
every worker ~60 MB and its start-up time for nothing.
"""

from __future__ import annotations

from datetime import datetime

from pipelines import extraction
from pipelines.extraction import Extracted, ExtractOptions


def extract_in_worker(html: str, url: str, options: ExtractOptions, status: int,
                      hint: datetime | None, now: datetime | None = None) -> Extracted:
    return extraction.extract_page(html, url, options, status=status, hint_published=hint,
                                   now=now)


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


