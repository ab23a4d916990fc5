"""Rasad configuration: TOML validated into typed models.

Every error names the file, the key and the problem, in one line:

    rasad.toml: sources[1].start_urls: field required

Later work adds keys by adding fields to these models (with defaults), never by
reading raw dicts elsewhere.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, unquote, urlsplit

from pydantic import (
    AfterValidator,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from crawler.core import settings as defaults
from crawler.core.channels import Channel, EmailChannel, WebhookChannel
from crawler.core.configbase import ConfigError, first_error
from crawler.core.configbase import Model as _Model

__all__ = ["Channel", "ConfigError", "EmailChannel", "RasadConfig", "WebhookChannel",
           "load_config", "parse_config"]

# Defaults come from crawler/core/settings.py, where each is defined once.
DEFAULT_DATABASE_URL = defaults.STORE_DATABASE_URL
DATABASE_URL_ENV = "RASAD_DATABASE_URL"
DEFAULT_USER_AGENT = defaults.USER_AGENT


class StorageConfig(_Model):
    url: str = DEFAULT_DATABASE_URL

    @field_validator("url")
    @classmethod
    def _url_has_scheme(cls, v: str) -> str:
        if "://" not in v:
            raise ValueError("must be an SQLAlchemy URL such as sqlite:///archive.db")
        return v


class CrawlConfig(_Model):
    languages: list[str] = Field(default_factory=lambda: list(defaults.LANGUAGE_ALLOWED),
                                 min_length=1)
    download_delay: float = Field(default=defaults.DOWNLOAD_DELAY, ge=0)
    concurrency_per_domain: int = Field(default=defaults.CONCURRENT_REQUESTS_PER_DOMAIN,
                                        ge=1, le=64)
    user_agent: str = DEFAULT_USER_AGENT
    obey_robots: bool = defaults.ROBOTSTXT_OBEY
    max_depth: int = Field(default=defaults.SPIDER_MAX_DEPTH, ge=0, le=10)
    # per-run budgets of each source (spiders/budget.py); 0: no cap
    max_pages: int = Field(default=defaults.BUDGET_PAGES, ge=0)
    max_seconds: float = Field(default=defaults.BUDGET_SECONDS, ge=0)
    max_megabytes: float = Field(default=defaults.BUDGET_MEGABYTES, ge=0)
    timeout: float = Field(default=float(defaults.DOWNLOAD_TIMEOUT), gt=0)
    schedule: str | None = None
    # 0: always fetch again
    recheck_after_hours: float = Field(default=defaults.INCREMENTAL_RECHECK_HOURS, ge=0)
    # first seen and published within this many hours: fetched again on every run
    fresh_hours: float = Field(default=defaults.INCREMENTAL_FRESH_HOURS, ge=0)
    autothrottle: bool = defaults.AUTOTHROTTLE_ENABLED
    # seconds: a longer Retry-After is not waited for (not retried in this run)
    retry_after_max: float = Field(default=defaults.RETRY_AFTER_MAX, ge=0)
    # distributed crawling: the Redis URL of the shared frontier (None: off)
    distributed: str | None = defaults.DISTRIBUTED_REDIS_URL
    distributed_prefix: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]+$")] = \
        defaults.DISTRIBUTED_KEY_PREFIX
    # hours a fetched URL is not queued again (its fingerprint's lifetime in Redis)
    recrawl_hours: float = Field(default=defaults.DISTRIBUTED_RECRAWL_HOURS, gt=0)
    # seconds a dead worker's requests stay leased before they go back to the frontier
    worker_lease: float = Field(default=defaults.DISTRIBUTED_LEASE_SECONDS, ge=1)

    @field_validator("schedule")
    @classmethod
    def _cron(cls, v: str | None) -> str | None:
        return _valid_cron(v)

    @field_validator("distributed")
    @classmethod
    def _redis_url(cls, v: str | None) -> str | None:
        if v is not None and urlsplit(v).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("must be a Redis URL such as redis://127.0.0.1:6379/0")
        return v


def _valid_cron(v: str | None) -> str | None:
    from crawler.core.cron import valid_cron  # APScheduler's CronTrigger parses it

    return valid_cron(v)


def _valid_css(selector: str) -> str:
    from cssselect import GenericTranslator, SelectorError

    try:
        GenericTranslator().css_to_xpath(selector)
    except SelectorError as exc:
        raise ValueError(f"invalid CSS selector {selector!r}: {exc}") from None
    return selector


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class SourceConfig(_Model):
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    start_urls: list[str] = Field(min_length=1)
    allowed_domains: list[str] = Field(default_factory=list)
    article_pattern: str | None = None
    schedule: str | None = None
    max_depth: int | None = Field(default=None, ge=0, le=10)
    # the source's own budgets; None: [crawl]'s
    max_pages: int | None = Field(default=None, ge=0)
    max_seconds: float | None = Field(default=None, ge=0)
    max_megabytes: float | None = Field(default=None, ge=0)
    stale_after: float | None = Field(default=None, gt=0)  # hours without a new article
    # continuous mode: this source's adaptive poll interval bounds; None: [schedule]'s
    min_interval: float | None = Field(default=None, gt=0)
    max_interval: float | None = Field(default=None, gt=0)
    note: str | None = None
    body_selector: str | None = None
    remove_selectors: list[str] = Field(default_factory=list)
    timezone: str = "+03:00"

    @field_validator("start_urls")
    @classmethod
    def _http_urls(cls, v: list[str]) -> list[str]:
        for url in v:
            if urlsplit(url).scheme not in ("http", "https") or not _host(url):
                raise ValueError(f"not an http(s) URL: {url!r}")
        return v

    @field_validator("article_pattern")
    @classmethod
    def _regex(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        return v

    @field_validator("schedule")
    @classmethod
    def _cron(cls, v: str | None) -> str | None:
        return _valid_cron(v)

    @field_validator("body_selector")
    @classmethod
    def _css(cls, v: str | None) -> str | None:
        return _valid_css(v) if v is not None else v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        from crawler.core.text.dates import parse_timezone

        parse_timezone(v)
        return v

    @field_validator("remove_selectors")
    @classmethod
    def _css_list(cls, v: list[str]) -> list[str]:
        return [_valid_css(s) for s in v]

    @model_validator(mode="after")
    def _default_domains(self) -> SourceConfig:
        if not self.allowed_domains:
            hosts = sorted({_host(u) for u in self.start_urls})
            object.__setattr__(self, "allowed_domains", hosts)
        return self


def _rule_term(v: str) -> str:
    from crawler.core.text.terms import TermError, parse_term

    try:
        parse_term(v)
    except TermError as exc:
        raise ValueError(str(exc)) from None
    return v


RuleTerm = Annotated[str, AfterValidator(_rule_term)]


class RuleConfig(_Model):
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    any: list[RuleTerm] = Field(default_factory=list)
    all: list[RuleTerm] = Field(default_factory=list)
    none: list[RuleTerm] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_terms(self) -> RuleConfig:
        if not self.any and not self.all:
            raise ValueError("a rule needs at least one term in 'any' or 'all'")
        return self


class AlertsConfig(_Model):
    default_rules: bool = True
    max_attempts: int = Field(default=defaults.ALERTS_MAX_ATTEMPTS, ge=1)
    # first backoff, seconds; doubles
    retry_base: float = Field(default=defaults.ALERTS_RETRY_BASE, ge=0)
    source_health: bool = True  # a source turning broken or stale is alerted
    # new reports only: alert when published (undated: first seen) within this; 0: always
    max_age_hours: float = Field(default=defaults.ALERTS_MAX_AGE_HOURS, ge=0)


class ScheduleConfig(_Model):
    """`rasad schedule`: the daemon's time zone, misfire grace and crawl time limits."""

    timezone: str = "Asia/Damascus"
    misfire_grace: float = Field(default=300.0, gt=0)  # seconds a late run may still start
    # seconds a crawl may run once it holds the archive lock, then it is stopped
    run_timeout: float = Field(default=3600.0, gt=0)
    # seconds a scheduled crawl may wait for another crawl's archive lock
    lock_timeout: float = Field(default=3600.0, gt=0)
    stop_grace: float = Field(default=120.0, ge=0)  # on SIGTERM: seconds before forwarding it
    # "runs": a crawl child per run; "continuous": long-lived crawl workers
    mode: Literal["runs", "continuous"] = defaults.SCHEDULE_MODE  # type: ignore[assignment]
    workers: int = Field(default=defaults.SCHEDULE_WORKERS, ge=1, le=64)
    worker_crawls: int = Field(default=defaults.SCHEDULE_WORKER_CRAWLS, ge=1, le=256)
    worker_max_tasks: int = Field(default=defaults.SCHEDULE_WORKER_MAX_TASKS, ge=0)
    worker_max_memory_mb: float = Field(default=defaults.SCHEDULE_WORKER_MAX_MEMORY_MB, gt=0)
    worker_hang_seconds: float = Field(default=defaults.SCHEDULE_WORKER_HANG_SECONDS, gt=0)
    min_interval: float = Field(default=defaults.SCHEDULE_MIN_INTERVAL, gt=0)
    max_interval: float = Field(default=defaults.SCHEDULE_MAX_INTERVAL, gt=0)
    backoff: float = Field(default=defaults.SCHEDULE_BACKOFF, ge=1.0, le=10.0)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        from crawler.core.cron import valid_timezone

        return valid_timezone(v)

    @model_validator(mode="after")
    def _bounds(self) -> ScheduleConfig:
        if self.max_interval < self.min_interval:
            raise ValueError(f"max_interval ({self.max_interval:g}) is below min_interval "
                             f"({self.min_interval:g})")
        return self

    def bounds(self, source: SourceConfig) -> tuple[float, float]:
        """A source's adaptive poll interval bounds (seconds): its own, else these."""
        low = source.min_interval if source.min_interval is not None else self.min_interval
        high = source.max_interval if source.max_interval is not None else self.max_interval
        return low, max(low, high)


