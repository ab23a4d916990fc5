"""Interactive crawls show a live rich table; unattended ones print plain lines only."""

from __future__ import annotations

import os
import pty
import re
import subprocess
from pathlib import Path

from crawler.app.demo import SiteServer, build_site, load_articles
from tests.cli import run_rasad, start_rasad
from tests.daemon import write_config


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks).decode("utf-8", "replace")


def test_crawl_on_a_terminal_shows_progress_and_plain_when_piped(tmp_path: Path) -> None:
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles()[:4], "tv", name="s"))
        config = write_config(tmp_path / "r.toml", tmp_path / "a.db", site.feed_url,
                              extra_crawl="download_delay = 0")
        master, slave = pty.openpty()
        proc = start_rasad("crawl", "--config", str(config), stdout=slave,
                           stderr=subprocess.DEVNULL, env={"COLUMNS": "120"})
        os.close(slave)
        screen = _read_all(master)
        proc.wait(timeout=120)
        os.close(master)
        piped = run_rasad("crawl", "--config", str(config))
    assert proc.returncode == 0
    assert "rasad crawl" in screen and "unchanged" in screen and "errors" in screen
    assert "done" in screen  # the final frame shows the source finished
    assert re.search(r"s: \d+ pages, 4 new, ", screen)  # then the usual summary lines
    assert piped.returncode == 0
    assert "rasad crawl" not in piped.stdout and "\x1b[" not in piped.stdout
    assert piped.stdout.startswith("s: ")
