"""Article body: trafilatura's main text, then structural pruning and furniture.

1. A source's `remove_selectors` are dropped from the page; its `body_selector`,
   when it matches, replaces trafilatura's choice of the main block.
2. trafilatura (knobs in `ExtractOptions`, measured) returns the main block
   as XML with links kept (a fast pass first; the fallback extractors only when
   it finds little text), so that
3. structural pruning can drop short link-dominated blocks inside the body
   ("read also" teasers, related lists, share/follow rows, category chips), and
4. the Arabic furniture library (`furniture.py`) drops the lines left.
5. When that finds little (`ExtractOptions.rescue_below_chars`), or JSON-LD
   holds a longer `articleBody`, other strategies (`strategies.py`) are tried
   and the best cleaned text is kept by a measured score (`quality.py`).
"""

from __future__ import annotations

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.xml import remove_empty_elements, strip_double_tags

from crawler.core.text.normalize import fold_whitespace
from pipelines.extraction import quality, strategies
from pipelines.extraction.furniture import is_furniture, strip_embed_credit
from pipelines.extraction.options import ExtractOptions
from pipelines.extraction.strategies import Candidate

LINK_SHARE = 0.6  # a block whose text is at least this share of link text...
LINK_BLOCK_WORDS = 30  # ...and has at most this many words is a link block
_BLOCKS = ("p", "head", "item", "quote", "list", "cell")
_SELECTOR_BLOCKS = "p, h2, h3, h4, h5, h6, blockquote, li"
_IN_BLOCK = etree.XPath("ancestor::p | ancestor::li | ancestor::blockquote")


def _link_share(el: etree._Element) -> tuple[float, int]:
    text = fold_whitespace("".join(el.itertext()))
    if not text:
        return 0.0, 0
    links = sum(len(fold_whitespace("".join(r.itertext()))) for r in el.iter("ref", "a"))
    return links / len(text), len(text.split())


def is_link_block(el: etree._Element) -> bool:
    share, words = _link_share(el)
    return share >= LINK_SHARE and words <= LINK_BLOCK_WORDS


def _lines(el: etree._Element) -> list[str]:
    for br in el.iter("lb", "br"):
        br.tail = "\n" + (br.tail or "")
    return [fold_whitespace(part) for part in "".join(el.itertext()).split("\n")]


def _main_lines(main: etree._Element) -> tuple[list[str], int]:
    """Lines of trafilatura's main block (its XML vocabulary: p, head, list/item...)
    and the characters of link text left in them."""
    strip_double_tags(main)  # as trafilatura's own XML output does
    remove_empty_elements(main)
    lines: list[str] = []
    links = 0
    for block in main.iter(*_BLOCKS):
        if block.tag == "list":
            continue  # its items are blocks of their own
        if block.getparent() is not None and block.getparent().tag in ("item", "quote", "p"):
            continue
        if not is_link_block(block):
            lines.extend(_lines(block))
            links += sum(len(fold_whitespace("".join(r.itertext()))) for r in block.iter("ref"))
    return lines, links


def _selected_lines(doc: lxml_html.HtmlElement, selector: str) -> list[str] | None:
    roots = doc.cssselect(selector)
    if not roots:
        return None
    lines: list[str] = []
    for root in roots:
        blocks = [b for b in root.cssselect(_SELECTOR_BLOCKS)
                  if not _IN_BLOCK(b)]
        for block in blocks or [root]:
            if not is_link_block(block):
                lines.extend(_lines(block))
    return lines


def extract_body(doc: lxml_html.HtmlElement, options: ExtractOptions,
                 author: str | None = None, title: str = "") -> tuple[list[str], str]:
    """Clean article text, one paragraph per line ([] when nothing is found), and
    the strategy that found it (selector, main, tables, readability, br, jsonld, json).

    `doc` is changed (remove_selectors are dropped from it). `author` is the
    page's byline, so that a line repeating it is dropped as furniture.
    """
    for selector in options.remove_selectors:
        for el in doc.cssselect(selector):
            el.drop_tree()
    if options.body_selector:
        lines = _selected_lines(doc, options.body_selector)
        if lines is not None:
            return _clean(lines, author), "selector"
    # The fast pass (no fallback extractors) is kept when it finds an
    # article's worth of text; otherwise trafilatura runs again with its
    # fallbacks (readability, jusText), which exist to rescue such pages.
    # bench/extract_options.py measures the threshold.
    main = _trafilatura(doc, options, fast=True, name="main")
    if main.chars < options.fast_enough:
        main = _trafilatura(doc, options, fast=False, name="main")
    main.lines = _clean(main.lines, author)
    candidates: list[Candidate | None] = [main]
    structured = strategies.jsonld_body(doc)
    # Live blogs are many short entries, each with a share link: the precision
    # pass drops some of them as link blocks; the recall pass is compared too.
    live = strategies.is_live_blog(doc)
    if main.chars < options.rescue_below_chars or live:
        candidates += [_trafilatura(doc, options.with_(include_tables=True, favor_precision=False),
                                    fast=False, name="tables", prune=CAPTIONS),
                       strategies.readability_body(doc), strategies.br_body(doc),
                       strategies.embedded_json_body(doc)]
    elif structured is None or structured.chars < main.chars * options.structured_longer:
        return main.lines, main.name
    candidates.append(structured)
    found = [c for c in candidates[1:] if c is not None]
    links = strategies.link_texts(doc)
    for candidate in found:
        kept = [line for line in dict.fromkeys(_clean(candidate.lines, author))
                if line not in links]
        candidate.lines = _unglued(kept)
    chosen = quality.best([main, *found], quality.reference_words(doc), options.rescue_margin,
                          title, superset=live)
    return chosen.lines, chosen.name


GLUED_PART = 40  # a line holding two other lines this long is their container


def _unglued(lines: list[str]) -> list[str]:
    """Without repeats: a line that holds two or more of the other lines is a
    container glued into one line (nested layout tables repeat their cells)."""
    parts = [line for line in lines if len(line) >= GLUED_PART]
    return [line for line in lines
            if sum(1 for p in parts if p is not line and p in line) < 2]


def _clean(lines: list[str], author: str | None) -> list[str]:
    lines = [strip_embed_credit(line) for line in lines]
    return [line for line in lines if line and not is_furniture(line, author)]


# Captions are not article text (the main pass leaves them out too); without this
# a photo gallery's captions would pass for a body.
CAPTIONS = ["//figcaption", "//*[contains(@class,'caption')]"]


def _trafilatura(doc: lxml_html.HtmlElement, options: ExtractOptions, fast: bool,
                 name: str, prune: list[str] | None = None) -> Candidate:
    """trafilatura's main block as lines. `bare_extraction` hands over the block as a
    tree: `extract(output_format="xml")` would serialise it (and fingerprint the
    text) only for us to parse it back, about a tenth of the extraction time."""
    # No url: trafilatura would only resolve every link's target, and the body
    # needs links' text (link density), never where they lead.
    document = trafilatura.bare_extraction(doc, url=None, fast=fast, prune_xpath=prune,
                                           **options.trafilatura())
    body = getattr(document, "body", None)
    if body is None:
        return Candidate(name, [])
    lines, links = _main_lines(body)
    return Candidate(name, lines, links)
