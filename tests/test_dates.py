"""Every date format Arabic news pages print, parsed to UTC (Syria is UTC+3)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.core.text.dates import (
    Dated,
    parse_machine_date,
    parse_page_date,
    parse_url_date,
    read_machine_date,
    read_page_date,
)

NOW = datetime(2024, 9, 20, 12, 0, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    # Syria TV: dotted date, pipe, time, "دمشق"
    ("2021.01.19 | 11:17 دمشق", utc(2021, 1, 19, 8, 17)),
    # Step News / Jannah: month followed by "،"
    ("15 مايو، 2022", utc(2022, 5, 14, 21, 0)),
    # SANA: weekday prefix and " , "
    ("الثلاثاء , 17 سبتمبر 2024", utc(2024, 9, 16, 21, 0)),
    # Levantine month names, one and two words
    ("18 آذار 2018", utc(2018, 3, 17, 21, 0)),
    ("9 تشرين الأول 2023", utc(2023, 10, 8, 21, 0)),
    ("1 كانون الثاني 2022", utc(2021, 12, 31, 21, 0)),
    ("3 ايار 2021", utc(2021, 5, 2, 21, 0)),  # without hamza
    # Arabic-Indic digits (Shaam Network)
    ("٢٧ ديسمبر ٢٠٢٣", utc(2023, 12, 26, 21, 0)),
    ("الثلاثاء ١٩ كانون الثاني ٢٠٢١ - ١١:١٧", utc(2021, 1, 19, 8, 17)),
    # Egyptian spellings and a 12-hour clock with م / ص
    ("الجمعة، 9 أغسطس 2024 - 04:02 م", utc(2024, 8, 9, 13, 2)),
    ("9 يونيه 2022 10:05 ص", utc(2022, 6, 9, 7, 5)),
    ("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", utc(2020, 4, 24, 18, 22)),
    # Maghreb names
    ("12 جويلية 2023", utc(2023, 7, 11, 21, 0)),
    # numeric day-first and year-first
    ("19-01-2021", utc(2021, 1, 18, 21, 0)),
    ("2024/08/09", utc(2024, 8, 8, 21, 0)),
    # explicit zones win over Syria time
    ("الأربعاء، 28 آب/اغسطس 2013 الساعة 10:00 (GMT+0400)", utc(2013, 8, 28, 6, 0)),
    ("May 15, 2022 10:30 GMT", utc(2022, 5, 15, 10, 30)),
    # diacritics and tatweel
    ("١٥ مـايـو، ٢٠٢٢", utc(2022, 5, 14, 21, 0)),
])
def test_absolute_page_dates(text: str, expected: datetime) -> None:
    assert parse_page_date(text, NOW) == expected


@pytest.mark.parametrize(("text", "hours"), [
    ("منذ 3 ساعات", 3), ("منذ ساعة", 1), ("منذ ساعتين", 2), ("قبل 45 دقيقة", 0.75),
])
def test_relative_dates_count_back_from_the_fetch_time(text: str, hours: float) -> None:
    got = parse_page_date(text, NOW)
    assert got is not None
    assert (NOW - got).total_seconds() == hours * 3600


@pytest.mark.parametrize(("text", "day"), [
    ("منذ يومين", date(2024, 9, 18)), ("منذ ٤ أيام", date(2024, 9, 16)),
    ("منذ أسبوع", date(2024, 9, 13)),
])
def test_relative_days_give_the_day_without_a_time(text: str, day: date) -> None:
    got = read_page_date(text, NOW)
    assert got == Dated(day, None, "day")


def test_future_dates_are_refused() -> None:
    assert parse_page_date("٢٧ ديسمبر ٢٠٢٥", NOW) is None
    assert parse_machine_date("2999-01-01T00:00:00Z") is not None  # raw parse...
    assert parse_url_date("https://x.example/2999/01/01/slug") is None  # ...but not_future


@pytest.mark.parametrize("text", ["", "لا تاريخ هنا", "الساعة 11:17", "32 مايو 2022",
                                  "منذ زمن بعيد", "رقم 2021"])
def test_no_date(text: str) -> None:
    assert parse_page_date(text, NOW) is None


def test_url_dates() -> None:
    assert parse_url_date("https://stepagency-sy.net/2022/05/15/slug/") == utc(2022, 5, 14, 21)
    assert parse_url_date("https://x.example/news/2020-06-03-1.3874341") == utc(2020, 6, 2, 21)
    assert parse_url_date("https://x.example/archives/12345") is None


def test_machine_dates_take_syria_time_when_naive() -> None:
    assert parse_machine_date("2024-08-09T16:02:00") == utc(2024, 8, 9, 13, 2)
    assert parse_machine_date("2024-08-09T16:02:00+00:00") == utc(2024, 8, 9, 16, 2)
    assert parse_machine_date("Fri, 09 Aug 2024 16:02:00 +0300") == utc(2024, 8, 9, 13, 2)


@pytest.mark.parametrize(("text", "day", "at"), [
    # the day alone: no time of day claimed (issue 12: not the day before at 21:00 UTC)
    ("الأربعاء ٣ شباط ٢٠٢١", date(2021, 2, 3), None),
    ("الأربعاء 3 فبراير 2021", date(2021, 2, 3), None),
    ("3 فيفري 2021", date(2021, 2, 3), None),  # Maghrebi
    ("الأربعاء 21 جمادى الآخرة 1442 هـ - 3 فبراير 2021 م", date(2021, 2, 3), None),  # Hijri first
    ("3 فبراير 2021 م الموافق 21 جمادى الآخرة 1442 هـ", date(2021, 2, 3), None),
    # with a time of day, also when the dateline prints it apart from the date
    ("3 فبراير 2021 م - 21 جمادى الآخرة 1442 هـ - 14:30", date(2021, 2, 3),
     utc(2021, 2, 3, 11, 30)),
    ("نشر في 3 جويلية 2023 على الساعة 09:15", date(2023, 7, 3), utc(2023, 7, 3, 6, 15)),
    ("الأربعاء ٠٣/٠٢/٢٠٢١ ٢:٣٠ م", date(2021, 2, 3), utc(2021, 2, 3, 11, 30)),
    # the outlet's day for a late-evening UTC time is the next day in Syria
    ("3 فبراير 2021 23:30 GMT", date(2021, 2, 4), utc(2021, 2, 3, 23, 30)),
])
def test_the_day_as_printed_and_a_time_only_when_printed(text: str, day: date,
                                                          at: datetime | None) -> None:
    got = read_page_date(text, NOW)
    assert got is not None
    assert (got.day, got.at) == (day, at)
    assert got.precision == ("day" if at is None else "minute")


def test_relative_hours_are_hour_precision() -> None:
    got = read_page_date("منذ ساعتين", NOW)
    assert got == Dated(date(2024, 9, 20), utc(2024, 9, 20, 10, 0), "hour")


@pytest.mark.parametrize(("value", "day", "at"), [
    ("2021-02-03", date(2021, 2, 3), None),
    ("2021-02-03T00:00:00+03:00", date(2021, 2, 3), None),  # a date-only CMS field
    ("2021-02-03T14:30:00+03:00", date(2021, 2, 3), utc(2021, 2, 3, 11, 30)),
    ("2021-02-03T22:30:00Z", date(2021, 2, 4), utc(2021, 2, 3, 22, 30)),
])
def test_machine_dates_keep_their_precision(value: str, day: date, at: datetime | None) -> None:
    got = read_machine_date(value)
    assert got is not None and (got.day, got.at) == (day, at)
