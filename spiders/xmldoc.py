"""Hardened parsing of feeds and sitemaps: an attack or a syntax error costs only
the items it sits in.

lxml runs with entities, DTDs and the network off (`resolve_entities=False`,
`load_dtd=False`, `no_network=True`, `huge_tree=False`), and the document type
declaration is cut out before parsing, so an entity-expansion attack ("billion
laughs") or an external entity (XXE) has nothing to expand and nowhere to
fetch from. A document that parses cleanly is read in one streaming pass; one
with errors (an attack's leftover references, a syntax error, a wrong
encoding) is read again item by item (`<item>`, `<entry>`, `<url>`,
`<sitemap>`), each parsed on its own, so the good items around a bad one are
kept (`Parsed.salvaged`).

Entity references never reach a URL: an item whose URL holds one is rejected
(`Parsed.rejected`); in other text, HTML's named entities (`&nbsp;`) are
decoded and unknown ones dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from typing import Generic, TypeVar

from lxml import etree

T = TypeVar("T")
FEED_ITEMS = frozenset({"item", "entry"})
SITEMAP_ITEMS = frozenset({"url", "sitemap"})
_DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]*\[.*?\]\s*>|[^>]*>)", re.DOTALL | re.IGNORECASE)
_DOCTYPE_TEXT = re.compile(r"<!DOCTYPE(?:[^\[>]*\[.*?\]\s*>|[^>]*>)", re.DOTALL | re.IGNORECASE)
# an item: its start tag, then anything but the start of another item, then its end
# tag (an item left open does not swallow the next one)
_ITEM = r"<((?:[\w.-]+:)?(?:{names}))\b[^>]*?(?<!/)>(?:(?!<(?:[\w.-]+:)?(?:{names})\b).)*?</\1\s*>"
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


class EntityInURL(ValueError):
    """A URL field holds an entity reference: the item is rejected."""


@dataclass
class Parsed(Generic[T]):
    items: list[T] = field(default_factory=list)
    salvaged: bool = False  # the document had errors: its items were parsed one by one
    rejected: int = 0  # items dropped: an entity reference in a URL, or no URL at all


def _parser() -> etree.XMLParser:
    return etree.XMLParser(recover=True, resolve_entities=False, load_dtd=False,
                           no_network=True, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def local(tag: object) -> str:
    """The local name of a tag: no namespace, no prefix (kept by a recovering parser
    when a namespace was not declared)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def text_of(el: etree._Element, url: bool = False) -> str:
    """The element's text with its descendants'. Entity references: known HTML
    ones decoded, others dropped; in a URL (`url=True`) any of them raises."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child, etree._Entity):
            if url:
                raise EntityInURL(child.text)
            decoded = html.unescape(child.text or "")
            parts.append("" if decoded == child.text else decoded)
        elif not isinstance(child, etree._Comment | etree._ProcessingInstruction):
            parts.append(text_of(child, url))
        parts.append(child.tail or "")
    return "".join(parts).strip()


Extract = Callable[[etree._Element], T | None]


def parse_items(body: bytes, tags: frozenset[str], extract: Extract[T]) -> Parsed[T]:
    """`extract(item)` for every item element (local name in `tags`) of a feed or
    sitemap (None or EntityInURL: rejected), salvaging a broken document's good items."""
    body = _DOCTYPE.sub(b"", body, count=1)
    whole = _streamed(body, tags, extract)
    if whole is not None:
        return whole
    return _item_by_item(body, tags, extract)


def _streamed(body: bytes, tags: frozenset[str], extract: Extract[T]) -> Parsed[T] | None:
    """One streaming pass; None when the parser reported any error."""
    out: Parsed[T] = Parsed()
    events = etree.iterparse(BytesIO(body), events=("end",), recover=True,
                             resolve_entities=False, load_dtd=False, no_network=True,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        for _, elem in events:
            if local(elem.tag) not in tags or _inside_item(elem, tags):
                continue
            _take(out, elem, extract)
            elem.clear()
            while elem.getprevious() is not None:
                del elem.getparent()[0]
    except etree.XMLSyntaxError:
        return None
    return None if len(events.error_log) else out


def _inside_item(elem: etree._Element, tags: frozenset[str]) -> bool:
    parent = elem.getparent()
    while parent is not None:
        if local(parent.tag) in tags:
            return True
        parent = parent.getparent()
    return False


def _take(out: Parsed[T], elem: etree._Element, extract: Extract[T]) -> None:
    try:
        value = extract(elem)
    except EntityInURL:
        value = None
    if value is None:
        out.rejected += 1
    else:
        out.items.append(value)


def _decode(body: bytes) -> str:
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        return body.decode("utf-16", errors="replace")
    declared = _DECLARED.match(body)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        return body.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return body.decode("utf-8", errors="replace")


def _item_by_item(body: bytes, tags: frozenset[str], extract: Extract[T]) -> Parsed[T]:
    out: Parsed[T] = Parsed(salvaged=True)
    text = _DOCTYPE_TEXT.sub("", _XML_DECL.sub("", _decode(body), count=1), count=1)
    parser = _parser()
    items = re.compile(_ITEM.format(names="|".join(sorted(tags))), re.DOTALL | re.IGNORECASE)
    for match in items.finditer(text):
        try:
            elem = etree.fromstring(match.group(0), parser)
        except etree.XMLSyntaxError:
            elem = None
        if elem is None:
            out.rejected += 1
            continue
        _take(out, elem, extract)
    return out


def iter_children(elem: etree._Element) -> Iterator[etree._Element]:
    """Element descendants (no entities, comments or processing instructions)."""
    for el in elem.iter():
        if isinstance(el.tag, str):
            yield el
