"""Which trafilatura settings suit Arabic news: Rasad's pipeline run with each
candidate setting on the dev corpus (same run, same pages).

    python bench/extract_options.py

Prints mean body F1, furniture lines leaked and ms/page per setting, for the own
templates and the real pages, and the ratio of each setting's time to the
shipped one. Exit 1 when a candidate beats the shipped setting
(`ExtractOptions()` in `pipelines/extraction/options.py`: precision mode, a fast
pass first and the fallback extractors only below an article's length) on F1
without leaking more.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.extraction import ExtractOptions  # noqa: E402
from pipelines.extraction.evaluate import evaluate, load_cases, summary  # noqa: E402
from pipelines.extraction.peers import rasad_runner  # noqa: E402

SHIPPED = ExtractOptions()
ALWAYS_FALLBACKS = 10**9  # the fast pass is never enough: fallbacks on every page
CANDIDATES = {
    "shipped (precision, fast first)": SHIPPED,
    "precision, fallbacks below 600": SHIPPED.with_(fast_enough_chars=600),
    "precision, fast pass only": SHIPPED.with_(fast_enough_chars=0),
    "precision, fallbacks always": SHIPPED.with_(fast_enough_chars=ALWAYS_FALLBACKS),
    "default, fallbacks always": SHIPPED.with_(favor_precision=False,
                                               fast_enough_chars=ALWAYS_FALLBACKS),
    "recall, fallbacks always": SHIPPED.with_(favor_precision=False, favor_recall=True,
                                              fast_enough_chars=ALWAYS_FALLBACKS),
    "precision+tables": SHIPPED.with_(include_tables=True),
}


def measure(cases: list, options: ExtractOptions) -> dict:
    runner = rasad_runner(options)
    runner(cases[0])  # warm-up
    return summary(evaluate(cases, runner))


def main() -> int:
    corpora = {"own": load_cases(ROOT / "tests/extraction_corpus/pages"),
               "real": load_cases(ROOT / "tests/extraction_corpus/realpages")}
    results = {name: {cand: measure(cases, spec) for cand, spec in CANDIDATES.items()}
               for name, cases in corpora.items()}
    shipped = next(iter(CANDIDATES))
    failed = False
    for corpus, rows in results.items():
        base = rows[shipped]
        print(f"== {corpus} ({base['pages']} pages)")
        for cand, sm in rows.items():
            ratio = sm["ms_per_page"] / base["ms_per_page"]
            print(f"  {cand:<28} body_f1={sm['body_f1']:.4f} leaked={sm['leaked']:<3} "
                  f"ms/page={sm['ms_per_page']:6.1f} time_vs_shipped={ratio:.2f}")
            if sm["body_f1"] > base["body_f1"] + 1e-9 and sm["leaked"] <= base["leaked"]:
                failed = True
    print("shipped setting is the best: " + ("NO" if failed else "yes"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
