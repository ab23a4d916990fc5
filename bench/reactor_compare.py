"""For comparison with daemon_bench.py: N crawls in ONE long-lived reactor.

    python bench/reactor_compare.py [--runs 100] [--baseline-at 10]

Runs the same tiny-site crawl N times, one after another, with Scrapy's
CrawlerRunner in a single process and reactor (the alternative to a child
process per crawl), and prints this process's RSS after the 1st, the baseline
and the last run, with the ratio last/baseline against the same 10 % target.
It exits 1 when the target is missed. The daemon does not use this design;
the script is there to measure why (see bench/README.md).
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapy.utils.reactor import install_reactor  # noqa: E402

install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")

from scrapy.crawler import CrawlerRunner  # noqa: E402
from twisted.internet import defer, reactor  # noqa: E402

from crawler.app.demo import SiteServer, build_site, load_articles  # noqa: E402
from crawler.app.runner import crawl_settings  # noqa: E402
from crawler.core.config import parse_config  # noqa: E402
from spiders.news import NewsSpider  # noqa: E402

TARGET = 1.10


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--baseline-at", type=int, default=10)
    args = ap.parse_args()
    logging.disable(logging.WARNING)
    tmp = Path(tempfile.mkdtemp(prefix="rasad-reactor-bench-"))
    marks = {1, args.baseline_at, args.runs}
    rss: dict[int, int] = {}
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles()[:2], "tv", name="b"))
        config = parse_config({
            "storage": {"url": f"sqlite:///{tmp / 'a.db'}"}, "crawl": {"download_delay": 0},
            "sources": [{"name": "b", "start_urls": [site.feed_url]}]})
        runner = CrawlerRunner(crawl_settings(config, "ERROR"))

        @defer.inlineCallbacks
        def loop():  # type: ignore[no-untyped-def]
            for i in range(1, args.runs + 1):
                yield runner.crawl(NewsSpider, source="b")
                if i in marks:
                    gc.collect()
                    rss[i] = rss_kib()
            reactor.stop()  # type: ignore[attr-defined]

        t0 = time.monotonic()
        reactor.callWhenRunning(loop)  # type: ignore[attr-defined]
        reactor.run()  # type: ignore[attr-defined]
    base, end = rss[args.baseline_at], rss[args.runs]
    print(f"one reactor, RSS after 1 run:    {rss[1] / 1024:.1f} MiB")
    print(f"one reactor, RSS after {args.baseline_at} runs:  {base / 1024:.1f} MiB (baseline)")
    print(f"one reactor, RSS after {args.runs} runs: {end / 1024:.1f} MiB")
    print(f"ratio {args.runs}/{args.baseline_at}: {end / base:.3f} (target <= {TARGET:.2f}); "
          f"{args.runs} runs in {time.monotonic() - t0:.0f} s")
    ok = end / base <= TARGET
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
