"""Matching cost against the number of rules.

Times `Matcher.match` on one 800-word Arabic article (demo corpus paragraphs)
with 10,000 rules (the two built-in packs plus 9,998 generated rules of two
terms each: words, lexeme families, phrases and NEAR terms) and with 10 rules,
in the same run. As with real watch lists, most rules are about other things:
their words (corpus words and pattern-generated words) do not occur in this
article in any inflection, but one rule in 500 (HOT_SHARE) uses the article's
own words, so those rules are really evaluated and most of them fire.

Prints the median time per article for each, the ratio, the compile time, and
exits 1 when 10,000 rules take 2 ms or more per article. Times are CPU time of
this process (`time.process_time`), medians of several rounds, so that other
work on the shared 2-core machine does not count against the matcher. Cost grows with the
rules whose words the article really contains (they must be evaluated), not
with the rules it does not: two lines, not gated, time sets where 1 % and 100 %
of the rules are drawn from this article's own vocabulary.

    python bench/match_bench.py [--rules 10000] [--rounds 9] [--calls 100]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.app.demo import load_articles  # noqa: E402
from crawler.core.rules.matcher import Matcher  # noqa: E402
from crawler.core.rules.rules import Rule, default_rules  # noqa: E402
from crawler.core.text.normalize import normalize_arabic  # noqa: E402

TARGET_MS = 2.0
ARTICLE_WORDS = 800
ROOT_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
HOT_SHARE = 0.002
PATTERNS = ("{0}{1}ا{2}", "م{0}{1}{2}", "{0}ا{1}{2}", "{0}{1}ي{2}", "ت{0}{1}ي{2}")


def article() -> tuple[str, str]:
    words: list[str] = []
    arabic = [a for a in load_articles() if a.language == "ar"]
    for a in arabic:
        for p in a.paragraphs:
            words.extend(p.split())
    while len(words) < ARTICLE_WORDS:
        words.extend(words)
    return arabic[0].title, " ".join(words[:ARTICLE_WORDS])


def vocabulary(text: str) -> list[str]:
    return sorted({w for w in normalize_arabic(text).split() if len(w) >= 3 and w.isalpha()})


def cold_words(body: str, rng: random.Random, hot: list[str]) -> list[str]:
    """Corpus and pattern-made words that occur in the article in no inflection."""
    corpus = " ".join(p for a in load_articles() for p in a.paragraphs)
    words = set(vocabulary(corpus)) - set(hot)
    while len(words) < 20_000:
        root = [rng.choice(ROOT_LETTERS) for _ in range(3)]
        words.add(rng.choice(PATTERNS).format(*root))
    words_sorted = sorted(words)
    probe = Matcher([Rule.make(f"w{i}", any=(w,)) for i, w in enumerate(words_sorted)])
    hit = set(probe.candidates("", body))
    return [w for i, w in enumerate(words_sorted) if i not in hit]


def make_rules(n: int, rng: random.Random, body: str, hot_share: float = HOT_SHARE
               ) -> list[Rule]:
    hot = vocabulary(body)
    cold = cold_words(body, rng, hot) if hot_share < 1 else hot
    rules = list(default_rules())
    while len(rules) < n:
        vocab = hot if rng.random() < hot_share else cold
        i, kind = len(rules), rng.random()
        if kind < 0.15:  # a lexeme family from a random root
            a, b, c = (rng.choice(ROOT_LETTERS) for _ in range(3))
            term = f"{a}{b}ا{c}*" if vocab is cold else f"{rng.choice(vocab)}"
        elif kind < 0.30:
            term = f"{rng.choice(vocab)} {rng.choice(vocab)}"
        elif kind < 0.40:
            term = f"{rng.choice(vocab)} NEAR/{rng.randint(2, 8)} {rng.choice(vocab)}"
        else:
            term = rng.choice(vocab)
        rules.append(Rule.make(f"r{i}", any=(term, f"{rng.choice(vocab)} {rng.choice(vocab)}")))
    return rules[:n]


def per_call_ms(matchers: list[Matcher], title: str, body: str, rounds: int,
                calls: int) -> list[float]:
    """Median CPU ms per article for each matcher, rounds interleaved so that
    load changes on the shared machine hit all of them alike."""
    samples: list[list[float]] = [[] for _ in matchers]
    for _ in range(rounds):
        for i, matcher in enumerate(matchers):
            t0 = time.process_time()
            for _ in range(calls):
                matcher.match(title, body, source="bench", language="ar")
            samples[i].append((time.process_time() - t0) / calls * 1000)
    return [statistics.median(s) for s in samples]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--calls", type=int, default=100)
    args = ap.parse_args()
    title, body = article()
    rules = make_rules(args.rules, random.Random(7), body)
    t0 = time.perf_counter()
    big = Matcher(rules)
    compile_s = time.perf_counter() - t0
    small = Matcher(rules[:10])
    base_ms, big_ms = per_call_ms([small, big], title, body, args.rounds, args.calls)
    print(f"article: {len(body.split())} words; {len(rules)} rules compiled in "
          f"{compile_s:.2f} s; {len(big.candidates(title, body))} evaluated, "
          f"{len(big.match(title, body))} match it")
    print(f"10 rules:      {base_ms:.3f} ms per article (CPU, median of {args.rounds})")
    print(f"{len(rules)} rules: {big_ms:.3f} ms per article (CPU, median of {args.rounds})")
    print(f"ratio {len(rules)} / 10 rules: {big_ms / base_ms:.2f}x")
    for share, calls in ((0.01, args.calls // 4), (1.0, 2)):
        other = Matcher(make_rules(args.rules, random.Random(8), body, hot_share=share))
        (ms,) = per_call_ms([other], title, body, 3, max(2, calls))
        print(f"not gated: {share:.0%} of rules from this article's words "
              f"({len(other.candidates(title, body))} evaluated, "
              f"{len(other.match(title, body))} match): {ms:.3f} ms")
    ok = big_ms < TARGET_MS
    print(f"target < {TARGET_MS} ms with {len(rules)} rules: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
