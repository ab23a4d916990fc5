"""Every extraction knob in one object, passed down instead of keyword arguments
(trafilatura's `Extractor` is the model).

Frozen and picklable: it travels to the extraction workers with each page. The
defaults are defined once, in `crawler/core/settings.py` (`EXTRACT_*`) and the
config models (a source's `body_selector`, `remove_selectors`, `timezone`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from crawler.core import settings
from crawler.core.text.dates import SYRIA_TZ, parse_timezone

if TYPE_CHECKING:
    from crawler.core.config import SourceConfig


@dataclass(frozen=True)
class ExtractOptions:
    # A cleaned body shorter than this is not an article (`too_short`).
    min_body_chars: int = settings.EXTRACT_MIN_BODY_CHARS
    # ...or this for a short report on a page that says it is one article
    # (og:type, JSON-LD, <article>), is no video or gallery page and reads as sentences.
    min_short_body_chars: int = settings.EXTRACT_MIN_SHORT_BODY_CHARS
    # A source's CSS overrides: the article body, and elements to drop first.
    body_selector: str | None = None
    remove_selectors: tuple[str, ...] = ()
    # Time zone of dates the page prints without one.
    tz: tzinfo = SYRIA_TZ
    # trafilatura's knobs (measured on the dev corpus: see bench/extract_options.py).
    favor_precision: bool = settings.EXTRACT_FAVOR_PRECISION
    favor_recall: bool = False
    include_tables: bool = settings.EXTRACT_INCLUDE_TABLES
    # The fast pass (no fallback extractors) is kept when it finds at least this
    # much text; None: an article's worth (`min_body_chars`).
    fast_enough_chars: int | None = None
    # When the cleaned main text is shorter than this, other strategies are tried
    # (tables, readability, <br> blocks, JSON-LD and embedded JSON bodies) and one
    # replaces it only when it scores `rescue_margin` times more (quality.py);
    # a JSON-LD articleBody `structured_longer` times longer is always compared.
    rescue_below_chars: int = settings.EXTRACT_RESCUE_BELOW_CHARS
    rescue_margin: float = 1.5
    structured_longer: float = 1.5
    # Ask htmldate for the day when no structured or printed date is found
    # (measured: `rasad eval-extract` prints Rasad's and htmldate's date accuracy).
    htmldate_fallback: bool = True

    def with_(self, **changes: Any) -> ExtractOptions:
        return replace(self, **changes)

    def for_source(self, source: SourceConfig) -> ExtractOptions:
        """These options with a source's overrides and time zone."""
        return replace(self, body_selector=source.body_selector,
                       remove_selectors=tuple(source.remove_selectors),
                       tz=parse_timezone(source.timezone))

    @property
    def fast_enough(self) -> int:
        return self.min_body_chars if self.fast_enough_chars is None \
            else self.fast_enough_chars

    def trafilatura(self) -> dict[str, Any]:
        """Keyword arguments for `trafilatura.bare_extraction` (`fast` aside)."""
        return {
            # "txt": the body stays a tree; "python" would also render it as text
            "output_format": "txt", "include_comments": False,
            "include_tables": self.include_tables, "include_images": False,
            "include_links": True, "favor_precision": self.favor_precision,
            "favor_recall": self.favor_recall, "deduplicate": False, "with_metadata": False,
        }
