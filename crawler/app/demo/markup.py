"""Small HTML helpers and the date formats real Syrian outlets print."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from typing import Any

from crawler.app.demo.corpus import Article
from crawler.app.demo.views import Link

GULF_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
               "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر")
LEVANTINE_MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
                    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول")
WEEKDAYS = ("الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_SENTENCE_END = (".", "!", "؟", "?", ":", "\"", "”", "»", ")", "…")


def esc(text: str) -> str:
    return escape(text, quote=True)


def meta_property(prop: str, content: str) -> str:
    return f'<meta property="{prop}" content="{esc(content)}">'


def meta_name(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{esc(content)}">'


def anchor(link: Link, cls: str = "", rel: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    attrs += f' rel="{rel}"' if rel else ""
    return f'<a href="{esc(link.href)}"{attrs}>{esc(link.text)}</a>'


def link_list(links: Iterable[Link], cls: str = "") -> str:
    items = "".join(f"<li>{anchor(link)}</li>" for link in links)
    return f'<ul class="{cls}">{items}</ul>' if cls else f"<ul>{items}</ul>"


def tv_date(when: datetime) -> str:
    """Syria TV: `2024.08.09 | 16:02 دمشق`."""
    return f"{when:%Y.%m.%d} | {when:%H:%M} دمشق"


def levantine_date(when: datetime) -> str:
    """`9 آب 2024`."""
    return f"{when.day} {LEVANTINE_MONTHS[when.month - 1]} {when.year}"


def jannah_date(when: datetime) -> str:
    """Step News / Jannah: `15 مايو، 2022`."""
    return f"{when.day} {GULF_MONTHS[when.month - 1]}، {when.year}"


def long_date(when: datetime) -> str:
    """Top-bar date: `الجمعة، 9 أغسطس 2024`."""
    return f"{WEEKDAYS[when.weekday()]}، {when.day} {GULF_MONTHS[when.month - 1]} {when.year}"


def slash_date(when: datetime) -> str:
    """`2024/08/09`."""
    return f"{when:%Y/%m/%d}"


def direction(language: str) -> str:
    return "ltr" if language == "en" else "rtl"


def is_subtitle(paragraph: str) -> bool:
    """A short line without closing punctuation is an in-article subheading."""
    return len(paragraph) < 80 and not paragraph.endswith(_SENTENCE_END)


def body_blocks(paragraphs: Sequence[str], heading_tag: str = "h3") -> list[str]:
    """One HTML block per paragraph; subheadings become `heading_tag` elements."""
    blocks = []
    for paragraph in paragraphs:
        if heading_tag and is_subtitle(paragraph):
            blocks.append(f"<{heading_tag}>{esc(paragraph)}</{heading_tag}>")
        else:
            blocks.append(f"<p>{esc(paragraph)}</p>")
    return blocks


def excerpt(article: Article, limit: int = 160) -> str:
    first = next((p for p in article.paragraphs if not is_subtitle(p)), article.paragraphs[0])
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + " …"


def json_ld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def document(*, lang: str, head: Sequence[str], body: str, body_class: str, dir_: str) -> str:
    head_html = "\n".join(['<meta charset="utf-8">',
                           '<meta name="viewport" content="width=device-width, initial-scale=1">',
                           *head])
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{dir_}">\n<head>\n{head_html}\n</head>\n'
        f'<body class="{body_class}">\n{body}\n</body>\n</html>\n'
    )
