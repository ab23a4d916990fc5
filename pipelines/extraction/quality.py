"""How much a candidate body looks like the page's article: a general score,
tuned on the zoo's dev split only (tests/zoo, `rasad eval-extract`).

    score = sqrt(chars) * script share * (1 - link density)^2 * prose share
            * (1/2 + 1/2 * agreement with the page's title and description)

- chars: the cleaned text's length (more of the article is better, with
  diminishing returns so a long sidebar does not win by size alone);
- script share: the share of its letters in its main script (Arabic or Latin):
  mixed-script lines are widgets, credits and code;
- link density: link text over all text (menus, teasers, tag lists);
- prose share: the share of text in lines of at least `PROSE_WORDS` words
  (news is written in sentences; menus, captions and labels are not);
- agreement: the share of the page's description and title words the text
  contains (the lead is usually the description).
"""

from __future__ import annotations

import math
import re

from lxml import html as lxml_html

from crawler.core.text.normalize import normalize_arabic
from crawler.core.text.pagekind import meta_content, title_text
from pipelines.extraction.strategies import Candidate

PROSE_WORDS = 8
MIN_PROSE = 0.5  # a rescued text must be at least this share sentences
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")


def reference_words(doc: lxml_html.HtmlElement) -> set[str]:
    """The words of the page's description and title: what its article is about."""
    text = " ".join(filter(None, (meta_content(doc, "og:description", "description",
                                               "twitter:description"),
                                  meta_content(doc, "og:title"), title_text(doc))))
    return {w for w in normalize_arabic(text).split() if len(w) > 2}


def score(candidate: Candidate, reference: set[str], title: str = "") -> float:
    """The candidate's score; the headline is never body text, so lines are
    measured without it (a strategy that glues it to the lead gains nothing)."""
    lines = [line.replace(title, " ").strip() if title else line for line in candidate.lines]
    lines = [line for line in lines if line]
    chars = sum(len(line) for line in lines)
    if not chars:
        return 0.0
    text = "\n".join(lines)
    arabic, latin = len(_ARABIC.findall(text)), len(_LATIN.findall(text))
    script = max(arabic, latin) / max(arabic + latin, 1)
    links = min(1.0, candidate.link_chars / chars)
    prose = prose_share(lines)
    if reference:
        words = set(normalize_arabic(text).split())
        agreement = len(reference & words) / len(reference)
    else:
        agreement = 1.0
    return math.sqrt(chars) * script * (1 - links) ** 2 * prose * (0.5 + 0.5 * agreement)


def prose_share(lines: list[str]) -> float:
    chars = sum(len(line) for line in lines)
    return sum(len(line) for line in lines if len(line.split()) >= PROSE_WORDS) / max(chars, 1)


def _adds_prose(main: list[str], other: list[str]) -> bool:
    """`other` holds every line of `main`, in order, and adds sentences to it."""
    if not main:
        return False
    lines = iter(other)
    if not all(any(line == o for o in lines) for line in main):
        return False
    extra = [line for line in other if line not in set(main)]
    return bool(extra) and all(len(line.split()) >= PROSE_WORDS for line in extra)


def best(candidates: list[Candidate], reference: set[str], margin: float,
         title: str = "", superset: bool = False) -> Candidate:
    """The first candidate (the main pass) unless another, written mostly in
    sentences (`MIN_PROSE`), scores `margin` times more. With `superset` (a page
    of many short entries), one that holds all of the main text and adds
    sentences to it wins."""
    main = candidates[0]
    top, top_score = main, score(main, reference, title) * margin
    for candidate in candidates[1:] if superset else ():
        if _adds_prose(main.lines, candidate.lines):
            return candidate
    for candidate in candidates[1:]:
        s = score(candidate, reference, title)
        if s > top_score and prose_share(candidate.lines) >= MIN_PROSE:
            top, top_score = candidate, s
    return top
