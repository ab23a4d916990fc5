# ruff: noqa: E501  (page markup)
"""WordPress themes Arabic outlets run: Jannah and Sahifa (TieLabs), Newspaper
(tagDiv), JNews (Jegtheme) and the Underscores starter most free themes copy.
Class names and nesting follow the themes' single-post templates."""

from __future__ import annotations

from tests.zoo.kit import (
    BACK_TO_TOP,
    COMMENT_FORM,
    FOLLOW,
    READ_ALSO,
    RIGHTS,
    Page,
    Story,
    esc,
    footer,
    gulf,
    jsonld,
    links,
    nav,
    news_jsonld,
    og,
    page,
    ps,
    related,
    want,
    weekday,
)

BYLINES = ("person", "desk", None, "agency")


def _head(s: Story, url: str, site: str, *, yoast: bool, suffix: str = "") -> str:
    meta = og(s, url, site, title_suffix=suffix) + f'<link rel="canonical" href="{esc(url)}">'
    if yoast:
        meta += f'<meta property="article:published_time" content="{s.published.isoformat()}">'
    return f"<title>{esc(s.title)}{esc(suffix)}</title>{meta}"


def _related_links(s: Story, base: str) -> str:
    return links(related(s, base, 4, "/archives/"))


def _inline(s: Story, base: str, v: int) -> tuple[str, str]:
    href, title = related(s, base, 1, "/archives/")[0]
    label = READ_ALSO[v % len(READ_ALSO)]
    return f'<p><strong>{label}</strong> <a href="{href}">{esc(title)}</a></p>', label


def _comments() -> str:
    return (f'<div id="comments" class="comments-area"><div id="respond" class="comment-respond">'
            f'<h3 id="reply-title" class="comment-reply-title">{COMMENT_FORM[0]}</h3><form class="comment-form">'
            f'<p class="comment-notes"><span id="email-notes">لن يتم نشر عنوان بريدك الإلكتروني.</span> '
            f'<span class="required-field-message">الحقول الإلزامية مشار إليها بـ <span class="required">*</span></span></p>'
            '<p class="comment-form-comment"><label for="comment">التعليق</label><textarea id="comment"></textarea></p>'
            '<p class="form-submit"><input type="submit" class="submit" value="إرسال التعليق"></p></form></div></div>')


def jannah(story: Story, v: int) -> Page:
    s = story.with_byline(BYLINES[v % 4])
    base, site = f"https://stepnews{v}.net", "خطوة نيوز"
    url = f"{base}/{s.published:%Y/%m/%d}/{s.number}/"
    inline, label = _inline(s, base, v)
    body = [f"<p>{esc(p)}</p>" for p in s.paragraphs]
    body.insert(min(2, len(body)), inline)
    author = (f'<span class="author-meta single-author no-avatars"><span class="meta-item meta-author-wrapper">'
              f'<span class="meta-author"><a href="{base}/author/x/" class="author-name tie-icon" title="{esc(s.author)}">{esc(s.author)}</a></span></span></span>') if s.author else ""
    html = f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="UTF-8">{_head(s, url, site, yoast=v % 2 == 0, suffix=" - " + site)}</head>
