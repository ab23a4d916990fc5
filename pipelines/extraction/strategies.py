"""Other ways to find an article's text, tried when trafilatura's main pass finds
little (or structured data holds more text than it found). Each returns a
`Candidate`; `quality.py` keeps the best by a measured rule, never by site.

- tables: trafilatura again with tables included and its fallbacks on (old
  layout tables, press releases in a table cell);
- readability: trafilatura's readability port (text-density scoring of blocks);
- br blocks: the element holding the most text of its own, split at `<br>`;
- JSON-LD `articleBody`;
- embedded JSON (`__NEXT_DATA__`, `__NUXT_DATA__`, any `application/json`
  script): the strings that share one place in the data and hold the most
  prose, in order (a list of paragraphs, an HTML body string).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from crawler.core.text.normalize import fold_whitespace
from crawler.core.text.pagekind import ARTICLE_TYPES, jsonld_objects

_ARABIC = re.compile(r"[\u0621-\u064a]")
_TAG = re.compile(r"<(p|br|div|h[1-6]|li|blockquote)\b", re.IGNORECASE)
_JSON_SCRIPTS = etree.XPath("//script[@type='application/json' or @id='__NEXT_DATA__']")
_JS_SCRIPTS = etree.XPath("//script[not(@src)][not(@type) or contains(@type,'javascript')]")
# A state object assigned in a script: `window.__INITIAL_STATE__ = {...}`,
# `Fusion.globalContent={...}` (server-rendered apps hand their data over so).
_ASSIGNED = re.compile(r"[\w$.\]\[\"']+\s*=\s*(?=\{)")
_CONTAINERS = frozenset({"table", "tbody", "tr", "div", "ul", "ol", "form", "nav", "header",
                         "footer", "aside", "section", "article", "main", "select", "script",
                         "style", "dl", "center"})
_TEXT_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "dd", "pre")
MIN_JSON_WORDS = 5  # a JSON string with fewer words is a label, not prose
MIN_JSON_ARABIC = 10
MIN_STATE_CHARS = 200  # a script shorter than this holds no article


@dataclass
class Candidate:
    name: str
    lines: list[str]
    link_chars: int = 0  # characters of link text among the lines (HTML-based candidates)

    @property
    def chars(self) -> int:
        return sum(len(line) for line in self.lines)


def html_lines(root: lxml_html.HtmlElement) -> tuple[list[str], int]:
    """A parsed HTML fragment as lines (one per block, split at <br>) and its link text."""
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = [b for b in root.iter(*_TEXT_BLOCKS)
              if not any(a.tag in _TEXT_BLOCKS for a in b.iterancestors())]
    lines: list[str] = []
    for block in blocks or [root]:
        lines.extend(fold_whitespace(t) for t in block.text_content().split("\n"))
    if blocks:  # text outside any block ("text<br>text" directly in a div)
        loose = "".join(root.text or "") + "".join(
            (c.tail or "") for c in root.iter() if c is not root and c.tag not in _TEXT_BLOCKS)
        if len(fold_whitespace(loose)) > sum(len(line) for line in lines):
            lines = [fold_whitespace(t) for t in root.text_content().split("\n")]
    links = sum(len(fold_whitespace(a.text_content())) for a in root.iter("a"))
    return [line for line in lines if line], links


def text_lines(text: str) -> list[str]:
    """A text field (maybe holding HTML) as lines."""
    if _TAG.search(text):
        try:
            root = lxml_html.fragment_fromstring(text, create_parent="div")
        except (etree.ParserError, ValueError):
            return []
        return html_lines(root)[0]
    return [line for line in (fold_whitespace(t) for t in re.split(r"\r?\n", text)) if line]


def link_texts(doc: lxml_html.HtmlElement) -> set[str]:
    """The text of every link on the page: a line that is one of them is a menu
    item, a teaser or a tag, whatever strategy found it."""
    return {text for a in doc.iter("a") if (text := fold_whitespace(a.text_content()))}


def is_live_blog(doc: lxml_html.HtmlElement) -> bool:
    return any("liveblogposting" in str(obj.get("@type", "")).lower()
               for obj in jsonld_objects(doc))


def jsonld_body(doc: lxml_html.HtmlElement) -> Candidate | None:
    best = ""
    for obj in jsonld_objects(doc):
        types = obj.get("@type", [])
        types = {str(t).lower() for t in (types if isinstance(types, list) else [types])}
        body = obj.get("articleBody")
        if types & (ARTICLE_TYPES | {"liveblogposting"}) and isinstance(body, str) \
                and len(body) > len(best):
            best = body
    return Candidate("jsonld", text_lines(best)) if best else None


def _strings(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path with list indices as [*], string) for every string, in document order."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, f"{path}.{key}")
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, f"{path}[*]")


def _is_prose(text: str) -> bool:
    return len(text.split()) >= MIN_JSON_WORDS and len(_ARABIC.findall(text)) >= MIN_JSON_ARABIC


def embedded_json_body(doc: lxml_html.HtmlElement) -> Candidate | None:
    """The prose strings of the page's JSON data that share the place holding the
    most text (paragraph lists in a block model, an HTML body string)."""
    groups: dict[str, list[str]] = {}
    for data in _script_data(doc):
        for path, text in _strings(data):
            if _is_prose(text):
                groups.setdefault(path, []).append(text)
    if not groups:
        return None
    path, texts = max(groups.items(), key=lambda kv: sum(len(t) for t in dict.fromkeys(kv[1])))
    lines: list[str] = []
    for text in dict.fromkeys(texts):  # the same text under one path is one paragraph
        lines.extend(text_lines(text))
    return Candidate("json", lines)


def _script_data(doc: lxml_html.HtmlElement) -> Iterator[Any]:
    """The page's JSON data: JSON scripts, and objects assigned in other scripts."""
    for node in _JSON_SCRIPTS(doc):
        try:
            yield json.loads(node.text or "null")
        except ValueError:
            continue
    decoder = json.JSONDecoder()
    for node in _JS_SCRIPTS(doc):
        code = node.text or ""
        if len(code) < MIN_STATE_CHARS or not _ARABIC.search(code):
            continue
        for match in _ASSIGNED.finditer(code):
            try:
                yield decoder.raw_decode(code, match.end())[0]
            except ValueError:
                continue


