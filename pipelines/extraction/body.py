"""Article body: trafilatura's main text, then structural pruning and furniture.

1. A source's `remove_selectors` are dropped from the page; its `body_selector`,
   when it matches, replaces trafilatura's choice of the main block.
2. trafilatura (settings measured in `TRAFILATURA_OPTIONS`) returns the main block
   as XML with links kept (a fast pass first; the fallback extractors only when
   it finds little text), so that
3. structural pruning can drop short link-dominated blocks inside the body
   ("read also" teasers, related lists, share/follow rows, category chips), and
4. the Arabic furniture library (`furniture.py`) drops the lines left.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from crawler.text.normalize import fold_whitespace
from pipelines.extraction.furniture import is_furniture

# Measured on tests/extraction_corpus with `rasad eval-extract` (see bench/README.md).
TRAFILATURA_OPTIONS = {
    "output_format": "xml", "include_comments": False, "include_tables": False,
    "include_images": False, "include_links": True, "favor_precision": True,
    "deduplicate": False, "with_metadata": False,
}
# The fast pass (no fallback extractors) is kept when it finds this much text;
# otherwise trafilatura runs again with its fallbacks (readability, jusText).
FAST_ENOUGH_CHARS = 600
LINK_SHARE = 0.6  # a block whose text is at least this share of link text...
LINK_BLOCK_WORDS = 30  # ...and has at most this many words is a link block
_BLOCKS = ("p", "head", "item", "quote", "list", "cell")
_SELECTOR_BLOCKS = "p, h2, h3, h4, h5, h6, blockquote, li"


@dataclass(frozen=True)
class BodyOptions:
    body_selector: str | None = None
    remove_selectors: tuple[str, ...] = ()
    title: str = ""
    author: str | None = None


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


def _xml_lines(xml: str) -> list[str]:
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        return []
    lines: list[str] = []
    for block in main.iter(*_BLOCKS):
        if block.tag == "list":
            continue  # its items are blocks of their own
        if block.getparent() is not None and block.getparent().tag in ("item", "quote", "p"):
            continue
        if not is_link_block(block):
            lines.extend(_lines(block))
    return lines


def _selected_lines(doc: lxml_html.HtmlElement, selector: str) -> list[str] | None:
    roots = doc.cssselect(selector)
    if not roots:
        return None
    lines: list[str] = []
    for root in roots:
        blocks = [b for b in root.cssselect(_SELECTOR_BLOCKS)
                  if not b.xpath("ancestor::p | ancestor::li | ancestor::blockquote")]
        for block in blocks or [root]:
            if not is_link_block(block):
                lines.extend(_lines(block))
    return lines


def extract_body(doc: lxml_html.HtmlElement, url: str | None = None,
                 options: BodyOptions = BodyOptions()) -> list[str]:
    """Clean article text, one paragraph per line ([] when nothing is found).

    `doc` is changed (remove_selectors are dropped from it).
    """
    for selector in options.remove_selectors:
        for el in doc.cssselect(selector):
            el.drop_tree()
    lines = _selected_lines(doc, options.body_selector) if options.body_selector else None
    if lines is None:
        lines = _trafilatura_lines(doc, url, fast=True)
        if sum(len(line) for line in lines) < FAST_ENOUGH_CHARS:
            lines = _trafilatura_lines(doc, url, fast=False)
    return [line for line in lines if line and not is_furniture(line, options.author)]


def _trafilatura_lines(doc: lxml_html.HtmlElement, url: str | None, fast: bool) -> list[str]:
    xml = trafilatura.extract(doc, url=url, fast=fast, **TRAFILATURA_OPTIONS)
    return _xml_lines(xml) if xml else []
