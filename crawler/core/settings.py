"""Scrapy settings for Rasad: the defaults of every component, in one place.

`scrapy.cfg` points here, so `scrapy list` / `scrapy crawl news -a source=NAME`
work; the Rasad config file (TOML) is applied on top by `crawler.core.addon.RasadAddon`.
Rasad's own settings are prefixed per component and documented here.

Each default is defined once, here: the config models (`crawler/core/config.py`)
take the defaults of the keys that map to a setting from this module
(`crawler.core.addon.CRAWL_SETTINGS` names the pairs), and components never
carry fallbacks of their own. `tests/test_defaults.py` checks that the models,
these settings, the starter config and the README agree.
"""

from __future__ import annotations

import os

BOT_NAME = "rasad"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# The Rasad config file the add-on loads (TOML). Env RASAD_CONFIG overrides.
RASAD_CONFIG = os.environ.get("RASAD_CONFIG", "rasad.toml")

ADDONS = {"crawler.core.addon.RasadAddon": 0}

ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.language.LanguagePipeline": 200,
    "pipelines.match.MatchPipeline": 300,
    "pipelines.store.StorePipeline": 400,
}

# The archive (config [storage] url; env RASAD_DATABASE_URL).
STORE_DATABASE_URL = "sqlite:///rasad-archive.db"

# --- politeness and robustness (config [crawl] sets the first five) ---
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
USER_AGENT = "Rasad/0.1 (+https://github.com/rasad-monitor/rasad; news monitoring)"
DOWNLOAD_TIMEOUT = 30
CONCURRENT_REQUESTS = 16
# Items are processed one or two per response: Scrapy's default 100 parallel item
# tasks per response only costs CPU.
CONCURRENT_ITEMS = 16
DOWNLOAD_DELAY_JITTER = 0.5
# Scrapy's remote-control server runs code sent to it: never in a monitoring daemon.
REMOTE_CONTROL_ENABLED = False
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Retries wait RETRY_BACKOFF_BASE * 2**(n-1) s (capped; a longer Retry-After wins):
# spiders/retry.py replaces Scrapy's RetryMiddleware, which retries at once.
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 30.0
# A server's `Retry-After` is waited in full up to this many seconds (config
# [crawl] retry_after_max); a longer one is not retried in this run. The waiting
# request holds no download slot: it is set aside and scheduled again when due.
RETRY_AFTER_MAX = 3600.0
DOWNLOADER_MIDDLEWARES = {
    # robots.txt per RFC 9309 (an unreachable robots.txt means: not this host, this run)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "spiders.robots.RobotsMiddleware": 100,
    # one fetch per URL variant of an article (spiders/variants.py)
    "spiders.variants.VariantsMiddleware": 120,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.retry.BackoffRetryMiddleware": 550,
    "spiders.conditional.ConditionalGetMiddleware": 580,
    # before HttpCompressionMiddleware (590) decodes: cut bodies are retried, then fail
    "spiders.integrity.IntegrityMiddleware": 595,
}
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# AutoThrottle adapts the delay to each server's latency (never below DOWNLOAD_DELAY;
# it starts at the config's download_delay). Config [crawl] autothrottle switches it.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# `rasad crawl --cache` switches Scrapy's HTTP cache on (development only).
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_EXPIRATION_SECS = 0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
# One line per event: dropped items are logged without their HTML (crawler/core/logformat.py).
LOG_FORMATTER = "crawler.core.logformat.OneLineLogFormatter"
DEPTH_PRIORITY = 1
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "ar,en;q=0.5",
}

# --- progress (crawler/app/progress.py) ---
# A ProgressBoard object: the runner sets it when stdout is a terminal; None: plain logs.
PROGRESS_BOARD = None
EXTENSIONS = {"crawler.app.progress.ProgressExtension": 500}

# --- spider (spiders/news.py) ---
# How many links deep the spider follows from an HTML listing start page.
SPIDER_MAX_DEPTH = 2
# How many pagination pages of one listing it follows at most.
SPIDER_MAX_PAGINATION = 20

