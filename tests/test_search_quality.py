"""Search quality on a labelled set (tests/search_cases.toml), and search
against the alert matcher: every text the matcher matches for a term is found
by searching for that term. Recall and precision are computed and printed
(`pytest -s`); bench/README.md records them."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.core.items import ArticleItem
from crawler.core.rules.matcher import Matcher
from crawler.core.rules.rules import Rule, default_rules
from crawler.core.text.searchquery import parse_query
from storage import Archive, search
from storage.gate import OPEN
from storage.query import Filters

HERE = Path(__file__).parent
CASES = tomllib.loads((HERE / "search_cases.toml").read_text(encoding="utf-8"))
MATCHING = [c["text"] for c in tomllib.loads(
    (HERE / "matching_cases.toml").read_text(encoding="utf-8"))["case"]]
DOCS: dict[str, str] = {**CASES["docs"], **{f"m{i}": t for i, t in enumerate(MATCHING)}}
NOW = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def archive(archive_url: str) -> Iterator[Archive]:
    a = Archive.open(archive_url)
    a.save_articles([(ArticleItem(url=f"https://q.test/{key}", source=key, title="",
                                  body=body, language="ar", fetched_at=NOW), [], [], OPEN)
                     for key, body in DOCS.items()])
    yield a
    a.close()


def found(a: Archive, query: str) -> set[str]:
    with a.engine.connect() as conn:
        hits = search.search(conn, parse_query(query), Filters(), limit=10_000)
    return {h.url.rsplit("/", 1)[1] for h in hits}


def test_labelled_queries_recall_and_precision(archive: Archive) -> None:
    labelled = set(CASES["docs"])
    tp = fp = fn = 0
    misses = []
    for case in CASES["query"]:
        got = found(archive, case["q"]) & labelled
        want = set(case["hits"])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        if got != want:
            misses.append((case["q"], sorted(want - got), sorted(got - want)))
    recall, precision = tp / (tp + fn), tp / (tp + fp)
    print(f"\nlabelled set: {len(CASES['query'])} queries over {len(labelled)} articles: "
          f"recall {recall:.3f}, precision {precision:.3f}; differences: {misses}")
    assert recall == 1.0, misses
    assert precision == 1.0, misses


def _terms() -> list[str]:
    """Every term of the built-in packs that search can express (NEAR is not
    search syntax: its two sides are searched as AND)."""
    out = []
    for rule in default_rules():
        for term in (*rule.any, *rule.all, *rule.none):
            sides = term.source.split()
            if any(s.upper().startswith("NEAR") for s in sides):
                near = next(i for i, s in enumerate(sides) if s.upper().startswith("NEAR"))
                out.append(f'"{" ".join(sides[:near])}" "{" ".join(sides[near + 1:])}"')
            else:
                out.append(f'"{term.source}"')
    return out


def test_search_finds_every_text_the_matcher_matches(archive: Archive) -> None:
    terms = _terms()
    assert len(terms) > 50
    extra = total = 0
    others = []
    for term in terms:
        written = term.replace('"', " ").split()
        near = '" "' in term
        matcher = Matcher([Rule.make("t", all=tuple(term.strip('"').split('" "')))
                           if near else Rule.make("t", any=(" ".join(written),))])
        matched = {k for k, body in DOCS.items() if matcher.match("", body)}
        got = found(archive, term)
        assert matched <= got, (term, sorted(matched - got))
        extra += len(got - matched)
        total += len(got)
        others += [(term, k) for k in sorted(got - matched)]
    print(f"\nmatcher comparison: {len(terms)} pack terms over {len(DOCS)} texts: "
          f"every matcher match found; {extra} of {total} search hits not matched by "
          f"the matcher (precision against it {1 - extra / max(total, 1):.3f}): {others}")
