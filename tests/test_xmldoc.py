"""Hardened feed and sitemap parsing (spiders/xmldoc.py, spiders/discovery.py): an
attack or a syntax error costs only the items it sits in."""

from __future__ import annotations

import gzip

import pytest

from spiders.discovery import CutDocument, feed_links, gunzip, sitemap_links

LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
DOCTYPE = (f'<!DOCTYPE x [<!ENTITY l0 "ha">{LAUGHS}'
           '<!ENTITY file SYSTEM "file:///etc/passwd">'
           '<!ENTITY net SYSTEM "http://127.0.0.3:9/xxe">]>')
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _urlset(*entries: str, doctype: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<urlset {NS}>'
            + "".join(entries) + "</urlset>").encode()


def test_a_clean_sitemap_is_read_in_one_pass() -> None:
    parsed = sitemap_links(_urlset("<url><loc>https://x.org/a</loc></url>",
                                   "<url><loc> https://x.org/b </loc></url>"))
    assert [link.url for link in parsed.items] == ["https://x.org/a", "https://x.org/b"]
    assert not parsed.salvaged and parsed.rejected == 0


def test_entity_attacks_cost_only_their_items() -> None:
    body = _urlset("<url><loc>https://x.org/1</loc></url>",
                   "<url><loc>https://x.org/2&l9;</loc></url>",
                   "<url><loc>&file;</loc></url>", "<url><loc>&net;</loc></url>",
                   "<url><loc>https://x.org/3</loc><lastmod>2024-08-01</lastmod></url>",
                   doctype=DOCTYPE)
    parsed = sitemap_links(body)
    assert [link.url for link in parsed.items] == ["https://x.org/1", "https://x.org/3"]
    assert parsed.rejected == 3 and parsed.items[1].modified is not None


def test_a_syntax_error_costs_only_its_item() -> None:
    body = _urlset("<url><loc>https://x.org/1</loc></url>",
                   "<url><loc>https://x.org/bad<b></loc></url><url><broken",
                   "<url><loc>https://x.org/2</loc></url>")
    parsed = sitemap_links(body)
    urls = [link.url for link in parsed.items]
    assert parsed.salvaged
    assert "https://x.org/1" in urls and "https://x.org/2" in urls


FEED = """<?xml version="1.0" encoding="utf-8"?>{doctype}
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>
<image><url>https://x.org/logo.png</url></image>
<item><title>خبر&nbsp;أول</title><link>https://x.org/1</link>
  <pubDate>Tue, 20 Aug 2024 10:00:00 +0300</pubDate></item>
<item><title>&l9;</title><link>https://x.org/evil&file;</link></item>
<item><title>ثالث</title><guid isPermaLink="true">https://x.org/3</guid>
  <dc:date>2024-08-20T09:00:00Z</dc:date></item>
<item><title>رابع</title><link>/relative/4</link></item>
</channel></rss>"""


def test_feed_items_are_salvaged_around_an_attack() -> None:
    parsed = feed_links(FEED.format(doctype=DOCTYPE).encode())
    assert [link.url for link in parsed.items] == ["https://x.org/1", "https://x.org/3",
                                                    "/relative/4"]
    first, third = parsed.items[0], parsed.items[1]
    assert first.title == "خبر\u00a0أول"  # HTML's named entity decoded
    assert first.published is not None and third.published is not None
    assert parsed.rejected == 1  # the item whose link holds an entity; the logo is no item


def test_atom_and_rdf() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>a</title>
      <link rel="self" href="https://x.org/self"/><link href="https://x.org/a"/>
      <updated>2024-08-11T08:00:00Z</updated></entry></feed>"""
    [entry] = feed_links(atom).items
    assert entry.url == "https://x.org/a" and entry.modified == entry.published
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/"><item rdf:about="https://x.org/r"><title>r</title>
      </item></rdf:RDF>"""
    assert [link.url for link in feed_links(rdf).items] == ["https://x.org/r"]


def test_a_cut_gzip_document_is_an_error_not_a_crash() -> None:
    whole = gzip.compress(_urlset("<url><loc>https://x.org/1</loc></url>") * 50)
    assert gunzip(whole).startswith(b"<?xml")
    with pytest.raises(CutDocument):
        gunzip(whole[:len(whole) // 3])


def test_xhtml_with_an_xml_encoding_declaration_parses() -> None:
    """lxml refuses a str that starts with `<?xml ... encoding=...?>`: the page
    used to be `unparsable`."""
    from crawler.app.demo import load_articles
    from pipelines.extraction import extract_page

    paragraphs = next(a for a in load_articles() if a.language == "ar").paragraphs
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD '
            'XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" lang="ar"><head><title>مفاوضات جنيف'
            f"</title></head><body><article><h1>مفاوضات جنيف</h1>{body}</article></body></html>")
    result = extract_page(page, "https://x.org/2024/08/geneva")
    assert result.kind == "article" and paragraphs[-1] in result.body