<body id="tie-body" class="post-template-default single single-post postid-{s.number} single-format-standard is-rtl">
<div class="background-overlay"><div id="tie-container" class="site tie-container"><div id="tie-wrapper">
<header id="theme-header" class="theme-header header-layout-3"><nav id="top-nav" class="top-nav header-nav"><div class="topbar-today-date tie-icon">{weekday(s.published)}, {gulf(s.published)}</div>
<div class="breaking controls-is-active"><span class="breaking-title"><span class="tie-icon-bolt breaking-icon"></span><span class="breaking-title-text">عاجل</span></span><ul id="breaking-news-in-header" class="breaking-news">{_related_links(s, base)}</ul></div></nav>
<div class="main-nav-wrapper">{nav(base)}</div></header>
<div id="content" class="site-content container"><div id="main-content-row" class="tie-row main-content-row"><div class="main-content tie-col-md-8 tie-col-xs-12" role="main">
<article id="the-post" class="container-wrapper post-content tie-standard">
<header class="entry-header-outer"><nav id="breadcrumb"><a href="{base}/"><span class="tie-icon-home"></span> الرئيسية</a><em class="delimiter">/</em><a href="{base}/category/news/">الشأن السوري</a></nav>
<div class="entry-header"><span class="post-cat-wrap"><a class="post-cat tie-cat-2" href="{base}/category/news/">الشأن السوري</a></span>
<h1 class="post-title entry-title">{esc(s.title)}</h1>
<div id="single-post-meta" class="post-meta clearfix">{author}<span class="date meta-item tie-icon">{s.published.day} {('يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر')[s.published.month - 1]}، {s.published.year}</span>
<div class="tie-alignright"><span class="meta-views meta-item"><span class="tie-icon-fire" aria-hidden="true"></span> {1200 + v} </span><span class="meta-reading-time meta-item"><span class="tie-icon-bookmark" aria-hidden="true"></span> دقيقتان</span></div></div></div></header>
<div class="featured-area"><figure class="single-featured-image"><img src="{base}/wp-content/uploads/{s.number}.jpg" alt=""><figcaption class="single-caption-text"><span class="tie-icon-camera"></span> صورة أرشيفية - إنترنت</figcaption></figure></div>
<div class="entry-content entry clearfix">
{chr(10).join(body)}
</div>
<div class="post-footer post-footer-on-bottom"><div class="post-bottom-meta post-bottom-tags post-tags-modern"><div class="post-bottom-meta-title"><span class="tie-icon-tags" aria-hidden="true"></span> الوسوم</div><span class="tagcloud"><a href="{base}/tag/a/">الحسكة</a><a href="{base}/tag/b/">قسد</a></span></div>
<div id="share-buttons-bottom" class="share-buttons share-buttons-bottom"><div class="share-links"><a href="#" class="facebook-share-btn large-share-button"><span class="share-btn-icon tie-icon-facebook"></span> <span class="social-text">فيسبوك</span></a><a href="#" class="twitter-share-btn large-share-button"><span class="social-text">تويتر</span></a><a href="#" class="whatsapp-share-btn"><span class="screen-reader-text">واتساب</span></a></div></div></div>
</article>
<div class="post-components"><div id="related-posts" class="container-wrapper"><div class="mag-box-title the-global-title"><h3>مقالات ذات صلة</h3></div><ul>{_related_links(s, base)}</ul></div>
<div id="add-comment-block" class="container-wrapper">{_comments()}</div></div>
</div></div></div>
<a id="go-to-top" class="go-to-top-button" href="#go-to-tie-body"><span class="tie-icon-angle-up"></span><span class="screen-reader-text">{BACK_TO_TOP}</span></a>
{footer(site)}</div></div></div></body></html>"""
    return page(f"jannah-{v}", url, html, want(s, time_known=v % 2 == 0, furniture=[label, "الوسوم", "صورة أرشيفية - إنترنت", BACK_TO_TOP, *COMMENT_FORM]))


def newspaper(story: Story, v: int) -> Page:
    s = story.with_byline(BYLINES[(v + 1) % 4])
    base, site = f"https://halab-today{v}.tv", "حلب اليوم"
    url = f"{base}/archives/{7000 + s.number}"
    author = (f'<div class="td-post-author-name"><div class="td-author-by">بواسطة</div> <a href="{base}/author/x/">{esc(s.author)}</a><div class="td-author-line"> - </div></div>') if s.author else ""
    date = f"{s.published.day} {('يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر')[s.published.month - 1]}، {s.published.year}"
    share = "".join(f'<a class="td-social-sharing-buttons td-social-{n}" href="#"><div class="td-sp td-sp-{n}"></div><div class="td-social-but-text">{t}</div></a>' for n, t in (("facebook", "فيسبوك"), ("twitter", "تويتر"), ("whatsapp", "واتساب")))
    html = f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="UTF-8">{_head(s, url, site, yoast=False, suffix=" | " + site)}
{news_jsonld(s, url, site) if v % 2 == 0 else ''}</head>
<body class="post-template-default single single-post td-standard-pack global-block-template-1 single_template_1 td-full-layout" itemscope itemtype="https://schema.org/WebPage">
<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>
<div id="td-outer-wrap" class="td-theme-wrap"><div class="td-header-wrap td-header-style-1"><div class="td-header-top-menu-full"><div class="td-header-top-menu"><div class="td_data_time">{weekday(s.published)}, {gulf(s.published)}</div></div></div>{nav(base)}</div>
<div class="td-main-content-wrap td-container-wrap"><div class="td-container td-post-template-default"><div class="td-crumb-container"><div class="entry-crumbs"><span><a title="" class="entry-crumb" href="{base}/">الرئيسية</a></span> <i class="td-icon-right td-bread-sep"></i> <span><a class="entry-crumb" href="{base}/category/news/">أخبار</a></span></div></div>
<div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">
<article id="post-{7000 + s.number}" class="post-{7000 + s.number} post type-post status-publish format-standard" itemscope itemtype="https://schema.org/Article">
<div class="td-post-header"><ul class="td-category"><li class="entry-category"><a href="{base}/category/news/">أخبار</a></li></ul>
<header class="td-post-title"><h1 class="entry-title">{esc(s.title)}</h1>
<div class="td-module-meta-info">{author}<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{s.published.isoformat()}">{date}</time></span><div class="td-post-views"><i class="td-icon-views"></i><span class="td-nr-views-{s.number}">{900 + v}</span></div><div class="td-post-comments"><a href="#respond"><i class="td-icon-comments"></i>0</a></div></div></header></div>
<div class="td-post-sharing-top"><div id="td_social_sharing_article_top" class="td-post-sharing td-ps-bg td-ps-notext td-post-sharing-style1"><div class="td-post-sharing-visible">{share}</div></div></div>
<div class="td-post-content tagdiv-type">
<div class="td-post-featured-image"><figure><img class="entry-thumb" src="{base}/wp-content/uploads/{s.number}.jpg" alt=""><figcaption class="wp-caption-text">من الأرشيف</figcaption></figure></div>
{ps(s.paragraphs)}
<p>{FOLLOW}</p>
</div>
<footer><div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix"><li><span>الوسوم</span></li><li><a href="{base}/tag/a/">حلب</a></li><li><a href="{base}/tag/b/">النظام</a></li></ul></div>
<div class="td-post-sharing-bottom"><div class="td-post-sharing-visible">{share}</div></div>
<div class="td-block-row td-post-next-prev"><div class="td-block-span6 td-post-prev-post"><div class="td-post-next-prev-content"><span>المقال السابق</span><a href="{related(s, base, 1)[0][0]}">{esc(related(s, base, 1)[0][1])}</a></div></div></div>
</footer></article>
<div class="td_block_wrap td_block_related_posts"><h4 class="td-related-title"><a class="td-related-left td-cur-simple-item" href="#">مقالات ذات صلة</a><a class="td-related-right" href="#">المزيد من المؤلف</a></h4><ul>{_related_links(s, base)}</ul></div>
{_comments()}
</div></div><div class="td-pb-span4 td-main-sidebar"><aside class="widget"><h4 class="block-title">الأكثر قراءة</h4><ul>{_related_links(s, base)}</ul></aside></div></div></div></div>
<div class="td-footer-wrapper">{footer(site)}</div></div></body></html>"""
    return page(f"newspaper-{v}", url, html, want(s, furniture=["المقال السابق", FOLLOW, "من الأرشيف", *COMMENT_FORM]))