# --- extract pipeline (pipelines/extract.py) ---
# Pages whose cleaned body is shorter than this are not articles.
EXTRACT_MIN_BODY_CHARS = 250
# ...but a short report (a wire item) of at least this many characters counts
# when the page says it is one article and is no video or gallery page, and the
# text is written in sentences.
EXTRACT_MIN_SHORT_BODY_CHARS = 100
# When the main pass finds less clean text than this, other strategies are
# tried and the best kept by a measured score (pipelines/extraction/quality.py).
EXTRACT_RESCUE_BELOW_CHARS = 600
# trafilatura's precision mode, tables left out of its main pass: measured best
# on the dev corpus with bench/extract_options.py (pipelines/extraction/options.py).
EXTRACT_FAVOR_PRECISION = True
EXTRACT_INCLUDE_TABLES = False
# Worker processes for extraction (CPU-bound); -1: one per CPU; 0: inline.
# Shared by all the sources of a crawl. Two: on 2 cores bench/crawl_bench.py
# measured ~7 % more articles/s than with one, for ~75 MB more memory.
EXTRACT_WORKERS = 2
# Learn per-source furniture: lines seen on EXTRACT_FURNITURE_MIN_PAGES or more
# earlier articles of a source, and on at least EXTRACT_FURNITURE_MIN_SHARE of
# all its articles learned from (counts kept in the archive table
# furniture_lines), are dropped from its article bodies; only articles new to
# the archive are counted.
EXTRACT_LEARN_FURNITURE = True
EXTRACT_FURNITURE_MIN_PAGES = 5
EXTRACT_FURNITURE_MIN_SHARE = 0.2
# Line counts kept per source (the most frequent; the rest is forgotten): a
# template line recurs on a fifth of the pages, so it is never among those dropped.
EXTRACT_FURNITURE_MAX_LINES = 10000

# --- match pipeline (pipelines/match.py) ---
# The alert rules (crawler.core.rules.rules.Rule): the add-on sets the built-in
# packs and the config's [[rules]].
MATCH_RULES: list[object] = []

# --- language pipeline (pipelines/language.py) ---
# Languages stored; others are dropped and counted (config [crawl] languages).
LANGUAGE_ALLOWED = ["ar"]

# --- store pipeline (pipelines/store.py) ---
# STORE_DATABASE_URL (above): the archive.
# Names of the alert channels each new alert gets a delivery row for (the
# add-on sets the config's [[channels]]).
STORE_CHANNELS: list[str] = []
# Write to the archive from one separate process (the reactor never waits on
# the database); False writes inline.
STORE_WRITER_PROCESS = True
# The writer stores the articles that arrived while it was busy in one
# transaction (at most this many): no waiting when the crawl is quiet, one
# commit for many when it is busy. 1: a transaction per article.
STORE_BATCH_MAX = 50

# --- alert delivery (alerts/dispatcher.py; config [alerts]) ---
# Delivery attempts before an alert is parked as `dead`.
ALERTS_MAX_ATTEMPTS = 8
# Seconds before the first retry of a failed delivery (doubles each time): the
# next cron run retries.
ALERTS_RETRY_BASE = 60.0
# New reports only: an article fires alerts only when it was published within
# this many hours (a date without a time: that day is not older than the
# cutoff's day; undated: first seen within it). Config [alerts] max_age_hours;
# 0: no limit. Counted in alerts/suppressed/too_old.
ALERTS_MAX_AGE_HOURS = 48.0
# False: articles are stored and matched but fire no alert (`rasad crawl
# --no-alerts`); counted in alerts/suppressed/no_alerts.
ALERTS_ENABLED = True

# --- budgets (spiders/budget.py; config [crawl] max_pages, max_seconds,
# max_megabytes, overridable per source) ---
# Per run and source: responses (robots.txt not counted), seconds and megabytes
# of bodies, after which the source's crawl is closed; spent newest first (feeds
# and news sitemaps before plain sitemaps, sitemap entries by lastmod). A feed
# or sitemap also contributes at most BUDGET_PAGES of its newest links. 0: no cap.
# 1000 pages: about 17 minutes at AutoThrottle's one page a second, inside
# BUDGET_SECONDS; a backlog larger than that is fetched over the next runs.
BUDGET_PAGES = 1000
BUDGET_SECONDS = 1200.0
BUDGET_MEGABYTES = 200.0

# --- incremental crawling (spiders/incremental.py, spiders/conditional.py) ---
# Budget admission (spiders/budget.py) sees the spider's output after
# incremental crawling.
SPIDER_MIDDLEWARES = {"spiders.incremental.IncrementalMiddleware": 950,
                      "spiders.budget.BudgetMiddleware": 940}
