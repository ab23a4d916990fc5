"""Scrapy add-on that applies a Rasad config file to the crawl settings.

Both `rasad crawl` and plain `scrapy crawl news` go through it, so the two ways
of running a crawl cannot drift apart. It is the one place where the config
becomes settings: components read only their own settings (the spider, built
before add-ons run, reads its source from the config itself).
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from crawler.core.config import RasadConfig, load_config
from crawler.core.rules.rules import rules_from_config

CONFIG_OBJECT = "RASAD_CONFIG_OBJECT"

# config [crawl] key -> the Scrapy setting it sets (the models take their
# defaults from those settings: tests/test_defaults.py checks every pair).
CRAWL_SETTINGS = {
    "download_delay": "DOWNLOAD_DELAY",
    "concurrency_per_domain": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "user_agent": "USER_AGENT",
    "obey_robots": "ROBOTSTXT_OBEY",
    "timeout": "DOWNLOAD_TIMEOUT",
    "autothrottle": "AUTOTHROTTLE_ENABLED",
    "max_depth": "SPIDER_MAX_DEPTH",
    "languages": "LANGUAGE_ALLOWED",
    "recheck_after_hours": "INCREMENTAL_RECHECK_HOURS",
    "fresh_hours": "INCREMENTAL_FRESH_HOURS",
    "max_pages": "BUDGET_PAGES",
    "max_seconds": "BUDGET_SECONDS",
    "max_megabytes": "BUDGET_MEGABYTES",
    "retry_after_max": "RETRY_AFTER_MAX",
    "distributed": "DISTRIBUTED_REDIS_URL",
    "distributed_prefix": "DISTRIBUTED_KEY_PREFIX",
    "recrawl_hours": "DISTRIBUTED_RECRAWL_HOURS",
    "worker_lease": "DISTRIBUTED_LEASE_SECONDS",
}

# Distributed mode ([crawl] distributed): scrapy-redis's scheduler with leased
# pops (the shared frontier) and an expiring duplicate filter; the download
# delay is kept per domain across all workers (spiders/politeness.py) instead of
# per process; per-run budgets do not apply to long-lived workers.
DISTRIBUTED = {
    "SCHEDULER": "spiders.frontier.Frontier",
    "DUPEFILTER_CLASS": "spiders.dupefilter.ExpiringDupeFilter",
    "SCHEDULER_PERSIST": True,  # a worker that stops leaves the shared frontier alone
    # Fetched pages waiting for the spider and pipelines are leased and idle: a
    # worker buffers about a megabyte of them (Scrapy: 5), so it does not take
    # pages another worker could process now, and a kill has fewer to redo.
    "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 1_000_000,
}


def apply_config(settings: BaseSettings, config: RasadConfig) -> None:
    prio = "spider"  # above the project defaults, below `scrapy -s` overrides
    settings.set(CONFIG_OBJECT, config, priority=prio)
    for key, name in CRAWL_SETTINGS.items():
        value = getattr(config.crawl, key)
        settings.set(name, list(value) if isinstance(value, list) else value, priority=prio)
    settings.set("AUTOTHROTTLE_START_DELAY", max(config.crawl.download_delay, 0.1),
                 priority=prio)
    settings.set("STORE_DATABASE_URL", config.database_url, priority=prio)
    settings.set("STORE_CHANNELS", [c.key for c in config.channels], priority=prio)
    settings.set("MATCH_RULES", rules_from_config(config), priority=prio)
    settings.set("ALERTS_MAX_AGE_HOURS", config.alerts.max_age_hours, priority=prio)
    if config.crawl.distributed:
        apply_distributed(settings, config, prio)


def apply_distributed(settings: BaseSettings, config: RasadConfig, prio: str) -> None:
    for name, value in DISTRIBUTED.items():
        settings.set(name, value, priority=prio)
    settings.set("REDIS_URL", config.crawl.distributed, priority=prio)
    settings.set("DISTRIBUTED_DOWNLOAD_DELAY", config.crawl.download_delay, priority=prio)
    settings.set("DOWNLOAD_DELAY", 0.0, priority=prio)  # the shared delay replaces it
    downloader = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    downloader["spiders.politeness.SharedDelayMiddleware"] = 110  # after robots.txt
    settings.set("DOWNLOADER_MIDDLEWARES", downloader, priority=prio)
    spider = dict(settings.getdict("SPIDER_MIDDLEWARES"))
    spider["spiders.budget.BudgetMiddleware"] = None
    spider["spiders.cycle.CycleMiddleware"] = 960  # stamps what incremental lets through
    settings.set("SPIDER_MIDDLEWARES", spider, priority=prio)


class RasadAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        apply_config(settings, config_from_settings(settings))


def config_from_settings(settings: BaseSettings) -> RasadConfig:
    """The config `rasad crawl` put in the settings, else the file RASAD_CONFIG names.

    Scrapy builds the spider before it runs add-ons, so the spider may be the
    first to ask; the loaded config is kept in the settings for the add-on.
    """
    config = settings.get(CONFIG_OBJECT)
    if isinstance(config, RasadConfig):
        return config
    config = load_config(settings.get("RASAD_CONFIG"))
    if not settings.frozen:
        settings.set(CONFIG_OBJECT, config, priority="spider")
    return config
