"""Decoding fetched HTML: declared charset first, corrected when it is wrong.

Old Arabic sites serve windows-1256 or ISO-8859-6 with a wrong charset (often
ISO-8859-1) or none. Decoded with the declared charset such a page turns into
Latin-1 mojibake ("ÇáÍÓßÉ"); then the candidates below are tried and the one
that reads as the most Arabic wins. Entities (&#1575;) are left to the parser.
"""

from __future__ import annotations

from w3lib.encoding import html_to_unicode

CANDIDATES = ("utf-8", "windows-1256", "iso-8859-6")
_MOJIBAKE_LOW, _MOJIBAKE_HIGH = "\u00c0", "\u00ff"
SAMPLE = 20_000


def _score(text: str) -> int:
    sample = text[:SAMPLE]
    arabic = sum("\u0600" <= c <= "\u06ff" for c in sample)
    bad = sum(_MOJIBAKE_LOW <= c <= _MOJIBAKE_HIGH for c in sample)
    return arabic - 3 * bad - 5 * sample.count("\ufffd")


def _suspicious(text: str) -> bool:
    sample = text[:SAMPLE]
    bad = sum(_MOJIBAKE_LOW <= c <= _MOJIBAKE_HIGH for c in sample) + sample.count("\ufffd")
    return bad > 20


def _valid_utf8(raw: bytes) -> bool:
    """Non-ASCII bytes that decode as UTF-8: single-byte Arabic text almost never does."""
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(raw: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding used). Trusts the declaration unless the text reads wrong."""
    encoding, text = html_to_unicode(content_type, raw)
    if encoding.replace("-", "").lower() not in ("utf8", "utf8sig") and _valid_utf8(raw):
        # UTF-8 declared as windows-1256 reads as Arabic letters ("ط§ظ„"), not as
        # mojibake, so the score below cannot see it: valid UTF-8 wins.
        return raw.decode("utf-8"), "utf-8"
    if not _suspicious(text):
        return text, encoding
    best, best_score = (text, encoding), _score(text)
    for candidate in CANDIDATES:
        decoded = raw.decode(candidate, errors="replace")
        score = _score(decoded)
        if score > best_score:
            best, best_score = (decoded, candidate), score
    return best


def repair_decoding(text: str, encoding: str, raw: bytes,
                    content_type: str | None = None) -> str:
    """`text` as a crawler decoded it with `encoding`, unless that reads wrong: then
    `decode_html`. UTF-8 pages (the common case) cost one scan for U+FFFD, which
    a page in another encoding declared as UTF-8 is full of."""
    if encoding.replace("-", "").lower() in ("utf8", "utf8sig"):
        if "\ufffd" not in text:
            return text
    elif not _suspicious(text) and not _valid_utf8(raw):
        return text
    return decode_html(raw, content_type)[0]