class RasadConfig(_Model):
    storage: StorageConfig = Field(default_factory=StorageConfig)
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    sources: list[SourceConfig] = Field(default_factory=list)
    rules: list[RuleConfig] = Field(default_factory=list)
    alerts: AlertsConfig = Field(default_factory=AlertsConfig)
    channels: list[Channel] = Field(default_factory=list)
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)
    path: str = Field(default="<config>", exclude=True)

    @model_validator(mode="after")
    def _unique_names(self) -> RasadConfig:
        keys = [c.key for c in self.channels]
        for i, c in enumerate(self.channels):
            if c.name is None and keys.count(c.key) > 1:
                raise ValueError(
                    f"channels[{i}].name: required when several {c.type} channels are "
                    "configured (deliveries are kept under the channel's name)")
        for what, names in (
            ("sources", [s.name for s in self.sources]),
            ("rules", [r.name for r in self.rules]),
            ("channels", keys),
        ):
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise ValueError(f"{what}: duplicate name {dupes[0]!r}")
        return self

    @property
    def database_url(self) -> str:
        """The archive URL: RASAD_DATABASE_URL, else `[storage] url` with a relative
        SQLite path resolved against the config file's folder (not the cwd)."""
        env = os.environ.get(DATABASE_URL_ENV)
        if env:
            return env
        if self.path.startswith("<"):  # built in code (the demo, tests): no file
            return self.storage.url
        return sqlite_relative_to(self.storage.url, Path(self.path).resolve().parent)

    def source(self, name: str) -> SourceConfig:
        for s in self.sources:
            if s.name == name:
                return s
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"{self.path}: sources: no source named {name!r} (known: {known})")

    def selected_sources(self, names: list[str] | tuple[str, ...] | None) -> list[SourceConfig]:
        if not names:
            return list(self.sources)
        return [self.source(n) for n in names]