# (DOWNLOADER_MIDDLEWARES above also enables spiders.conditional.ConditionalGetMiddleware.)
# Known articles are fetched again only when a feed/sitemap dates them after the
# last fetch, or after this many hours (config [crawl] recheck_after_hours; 0: always).
INCREMENTAL_RECHECK_HOURS = 168.0
# Articles first seen, and published, within this many hours are fresh: fetched
# again on every run, with conditional GET of the page (config [crawl]
# fresh_hours; 0: never).
INCREMENTAL_FRESH_HOURS = 48.0
# Seconds before one process asks for a fresh article again (0: on every run;
# one-shot crawls). A continuous worker, polling every minute, uses
# WORKER_FRESH_MIN_SECONDS (spiders/incremental.py).
INCREMENTAL_FRESH_MIN_SECONDS = 0.0
WORKER_FRESH_MIN_SECONDS = 900.0
# Send If-None-Match / If-Modified-Since to feeds and sitemaps that gave validators.
CONDITIONAL_GET_ENABLED = True

# --- distributed crawling (config [crawl] distributed; README "Distributed crawling") ---
# The Redis URL of the shared frontier (spiders/frontier.py: scrapy-redis's
# scheduler with leased pops) and duplicate filter (spiders/dupefilter.py);
# None: each crawl keeps its own in memory. Needs a PostgreSQL archive.
DISTRIBUTED_REDIS_URL: str | None = None
# Prefix of every Redis key Rasad writes: several deployments (or tests) can
# share one Redis server.
DISTRIBUTED_KEY_PREFIX = "rasad"
# The re-crawl window: a URL fetched by any worker is not queued again for this
# many hours (its fingerprint then expires, so Redis stays bounded).
DISTRIBUTED_RECRAWL_HOURS = 1.0
# Seconds a worker's lease on the requests it popped lasts without a heartbeat
# (renewed every third of it); then any live worker or the seeder puts them
# back on the frontier.
DISTRIBUTED_LEASE_SECONDS = 30.0
# Seconds between an idle worker's looks at the shared frontier.
DISTRIBUTED_POLL_SECONDS = 1.0
# The worker's name in the leases and `rasad status` (None: host:pid).
DISTRIBUTED_WORKER_ID: str | None = None
# Seconds between requests to one domain, across all workers (spiders/politeness.py;
# the add-on sets it from [crawl] download_delay in distributed mode).
DISTRIBUTED_DOWNLOAD_DELAY = 0.0

# --- search (storage/search.py, `rasad search`) ---
# Results a search prints (--limit).
SEARCH_LIMIT = 20
# --rank orders by relevance (bm25 / ts_rank) only the newest this-many matches:
# scoring every match of two common words over a million articles takes seconds.
# 300, not 1,000: PostgreSQL's ts_rank over 1,000 tsvectors missed p95 < 100 ms
# (bench/search_bench.py --window; bench/README.md).
SEARCH_RANK_WINDOW = 300

# --- `rasad schedule` continuous mode (crawler/app/continuous.py, crawler/app/crawlworker.py;
# config [schedule]) ---
# "runs": one crawl child process per run (the sources due together share it);
# "continuous": long-lived crawl workers take the due sources, adaptive intervals.
SCHEDULE_MODE = "runs"
# Crawl worker processes, and crawls each runs at once (one reactor, one runtime).
SCHEDULE_WORKERS = 1
SCHEDULE_WORKER_CRAWLS = 8
# A worker is replaced after this many crawls (0: never), when its RSS passed
# this many MB (after its running crawls end), or when it sent no heartbeat for
# this many seconds (killed; its crawls are recorded `timeout`).
SCHEDULE_WORKER_MAX_TASKS = 1000
SCHEDULE_WORKER_MAX_MEMORY_MB = 1024.0
SCHEDULE_WORKER_HANG_SECONDS = 120.0
# Adaptive poll intervals (seconds) of the sources without their own cron
# `schedule`: halved (not below the minimum) after a poll that found new
# articles, times SCHEDULE_BACKOFF (not above the maximum) after one that did not.
SCHEDULE_MIN_INTERVAL = 60.0
SCHEDULE_MAX_INTERVAL = 600.0
SCHEDULE_BACKOFF = 1.5
# Seconds a process keeps a host's robots.txt for its later crawls (RFC 9309
# allows up to 24 h); 0: every crawl fetches its own. One-shot crawls keep 0;
# a continuous worker uses WORKER_ROBOTSTXT_CACHE_SECONDS.
ROBOTSTXT_CACHE_SECONDS = 0.0
WORKER_ROBOTSTXT_CACHE_SECONDS = 3600.0
