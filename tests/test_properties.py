"""Property-based tests (hypothesis) of the shared text tools a hostile page feeds:
the URL canonicaliser, the Arabic normaliser and the date parsers never raise,
and applying them twice gives what applying them once gave."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.core.text.dates import (
    SYRIA_TZ,
    parse_machine_date,
    parse_page_date,
    parse_url_date,
)
from crawler.core.text.normalize import fold_arabic, normalize_arabic, tokens
from crawler.core.text.urls import canonical_url, same_site, url_key

PROPERTY = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2024, 9, 20, 12, 0, tzinfo=UTC)

# Arabic letters with every hamza and yaa form, diacritics, tatweel, both digit
# sets, Persian letters, invisible marks, punctuation, Latin and white space.
ARABIC = ("ابتثجحخدذرزسشصضطظعغفقكلمنهوي" "أإآءؤئىة" "\u064b\u064c\u064d\u064e\u064f\u0650"
          "\u0651\u0652\u0670\u0640" "٠١٢٣٤٥٦٧٨٩۰۱۲۳" "پچژگکی" "\u200c\u200f\ufeff"
          "،؛؟«»\"'.-/:() " "\n\tabcXYZ0129")
arabic_text = st.text(alphabet=ARABIC, max_size=120) | st.text(max_size=80)

_SEGMENT = st.text(alphabet="abcأحمد٣%20-_.~!$&'()*+,;=:@AMPamp", max_size=12)
_PARAM = st.sampled_from(["utm_source", "fbclid", "id", "p", "amp", "print", "sid",
                          "PHPSESSID", "page", "q", "output", "a b", "%D8%A3", ""])
urls = st.builds(
    lambda scheme, host, port, path, query, fragment: (
        f"{scheme}://{host}{port}/{'/'.join(path)}"
        + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
        + (f"#{fragment}" if fragment else "")),
    st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", ""]),
    st.sampled_from(["x.org", "www.x.org", "m.x.org", "WWW.X.ORG", "amp.x.co.uk", "127.0.0.2",
                     "[::1]", "أخبار.سوريا", "x.org.", "", "a..b", "xn--mgbh0fb.org"]),
    st.sampled_from(["", ":80", ":443", ":8080", ":99999", ":abc"]),
    st.lists(_SEGMENT, max_size=5),
    st.lists(st.tuples(_PARAM, st.text(alphabet="abc1;=&%é", max_size=6)), max_size=4),
    st.text(alphabet="abc#", max_size=4),
) | st.text(max_size=60)


@PROPERTY
@given(urls)
@example("https://x.org/a/12;jsessionid=0A1B?utm_source=t&id=5#top")
@example("http://[::1")
def test_url_canonicaliser_never_raises_and_is_idempotent(url: str) -> None:
    clean = canonical_url(url)
    assert canonical_url(clean) == clean
    key = url_key(url)
    assert url_key(clean) == key
    assert isinstance(same_site(url, clean), bool)


@PROPERTY
@given(arabic_text)
@example("إِعْلامٌ روسيٌّ: اتفاقٌ مبدئيٌّ ـــ ٢٠٢٤")
def test_arabic_normaliser_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once
    folded = fold_arabic(text)
    assert fold_arabic(folded) == folded
    assert tokens(" ".join(tokens(text))) == tokens(text)


dates = (st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2024, 9, 1),
                      timezones=st.just(UTC)).map(lambda d: d.isoformat())
         | st.text(alphabet="0123456789-:T+Z ٠١٢٣ ,.", max_size=30)
         | st.text(alphabet=ARABIC, max_size=40) | st.text(max_size=40))


@PROPERTY
@given(dates)
@example("Tue, 20 Aug 2024 10:00:00 +0300")
@example("15 مايو، 2022")
@example("منذ 3 ساعات")
def test_date_parsers_never_raise_and_are_idempotent(text: str) -> None:
    """A parsed date written out again parses to itself: as a machine date (ISO
    8601 with its offset) and as a page prints it (the source's local time)."""
    for parsed in (parse_machine_date(text), parse_page_date(text, NOW),
                   parse_url_date(f"https://x.org/{text}/a")):
        if parsed is None:
            continue
        assert parsed.tzinfo is not None
        assert parse_machine_date(parsed.isoformat()) == parsed
        printed = parsed.astimezone(SYRIA_TZ).strftime("%Y-%m-%d %H:%M")
        assert parse_page_date(printed, NOW) == parsed.replace(second=0, microsecond=0)
