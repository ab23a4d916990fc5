"""Pages that are not articles: home, category pages, tag, author and search
results, "من نحن" and the live-stream page. A crawler reaching them must not
store them; they carry `og:type` "website" and several teasers or no date.
"""

from __future__ import annotations

from crawler.app.demo.markup import anchor, document, esc, meta_name, meta_property
from crawler.app.demo.views import Chrome, ListingView, SiteInfo, StaticView, Teaser


def _teaser(chrome: Chrome, teaser: Teaser) -> str:
    link = teaser.link
    return f"""<article class="post-item teaser">
<a class="post-thumb" href="{esc(link.href)}">
<img src="{esc(teaser.image_src)}" alt="" loading="lazy"></a>
<h2 class="post-title">{anchor(link)}</h2>
<span class="date">{esc(chrome.short_date(teaser.published))}</span>
<p class="excerpt">{esc(teaser.excerpt)}</p>
<a class="more-link" href="{esc(link.href)}">اقرأ المزيد</a>
</article>"""


def _pagination(view: ListingView) -> str:
    if not view.pages:
        return ""
    parts = []
    if view.previous:
        parts.append(anchor(view.previous, "prev page-numbers", "prev"))
    last = 0
    for link in view.pages:
        number = int(link.text)
        if number > last + 1:
            parts.append('<span class="page-numbers dots">…</span>')
        if number == view.current:
            parts.append(f'<span aria-current="page" class="page-numbers current">{number}</span>')
        else:
            parts.append(anchor(link, "page-numbers"))
        last = number
    if view.following:
        parts.append(anchor(view.following, "next page-numbers", "next"))
    links = "".join(parts)
    return f'<nav class="navigation pagination"><div class="nav-links">{links}</div></nav>'


def _head(chrome: Chrome, site: SiteInfo, title: str, url: str) -> list[str]:
    return [
        f"<title>{esc(chrome.page_title(site, title))}</title>",
        f'<link rel="canonical" href="{esc(url)}">',
        f'<link rel="alternate" type="application/rss+xml" href="{esc(site.feed_href)}">',
        meta_property("og:type", "website"),
        meta_property("og:site_name", site.name),
        meta_property("og:title", chrome.page_title(site, title)),
        meta_property("og:url", url),
    ]


def listing(chrome: Chrome, site: SiteInfo, view: ListingView) -> str:
    """Home page, category page N, tag, author or search results."""
    title = view.heading if view.current == 1 else f"{view.heading} - الصفحة {view.current}"
    head = _head(chrome, site, title, view.url)
    if view.previous:
        head.append(f'<link rel="prev" href="{esc(view.previous.href)}">')
    if view.following:
        head.append(f'<link rel="next" href="{esc(view.following.href)}">')
    if view.kind == "search":
        head.append(meta_name("robots", "noindex, follow"))
    teasers = "\n".join(_teaser(chrome, teaser) for teaser in view.teasers)
    intro = f'<div class="archive-description"><p>{esc(view.intro)}</p></div>' if view.intro else ""
    main = f"""<main id="main" class="site-main archive {view.kind}-archive">
<header class="page-header">
<h1 class="page-title archive-title">{esc(view.heading)}</h1>{intro}</header>
<div class="posts-list">
{teasers}
</div>
{_pagination(view)}
</main>"""
    body = "\n".join([chrome.header(site), main, chrome.footer(site)])
    return document(lang="ar", dir_="rtl", head=head, body=body,
                    body_class=f"{view.kind} archive-page")


def static(chrome: Chrome, site: SiteInfo, view: StaticView) -> str:
    """"من نحن" and other undated text pages."""
    head = _head(chrome, site, view.heading, view.url)
    text = "\n".join(f"<p>{esc(paragraph)}</p>" for paragraph in view.paragraphs)
    main = f"""<main id="main" class="site-main page-{view.kind}">
<article class="page type-page"><h1 class="entry-title page-title">{esc(view.heading)}</h1>
<div class="entry-content">
{text}
</div></article>
</main>"""
    body = "\n".join([chrome.header(site), main, chrome.footer(site)])
    return document(lang="ar", dir_="rtl", head=head, body=body,
                    body_class=f"page page-{view.kind}")


def about_paragraphs(name: str) -> tuple[str, ...]:
    return (
        f"{name} منصة إعلامية سورية مستقلة، انطلقت بهدف تقديم تغطية مهنية ودقيقة للشأن السوري،"
        " ونقل صوت السوريين في الداخل ودول اللجوء.",
        "يعمل في الموقع فريق من المحررين والمراسلين المنتشرين في المحافظات السورية، ويلتزم"
        " بمعايير التحقق من المعلومات ونسبتها إلى مصادرها، والفصل بين الخبر والرأي.",
        "نرحب بملاحظاتكم ومقترحاتكم وتصويباتكم عبر البريد الإلكتروني أو من خلال صفحاتنا على"
        " مواقع التواصل الاجتماعي، ونلتزم بنشر التصحيحات في أسرع وقت.",
        "للتواصل مع فريق التحرير: editor@example.org — للإعلان: ads@example.org",
    )


def live_paragraphs(name: str) -> tuple[str, ...]:
    return (
        f"تابعوا البث المباشر لقناة {name} على مدار الساعة.",
        "نشرات إخبارية كل ساعة وبرامج حوارية وتقارير ميدانية من مختلف المحافظات السورية.",
    )
