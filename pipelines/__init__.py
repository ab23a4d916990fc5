"""Scrapy item pipelines: extract -> language -> match -> store."""
