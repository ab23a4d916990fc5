"""The template zoo (tests/zoo): one test case per page (as Fundus tests each
publisher), then the family targets of issue 12 against bare trafilatura in the
same run, and the held-back split against the dev split."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.extraction.evaluate import (
    Case,
    by_group,
    evaluate,
    leaked_lines,
    load_cases,
    score,
    summary,
)
from pipelines.extraction.peers import run_bare, run_rasad
from tests.cli import run_rasad as run_cli

ZOO = Path(__file__).parent / "zoo"
CASES = load_cases(ZOO)
# Known misses on the held-back split, found on its first run and left unfixed
# (fixing them would be tuning on it): a person's name signing the text on a line
# of its own, with no byline word or markup, stays in the body.
HELD_BACK_MISSES = {
    "heldout/word-export/word-export-2": "bare signature line kept in the body",
    "heldout/mobile-lite/mobile-lite-1": "bare signature line kept in the body",
}
ARTICLES = [pytest.param(c, id=c.name, marks=pytest.mark.xfail(
    strict=True, reason=HELD_BACK_MISSES[c.name])) if c.name in HELD_BACK_MISSES
    else pytest.param(c, id=c.name) for c in CASES if c.is_article]
OTHERS = [c for c in CASES if not c.is_article]


def test_the_zoo_has_thirty_families_and_two_splits() -> None:
    families = {c.family for c in CASES}
    assert len(families) >= 30
    assert {c.split for c in CASES} == {"dev", "heldout"}
    for family in families:
        assert sum(c.family == family for c in CASES) >= 3, family
    assert len(OTHERS) >= 15  # tag, author, listing, video and gallery pages


@pytest.mark.parametrize("case", ARTICLES)
def test_article_page(case: Case) -> None:
    result, ms = run_rasad(case)
    s = score(case, result, ms)
    exp = case.expected
    assert result.is_article, (result.kind, result.body[:300])
    assert leaked_lines(result.body, "\n".join(exp["paragraphs"]), exp["furniture"]) == []
    assert s.f1 is not None and s.f1 >= 0.95, result.body
    assert s.title, result.title
    assert s.date, (result.published_date, exp["published_date"], result.date_source)
    assert s.time, (result.published_at, exp["published"], result.date_precision)
    assert s.language, result.language


@pytest.mark.parametrize("case", OTHERS, ids=lambda c: c.name)
def test_non_article_page_is_not_stored(case: Case) -> None:
    result, _ = run_rasad(case)
    assert not result.is_article, (result.strategy, result.body[:300])


def test_families_meet_the_targets_and_never_fall_below_bare_trafilatura() -> None:
    ours, bare = evaluate(CASES, run_rasad), evaluate(CASES, run_bare, language=False)
    mine = by_group(CASES, ours, lambda c: c.family)
    theirs = by_group(CASES, bare, lambda c: c.family)
    for family, scores in mine.items():
        f1, peer = summary(scores)["body_f1"], summary(theirs[family])["body_f1"]
        if f1 is None:
            continue
        assert f1 >= 0.95, family
        assert peer is None or f1 >= peer, (family, f1, peer)
    overall = summary(ours)
    assert overall["body_f1"] is not None and overall["body_f1"] >= 0.98
    dev = summary([s for c, s in zip(CASES, ours, strict=True) if c.split == "dev"])
    assert dev["leaked"] == 0
    assert overall["leaked"] == len(HELD_BACK_MISSES)
    assert overall["date"] == 1.0 and overall["time"] == 1.0 and overall["kind"] == 1.0
    assert overall["author"] is not None and overall["author"] >= 0.9


def test_the_held_back_split_is_within_two_points_of_the_dev_split() -> None:
    ours = evaluate(CASES, run_rasad)
    split = by_group(CASES, ours, lambda c: c.split)
    dev, held = summary(split["dev"])["body_f1"], summary(split["heldout"])["body_f1"]
    assert dev is not None and held is not None
    assert held >= dev - 0.02, (dev, held)


def test_eval_extract_prints_families_splits_and_peers() -> None:
    proc = run_cli("eval-extract", str(ZOO), "--no-pages", timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert "== splits" in out and "[dev] rasad" in out and "[heldout] rasad" in out
    assert "[heldout] trafilatura" in out and "[heldout] readability" in out
    assert any(line.startswith("table-br ") for line in out.splitlines())
    assert "time ratio rasad/trafilatura:" in out
