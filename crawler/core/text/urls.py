"""URL canonicalisation, shared by the spider, extraction and storage.

Two levels:

- `canonical_url(url)`: a clean, fetchable URL to store and show. Percent-
  encoding normalised (upper-case escapes, Arabic slugs encoded one way), query
  sorted, fragment dropped, tracking parameters (`utm_*`, `fbclid`, `gclid`, …)
  session ids (`PHPSESSID`, `jsessionid`, also as `;jsessionid=` path
  parameters) and AMP / print markers (`/amp/`, `?amp`, `/print/`,
  `?print=1`) removed, mobile host labels (`m.`, `mobile.`, `amp.`) dropped.
- `url_key(url)`: the identity of a page. Also folds the scheme, `www.` and the
  trailing slash, so every variant of one article maps to one key. The archive
  looks articles up by key; WordPress shortlinks (`?p=123`) that redirect to
  the article are recorded as further keys of the same article.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import SplitResult, parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING_EXACT = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "ttclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url",
    "spm", "s_cid", "cmpid", "ocid", "wt_mc", "at_medium", "at_campaign", "share",
    "amp", "amp_js_v", "amp_gsa", "usqp", "outputtype", "print", "output",
    # session ids under names no CMS uses for content (`sid` is PHP-Nuke's story
    # id, so it stays: same-text detection in the archive folds those)
    "phpsessid", "jsessionid", "sessionid", "session_id", "sessid", "cfid", "cftoken",
    "zenid", "oscsid", "xtcsid", "ps_session",
})
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "__twitter", "at_", "aspsessionid")
# a session id carried as a path parameter: /article/12;jsessionid=0A1B2C
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/;?#]*", re.IGNORECASE)
_VALUE_MARKERS = {"output": {"amp", "print"}, "outputtype": {"amp"}}
_EDITION_SEGMENTS = frozenset({"amp", "print", "mobile"})
_MOBILE_LABELS = ("m.", "mobile.", "amp.", "touch.")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_INDEX_PAGE = re.compile(r"/index\.(?:html?|php|aspx?)$", re.IGNORECASE)


def _is_tracking(name: str, value: str) -> bool:
    lower = name.lower()
    if lower in _VALUE_MARKERS:
        return value.lower() in _VALUE_MARKERS[lower]
    return lower in _TRACKING_EXACT or lower.startswith(_TRACKING_PREFIXES)


def _clean_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(k, v) for k, v in pairs if not _is_tracking(k, v)])


def _clean_path(path: str) -> str:
    """Drop edition segments (`/amp/`, `/print`) at either end of the path."""
    trailing = path.endswith("/")
    segments = [s for s in path.split("/") if s]
    while segments and segments[-1].lower() in _EDITION_SEGMENTS:
        segments.pop()
    while len(segments) > 1 and segments[0].lower() in _EDITION_SEGMENTS:
        segments.pop(0)
    cleaned = "/" + "/".join(segments)
    return cleaned + "/" if trailing and segments else cleaned


def _clean_host(host: str) -> str:
    for label in _MOBILE_LABELS:
        if host.startswith(label) and host.count(".") >= 2:
            return host[len(label):]
    return host


def _split(url: str) -> SplitResult | None:
    """urlsplit, or None for what it refuses (`http://[::1`: a broken IPv6 host)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def canonical_url(url: str) -> str:
    """The clean form of `url` to store (unchanged when it is not an http(s) URL)."""
    parts = _split(url.strip())
    if parts is None:
        return url.strip()
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url.strip()
    host = _clean_host(parts.hostname.lower().rstrip("."))
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _PATH_SESSION.sub("", parts.path or "/")
    cleaned = urlunsplit((scheme, netloc, _clean_path(path or "/"),
                          _clean_query(parts.query), ""))
    try:
        return canonicalize_url(cleaned, keep_fragments=False)
    except ValueError:  # a host or port w3lib cannot take: the cleaned form as it is
        return cleaned


@lru_cache(maxsize=4096)
def url_key(url: str) -> str:
    """The identity of a page: every variant of one article gives the same key.

    Cached: each URL is keyed several times on its way (spider, incremental
    lookup, archive), and the folding is the costly part of those steps."""
    parts = _split(canonical_url(url))
    if parts is None or not parts.hostname:
        return url.strip()
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    path = _INDEX_PAGE.sub("/", unquote(parts.path)).rstrip("/")
    key = host + path
    return f"{key}?{parts.query}" if parts.query else key


def same_site(a: str, b: str) -> bool:
    """Whether two URLs are on one site (ignoring `www.` and mobile labels)."""
    def site(u: str) -> str:
        parts = _split(u)
        whole = parts._replace(path="/", query="").geturl() if parts else u
        return url_key(whole).split("/", 1)[0]
    return site(a) == site(b)
