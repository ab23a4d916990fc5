"""`rasad search QUERY --config FILE`: the archive's articles that match, newest
first, with the matching words marked in a snippet.

Query syntax (crawler/core/text/searchquery.py): words (all must occur),
"quoted phrases", OR, NOT, parentheses; each word is found with its proclitics,
suffixes and spelling variants as the alert matcher finds it. `--rank` orders
the newest SEARCH_RANK_WINDOW matches by relevance. `--reindex` rebuilds the
index (the only option that writes). Reads only otherwise: a missing archive is
an error, never created.

Exit codes: 0 done (also with no match); 2 a user error in one line (a query
that cannot be parsed, bad config, missing archive); 1 the database failed.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from crawler.app.errors import USER_EXIT, fail, user_errors
from crawler.app.filteropts import filter_options, filters_of
from crawler.core.settings import SEARCH_LIMIT, SEARCH_RANK_WINDOW

if TYPE_CHECKING:
    from crawler.core.text.searchquery import Node
    from storage.search import Hit

FIELDS = ("id", "published", "source", "title", "url", "snippet", "score")


def _published(hit: Hit) -> str:
    if hit.published_at is not None:
        return f"{hit.published_at:%Y-%m-%d %H:%M}"
    if hit.published_date is not None:
        return hit.published_date.isoformat()
    return f"{hit.first_seen_at:%Y-%m-%d} (seen)"


def _record(hit: Hit, node: Node, mark: tuple[str, str]) -> dict[str, Any]:
    from crawler.core.text.searchquery import has_hit, snippet

    text = hit.body if has_hit(hit.body, node) or not has_hit(hit.title, node) else hit.title
    return {"id": hit.id, "published": _published(hit), "source": hit.source,
            "title": hit.title, "url": hit.url, "snippet": snippet(text, node, mark=mark),
            "score": None if hit.score is None else round(hit.score, 6)}


def _reindex(url: str) -> None:
    from storage.archive import Archive
    from storage.engine import StorageError, writing
    from storage.migrate import archive_state, refusal
    from storage.search import rebuild

    state = archive_state(url)  # never creates the archive
    if not state.has_tables:
        raise StorageError(refusal(url, state))
    archive = Archive.open(url)  # a writer: upgrades an older archive
    try:
        with writing(archive.engine) as conn:
            done = rebuild(conn)
    finally:
        archive.close()
    click.echo(f"reindexed {done} articles")


@click.command()
@click.argument("query", required=False)
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False),
              help="The Rasad TOML config file.")
@filter_options
@click.option("--limit", type=click.IntRange(1, 100_000), default=SEARCH_LIMIT,
              show_default=True, help="At most this many results.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
              default="table", show_default=True, help="Output format.")
@click.option("--rank", is_flag=True, help="Most relevant first (bm25 / ts_rank), among "
              f"the newest {SEARCH_RANK_WINDOW} matches.")
@click.option("--reindex", is_flag=True, help="Rebuild the search index from every article.")
@user_errors
def search(query: str | None, config_path: str, sources: tuple[str, ...],
           since: datetime | None, until: datetime | None, rule: str | None, limit: int,
           fmt: str, rank: bool, reindex: bool) -> None:
    """Search the archive's articles (newest first; see the README's "Search")."""
    from crawler.core.config import load_config
    from crawler.core.text.searchquery import QueryError, parse_query
    from storage.archive import Archive
    from storage.search import search as run_search

    config = load_config(config_path)
    if reindex:
        _reindex(config.database_url)
        if query is None:
            return
    if query is None:
        fail("error: search needs a QUERY (or --reindex)", USER_EXIT)
    try:
        node = parse_query(query)
        archive = Archive.open(config.database_url, mode="read")
        try:
            with archive.engine.connect() as conn:
                hits = run_search(conn, node, filters_of(sources, since, until, rule),
                                  limit=limit, rank=rank)
        finally:
            archive.close()
    except QueryError as exc:  # unparsable, or a phrase with too many spellings here
        fail(f"error: search query: {exc}", USER_EXIT)
    _print(hits, node, fmt, rank)


def _print(hits: list[Hit], node: Node, fmt: str, rank: bool) -> None:
    if fmt == "json":
        click.echo(json.dumps([_record(h, node, ("", "")) for h in hits],
                              ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for h in hits:
            writer.writerow(_record(h, node, ("", "")))
        return
    for h in hits:
        r = _record(h, node, ("«", "»"))
        score = f"  score {r['score']}" if rank else ""
        click.echo(f"{r['published']}  {r['source']}  {r['title']}{score}\n  {r['url']}\n"
                   f"  {r['snippet']}\n")
    order = "most relevant of the newest matches first" if rank else "newest first"
    click.echo(f"{len(hits)} result{'s' if len(hits) != 1 else ''} ({order})")
