"""Extraction speed: Rasad's full `extract_page` (body, title, date, author,
language, page kind, learned furniture) against bare `trafilatura.extract` on the
same pages in the same run: all pages, the small own-template pages (where
Rasad's fixed per-page work weighs most) and the real pages.

    python bench/extract_bench.py [--reps 7] [--target 2.0]

Pages: every HTML file of tests/extraction_corpus (own templates, real Arabic
pages, Persian/Urdu negatives). Each repetition times both on every page,
interleaved; the figures are medians over repetitions. Exit 1 when Rasad's
ms/page is more than `--target` times bare trafilatura's in any group.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from crawler.core.text.encoding import decode_html  # noqa: E402
from pipelines.extraction import extract_page  # noqa: E402
from pipelines.extraction.learned import LearnedFurniture, line_hash  # noqa: E402

CORPUS = ROOT / "tests" / "extraction_corpus"
LEARNED_LINES = 50_000  # a source crawled for months


def load_pages(folder: Path = CORPUS) -> list[tuple[str, str]]:
    pages = []
    for path in sorted(folder.rglob("*.html")):
        html, _ = decode_html(path.read_bytes())
        pages.append((html, f"https://bench.example/{path.stem}"))
    return pages


def learned_memory() -> LearnedFurniture:
    counts = {line_hash(f"سطر قالب رقم {i}"): 1 + i % 9 for i in range(LEARNED_LINES)}
    return LearnedFurniture(counts, min_pages=5)


def time_all(pages: list[tuple[str, str]], run: Callable[[str, str], object]) -> float:
    """ms per page over all pages."""
    start = time.perf_counter()
    for html, url in pages:
        run(html, url)
    return (time.perf_counter() - start) * 1000 / len(pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--target", type=float, default=2.0)
    args = parser.parse_args()
    pages = load_pages()
    memory = learned_memory()

    def rasad(html: str, url: str) -> object:
        def line_filter(lines: list[str]) -> list[str]:
            kept = memory.filter(lines)
            memory.learn(lines)
            return kept
        return extract_page(html, url, line_filter=line_filter)

    def bare(html: str, url: str) -> object:
        return trafilatura.extract(html, url=url)

    time_all(pages[:3], rasad), time_all(pages[:3], bare)  # warm-up (imports, profiles)
    groups = {"all pages": pages, "own templates (small pages)": load_pages(CORPUS / "pages"),
              "real pages": load_pages(CORPUS / "realpages"),
              "template zoo (rescue strategies)": load_pages(ROOT / "tests" / "zoo")}
    print(f"repetitions: {args.reps}  learned lines: {LEARNED_LINES}")
    missed = False
    for label, group in groups.items():
        ours, theirs = [], []
        for _ in range(args.reps):
            theirs.append(time_all(group, bare))
            ours.append(time_all(group, rasad))
        ms_ours, ms_bare = statistics.median(ours), statistics.median(theirs)
        # paired: each repetition's ratio, then the median (load noise hits both)
        ratio = statistics.median(o / t for o, t in zip(ours, theirs, strict=True))
        missed |= ratio > args.target
        print(f"== {label}: {len(group)} pages")
        print(f"  bare trafilatura.extract: {ms_bare:7.1f} ms/page (median of "
              f"{', '.join(f'{x:.1f}' for x in theirs)})")
        print(f"  rasad extract_page:       {ms_ours:7.1f} ms/page (median of "
              f"{', '.join(f'{x:.1f}' for x in ours)})")
        verdict = "MISSED" if ratio > args.target else "OK"
        print(f"  ratio rasad/trafilatura (median of paired runs): {ratio:.2f} "
              f"(target <= {args.target:.2f}): {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
