"""Scrapy spiders. One generic, config-driven spider: `news`."""