def sahifa(story: Story, v: int) -> Page:
    s = story.with_byline(BYLINES[(v + 2) % 4])
    base, site = f"https://www.alsouria{v}.net", "السورية نت"
    url = f"{base}/{s.number}/"
    author = (f'<span class="post-meta-author"><i class="fa fa-user"></i><a href="{base}/author/x/" title="">{esc(s.author)} </a></span>') if s.author else ""
    date = f"{s.published.day} {('يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر')[s.published.month - 1]}، {s.published.year}"
    social = "".join(f'<li><a href="#" class="social-{n}" rel="external" target="_blank"><i class="fa fa-{n}"></i> <span>{t}</span></a></li>' for n, t in (("facebook", "فيسبوك"), ("twitter", "تويتر"), ("telegram", "تلغرام")))
    html = f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="UTF-8">{_head(s, url, site, yoast=v % 2 == 0, suffix=" | " + site)}</head>
<body id="top" class="rtl post-template-default single single-post postid-{s.number} lazy-enabled">
<div class="wrapper-outer"><div class="background-cover"></div><aside id="slide-out"></aside>
<div id="wrapper" class="wide-layout"><div class="inner-wrapper">
<header id="theme-header" class="theme-header"><div id="top-nav" class="top-nav"><div class="container"><span class="today-date">{weekday(s.published)} , {gulf(s.published)}</span></div></div>
<div class="header-content"><div class="logo"><h2><a title="{site}" href="{base}/">{site}</a></h2></div></div>{nav(base)}</header>
<div class="clear"></div><div id="breaking-news" class="breaking-news"><span class="breaking-news-title"><i class="fa fa-bolt"></i> <span>عاجل</span></span><ul>{_related_links(s, base)}</ul></div>
<div id="main-content" class="container"><div class="content">
<div xmlns:v="http://rdf.data-vocabulary.org/#" id="crumbs"><span typeof="v:Breadcrumb"><a rel="v:url" property="v:title" class="crumbs-home" href="{base}">الرئيسية</a></span> <span class="delimiter">/</span> <span class="current">{esc(s.title)}</span></div>
<article class="post-listing post-{s.number} post type-post status-publish format-standard" id="the-post">
<div class="single-post-thumb"><img src="{base}/wp-content/uploads/{s.number}.jpg" alt=""></div>
<div class="single-post-caption">صورة تعبيرية</div>
<div class="post-inner"><h1 class="name post-title entry-title"><span itemprop="name">{esc(s.title)}</span></h1>
<p class="post-meta">{author}<span class="tie-date"><i class="fa fa-clock-o"></i>{date}</span><span class="post-cats"><i class="fa fa-folder"></i><a href="{base}/category/news/" rel="category tag">أخبار سورية</a></span><span class="post-comments"><i class="fa fa-comments"></i><a href="#respond">أضف تعليق</a></span><span class="post-views"><i class="fa fa-eye"></i>{1500 + v} مشاهدة</span></p>
<div class="clear"></div>
<div class="entry">
{ps(s.paragraphs)}
</div>
<div class="share-post"><span class="share-text">شارك</span><ul class="flat-social">{social}</ul><div class="clear"></div></div>
<div class="clear"></div></div></article>
<p class="post-tag">الوسوم<a href="{base}/tag/a/" rel="tag">درعا</a> <a href="{base}/tag/b/" rel="tag">حصار</a></p>
<div class="post-navigation"><div class="post-previous"><a href="{related(s, base, 1)[0][0]}" rel="prev"><span>السابق</span> {esc(related(s, base, 1)[0][1])}</a></div></div>
<section id="related_posts"><div class="block-head"><h3>مقالات ذات صلة</h3><div class="stripe-line"></div></div><div class="post-listing"><ul>{_related_links(s, base)}</ul></div></section>
{_comments()}
</div><aside id="sidebar"><div class="widget"><div class="widget-top"><h4>الأكثر مشاهدة</h4></div><ul>{_related_links(s, base)}</ul></div></aside></div>
{footer(site)}</div></div></div>
<div id="topcontrol" class="fa fa-angle-up" title="إلى الأعلى"></div></body></html>"""
    return page(f"sahifa-{v}", url, html, want(s, time_known=v % 2 == 0, furniture=["صورة تعبيرية", "شارك", "أضف تعليق", *COMMENT_FORM]))


def jnews(story: Story, v: int) -> Page:
    s = story.with_byline(BYLINES[(v + 3) % 4])
    base, site = f"https://www.eqtsad{v}.net", "اقتصاد"
    url = f"{base}/news/{s.number}/"
    date = f"{s.published.day} {('يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر')[s.published.month - 1]}، {s.published.year}"
    author = (f'<div class="jeg_meta_author"><span class="meta_text">بواسطة</span> <a href="{base}/author/x/">{esc(s.author)}</a></div>') if s.author else ""
    rel = "".join(f'<article class="jeg_post jeg_pl_sm format-standard"><div class="jeg_postblock_content"><h3 class="jeg_post_title"><a href="{h}">{esc(t)}</a></h3><div class="jeg_post_meta"><div class="jeg_meta_date"><a href="{h}"><i class="fa fa-clock-o"></i> {date}</a></div></div></div></article>' for h, t in related(s, base, 2))
    inline = (f'<div class="jnews_inline_related_post_wrapper"><div class="jnews_inline_related_post"><div class="jeg_postblock_21 jeg_postblock jeg_module_hook jeg_pagination_disable jeg_col_2o3">'
              f'<div class="jeg_block_heading jeg_block_heading_6 jeg_subcat_right"><h3 class="jeg_block_title"><span>إقرأ أيضاً</span></h3></div>'
              f'<div class="jeg_block_container"><div class="jeg_posts"><div class="jeg_postsmall jeg_load_more_flag">{rel}</div></div></div></div></div></div>')
    body = [f"<p>{esc(p)}</p>" for p in s.paragraphs]
    body.insert(min(3, len(body)), inline)
    html = f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="UTF-8">{_head(s, url, site, yoast=True, suffix=" - " + site)}
{jsonld({"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "@id": url, "name": s.title}, {"@type": "Article", "headline": s.title, "datePublished": s.published.isoformat(), "author": {"@type": "Person", "name": s.author or site}, "publisher": {"@type": "Organization", "name": site}}]})}</head>
<body class="rtl post-template-default single single-post jeg_single_tpl_1 jnews jsc_normal">
<div class="jeg_viewport"><div class="jeg_header_wrapper"><div class="jeg_header normal"><div class="jeg_topbar jeg_container dark"><div class="jeg_nav_item jeg_top_date">{weekday(s.published)}, {gulf(s.published)}</div></div>{nav(base)}</div></div>
<div class="post-wrapper"><div class="post-wrap"><div class="jeg_main"><div class="jeg_container"><div class="jeg_content jeg_singlepage"><div class="container">
<div class="jeg_ad jeg_article jnews_article_top_ads"><div class="ads-wrapper"></div></div>
<div class="row"><div class="jeg_main_content col-md-8"><div class="jeg_inner_content">
<div class="jeg_breadcrumbs jeg_breadcrumb_container"><div id="breadcrumbs"><span><a href="{base}">الرئيسية</a></span><i class="fa fa-angle-right"></i><span class="breadcrumb_last_link"><a href="{base}/category/news/">أخبار</a></span></div></div>
<div class="entry-header"><h1 class="jeg_post_title">{esc(s.title)}</h1>
<div class="jeg_meta_container"><div class="jeg_post_meta jeg_post_meta_1"><div class="meta_left">{author}<div class="jeg_meta_date"><a href="{url}">{date}</a></div><div class="jeg_meta_category"><span><span class="meta_text">في</span> <a href="{base}/category/news/" rel="category tag">أخبار</a></span></div></div>
<div class="meta_right"><div class="jeg_meta_comment"><a href="#comments"><i class="fa fa-comment-o"></i> 0</a></div></div></div></div></div>
<div class="jeg_featured featured_image"><a href="#"><div class="thumbnail-container"><img src="{base}/wp-content/uploads/{s.number}.jpg" alt=""></div></a></div>
<div class="jeg_share_top_container"><div class="jeg_share_button clearfix"><div class="jeg_share_stats"><div class="jeg_share_count"><div class="counts">0</div><span class="sharetext">مشاركات</span></div><div class="jeg_views_count"><div class="counts">{80 + v}</div><span class="sharetext">مشاهدات</span></div></div>
<div class="jeg_sharelist"><a href="#" class="jeg_btn-facebook expanded"><i class="fa fa-facebook-official"></i><span>شارك على فيسبوك</span></a><a href="#" class="jeg_btn-twitter expanded"><i class="fa fa-twitter"></i><span>شارك على تويتر</span></a></div></div></div>
<div class="entry-content no-share"><div class="content-inner">
{chr(10).join(body)}
<div class="jeg_post_tags"><span>Tags:</span> <a href="{base}/tag/a/" rel="tag">الليرة</a> <a href="{base}/tag/b/" rel="tag">الأسعار</a></div>
</div></div>
<div class="jnews_prev_next_container"><div class="jeg_prevnext_post"><a href="{related(s, base, 1)[0][0]}" class="post prev-post"><span class="caption">المنشور السابق</span><h3 class="post-title">{esc(related(s, base, 1)[0][1])}</h3></a></div></div>
<div class="jnews_related_post_container"><div class="jeg_postblock_22 jeg_postblock"><div class="jeg_block_heading jeg_block_heading_5"><h3 class="jeg_block_title"><span>ذات صلة<strong> المشاركات</strong></span></h3></div><ul>{_related_links(s, base)}</ul></div></div>
<div class="jnews_comment_container">{_comments()}</div>
</div></div></div></div></div></div></div></div>
<div class="footer-holder">{footer(site)}</div></div></body></html>"""
    return page(f"jnews-{v}", url, html, want(s, furniture=["إقرأ أيضاً", "Tags:", "مشاركات", "شارك على فيسبوك", *COMMENT_FORM]))


