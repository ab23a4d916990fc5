"""Commands that need no config: `rasad extract`, `rasad init`, `rasad demo`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from crawler.app.errors import user_errors


@click.command()
@click.option("--url", required=True, help="The page's URL (its address on the web).")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@user_errors
def extract(url: str, file: str | None) -> None:
    """Extract one page (from FILE, or fetched from URL) and print it as JSON."""
    import urllib.request

    from crawler.core.config import DEFAULT_USER_AGENT, ConfigError
    from crawler.core.text.encoding import decode_html
    from pipelines.extraction import extract_page

    content_type = None
    if file:
        raw = Path(file).read_bytes()
        status = 200
    else:
        req = urllib.request.Request(url, headers={"User-Agent": DEFAULT_USER_AGENT})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310
                raw, status = resp.read(), resp.status
                content_type = resp.headers.get("Content-Type")
        except OSError as exc:
            raise ConfigError(f"{url}: cannot fetch: {exc}") from None
    html = decode_html(raw, content_type)[0]  # the server's charset as the crawl sees it
    result = extract_page(html, url, status=status)
    click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))


@click.command()
@click.argument("path", required=False, default="rasad.toml",
                type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@user_errors
def init(path: str, force: bool) -> None:
    """Write a commented starter config (default: ./rasad.toml)."""
    from crawler.app.starter import starter_config
    from crawler.core.config import ConfigError

    target = Path(path)
    if target.exists() and not force:
        raise ConfigError(f"{target}: already exists (use --force to overwrite)")
    target.write_text(starter_config(), encoding="utf-8")
    click.echo(f"wrote {target}: edit [[channels]], then run: rasad crawl --config {target}")


@click.command()
@click.option("--dir", "workdir", type=click.Path(file_okay=False),
              help="Where to put the demo archive (default: a new temporary folder).")
@click.pass_context
@user_errors
def demo(ctx: click.Context, workdir: str | None) -> None:
    """Crawl a bundled sample site on 127.0.0.1 (no network, no config needed)."""
    from crawler.app.demo.run import run_demo

    run_demo(workdir, ctx.obj["log_level"])
