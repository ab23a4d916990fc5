"""The CLI's log lines on stderr: one line per event, tracebacks only with `-vv`.

Scrapy logs a failed download of robots.txt at ERROR with two chained
tracebacks, and every retry given up at ERROR, though the spider logs the same
failure once more ("fetch failed (kind): URL") and counts it. Without `-vv`:
- an exception attached to a record is shortened to `Type: first line`;
- a robots.txt failure is one WARNING naming the host and the cause;
- "Gave up retrying" is INFO (shown with `-v`): the spider's line says it;
- the extraction libraries' warnings ("discarding data: None") are INFO: the
  outcome of every page is counted (`extract/dropped/<kind>`) and shown.
Only how records are written changes: the components log as they always did.
Every line has the URLs in it redacted (`crawler/core/text/redact.py`).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from crawler.core.text.redact import RedactingFormatter  # standard library only

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_ROBOTS = "scrapy.downloadermiddlewares.robotstxt"
_RETRY = "scrapy.downloadermiddlewares.retry"
_EXTRACTION = ("trafilatura", "htmldate", "justext", "readability", "courlan")


def one_line(exc: BaseException | None) -> str:
    if exc is None:
        return ""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _cause(exc: object) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


class OneLineFormatter(RedactingFormatter):
    """`FORMAT`, with any attached exception as `Type: first line` on the same line."""

    def formatException(self, ei: object) -> str:  # noqa: N802 (logging's name)
        exc = ei[1] if isinstance(ei, tuple) and len(ei) > 1 else None
        return one_line(exc if isinstance(exc, BaseException) else None)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        return text.replace("\n", " | ")  # the exception (or a stray newline) on the line


class QuietLibraries(logging.Filter):
    """Scrapy's and the extractors' noisy records made into the lines described above."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        msg = str(record.msg)
        if record.name.startswith(_EXTRACTION) and record.levelno < logging.ERROR:
            record.levelno, record.levelname = logging.INFO, "INFO"
            return self.level <= logging.INFO
        if record.name == _RETRY and msg.startswith("Gave up retrying"):
            record.levelno, record.levelname = logging.INFO, "INFO"
            return self.level <= logging.INFO
        if record.name == _ROBOTS and msg.startswith("Error downloading") \
                and isinstance(record.args, dict):
            request, exc = record.args.get("request"), record.args.get("f_exception")
            url = urlsplit(str(getattr(request, "url", "")))
            record.msg = "robots.txt of %s could not be fetched: %s"
            record.args = (f"{url.scheme}://{url.netloc}", _cause(exc))
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


def stderr_handler(level: str) -> logging.Handler:
    """The handler of `rasad`: full tracebacks at DEBUG (`-vv`), one line otherwise."""
    import sys

    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)  # on the handler: Scrapy resets the root level
    numeric = logging.getLevelName(level)
    if numeric == logging.DEBUG:
        handler.setFormatter(RedactingFormatter(FORMAT))
    else:
        handler.setFormatter(OneLineFormatter(FORMAT))
        handler.addFilter(QuietLibraries(numeric))
    return handler


def log_events(name: str) -> None:
    """Logger `name` writes its INFO lines on stderr, one plain line each, even
    without -v (a daemon's or worker's events)."""
    logger = logging.getLogger(name)
    if logger.getEffectiveLevel() <= logging.INFO and logger.handlers:
        return
    logger.addHandler(stderr_handler("INFO"))
    logger.setLevel(logging.INFO)
    logger.propagate = False
