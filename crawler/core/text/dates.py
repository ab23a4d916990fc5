"""Date parsing shared by the spider (feeds, sitemaps) and extraction.

All results are aware UTC datetimes. Naive times are taken in the source time
zone (Syria: UTC+3) and nothing later than `now` is ever returned.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.core.text.normalize import fold_arabic

SYRIA_TZ = timezone(timedelta(hours=3), "Asia/Damascus")


@dataclass(frozen=True)
class Dated:
    """A publication date as the page gives it: the outlet's calendar day always,
    the UTC instant only when a time of day was given (`precision` "minute", or
    "hour" for "منذ ساعتين"); `precision` "day": the day alone."""

    day: date
    at: datetime | None
    precision: str  # minute | hour | day

    @classmethod
    def instant(cls, at: datetime, tz: tzinfo, precision: str = "minute") -> Dated:
        at = at.astimezone(UTC)
        return cls(at.astimezone(tz).date(), at, precision)

    @property
    def time_known(self) -> bool:
        return self.at is not None

    def start(self, tz: tzinfo = SYRIA_TZ) -> datetime:
        """The instant, or the start of the day in `tz` (for ordering and ranges)."""
        return self.at or datetime.combine(self.day, time(), tz).astimezone(UTC)

    def with_time(self, other: Dated | None) -> Dated:
        """This day with `other`'s time of day when `other` is timed and on the same day."""
        if self.at is None and other is not None and other.at is not None \
                and other.day == self.day:
            return other
        return self


def not_future_dated(found: Dated | None, now: datetime | None = None,
                     tz: tzinfo = SYRIA_TZ) -> Dated | None:
    now = now or datetime.now(UTC)
    if found is None:
        return None
    if found.at is not None:
        return found if found.at <= now + timedelta(minutes=5) else None
    return found if found.day <= (now + timedelta(minutes=5)).astimezone(tz).date() else None


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


_BARE_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def _wall_clock(value: str, tz: tzinfo) -> datetime | None:
    """The datetime as written (in its own offset, or `tz` when it has none)."""
    value = value.strip()
    try:
        found = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            found = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return found if found.tzinfo is not None else found.replace(tzinfo=tz)


def read_machine_date(value: str | None, tz: tzinfo = SYRIA_TZ) -> Dated | None:
    """Like `parse_machine_date`, with its precision: a bare date ("2021-02-03") and
    a time of exactly midnight in its own offset (what CMSs write for a date-only
    field) give the day alone; the day of a timed value is the day in `tz`."""
    if not value:
        return None
    bare = _BARE_DATE.match(value)
    if bare:
        try:
            return Dated(date(*map(int, bare.groups())), None, "day")
        except ValueError:
            return None
    found = _wall_clock(value, tz)
    if found is None:
        return None
    if (found.hour, found.minute, found.second, found.microsecond) == (0, 0, 0, 0):
        return Dated(found.date(), None, "day")
    return Dated.instant(found, tz)


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


_LONE_TIME = re.compile(r"(?<![\d:])(?P<h>\d{1,2}):(?P<mi>\d{2})(?![\d:])(?::\d{2})?"
                        r"\s*(?P<ampm>[مص](?!\w)|am|pm|مساء|صباحا)?", re.IGNORECASE)


def _hour(match: re.Match[str]) -> tuple[int, int] | None:
    if not match.group("h"):
        return None
    hour, minute = int(match.group("h")), int(match.group("mi"))
    ampm = (match.group("ampm") or "").lower()
    if ampm in ("م", "pm", "مساء") and hour < 12:
        hour += 12
    elif ampm in ("ص", "am", "صباحا") and hour == 12:
        hour = 0
    return (hour, minute) if hour < 24 and minute < 60 else None


