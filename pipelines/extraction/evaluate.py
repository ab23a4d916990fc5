"""Score extraction on an annotated corpus: Rasad against bare trafilatura.

A case is `<name>.html` (bytes as served) plus `<name>.json` (expected values;
see tests/extraction_corpus/README.md). A key that is absent is not scored.
Behind `rasad eval-extract DIR` and bench/extract_bench.py.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import trafilatura

from crawler.core.text.dates import SYRIA_TZ
from crawler.core.text.encoding import decode_html
from crawler.core.text.normalize import strip_invisible, tokens
from pipelines.extraction import DEFAULT_OPTIONS, Extracted, ExtractOptions, extract_page

LEAK_OVERLAP = 0.5  # a body line sharing less than this with the truth is leaked furniture


@dataclass(frozen=True)
class Case:
    name: str
    html: str
    expected: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.expected.get("url") or f"https://example.invalid/{self.name}")

    @property
    def fetched_at(self) -> datetime | None:
        value = self.expected.get("fetched_at")
        return datetime.fromisoformat(value) if value else None


@dataclass
class Score:
    name: str
    f1: float | None = None
    leaked: int | None = None
    title: bool | None = None
    date: bool | None = None
    author: bool | None = None
    language: bool | None = None
    snippets: bool | None = None
    ms: float = 0.0
    notes: list[str] = field(default_factory=list)


def load_cases(folder: str | Path) -> list[Case]:
    cases = []
    for spec in sorted(Path(folder).rglob("*.json")):
        page = spec.with_suffix(".html")
        if page.exists():
            html, _ = decode_html(page.read_bytes())
            name = str(spec.relative_to(folder).with_suffix(""))
            cases.append(Case(name, html, json.loads(spec.read_text(encoding="utf-8"))))
    return cases


def token_f1(got: str, truth: str) -> float:
    # tools differ on zero-width non-joiners (Persian "محله‌های"): not a word boundary
    g, t = Counter(tokens(strip_invisible(got))), Counter(tokens(strip_invisible(truth)))
    if not g or not t:
        return 1.0 if g == t else 0.0
    common = sum((g & t).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(g.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def leaked_lines(got: str, truth: str) -> list[str]:
    """Body lines that are not (mostly) article text."""
    vocab = set(tokens(strip_invisible(truth)))
    out = []
    for line in got.splitlines():
        words = tokens(strip_invisible(line))
        if words and sum(w in vocab for w in words) / len(words) < LEAK_OVERLAP:
            out.append(line)
    return out


def _same_date(got: datetime | None, want: str | None, day_only: bool = False) -> bool:
    """Right to the minute; a tool that gives only the day is right on the right day."""
    if want is None or got is None:
        return want is None and got is None
    expected = datetime.fromisoformat(want).astimezone(UTC)
    if day_only:
        return got.date() == expected.astimezone(SYRIA_TZ).date()
    return abs(got - expected) <= timedelta(minutes=1)


def score(case: Case, result: Extracted | None, ms: float, language: bool = True) -> Score:
    """`language=False` for tools that do not identify languages (bare trafilatura)."""
    exp, s = case.expected, Score(case.name, ms=ms)
    if exp.get("kind") == "rejected":
        if not language:
            return s
        s.language = result is None or not result.is_article or result.language != "ar"
        return s
    got = result if result is not None and result.is_article else None
    body = got.body if got else ""
    if exp.get("paragraphs") is not None:
        truth = "\n".join(exp["paragraphs"])
        s.f1, s.leaked = token_f1(body, truth), len(leaked_lines(body, truth))
    if "title" in exp:
        s.title = got is not None and got.title == exp["title"]
    if "published" in exp:
        s.date = _same_date(got.published_at if got else None, exp["published"],
                            day_only=got is not None and got.date_source == "day")
    if "author" in exp:
        s.author = (got.author if got else None) == exp["author"]
    if "language" in exp and result is not None and language:
        s.language = got is not None and got.language == exp["language"]
    if "must_include" in exp or "must_exclude" in exp:
        s.snippets = all(x in body for x in exp.get("must_include", [])) and not any(
            x in body for x in exp.get("must_exclude", []))
    return s


Runner = Callable[[Case], tuple[Extracted, float]]


def rasad_runner(options: ExtractOptions = DEFAULT_OPTIONS) -> Runner:
    """Rasad's extraction with `options` (the shipped ones by default)."""
    def run(case: Case) -> tuple[Extracted, float]:
        start = time.perf_counter()
        result = extract_page(case.html, case.url, options, now=case.fetched_at)
        return result, (time.perf_counter() - start) * 1000
    return run


run_rasad = rasad_runner()


def run_bare(case: Case) -> tuple[Extracted, float]:
    """Bare trafilatura with its defaults: text, title, date and author."""
    start = time.perf_counter()
    doc = trafilatura.bare_extraction(case.html, url=case.url, with_metadata=True)
    ms = (time.perf_counter() - start) * 1000
    if doc is None or isinstance(doc, dict):
        return Extracted(case.url, "", "", None, None, None, None, "too_short"), ms
    published = None
    if doc.date:
        published = datetime.fromisoformat(doc.date).replace(tzinfo=UTC)
    return Extracted(case.url, doc.title or "", doc.text or "", published, "day",
                     doc.author, None, "article"), ms


def evaluate(cases: list[Case], runner: Runner, language: bool = True) -> list[Score]:
    return [score(case, *runner(case), language=language) for case in cases]


def summary(scores: list[Score]) -> dict[str, float | int | None]:
    def mean(values: list[float]) -> float | None:
        return sum(values) / len(values) if values else None

    def rate(attr: str) -> float | None:
        got = [getattr(s, attr) for s in scores if getattr(s, attr) is not None]
        return mean([1.0 if g else 0.0 for g in got])

    f1s = [s.f1 for s in scores if s.f1 is not None]
    return {"pages": len(scores), "body_f1": mean(f1s),
            "leaked": sum(s.leaked or 0 for s in scores),
            "title": rate("title"), "date": rate("date"), "author": rate("author"),
            "language": rate("language"), "snippets": rate("snippets"),
            "ms_per_page": mean([s.ms for s in scores])}