def _own_text(el: lxml_html.HtmlElement) -> int:
    """Characters of text in `el` outside nested containers (tables, divs, lists)."""
    total = len((el.text or "").strip())
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag not in _CONTAINERS:
            total += len(child.text_content().strip())
        total += len((child.tail or "").strip())
    return total


def br_body(doc: lxml_html.HtmlElement) -> Candidate | None:
    """The element with the most text of its own among those that break lines with <br>."""
    doc = without_captions(doc)
    holders = {br.getparent() for br in doc.iter("br")} - {None}
    best, best_chars = None, 0
    for el in holders:
        chars = _own_text(el)
        if chars > best_chars:
            best, best_chars = el, chars
    if best is None:
        return None
    copy = best  # (a copy already: the page without captions)
    for child in list(copy):
        if isinstance(child.tag, str) and child.tag in _CONTAINERS:
            child.drop_tree()
    lines, links = html_lines(copy)
    return Candidate("br", lines, links)


_CAPTIONS = etree.XPath("//figcaption | //*[contains(@class,'caption')]")


def without_captions(doc: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """A copy of the page without captions (never article text)."""
    copy = deepcopy(doc)
    for el in _CAPTIONS(copy):
        el.drop_tree()
    return copy


def readability_body(doc: lxml_html.HtmlElement) -> Candidate | None:
    from trafilatura.readability_lxml import Document

    try:
        summary = Document(without_captions(doc)).summary()
        root = lxml_html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # the port raises on odd pages
        return None
    lines, links = html_lines(root)
    return Candidate("readability", lines, links)
