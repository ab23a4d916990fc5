"""Every user-facing failure is one line on stderr naming the file, URL or database
and the cause, with its documented exit code; tracebacks only with -vv.
Read-only commands never create an archive."""

from __future__ import annotations

import re
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.app.demo import SiteServer, build_site, load_articles
from storage import Archive
from tests.cli import run_rasad, run_unprivileged, unprivileged_prefix
from tests.servers import free_port

SOURCE = '[[sources]]\nname = "s"\nstart_urls = ["{url}"]\n'


def _config(path: Path, storage: str = "", url: str = "http://127.0.0.1:9/feed") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((f'[storage]\nurl = "{storage}"\n' if storage else "")
                    + "[crawl]\ndownload_delay = 0\n" + SOURCE.format(url=url),
                    encoding="utf-8")
    return path


def _one_line(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


def test_status_never_creates_an_archive_and_relative_paths_follow_the_config(
        tmp_path: Path) -> None:
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, load_articles()[:2], "tv", name="s"))
        _status_and_relative_paths(tmp_path, site.feed_url)


def _status_and_relative_paths(tmp_path: Path, feed: str) -> None:
    config = _config(tmp_path / "etc" / "rasad.toml", "sqlite:///data/archive.db", feed)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    for args in (("status", "--config", "../etc/rasad.toml"),
                 ("alerts", "list", "--config", "../etc/rasad.toml")):
        proc = run_rasad(*args, cwd=elsewhere)
        assert proc.returncode == 2
        assert _one_line(proc) == (
            f"rasad: error: archive sqlite:///{tmp_path}/etc/data/archive.db does not exist: "
            "nothing has been crawled into it yet")
    assert not list(tmp_path.rglob("*.db")) and not (tmp_path / "etc" / "data").exists()
    wrong = run_rasad("status", "--config", "../etc/nope.toml", cwd=elsewhere)
    assert wrong.returncode == 2
    assert _one_line(wrong) == ("rasad: error: ../etc/nope.toml: cannot read config: "
                                "No such file or directory")
    crawl = run_rasad("crawl", "--config", str(config), cwd=elsewhere)
    assert crawl.returncode == 0, crawl.stderr
    assert (tmp_path / "etc" / "data" / "archive.db").is_file()  # beside the config
    assert run_rasad("status", "--config", "../etc/rasad.toml", cwd=elsewhere).returncode == 0


