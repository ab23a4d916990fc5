"""Scrapy add-on that applies a Rasad config file to the crawl settings.

Both `rasad crawl` and plain `scrapy crawl news` go through it, so the two ways
of running a crawl cannot drift apart.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from crawler.core.config import RasadConfig, load_config

CONFIG_OBJECT = "RASAD_CONFIG_OBJECT"


def apply_config(settings: BaseSettings, config: RasadConfig) -> None:
    crawl = config.crawl
    prio = "spider"  # above the project defaults, below `scrapy -s` overrides
    settings.set(CONFIG_OBJECT, config, priority=prio)
    settings.set("DOWNLOAD_DELAY", crawl.download_delay, priority=prio)
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", crawl.concurrency_per_domain, priority=prio)
    settings.set("USER_AGENT", crawl.user_agent, priority=prio)
    settings.set("ROBOTSTXT_OBEY", crawl.obey_robots, priority=prio)
    settings.set("DOWNLOAD_TIMEOUT", crawl.timeout, priority=prio)
    settings.set("AUTOTHROTTLE_ENABLED", crawl.autothrottle, priority=prio)
    settings.set("AUTOTHROTTLE_START_DELAY", max(crawl.download_delay, 0.1), priority=prio)
    settings.set("SPIDER_MAX_DEPTH", crawl.max_depth, priority=prio)
    settings.set("LANGUAGE_ALLOWED", list(crawl.languages), priority=prio)
    settings.set("STORE_DATABASE_URL", config.database_url, priority=prio)
    settings.set("INCREMENTAL_RECHECK_HOURS", crawl.recheck_after_hours, priority=prio)
    if crawl.max_pages:
        settings.set("CLOSESPIDER_PAGECOUNT", crawl.max_pages, priority=prio)


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
