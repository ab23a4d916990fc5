"""The matcher: Arabic-aware terms, lexeme families, phrases, NEAR, any/all/none,
filters, and the built-in packs scored on a labelled set, the seeds and the
demo corpus."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest

from crawler.app.demo import load_articles
from crawler.core.config import ConfigError, load_config
from crawler.core.rules.matcher import Matcher
from crawler.core.rules.rules import Rule, default_rules
from crawler.core.text.terms import TermError, parse_term

# In-repo copies of /work/shared/seeds and realpages (see its README).
CORPUS = Path(__file__).parent / "extraction_corpus"

CASES = tomllib.loads(
    (Path(__file__).with_name("matching_cases.toml")).read_text(encoding="utf-8"))["case"]
PACKS = Matcher(default_rules())


def fired(matcher: Matcher, text: str, **kw: str) -> list[str]:
    return sorted(m.rule for m in matcher.match("", text, **kw))


def test_labelled_set_precision_and_recall_are_one() -> None:
    assert len(CASES) >= 60
    tp = fp = fn = 0
    wrong = []
    for case in CASES:
        got, want = set(fired(PACKS, case["text"])), set(case["rules"])
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        if got != want:
            wrong.append((case["text"], sorted(want), sorted(got)))
    assert tp >= 40 and sum(1 for c in CASES if not c["rules"]) >= 20
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert (precision, recall) == (1.0, 1.0), wrong


def test_seeds_fire_both_rules() -> None:
    seeds = sorted((CORPUS / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    for seed in seeds:
        assert fired(PACKS, seed.read_text(encoding="utf-8")) == ["mediation", "siege"], seed


def test_demo_corpus_topics_are_matched_exactly() -> None:
    articles = [a for a in load_articles() if a.language == "ar"]
    assert any(a.topics for a in articles) and any(not a.topics for a in articles)
    for a in articles:
        got = sorted(m.rule for m in PACKS.match(a.title, a.body))
        assert got == sorted(a.topics), a.slug


SIEGE_FAMILY = "محاصرة المحاصر المحاصَرين يحاصر تحاصر حاصرت حصارها محاصرتها وحاصروها " \
    "سيحاصرون بالحصار للحصار حصاراً الحِصار الحـصـار".split()
LOOK_ALIKES = "حصاد محاصيل حصري حصرياً حصر الحصر وسط الوسط توسيع متوسط المتوسط " \
    "بالمتوسط وسطي".split()
MEDIATION_FAMILY = "وساطة الوساطة وسيط الوسطاء توسط التوسط يتوسط توسطت بوساطتها الوسيطة " \
    "وسطاء يتوسطون".split()
FAMILIES = Matcher([Rule.make("s", any=("حصار*",)), Rule.make("m", any=("وساطة*",))])


@pytest.mark.parametrize("word", SIEGE_FAMILY)
def test_siege_family_form_matches(word: str) -> None:
    assert fired(FAMILIES, f"قالت المصادر {word} اليوم") == ["s"]


@pytest.mark.parametrize("word", MEDIATION_FAMILY)
def test_mediation_family_form_matches(word: str) -> None:
    assert fired(FAMILIES, f"قالت المصادر {word} اليوم") == ["m"]


@pytest.mark.parametrize("word", LOOK_ALIKES)
def test_look_alikes_never_match(word: str) -> None:
    assert fired(FAMILIES, f"قالت المصادر {word} اليوم") == []


def test_plain_word_takes_clitics_and_suffixes_but_not_other_words() -> None:
    m = Matcher([Rule.make("r", any=("قافلة",))])
    for text in ("وبالقافلة", "قوافل", "قافلتهم", "للقافلة", "قافلات"):
        assert fired(m, text) == (["r"] if text != "قوافل" else []), text


def test_normalisation_of_rule_and_text() -> None:
    m = Matcher([Rule.make("r", any=("إغاثة",))])
    assert fired(m, "وصول قافلة اغاثه") == ["r"]
    assert fired(m, "وصول قافلة الإِغـاثـة") == ["r"]
    m2 = Matcher([Rule.make("r", any=("٤٨ ساعة",))])
    assert fired(m2, "خلال 48 ساعة") == ["r"]


def test_phrase_needs_consecutive_words() -> None:
    m = Matcher([Rule.make("r", any=("فك الحصار",))])
    assert fired(m, "اتفاق لفكّ الحصار عن المدينة") == ["r"]
    assert fired(m, "اتفاق لفك حصار المدينة") == ["r"]  # the article is optional
    assert fired(m, "فك الارتباط ثم الحصار") == []


def test_near_in_either_order_within_distance() -> None:
    m = Matcher([Rule.make("r", any=("قسد NEAR/3 النظام",))])
    assert fired(m, "اجتماع بين قسد وقوات النظام") == ["r"]
    assert fired(m, "النظام يتهم قسد") == ["r"]
    assert fired(m, "قسد تعلن ان الطريق الدولي مغلق امام النظام") == []


def test_any_all_none() -> None:
    rule = Rule.make("r", any=("حصار*", "تطويق*"), all=("الحسكة",), none=("مسلسل",))
    m = Matcher([rule])
    assert fired(m, "حصار المربع الامني في الحسكة") == ["r"]
    assert fired(m, "حصار المربع الامني في القامشلي") == []  # `all` missing
    assert fired(m, "الحسكة بلا اخبار") == []  # no `any`
    assert fired(m, "مسلسل عن حصار الحسكة") == []  # `none` present
    only_all = Matcher([Rule.make("r", all=("قسد", "النظام"))])
    assert fired(only_all, "قسد والنظام") == ["r"] and fired(only_all, "قسد") == []


def test_source_and_language_filters() -> None:
    m = Matcher([Rule.make("r", any=("حصار",), sources=("tv",), languages=("ar",))])
    assert fired(m, "حصار", source="tv", language="ar") == ["r"]
    assert fired(m, "حصار", source="other", language="ar") == []
    assert fired(m, "حصار", source="tv", language="fa") == []


def test_match_records_terms_in_order_and_a_snippet_of_the_original() -> None:
    m = Matcher([Rule.make("r", any=("وساطة*", "حصار*"))])
    words = [f"كلمة{i}" for i in range(40)]
    text = " ".join(words[:20] + ["فكِّ", "الحصارِ", "عبر"] + ["وساطةٍ"] + words[20:])
    [match] = m.match("عنوان", text)
    assert match.terms == ("حصار*", "وساطة*")
    assert "الحصارِ" in match.snippet and "كلمة9" in match.snippet
    assert "كلمة0" not in match.snippet and len(match.snippet) <= 240


def test_many_rules_give_the_same_answers() -> None:
    rng = random.Random(5)
    letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
    noise = [Rule.make(f"n{i}", any=("".join(rng.choice(letters) for _ in range(6)),))
             for i in range(3000)]
    big = Matcher([*noise, *default_rules()])
    for case in CASES:
        assert fired(big, case["text"]) == sorted(case["rules"]), case["text"]


@pytest.mark.parametrize(("term", "problem"), [
    ("", "empty term"),
    ("حصار NEAR النظام", "NEAR needs a distance"),
    ("حصار NEAR/x النظام", "NEAR needs a distance"),
    ("حصار NEAR/0 النظام", "NEAR distance must be 1 to 50"),
    ("NEAR/3 النظام", "NEAR needs a word or phrase on each side"),
    ("ا NEAR/3 ب NEAR/3 ج", "only one NEAR"),
    ("حص*ار", "'*' may only end a word"),
    ("قسد*", "no lexeme family pattern fits"),
    ("(حصار)", "unexpected character"),
    ("حصار/طوق", "unexpected '/'"),
])
def test_syntax_errors_are_one_line(term: str, problem: str) -> None:
    with pytest.raises(TermError) as exc:
        parse_term(term)
    assert problem in str(exc.value) and "\n" not in str(exc.value)


def test_bad_rule_in_config_names_file_key_and_line(tmp_path: Path) -> None:
    path = tmp_path / "rasad.toml"
    path.write_text('[[rules]]\nname = "a"\nany = ["حصار"]\n\n[[rules]]\nname = "b"\n'
                    'any = [\n  "وساطة",\n  "قسد NEAR/x النظام",\n]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path)
    msg = str(exc.value)
    assert msg.startswith(f"{path}: rules[1].any[1]: line 9: ")
    assert "NEAR needs a distance" in msg and "\n" not in msg


def _reference_normalize(text: str) -> str:
    """The plain, slow definition the fast `normalize_arabic` must equal."""
    import unicodedata

    from crawler.core.text import normalize as n

    text = unicodedata.normalize("NFKC", text)
    text = n._DIACRITICS.sub("", text).replace(n._TATWEEL, "")
    text = n._PUNCT.sub(" ", text.translate(n._FOLD))
    return " ".join(text.split()).lower()


def test_fast_normalisation_paths_agree_with_the_reference() -> None:
    from crawler.core.text.normalize import normalize_arabic, token_count, token_counts

    texts = [a.title + "\n" + a.body for a in load_articles()]
    texts += [p.read_text(encoding="utf-8", errors="replace")
              for p in sorted(CORPUS.glob("**/*")) if p.is_file()
              and p.suffix in (".html", ".txt")
              and p.parent.name in ("realpages", "seeds", "negatives")][:60]
    texts.append("٤٨ ساعة و۱۲ يوماً ﷺ فكِّ “قسد”, – a_b (48) __x__ \u00a0 ـ ـــ ـحصارـ ، ‐")
    for text in texts:
        assert normalize_arabic(text) == _reference_normalize(text)
        words = text.split()
        want = [len(_reference_normalize(w).split()) for w in words]
        assert token_counts(words) == want
        assert [token_count(w) for w in words] == want


def test_readme_lists_every_term_of_the_built_in_packs() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for rule in default_rules():
        for term in (*rule.any, *rule.all, *rule.none):
            assert f"`{term.source}`" in readme, term.source