def _absolute(text: str, tz: tzinfo) -> Dated | None:
    for pattern in _PAGE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            month = _MONTH_NAMES[parts["mn"].lower()] if parts.get("mn") else int(parts["m"])
            try:
                day = date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
            clock = _hour(match)
            if clock is None:  # a dateline's time may stand apart ("3 فبراير 2021 - ... - 14:30")
                rest = text[:match.start()] + " " + text[match.end():]
                lone = [c for c in map(_hour, _LONE_TIME.finditer(rest)) if c]
                clock = lone[0] if len(lone) == 1 else None
            if clock is None:
                return Dated(day, None, "day")
            when = datetime.combine(day, time(*clock)).replace(tzinfo=_zone(text, tz))
            return Dated.instant(when, tz)
    return None


def _relative(text: str, now: datetime, tz: tzinfo) -> Dated | None:
    for match in _RELATIVE.finditer(text):
        unit_word = match.group("unit")
        step = next((delta for prefix, delta in _UNITS if unit_word.startswith(prefix)), None)
        if step is None:
            continue
        count = int(match.group("n")) if match.group("n") else _NUMBER_WORDS.get(unit_word)
        if count is None:
            continue
        when = now - count * step
        if step >= timedelta(days=1):  # "منذ يومين": the day, not a time of day
            return Dated(when.astimezone(tz).date(), None, "day")
        return Dated.instant(when, tz, "minute" if step < timedelta(hours=1) else "hour")
    return None


def read_page_date(text: str, now: datetime | None = None,
                   tz: tzinfo = SYRIA_TZ) -> Dated | None:
    """A date as printed on an Arabic news page, with its precision; None when
    there is none or it lies in the future.

    Handles Levantine, Egyptian/Gulf, Maghreb and English month names, Arabic-Indic
    digits, weekday prefixes, Hijri-plus-Gregorian datelines (by the Gregorian
    part), `2021.01.19 | 11:17 دمشق`, `15 مايو، 2022`, `11:17 م` and relative times
    ("منذ 3 ساعات", "قبل يومين") counted back from `now` (the fetch time).
    """
    now = now or datetime.now(UTC)
    folded = fold_arabic(text)
    return not_future_dated(_absolute(folded, tz) or _relative(folded, now, tz), now, tz)


def parse_page_date(text: str, now: datetime | None = None,
                    tz: tzinfo = SYRIA_TZ) -> datetime | None:
    """`read_page_date` as one UTC datetime (a day alone: its start in `tz`)."""
    found = read_page_date(text, now, tz)
    return found.start(tz) if found else None


_WEEKDAYS = ("الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد", "الإثنين")
# Words that occur on a line that is only a date (after normalize_arabic).
DATE_WORDS = frozenset(
    {w for m in _MONTH_NAMES for w in m.split()} | set(_WEEKDAYS)
    | {w for p, _ in _UNITS for w in (p,)} | set(_NUMBER_WORDS)
    | {"منذ", "قبل", "دمشق", "الساعه", "م", "ص", "مساء", "صباحا", "gmt", "utc", "am", "pm",
       "نشر", "في", "تاريخ", "النشر", "اخر", "تحديث", "ساعات", "دقائق", "ايام", "بتوقيت",
       "على", "علي", "الموافق", "هـ", "ه"})


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$|\D)")


def read_url_date(url: str, tz: tzinfo = SYRIA_TZ) -> Dated | None:
    """`/2024/08/09/slug`, `/2024-08-09-slug`: the day."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        year, month, day = (int(g) for g in match.groups())
        return not_future_dated(Dated(date(year, month, day), None, "day"), tz=tz)
    except ValueError:
        return None


def parse_url_date(url: str, tz: tzinfo = SYRIA_TZ) -> datetime | None:
    """`read_url_date` as the start of the day in `tz`, in UTC."""
    found = read_url_date(url, tz)
    return found.start(tz) if found else None


def is_date_text(text: str) -> bool:
    """True when `text` holds a date and nothing else (weekday, month names, "الساعة",
    digits and separators): a date line, not a sentence that mentions a date."""
    words = re.sub(r"[\d٠-٩/.:,،|()\-–—]+", " ", fold_arabic(text)).split()
    return all(w in DATE_WORDS or w.lower() in DATE_WORDS for w in words) and \
        any(ch.isdigit() for ch in text)