def test_a_database_server_that_is_down_is_one_line_exit_1(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://rasad:s3cret@127.0.0.1:{free_port()}/rasad"
    config = _config(tmp_path / "rasad.toml", url)
    for args in (("crawl",), ("status",), ("alerts", "deliver"), ("schedule",)):
        proc = run_rasad(*args, "--config", str(config), timeout=60)
        assert proc.returncode == 1, (args, proc.stderr)
        line = _one_line(proc)
        assert line.startswith("rasad: error: cannot reach database postgresql+psycopg://"
                               "rasad:***@127.0.0.1:"), line
        assert "Connection refused" in line and "s3cret" not in proc.stderr


def test_a_database_that_refuses_writes_is_one_line_exit_2(postgres_url: str,
                                                           tmp_path: Path) -> None:
    Archive.open(postgres_url).close()
    readonly = postgres_url + "%20-cdefault_transaction_read_only%3Don"
    config = _config(tmp_path / "rasad.toml", readonly)
    crawl = run_rasad("crawl", "--config", str(config))
    assert crawl.returncode == 2
    assert _one_line(crawl).startswith("rasad: error: cannot write archive postgresql+psycopg:")
    assert crawl.stderr.rstrip().endswith(
        ": the database is read-only (transaction_read_only is on)")
    status = run_rasad("status", "--config", str(config))  # reading is fine
    assert status.returncode == 0 and "s: never run" in status.stdout


@pytest.fixture
def unprivileged() -> Iterator[list[str]]:
    """The command prefix that makes file permissions apply (root ignores them)."""
    prefix = unprivileged_prefix()
    if prefix is None:
        pytest.skip("running as root and setpriv (util-linux) is missing")
    yield prefix


_run_as = run_unprivileged


def test_read_only_and_unwritable_archives(tmp_path: Path, unprivileged: list[str]) -> None:
    ro_file, ro_dir, no_dir = tmp_path / "f", tmp_path / "d", tmp_path / "n"
    for folder in (ro_file, ro_dir):
        _config(folder / "rasad.toml")
        Archive.open(f"sqlite:///{folder / 'rasad-archive.db'}").close()  # no -wal left
    _config(no_dir / "rasad.toml", "sqlite:///sub/archive.db")
    (ro_file / "rasad-archive.db").chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    (ro_file / "rasad-archive.db.lock").touch()
    (ro_dir / "rasad-archive.db.lock").touch()
    try:
        for folder in (ro_dir, no_dir):
            folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        results = {name: _run_as(unprivileged, "crawl", "--config", str(folder / "rasad.toml"))
                   for name, folder in (("file", ro_file), ("dir", ro_dir), ("none", no_dir))}
        status = _run_as(unprivileged, "status", "--config", str(ro_file / "rasad.toml"))
    finally:
        for folder in (ro_dir, no_dir):
            folder.chmod(stat.S_IRWXU)
    db = f"sqlite:///{ro_file}/rasad-archive.db"
    assert {n: r.returncode for n, r in results.items()} == {"file": 2, "dir": 2, "none": 2}
    assert _one_line(results["file"]) == (
        f"rasad: error: cannot write archive {db}: the file {ro_file}/rasad-archive.db is "
        "read-only")
    assert _one_line(results["dir"]).startswith(  # SQLite fails to open it at all
        f"rasad: error: cannot open archive sqlite:///{ro_dir}/rasad-archive.db: "
        f"the folder {ro_dir} is read-only (SQLite needs to write rasad-archive.db-wal and "
        "rasad-archive.db-shm beside the archive)")
    assert _one_line(results["none"]) == (
        f"rasad: error: cannot lock archive sqlite:///{no_dir}/sub/archive.db: "
        f"cannot create {no_dir}/sub: Permission denied")
    assert status.returncode == 0, status.stderr  # a read-only archive can still be read
    assert "s: never run" in status.stdout


def test_an_unreachable_host_is_a_few_lines_and_the_summary_names_it(tmp_path: Path) -> None:
    port = free_port()
    config = _config(tmp_path / "rasad.toml", url=f"http://127.0.0.1:{port}/feed")
    crawl = run_rasad("crawl", "--config", str(config))
    assert crawl.returncode == 0, crawl.stderr
    assert "Traceback" not in crawl.stderr
    lines = crawl.stderr.strip().splitlines()
    # RFC 9309: an unreachable robots.txt means the host is not crawled this run
    assert len(lines) == 1, crawl.stderr
    assert f"robots.txt of 127.0.0.1:{port} unreachable (DownloadConnectionRefusedError): " \
           "the host is not crawled this run" in lines[0]
    assert "0 alerts, 1 errors" in crawl.stdout
    assert "  BROKEN: 1 errors for 1 requests (robots_unavailable: 1)" in crawl.stdout
    assert "1 of 1 sources broken or stale: s (rasad status)" in crawl.stdout
    verbose = run_rasad("-vv", "crawl", "--config", str(config))
    assert verbose.returncode == 0 and "DEBUG" in verbose.stderr


def test_the_starter_config_offline_is_a_handful_of_lines(tmp_path: Path) -> None:
    """`rasad init`, then a crawl where no outlet resolves (hosts under .invalid,
    which never resolve): one line per failed robots.txt and feed, no traceback."""
    assert run_rasad("init", str(tmp_path / "rasad.toml")).returncode == 0
    text = (tmp_path / "rasad.toml").read_text(encoding="utf-8")
    offline = re.sub(r"https://([^/\"]+)/", lambda m: f"https://{m.group(1)}.invalid/", text)
    offline = offline.replace("download_delay = 1.0", "download_delay = 0")
    (tmp_path / "rasad.toml").write_text(offline, encoding="utf-8")
    sources = len(re.findall(r"^\[\[sources\]\]", offline, flags=re.M))
    crawl = run_rasad("crawl", "--config", str(tmp_path / "rasad.toml"), timeout=300)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert "Traceback" not in crawl.stderr
    lines = crawl.stderr.strip().splitlines()
    assert len(lines) <= 2 * sources, crawl.stderr  # was 1,156 lines with 15 tracebacks
    assert all(" WARNING " in line for line in lines), crawl.stderr
    assert crawl.stdout.count("  BROKEN: ") == sources
    assert f"{sources} of {sources} sources broken or stale" in crawl.stdout
