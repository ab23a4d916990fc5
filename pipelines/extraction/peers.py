"""The tools Rasad's extraction is measured against, in the same run: bare
trafilatura (its defaults), readability-lxml (optional: the `peers` extra) and
htmldate (dates only; installed with trafilatura). Each is a `Runner` for
`evaluate.py`: Case -> (Extracted, ms)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import trafilatura
from lxml import html as lxml_html

from crawler.core.text.dates import parse_timezone
from crawler.core.text.normalize import fold_whitespace
from pipelines.extraction import DEFAULT_OPTIONS, Extracted, ExtractOptions, extract_page
from pipelines.extraction.evaluate import Case, Runner

_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "pre")


@dataclass(frozen=True)
class Peer:
    name: str
    run: Runner
    skip: tuple[str, ...] = ()  # what the tool does not attempt (left unscored)


def _empty(case: Case) -> Extracted:
    return Extracted(case.url, "", "", None, None, None, None, "too_short")


def rasad_runner(options: ExtractOptions = DEFAULT_OPTIONS) -> Runner:
    """Rasad's extraction with `options`; a case's `timezone` is the source's."""
    def run(case: Case) -> tuple[Extracted, float]:
        opts = options
        if case.expected.get("timezone"):
            opts = options.with_(tz=parse_timezone(case.expected["timezone"]))
        start = time.perf_counter()
        result = extract_page(case.html, case.url, opts, now=case.fetched_at)
        return result, (time.perf_counter() - start) * 1000
    return run


run_rasad = rasad_runner()


def run_bare(case: Case) -> tuple[Extracted, float]:
    """Bare trafilatura with its defaults: text, title, date (a day) and author."""
    start = time.perf_counter()
    doc = trafilatura.bare_extraction(case.html, url=case.url, with_metadata=True)
    ms = (time.perf_counter() - start) * 1000
    if doc is None or isinstance(doc, dict) or not doc.text:
        return _empty(case), ms
    day = date.fromisoformat(doc.date[:10]) if doc.date else None
    return Extracted(case.url, doc.title or "", doc.text or "", None, "trafilatura",
                     doc.author, None, "article", published_date=day,
                     date_precision="day" if day else None), ms


def run_readability(case: Case) -> tuple[Extracted, float]:
    """readability-lxml: title and main block (no dates, no bylines)."""
    from readability import Document

    start = time.perf_counter()
    try:
        document = Document(case.html)
        summary = document.summary(html_partial=True)
        title = document.short_title()
    except Exception:  # readability raises on empty or odd pages
        return _empty(case), (time.perf_counter() - start) * 1000
    tree = lxml_html.fragment_fromstring(summary, create_parent="div")
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    lines: list[str] = []
    for block in tree.iter(*_BLOCKS):
        if not any(a.tag in _BLOCKS for a in block.iterancestors()):
            lines.extend(fold_whitespace(t) for t in block.text_content().split("\n"))
    if not lines:
        lines = [fold_whitespace(t) for t in tree.text_content().split("\n")]
    ms = (time.perf_counter() - start) * 1000
    body = "\n".join(line for line in lines if line)
    return Extracted(case.url, fold_whitespace(title), body, None, None, None, None,
                     "article" if body else "too_short"), ms


def run_htmldate(case: Case) -> tuple[Extracted, float]:
    """htmldate's original publication date (a day), nothing else."""
    from htmldate import find_date

    start = time.perf_counter()
    try:
        value = find_date(case.html, url=case.url, original_date=True,
                          extensive_search=True, outputformat="%Y-%m-%d")
    except Exception:
        value = None
    ms = (time.perf_counter() - start) * 1000
    day = date.fromisoformat(value) if value else None
    return Extracted(case.url, "", "", None, "htmldate", None, None, "article",
                     published_date=day, date_precision="day" if day else None), ms


def readability_available() -> bool:
    try:
        import readability  # noqa: F401
    except ImportError:
        return False
    return True


def peers() -> list[Peer]:
    """Rasad first, then the peers installed here."""
    out = [Peer("rasad", run_rasad),
           Peer("trafilatura", run_bare, ("language", "byline"))]
    if readability_available():
        out.append(Peer("readability", run_readability,
                        ("language", "date", "time", "author", "byline")))
    out.append(Peer("htmldate", run_htmldate,
                    ("f1", "leaked", "title", "author", "byline", "language", "snippets", "kind",
                     "time")))
    return out
