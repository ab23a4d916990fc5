"""Cut bodies (spiders/integrity.py): recognised, retried, then failed and counted."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from crawler.core.config import parse_config
from spiders.integrity import CutResponse, IntegrityMiddleware, stream_problem
from tests.crawlers import rasad_crawler

PAGE = ("<html><body>" + "<p>نص الخبر كاملا</p>" * 400 + "</body></html>").encode()


@pytest.mark.parametrize(("encoding", "data"), [
    ("gzip", gzip.compress(PAGE)), ("gzip", gzip.compress(PAGE) + gzip.compress(PAGE)),
    ("deflate", zlib.compress(PAGE)), ("deflate", zlib.compress(PAGE)[2:-4]),  # raw
    ("br", brotli.compress(PAGE)), ("identity", PAGE[:10]),
])
def test_whole_streams_pass(encoding: str, data: bytes) -> None:
    assert stream_problem(data, encoding) is None


@pytest.mark.parametrize(("encoding", "data"), [
    ("gzip", gzip.compress(PAGE)), ("deflate", zlib.compress(PAGE)),
    ("br", brotli.compress(PAGE)),
])
def test_cut_streams_are_caught(encoding: str, data: bytes) -> None:
    kind, why = stream_problem(data[:len(data) // 5], encoding) or ("", "")
    assert kind == "truncated" and encoding in why


def test_corrupt_streams_are_caught() -> None:
    data = bytearray(gzip.compress(PAGE))
    data[40:60] = b"\xff" * 20
    assert (stream_problem(bytes(data), "gzip") or ("",))[0] == "corrupt"


def test_a_bomb_is_left_to_the_size_limit() -> None:
    bomb = gzip.compress(b"\0" * (20 * 2**20))
    assert stream_problem(bomb, "gzip", limit=2**20) is None
    assert stream_problem(bomb[:len(bomb) // 2], "gzip", limit=2**20) is None


def _response(url: str, body: bytes, headers: dict[str, str], flags: list[str] | None = None
              ) -> HtmlResponse:
    return HtmlResponse(url, body=body, headers=headers, flags=flags or [],
                        request=Request(url))


def test_the_middleware_retries_then_fails_with_a_counted_kind(tmp_path: object) -> None:
    config = parse_config({"sources": [{"name": "s", "start_urls": ["https://x.org/"]}]})
    crawler = rasad_crawler(config, "s", RETRY_BACKOFF_BASE=0)
    mw = IntegrityMiddleware.from_crawler(crawler)
    cut = gzip.compress(PAGE)[:60]
    request = Request("https://x.org/a")
    headers = {"Content-Encoding": "gzip", "Content-Type": "text/html; charset=utf-8"}
    for attempt in range(2):
        retry = mw.process_response(request, _response(request.url, cut, headers))
        assert isinstance(retry, Request) and retry.meta["retry_times"] == attempt + 1
        request = retry
    with pytest.raises(CutResponse) as failed:
        mw.process_response(request, _response(request.url, cut, headers))
    assert failed.value.error_kind == "truncated"
    assert crawler.stats.get_value("integrity/truncated") == 3
    whole = _response(request.url, gzip.compress(PAGE), headers)
    assert mw.process_response(Request(request.url), whole) is whole


def test_a_body_closed_inside_a_character_is_cut() -> None:
    config = parse_config({"sources": [{"name": "s", "start_urls": ["https://x.org/"]}]})
    mw = IntegrityMiddleware.from_crawler(rasad_crawler(config, "s"))
    text = "نص".encode()
    request = Request("https://x.org/a")
    partial = _response(request.url, PAGE + text[:-1], {}, ["partial"])
    assert mw.problem(request, partial) == ("truncated", "ends inside a UTF-8 character")
    assert mw.problem(request, _response(request.url, PAGE + text, {}, ["partial"])) is None
    short = _response(request.url, PAGE, {"Content-Length": str(len(PAGE) + 10)})
    assert (mw.problem(request, short) or ("",))[0] == "truncated"
