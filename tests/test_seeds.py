"""The five seeds (tests/extraction_corpus/seeds, copied from shared/seeds): real
siege/mediation reports with the furniture a naive extractor left in. Their
clean text is the demo corpus (crawler/app/demo/articles.json, articles 0-4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.app.demo import load_articles
from crawler.core.text.normalize import normalize_arabic
from pipelines.extraction import _drop_title_lines
from pipelines.extraction.furniture import is_furniture
from pipelines.extraction.learned import LearnedFurniture

SEEDS = sorted((Path(__file__).parent / "extraction_corpus" / "seeds").glob("*.txt"))
# Category chips glued together by the page: no phrase says so; the same line
# on every page of the source does (learned furniture, tested below).
CHIPS = "الشأن السوريسلايد رئيسي"


def _split(index: int) -> tuple[list[str], list[str]]:
    art = load_articles()[index]
    truth = {normalize_arabic(p) for p in art.paragraphs}
    lines = [line for line in SEEDS[index].read_text(encoding="utf-8").splitlines()
             if line.strip()]
    news = [line for line in lines if normalize_arabic(line) in truth]
    return news, [line for line in lines if line not in news]


@pytest.mark.parametrize("index", range(5))
def test_seed_leftovers_are_furniture_and_news_is_not(index: int) -> None:
    art = load_articles()[index]
    news, leftovers = _split(index)
    assert len(news) >= 5
    assert not [line for line in news if is_furniture(line)]
    remaining = _drop_title_lines([x for x in leftovers if not is_furniture(x)], art.title)
    assert remaining in ([], [CHIPS]), remaining


def test_the_chips_line_is_learned_from_the_source() -> None:
    memory = LearnedFurniture(min_pages=5)
    for i in range(5):
        memory.learn([CHIPS, f"خبر مختلف رقم {i}"])
    assert memory.filter([CHIPS, "خبر جديد"]) == ["خبر جديد"]
