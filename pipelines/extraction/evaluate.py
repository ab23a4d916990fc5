"""Score extraction on an annotated corpus (Rasad and its peers in one run).

A case is `<name>.html` (bytes as served) plus `<name>.json` (expected values;
see tests/extraction_corpus/README.md and tests/zoo/README.md). A key that is
absent is not scored. A case's family is its folder (`dev/jannah/jannah-0`:
split `dev`, family `jannah`). Behind `rasad eval-extract DIR`, bench/ and tests.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.core.text.encoding import decode_html
from crawler.core.text.normalize import normalize_arabic, strip_invisible, tokens
from pipelines.extraction import Extracted

LEAK_OVERLAP = 0.5  # a body line sharing less than this with the truth is leaked furniture


@dataclass(frozen=True)
class Case:
    name: str  # path below the corpus folder, without the extension
    html: str
    expected: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.expected.get("url") or f"https://example.invalid/{self.name}")

    @property
    def fetched_at(self) -> datetime | None:
        value = self.expected.get("fetched_at")
        return datetime.fromisoformat(value) if value else None

    @property
    def split(self) -> str:
        parts = self.name.split("/")
        return parts[0] if len(parts) >= 3 else ""

    @property
    def family(self) -> str:
        parts = self.name.split("/")
        return parts[-2] if len(parts) >= 2 else parts[0].rsplit("-", 1)[0]

    @property
    def is_article(self) -> bool:
        return bool(self.expected.get("kind", "article") == "article")


@dataclass
class Score:
    name: str
    f1: float | None = None
    leaked: int | None = None
    title: bool | None = None
    date: bool | None = None  # the calendar day
    time: bool | None = None  # the time of day right, or none claimed when none is printed
    author: bool | None = None
    byline: bool | None = None  # the byline's kind (person/desk/agency) and agency credit
    language: bool | None = None
    snippets: bool | None = None
    kind: bool | None = None  # stored when an article, not stored otherwise
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


def leaked_lines(got: str, truth: str, furniture: list[str] | None = None) -> list[str]:
    """Body lines that are not (mostly) article text, or that hold a furniture
    line the page was built with."""
    vocab = set(tokens(strip_invisible(truth)))
    known = [normalize_arabic(f) for f in furniture or [] if normalize_arabic(f)]
    truth_norm = normalize_arabic(truth)
    out = []
    for line in got.splitlines():
        words = tokens(strip_invisible(line))
        norm = normalize_arabic(line)
        if words and sum(w in vocab for w in words) / len(words) < LEAK_OVERLAP:
            out.append(line)
        elif any(f in norm and f not in truth_norm for f in known):
            out.append(line)
    return out


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _date_scores(exp: dict[str, Any], got: Extracted | None) -> tuple[bool | None, bool | None]:
    """(calendar day right, time of day right). Pages annotated before calendar days
    were kept (`published` only) are scored on the instant."""
    if "published_date" not in exp:
        if "published" not in exp:
            return None, None
        want = exp["published"]
        if want is None or got is None or got.published_date is None:
            return want is None and (got is None or got.published_date is None), None
        expected = datetime.fromisoformat(want).astimezone(UTC)
        if got.published_at is None:  # a day alone: right on the right day
            return got.published_date == expected.astimezone(_tz(exp)).date(), None
        return abs(got.published_at - expected) <= timedelta(minutes=1), None
    day_ok = (got.published_date if got else None) == _day(exp["published_date"])
    at = got.published_at if got else None
    if "time_known" not in exp:
        return day_ok, None
    if not exp["time_known"]:
        return day_ok, at is None
    want = datetime.fromisoformat(exp["published"]).astimezone(UTC)
    return day_ok, at is not None and abs(at - want) <= timedelta(minutes=1)


def _tz(exp: dict[str, Any]) -> Any:
    from crawler.core.text.dates import SYRIA_TZ, parse_timezone

    return parse_timezone(exp["timezone"]) if exp.get("timezone") else SYRIA_TZ


def score(case: Case, result: Extracted | None, ms: float, language: bool = True) -> Score:
    """`language=False` for tools that do not identify languages (bare trafilatura)."""
    exp, s = case.expected, Score(case.name, ms=ms)
    if exp.get("kind") == "rejected":
        if language:
            s.language = result is None or not result.is_article or result.language != "ar"
        return s
    if exp.get("kind") == "non_article":
        s.kind = result is None or not result.is_article
        return s
    got = result if result is not None and result.is_article else None
    s.kind = got is not None if "kind" in exp else None
    body = got.body if got else ""
    if exp.get("paragraphs") is not None:
        truth = "\n".join(exp["paragraphs"])
        s.f1 = token_f1(body, truth)
        s.leaked = len(leaked_lines(body, truth, exp.get("furniture")))
    if "title" in exp:
        s.title = got is not None and got.title == exp["title"]
    s.date, s.time = _date_scores(exp, got)
    if "author" in exp:
        s.author = (got.author if got else None) == exp["author"]
    if "author_kind" in exp:
        s.byline = got is not None and (got.author_kind, got.credit) == (
            exp["author_kind"], exp.get("credit"))
    if "language" in exp and result is not None and language:
        s.language = got is not None and got.language == exp["language"]
    if "must_include" in exp or "must_exclude" in exp:
        s.snippets = all(x in body for x in exp.get("must_include", [])) and not any(
            x in body for x in exp.get("must_exclude", []))
    return s


Runner = Callable[[Case], tuple[Extracted, float]]


def evaluate(cases: list[Case], runner: Runner, language: bool = True,
             skip: tuple[str, ...] = ()) -> list[Score]:
    """Score `runner` on every case; `skip` names what the tool does not attempt
    (a peer without dates or bylines), left unscored."""
    scores = [score(case, *runner(case), language=language) for case in cases]
    for s in scores:
        for attr in skip:
            setattr(s, attr, None)
    return scores


def summary(scores: list[Score]) -> dict[str, float | int | None]:
    def mean(values: list[float]) -> float | None:
        return sum(values) / len(values) if values else None

    def rate(attr: str) -> float | None:
        got = [getattr(s, attr) for s in scores if getattr(s, attr) is not None]
        return mean([1.0 if g else 0.0 for g in got])

    f1s = [s.f1 for s in scores if s.f1 is not None]
    return {"pages": len(scores), "body_f1": mean(f1s), "min_f1": min(f1s) if f1s else None,
            "leaked": sum(s.leaked or 0 for s in scores),
            "title": rate("title"), "date": rate("date"), "time": rate("time"),
            "author": rate("author"), "byline": rate("byline"), "language": rate("language"),
            "snippets": rate("snippets"), "kind": rate("kind"),
            "ms_per_page": mean([s.ms for s in scores])}


def by_group(cases: list[Case], scores: list[Score],
             key: Callable[[Case], str]) -> dict[str, list[Score]]:
    groups: dict[str, list[Score]] = {}
    for case, s in zip(cases, scores, strict=True):
        groups.setdefault(key(case), []).append(s)
    return groups