def sqlite_relative_to(url: str, folder: Path) -> str:
    """`url` with a relative SQLite database path made absolute under `folder`."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return url  # reported when the archive is opened
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return url
    if database.startswith("file:") and "uri" in parsed.query:  # file:rasad.db?mode=ro&uri=true
        split = urlsplit(database)
        path = unquote(split.path)
        if split.netloc or path in ("", ":memory:") or Path(path).expanduser().is_absolute():
            return url
        scheme, _, rest = url.partition(":///")  # kept as written, only the path made absolute
        _, sep, query = rest.partition("?")
        return f"{scheme}:///file:{quote(str(folder / path), safe='/')}{sep}{query}"
    if Path(database).expanduser().is_absolute():
        return url
    return parsed.set(database=str(folder / database)).render_as_string(hide_password=False)


def parse_config(data: dict[str, Any], path: str = "<config>",
                 text: str | None = None) -> RasadConfig:
    """Validate parsed TOML; `text` (the file's source) lets errors in rule terms
    name their line."""
    try:
        return RasadConfig.model_validate({**data, "path": path})
    except ValidationError as exc:
        raise first_error(path, exc, text) from None


def load_config(path: str | os.PathLike[str]) -> RasadConfig:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read config: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"{p}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: TOML syntax error: {exc}") from None
    if "path" in data:
        raise ConfigError(f"{p}: path: unknown key")
    return parse_config(data, str(p), text)
