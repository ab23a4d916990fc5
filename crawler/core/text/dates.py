"""Date parsing shared by the spider (feeds, sitemaps) and extraction.

All results are aware UTC datetimes. Naive times are taken in the source time
zone (Syria: UTC+3) and nothing later than `now` is ever returned.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.core.text.normalize import fold_arabic

SYRIA_TZ = timezone(timedelta(hours=3), "Asia/Damascus")


def to_utc(dt: datetime, tz: tzinfo = SYRIA_TZ) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt.astimezone(UTC)


_OFFSET_NAME = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$", re.IGNORECASE)


def parse_timezone(name: str) -> tzinfo:
    """An IANA name ("Asia/Damascus", "Africa/Cairo") or a UTC offset ("+03:00", "UTC+2").

    ValueError names the problem.
    """
    match = _OFFSET_NAME.match(name.strip())
    if match:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
        if delta > timedelta(hours=14):
            raise ValueError(f"UTC offset out of range: {name!r}")
        return timezone(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (use e.g. 'Asia/Damascus' or "
                         "'+03:00')") from None


def not_future(dt: datetime | None, now: datetime | None = None) -> datetime | None:
    now = now or datetime.now(UTC)
    if dt is None or dt > now + timedelta(minutes=5):
        return None
    return dt


def parse_iso(value: str, tz: tzinfo = SYRIA_TZ) -> datetime | None:
    """ISO 8601 (also a bare date, and 'Z')."""
    value = value.strip()
    if not value:
        return None
    try:
        return to_utc(datetime.fromisoformat(value.replace("Z", "+00:00")), tz)
    except ValueError:
        return None


def parse_rfc822(value: str, tz: tzinfo = SYRIA_TZ) -> datetime | None:
    try:
        return to_utc(email.utils.parsedate_to_datetime(value.strip()), tz)
    except (TypeError, ValueError, IndexError):
        return None


def parse_machine_date(value: str | None, tz: tzinfo = SYRIA_TZ) -> datetime | None:
    """A machine-readable date from metadata, a feed or a sitemap."""
    if not value:
        return None
    return parse_iso(value, tz) or parse_rfc822(value, tz)


# --- dates as people write them on Arabic news pages -------------------------
# Month names after `fold_arabic` (alef/hamza, taa marbuta and yaa folded), so
# "أيار"/"ايار" and "إبريل"/"أبريل"/"ابريل" are one entry each.
_MONTH_NAMES: dict[str, int] = {
    # Levantine (Syria, Lebanon, Iraq, Jordan)
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6,
    "تموز": 7, "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11,
    "كانون الاول": 12,
    # Egyptian / Gulf (transliterated), with common spellings
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11,
    "ديسمبر": 12,
    # Maghreb
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويليه": 7, "اوت": 8,
    # English
    **{m: i for i, m in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"), start=1)},
    **{m: i for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
         "dec"), start=1)},
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTH_NAMES), key=len, reverse=True))
_TIME = r"(?:\D{0,12}?(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2})?\s*(?P<ampm>[مص]|am|pm|مساء|صباحا)?)?"
_PAGE_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<d>\d{1,2})"
               r"(?!\d)" + _TIME, re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<y>(?:19|20)\d\d)"
               r"(?!\d)" + _TIME, re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})\s*(?:من\s+)?(?P<mn>" + _MONTH_RE + r")\b\.?"
               r"(?:\s*/\s*(?:" + _MONTH_RE + r")\b)?\s*[،,]?\s*"
               r"(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME, re.IGNORECASE),
    re.compile(r"\b(?P<mn>" + _MONTH_RE + r")\.?\s+(?P<d>\d{1,2})\s*[،,]?\s*"
               r"(?P<y>(?:19|20)\d\d)(?!\d)" + _TIME, re.IGNORECASE),
]
_UTC_HINT = re.compile(r"\b(?:gmt|utc)\b|غرينتش|جرينتش", re.IGNORECASE)
_OFFSET = re.compile(r"\b(?:gmt|utc)\s*(?P<sign>[+-])\s*(?P<hh>\d{1,2}):?(?P<mm>\d{2})?",
                     re.IGNORECASE)


def _zone(text: str, default: tzinfo) -> tzinfo:
    """The time zone a page names next to its date ("GMT+0400", "بتوقيت غرينتش")."""
    match = _OFFSET.search(text)
    if match:
        delta = timedelta(hours=int(match["hh"]), minutes=int(match["mm"] or 0))
        return timezone(-delta if match["sign"] == "-" else delta)
    return UTC if _UTC_HINT.search(text) else default
_NUMBER_WORDS = {"ساعه": 1, "دقيقه": 1, "يوم": 1, "اسبوع": 1, "شهر": 1,
                 "ساعتين": 2, "دقيقتين": 2, "يومين": 2, "اسبوعين": 2, "شهرين": 2}
_UNITS = [("دقيق", timedelta(minutes=1)), ("ساع", timedelta(hours=1)),
          ("يوم", timedelta(days=1)), ("ايام", timedelta(days=1)),
          ("اسبوع", timedelta(weeks=1)), ("اسابيع", timedelta(weeks=1)),
          ("شهر", timedelta(days=30)), ("اشهر", timedelta(days=30))]
_RELATIVE = re.compile(r"(?:منذ|قبل)\s+(?:(?P<n>\d+)\s*)?(?P<unit>[\u0621-\u064a]+)")


def _hour(match: re.Match[str]) -> tuple[int, int]:
    if not match.group("h"):
        return 0, 0
    hour, minute = int(match.group("h")), int(match.group("mi"))
    ampm = (match.group("ampm") or "").lower()
    if ampm in ("م", "pm", "مساء") and hour < 12:
        hour += 12
    elif ampm in ("ص", "am", "صباحا") and hour == 12:
        hour = 0
    return hour, minute


def _absolute(text: str, tz: tzinfo) -> datetime | None:
    for pattern in _PAGE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = _MONTH_NAMES[parts["mn"].lower()] if parts.get("mn") else int(parts["m"])
            try:
                when = datetime(int(parts["y"]), month, int(parts["d"]), *_hour(match))
            except ValueError:
                continue
            return to_utc(when, _zone(text, tz))
    return None


def _relative(text: str, now: datetime) -> datetime | None:
    for match in _RELATIVE.finditer(text):
        unit_word = match.group("unit")
        step = next((delta for prefix, delta in _UNITS if unit_word.startswith(prefix)), None)
        if step is None:
            continue
        count = int(match.group("n")) if match.group("n") else _NUMBER_WORDS.get(unit_word)
        if count is not None:
            return now - count * step
    return None


def parse_page_date(text: str, now: datetime | None = None,
                    tz: tzinfo = SYRIA_TZ) -> datetime | None:
    """A date as printed on an Arabic news page, in UTC; None when there is none.

    Handles Levantine, Egyptian/Gulf, Maghreb and English month names, Arabic-Indic
    digits, weekday prefixes, `2021.01.19 | 11:17 دمشق`, `15 مايو، 2022`, `11:17 م`
    and relative times ("منذ 3 ساعات", "قبل يومين") counted back from `now` (the
    fetch time). Never returns a time in the future.
    """
    now = now or datetime.now(UTC)
    folded = fold_arabic(text)
    found = _absolute(folded, tz) or _relative(folded, now)
    return not_future(found, now)


_WEEKDAYS = ("الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد", "الإثنين")
# Words that occur on a line that is only a date (after normalize_arabic).
DATE_WORDS = frozenset(
    {w for m in _MONTH_NAMES for w in m.split()} | set(_WEEKDAYS)
    | {w for p, _ in _UNITS for w in (p,)} | set(_NUMBER_WORDS)
    | {"منذ", "قبل", "دمشق", "الساعه", "م", "ص", "مساء", "صباحا", "gmt", "utc", "am", "pm",
       "نشر", "في", "تاريخ", "النشر", "اخر", "تحديث", "ساعات", "دقائق", "ايام", "بتوقيت"})


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$|\D)")


def parse_url_date(url: str, tz: tzinfo = SYRIA_TZ) -> datetime | None:
    """`/2024/08/09/slug`, `/2024-08-09-slug`: the day (midnight, source time)."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        year, month, day = (int(g) for g in match.groups())
        return not_future(to_utc(datetime(year, month, day), tz))
    except ValueError:
        return None
