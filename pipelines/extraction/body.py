"""Article body: trafilatura's main-text extraction, then furniture removal."""

from __future__ import annotations

import trafilatura

from pipelines.extraction.furniture import is_furniture


def extract_body(html: str, url: str | None = None) -> str:
    """Clean article text, one paragraph per line ('' when nothing is found)."""
    text = trafilatura.extract(
        html,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,
        with_metadata=False,
    )
    if not text:
        return ""
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line and not is_furniture(line))
