"""Cut responses never become articles: they are retried, then counted.

A downloader middleware that sees each response before Scrapy's
HttpCompressionMiddleware decodes it. Scrapy's own checks stay on: a body
shorter than its `Content-Length` or a chunked body that stops early is a
`ResponseDataLossError` (DOWNLOAD_FAIL_ON_DATALOSS), retried by the retry
middleware. What Scrapy lets through, this middleware catches:

- a gzip, deflate or brotli body whose stream stops before its end or is
  corrupt (Scrapy's decoder returns what it could decode, without a word);
  the same for a gzipped document served without `Content-Encoding`
  (`sitemap.xml.gz`);
- a body ended by the server closing the connection (no length, flag
  `partial`) that stops inside a UTF-8 character;
- a `dataloss` flag (when DOWNLOAD_FAIL_ON_DATALOSS is off) and a body shorter
  than its `Content-Length`.

Such a response is retried (RETRY_TIMES, with the backoff of spiders/retry.py);
when it is still cut, the request fails with `CutResponse`, which the spider
counts as `spider/errors/truncated` or `spider/errors/corrupt`. Verifying a
stream decodes it once more, bounded by DOWNLOAD_MAXSIZE (a bomb is left to
Scrapy's size limit). Stats: integrity/truncated, integrity/corrupt (every cut
response seen, retried or not).
"""

from __future__ import annotations

import zlib
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Response

from spiders.retry import backoff

_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_NO_BODY = (204, 304)

try:  # Scrapy decodes brotli with whichever of the two is installed
    import brotli
except ImportError:  # pragma: no cover
    try:
        import brotlicffi as brotli
    except ImportError:
        brotli = None
_ERRORS: tuple[type[Exception], ...] = (zlib.error,) + ((brotli.error,) if brotli else ())


class CutResponse(Exception):
    """The body of a response was cut short or is corrupt, on every try."""

    def __init__(self, url: str, kind: str, why: str) -> None:
        super().__init__(f"{kind} body ({why}): {url}")
        self.error_kind = kind  # the spider counts spider/errors/<kind>


def _zlib_state(data: bytes, wbits: int, limit: int) -> str | None:
    """None when the stream ends properly (or passes `limit`), else why not."""
    decoder = zlib.decompressobj(wbits)
    produced, rest = 0, data
    while True:
        produced += len(decoder.decompress(rest, _CHUNK))
        if limit and produced > limit:
            return None  # too big: DOWNLOAD_MAXSIZE's business
        if decoder.eof:
            rest = decoder.unused_data
            if wbits & 16 and rest.strip(b"\x00"):  # another gzip member follows
                decoder = zlib.decompressobj(wbits)
                continue
            return None
        rest = decoder.unconsumed_tail
        if not rest:
            return "stream ends early"


def _brotli_state(data: bytes, limit: int) -> str | None:
    if brotli is None:
        return None
    decoder = brotli.Decompressor()
    produced = len(decoder.process(data, output_buffer_limit=_CHUNK))
    while not decoder.is_finished():
        if limit and produced > limit:
            return None
        chunk = decoder.process(b"", output_buffer_limit=_CHUNK)
        if not chunk:
            return "stream ends early"
        produced += len(chunk)
    return None


def stream_problem(body: bytes, encoding: str, limit: int = 0) -> tuple[str, str] | None:
    """(kind, why) when a `gzip` / `deflate` / `br` body is cut or corrupt, else None."""
    try:
        if encoding in ("gzip", "x-gzip"):
            why = _zlib_state(body, 16 + zlib.MAX_WBITS, limit)
        elif encoding == "deflate":
            try:
                why = _zlib_state(body, zlib.MAX_WBITS, limit)
            except zlib.error:  # raw deflate, as some servers send it
                why = _zlib_state(body, -zlib.MAX_WBITS, limit)
        elif encoding == "br":
            why = _brotli_state(body, limit)
        else:
            return None
    except _ERRORS as exc:
        return "corrupt", f"{encoding}: {exc}"
    return ("truncated", f"{encoding} {why}") if why else None


def _utf8_cut(body: bytes) -> bool:
    """Whether the body is UTF-8 that stops inside a character."""
    tail = body[-1024:].lstrip(bytes(range(0x80, 0xC0)))  # from a character start
    try:
        tail.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.end == len(tail)
    return False


class IntegrityMiddleware:
    def __init__(self, crawler: Crawler, max_size: int) -> None:
        self.crawler = crawler
        self.max_size = max_size

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IntegrityMiddleware:
        return cls(crawler, crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def problem(self, request: Request, response: Response) -> tuple[str, str] | None:
        if request.method == "HEAD" or response.status in _NO_BODY:
            return None
        body = response.body
        if "dataloss" in response.flags:
            return "truncated", "connection lost"
        declared = response.headers.get(b"Content-Length")
        if declared and declared.isdigit() and len(body) < int(declared):
            return "truncated", f"{len(body)} of {int(declared)} bytes"
        encodings = response.headers.getlist(b"Content-Encoding")
        if encodings:
            last = encodings[-1].decode("latin-1").strip().lower().split(",")[-1].strip()
            return stream_problem(body, last, self.max_size)
        if body.startswith(_GZIP_MAGIC):
            return stream_problem(body, "gzip", self.max_size)
        if "partial" in response.flags and _utf8_cut(body):
            return "truncated", "ends inside a UTF-8 character"
        return None

    def process_response(self, request: Request, response: Response,
                         spider: Any = None) -> Request | Response:
        found = self.problem(request, response)
        if found is None:
            return response
        kind, why = found
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value(f"integrity/{kind}")
        assert self.crawler.spider is not None
        retry = get_retry_request(request, spider=self.crawler.spider, reason=f"{kind} body")
        if retry is not None:
            return backoff(self.crawler.settings, retry)
        raise CutResponse(request.url, kind, why)
