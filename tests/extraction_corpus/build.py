"""Regenerate the extraction dev corpus: `python tests/extraction_corpus/build.py`.

Writes `pages/<name>.html` (bytes exactly as served) and `pages/<name>.json`
(the expected extraction) for the three demo templates and the two templates
in `own_templates.py`, and `realpages/<name>.json` for the copied real pages.
The JSON keys are documented in README.md next to this file.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from crawler.app.demo import build_site, load_articles  # noqa: E402
from tests.extraction_corpus.own_templates import (  # noqa: E402
    enab_dates,
    enab_page,
    jazeera_page,
    nedaa_page,
    sana_page,
)

FETCHED = datetime(2024, 9, 20, 12, 0, tzinfo=UTC)
DEMO = {"tv": ("https://www.syria.tv", "تلفزيون سوريا", [3, 4, 8, 15]),
        "jannah": ("https://stepagency-sy.net", "ستيب نيوز", [1, 6, 12, 14]),
        "sy24": ("https://www.sy-24.com", "منصة SY24", [2, 5, 16, 19])}
ENAB = [0, 7, 11, 16]
SANA = [(9, "windows-1256", "windows-1256"), (13, "windows-1256", "iso-8859-1"),
        (17, "windows-1256", None), (10, "iso-8859-6", "iso-8859-6")]


def _write(name: str, raw: bytes, expected: dict) -> None:
    out = HERE / "pages"
    out.mkdir(exist_ok=True)
    (out / f"{name}.html").write_bytes(raw)
    text = json.dumps(expected, ensure_ascii=False, indent=1)
    (out / f"{name}.json").write_text(text + "\n", encoding="utf-8")


def _expected(url: str, art, author: str | None, published: datetime | str | None,
              **extra: object) -> dict:
    when = published.astimezone(UTC).isoformat() if isinstance(published, datetime) \
        else published
    return {"url": url, "title": art.title, "paragraphs": list(art.paragraphs),
            "published": when, "author": author, "language": art.language,
            "kind": "article", **extra}


def demo_pages(corpus: list) -> None:
    for template, (base, name, picks) in DEMO.items():
        extra = [a for j, a in enumerate(corpus[:19]) if j not in picks][:4]
        site = build_site(base, [corpus[i] for i in picks] + extra, template, name=name)
        by_slug = {a.slug: url for url, a in site.articles.items()}
        for i in picks:
            art = corpus[i]
            url = by_slug[art.slug]
            raw = site[url.removeprefix(site.base_url)].body
            author = art.author if template != "sy24" or art.author else None
            _write(f"{template}-{i:02d}", raw, _expected(url, art, author, art.published))


def _related(corpus: list, i: int, base: str) -> list[tuple[str, str]]:
    others = [a for j, a in enumerate(corpus[:19]) if j != i][i % 5: i % 5 + 5]
    return [(f"{base}/archives/{500 + k}", a.title) for k, a in enumerate(others)]


def own_pages(corpus: list) -> None:
    for v, i in enumerate(ENAB):
        art = corpus[i]
        url = f"https://www.enabbaladi.net/archives/{600 + i}"
        html = enab_page(title=art.title, paragraphs=list(art.paragraphs), author=art.author,
                         date_html=enab_dates(art.published, v), url=url,
                         related=_related(corpus, i, "https://www.enabbaladi.net"), variant=v)
        relative = v % 2 == 1
        when = FETCHED - timedelta(hours=3) if relative else art.published
        extra = {"fetched_at": FETCHED.isoformat()} if relative else {}
        _write(f"enab-{i:02d}", html.encode("utf-8"),
               _expected(url, art, art.author, when, **extra))
    for v, (i, encoding, declared) in enumerate(SANA):
        art = corpus[i]
        url = f"https://sana.sy/{art.published:%Y/%m/%d}/?p={900 + i}" if v == 2 \
            else f"https://sana.sy/?p={900 + i}"
        html = sana_page(title=art.title, paragraphs=list(art.paragraphs),
                         author=art.author or "هلا سليمان", published=art.published, url=url,
                         related=_related(corpus, i, "https://sana.sy"), variant=v,
                         charset=declared, show_date=v != 2)
        day = art.published.replace(hour=0, minute=0)
        _write(f"sana-{i:02d}", html.encode(encoding, errors="xmlcharrefreplace"),
               _expected(url, art, art.author or "هلا سليمان", day, encoding=encoding))


def _manifest_urls(folder: Path) -> dict[str, str]:
    urls = {}
    for manifest in (folder / "MANIFEST.tsv", folder / "negatives" / "MANIFEST_negatives.tsv"):
        for row in csv.DictReader(manifest.open(encoding="utf-8"), delimiter="\t"):
            url = (row["original_url"].split() or [""])[0]
            if url.startswith("http"):
                urls[row["name"]] = url
    return urls


NEDAA = [5, 12, 14]
JAZEERA = [3, 7, 15]


def more_pages(corpus: list) -> None:
    """Two more unseen templates: Nedaa Post-like and Al Jazeera-like."""
    for v, i in enumerate(NEDAA):
        art = corpus[i]
        url = f"https://nedaa-post.com/article/{700 + i}"
        html = nedaa_page(title=art.title, paragraphs=list(art.paragraphs), author=art.author,
                          published=art.published, url=url,
                          related=_related(corpus, i, "https://nedaa-post.com"), variant=v)
        day = art.published.replace(hour=0, minute=0)
        _write(f"nedaa-{i:02d}", html.encode("utf-8"), _expected(url, art, art.author, day))
    for v, i in enumerate(JAZEERA):
        art = corpus[i]
        url = f"https://www.aljazeera.net/news/{art.published:%Y/%-m/%-d}/x{i}"
        html = jazeera_page(title=art.title, paragraphs=list(art.paragraphs),
                            published=art.published, url=url,
                            related=_related(corpus, i, "https://www.aljazeera.net"), variant=v)
        _write(f"jazeera-{i:02d}", html.encode("utf-8"), _expected(url, art, None, art.published))


# The publication day of the pages from htmldate's evaluation set, as that set
# gives it (adbar/htmldate tests/eval_mediacloud_2020.json).
REAL_DAYS = {
    "sputnikarabic-2020-egypt-corona": "2020-03-17",
    "almadenahnews-2020-us-corona-deaths": "2020-04-24",
    "albayan-2020-afghan-embassy": "2020-06-03",
    "youm7-2020-irrigation-minister": "2020-08-24",
    "akhbarelyom-2020-naima-akef": "2020-10-07",
    "beirutobserver-2020-saudi-princess-paris": "2020-11-09",
    "alyaum-2020-tehran-zadeh": "2020-12-01",
    "elbaladtv-2020-turki-alalsheikh": "2020-12-25",
}


def real_pages() -> None:
    """Expected JSON for the copied real pages: truth texts where they exist."""
    folder = HERE / "realpages"
    urls = _manifest_urls(folder)
    for html in sorted(folder.glob("*.html")) + sorted((folder / "negatives").glob("*.html")):
        stem = html.name.removesuffix(".html")
        truth = html.with_name(f"{stem}.truth.txt")
        lang = "fa" if stem.startswith("neg-fa") else "ur" if stem.startswith("neg-ur") else "ar"
        expected: dict = {"language": lang, "kind": "article" if lang == "ar" else "rejected"}
        if stem in urls:
            expected["url"] = urls[stem]
        if stem in REAL_DAYS:
            expected["published_date"] = REAL_DAYS[stem]
        if truth.exists() and lang == "ar":
            lines = truth.read_text(encoding="utf-8").splitlines()
            expected["paragraphs"] = [line.strip() for line in lines if line.strip()]
        snippets = html.with_name(f"{stem}.snippets.txt")
        if snippets.exists():
            text = snippets.read_text(encoding="utf-8")
            expected["must_include"], expected["must_exclude"] = _snippets(text)
        target = html.with_suffix(".json")
        target.write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                          encoding="utf-8")


def _snippets(text: str) -> tuple[list[str], list[str]]:
    """`WITH<TAB>text` / `WITHOUT<TAB>text` lines; `#` lines are comments."""
    want: list[str] = []
    avoid: list[str] = []
    for line in text.splitlines():
        kind, _, snippet = line.partition("\t")
        if kind == "WITH":
            want.append(snippet.strip())
        elif kind == "WITHOUT":
            avoid.append(snippet.strip())
    return want, avoid


if __name__ == "__main__":
    if sys.argv[1:] != ["--real-only"]:
        articles = load_articles()
        demo_pages(articles)
        own_pages(articles)
        more_pages(articles)
    real_pages()