def underscores(story: Story, v: int) -> Page:
    s = story.with_byline(BYLINES[v % 4])
    base, site = f"https://www.zamanalwasl{v}.org", "زمان الوصل"
    url = f"{base}/{s.published:%Y/%m}/{s.slug[:40]}/"
    date = f"{s.published.day} {('يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر')[s.published.month - 1]}، {s.published.year}"
    byline = (f'<span class="byline"> بواسطة <span class="author vcard"><a class="url fn n" href="{base}/author/x/">{esc(s.author)}</a></span></span>') if s.author else ""
    html = f"""<!doctype html><html dir="rtl" lang="ar"><head><meta charset="UTF-8">{_head(s, url, site, yoast=False, suffix=" &#8211; " + site)}</head>
<body class="rtl post-template-default single single-post postid-{s.number} single-format-standard">
<div id="page" class="site"><a class="skip-link screen-reader-text" href="#primary">تجاوز إلى المحتوى</a>
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="{base}/" rel="home">{site}</a></p><p class="site-description">أخبار سورية مستقلة</p></div>
<nav id="site-navigation" class="main-navigation"><button class="menu-toggle">القائمة الرئيسية</button>{nav(base)}</nav></header>
<main id="primary" class="site-main">
<article id="post-{s.number}" class="post-{s.number} post type-post status-publish format-standard hentry category-news">
<header class="entry-header"><h1 class="entry-title">{esc(s.title)}</h1>
<div class="entry-meta"><span class="posted-on">نُشر في <a href="{url}" rel="bookmark"><time class="entry-date published" datetime="{s.published.isoformat()}">{date}</time><time class="updated" datetime="{s.published.isoformat()}">{date}</time></a></span>{byline}</div></header>
<div class="post-thumbnail"><img src="{base}/wp-content/uploads/{s.number}.jpg" alt=""></div>
<div class="entry-content">
{ps(s.paragraphs)}
</div>
<footer class="entry-footer"><span class="cat-links">نُشرت في <a href="{base}/category/news/" rel="category tag">أخبار</a></span><span class="tags-links">الوسوم <a href="{base}/tag/a/" rel="tag">إدلب</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="مقالات"><h2 class="screen-reader-text">تصفّح المقالات</h2><div class="nav-links"><div class="nav-previous"><a href="{related(s, base, 1)[0][0]}" rel="prev"><span class="nav-subtitle">السابق:</span> <span class="nav-title">{esc(related(s, base, 1)[0][1])}</span></a></div></div></nav>
{_comments()}
</main>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">أحدث المقالات</h2><ul>{_related_links(s, base)}</ul></section></aside>
<footer id="colophon" class="site-footer"><div class="site-info">{RIGHTS} | قالب: Underscores</div></footer></div></body></html>"""
    return page(f"underscores-{v}", url, html, want(s, furniture=["نُشرت في", "تصفّح المقالات", *COMMENT_FORM]))
