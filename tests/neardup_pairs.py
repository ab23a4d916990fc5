"""A labelled near-duplicate set: pairs of texts that carry the same report or not.

Same story: syndicated copies of the demo corpus's Arabic articles as other
outlets republish them (a rewritten lead, an added dateline and credit line,
a few changed sentences, a copy cut short, diacritics dropped, all combined),
and the five real seed reports (with the page furniture a naive extractor
left in) against the clean text of the same report.

The Arabic truth texts of shared/realpages (CNN Arabic, BBC Arabic, LBCI,
Youm7) join the corpus for both kinds.

Different story: every pair of distinct articles (among them five
reports on the same siege of Hasakah and Qamishli, from different outlets in
their own words), follow-ups that reuse one background paragraph of an
earlier report, and edited copies against the other reports on the topic.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

from crawler.app.demo import Article, load_articles

OUTLETS = ["عنب بلدي", "تلفزيون سوريا", "سوريا 24", "الشرق الأوسط", "السورية نت"]
LEADS = [
    "أفادت مصادر محلية لـ{o} بأن {t}، وسط ترقب لما ستؤول إليه الأوضاع خلال الأيام المقبلة.",
    "قالت مصادر متطابقة لموقع {o} إن {t}، في تطور جديد يشهده الملف.",
    "نقلت {o} عن مصادر خاصة، اليوم، أن {t}.",
]
_DIACRITICS = re.compile("[\u064b-\u0652]")


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    same: bool
    why: str


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.،])\s+", paragraph) if s]


def new_lead(art: Article, i: int) -> str:
    lead = LEADS[i % len(LEADS)].format(o=OUTLETS[i % len(OUTLETS)], t=art.title)
    return "\n".join([lead, *art.paragraphs[1:]])


def dateline_and_credit(art: Article, i: int) -> str:
    paras = list(art.paragraphs)
    paras[0] = f"دمشق – {OUTLETS[i % len(OUTLETS)]}: {paras[0]}"
    return "\n".join([*paras, "المصدر: وكالات + " + OUTLETS[(i + 1) % len(OUTLETS)]])


def changed_sentences(art: Article, i: int) -> str:
    """Drop one sentence and reword another in every other paragraph."""
    out = []
    for n, para in enumerate(art.paragraphs):
        parts = _sentences(para)
        if n % 2 == 1 and len(parts) > 1:
            parts = parts[:-1]
        if n % 2 == 0 and parts:
            parts[0] = parts[0].replace("اليوم", "أمس").replace("قالت", "ذكرت")
        out.append(" ".join(parts))
    return "\n".join(out)


def cut_short(art: Article, i: int) -> str:
    keep = max(2, (len(art.paragraphs) * 2 + 2) // 3)
    return "\n".join([*art.paragraphs[:keep], "للمزيد من التفاصيل تابعونا على قناتنا."])


def undiacritised(art: Article, i: int) -> str:
    return _DIACRITICS.sub("", art.body).replace("ـ", "")


def combined(art: Article, i: int) -> str:
    art2 = Article.from_dict({**art.to_dict(), "paragraphs": changed_sentences(art, i).split("\n")})
    return dateline_and_credit(Article.from_dict(
        {**art2.to_dict(), "paragraphs": new_lead(art2, i).split("\n")}), i)


EDITS = [new_lead, dateline_and_credit, changed_sentences, cut_short, undiacritised, combined]


def follow_up(base: Article, earlier: Article) -> str:
    """A different report that reuses one background paragraph of `earlier`."""
    return "\n".join([*base.paragraphs, earlier.paragraphs[-1]])


def real_articles(realpages_dir: Path) -> list[Article]:
    """The Arabic truth texts of shared/realpages (other outlets, topics, styles)."""
    template = next(a for a in load_articles() if a.language == "ar")
    out = []
    for path in sorted(realpages_dir.glob("*.truth.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
                 if len(ln.strip()) > 20]
        if len(lines) >= 3:
            out.append(dataclasses.replace(template, slug=path.name.split(".")[0],
                                           title=lines[0][:80], paragraphs=tuple(lines),
                                           topics=()))
    return out


def labelled_pairs(seeds_dir: Path | None = None,
                   realpages_dir: Path | None = None) -> list[Pair]:
    arts = [a for a in load_articles() if a.language == "ar"]
    if realpages_dir is not None:
        arts += real_articles(realpages_dir)
    pairs: list[Pair] = []
    for i, art in enumerate(arts):
        for edit in EDITS:
            pairs.append(Pair(art.body, edit(art, i), True, f"{edit.__name__}:{art.slug}"))
    if seeds_dir is not None:
        for seed, art in zip(sorted(seeds_dir.glob("*.txt")), arts, strict=False):
            pairs.append(Pair(art.body, seed.read_text(encoding="utf-8"), True,
                              f"seed:{seed.name}"))
    for x, y in itertools.combinations(arts, 2):
        pairs.append(Pair(x.body, y.body, False, f"distinct:{x.slug}/{y.slug}"))
        if set(x.topics) & set(y.topics):
            pairs.append(Pair(x.body, follow_up(y, x), False, f"follow_up:{x.slug}/{y.slug}"))
            pairs.append(Pair(combined(x, 0), y.body, False, f"copy_vs_other:{x.slug}/{y.slug}"))
    return pairs
