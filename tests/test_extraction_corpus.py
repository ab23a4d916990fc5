"""The dev corpus targets (tests/extraction_corpus): one test case per page, plus
the means and the comparison with bare trafilatura on the real pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.extraction.evaluate import (
    Case,
    evaluate,
    leaked_lines,
    load_cases,
    score,
    summary,
)
from pipelines.extraction.peers import run_bare, run_rasad
from tests.cli import run_rasad as run_cli

CORPUS = Path(__file__).parent / "extraction_corpus"
OWN = load_cases(CORPUS / "pages")
REAL = load_cases(CORPUS / "realpages")


def test_the_corpus_has_seven_templates_and_the_real_pages() -> None:
    templates = {case.name.split("-")[0] for case in OWN}
    assert templates == {"tv", "jannah", "sy24", "enab", "sana", "nedaa", "jazeera"}
    assert len(OWN) >= 20
    assert sum(case.expected.get("kind") == "rejected" for case in REAL) == 9
    assert sum(bool(case.expected.get("paragraphs")) for case in REAL) == 5


@pytest.mark.parametrize("case", OWN, ids=lambda c: c.name)
def test_own_page_exactly_right(case: Case) -> None:
    result, ms = run_rasad(case)
    s = score(case, result, ms)
    assert leaked_lines(result.body, "\n".join(case.expected["paragraphs"])) == []
    assert s.f1 is not None and s.f1 >= 0.99, result.body
    assert s.title, result.title
    assert s.date, (result.published_at, result.date_source)
    assert s.author, result.author
    assert s.language, result.language


def test_own_corpus_means() -> None:
    sm = summary(evaluate(OWN, run_rasad))
    assert sm["body_f1"] is not None and sm["body_f1"] >= 0.99
    assert sm["leaked"] == 0
    assert sm["title"] == sm["date"] == 1.0


def test_real_pages_beat_bare_trafilatura_and_negatives_are_rejected() -> None:
    ours = summary(evaluate(REAL, run_rasad))
    bare = summary(evaluate(REAL, run_bare, language=False))
    assert ours["body_f1"] > bare["body_f1"]
    assert ours["leaked"] <= bare["leaked"]
    assert ours["snippets"] == 1.0
    rejected = [s for s in evaluate(REAL, run_rasad) if s.name.startswith("negatives/")]
    assert len(rejected) == 9 and all(s.language for s in rejected)


def test_eval_extract_command_prints_both_tools() -> None:
    proc = run_cli("eval-extract", str(CORPUS / "pages"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    ours = next(line for line in lines if line.startswith("rasad "))
    bare = next(line for line in lines if line.startswith("trafilatura "))
    assert "body_f1=1.0000" in ours and "furniture_leaked=0" in ours
    assert "title=1.000" in ours and "date=1.000" in ours
    assert "furniture_leaked=0" not in bare
    assert any(line.startswith("tv-03 ") for line in lines)
    assert "time ratio rasad/trafilatura:" in proc.stdout


def test_eval_extract_empty_folder_is_a_user_error(tmp_path: Path) -> None:
    proc = run_cli("eval-extract", str(tmp_path))
    assert proc.returncode == 2 and "no NAME.html + NAME.json" in proc.stderr
