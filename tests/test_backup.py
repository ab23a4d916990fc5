"""A self-contained archive: after `rasad crawl` the `.db` file alone holds every
row, and `rasad backup` copies a live archive (real `rasad`, real local site)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.app.demo import SiteServer, build_site, load_articles
from tests.cli import run_rasad
from tests.configs import webhook, write_config

TABLES = ("articles", "stories", "alerts", "deliveries", "article_urls", "crawl_runs")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A config whose SQLite archive a real `rasad crawl` has just filled."""
    tmp = tmp_path_factory.mktemp("backup")
    reports = [a for a in load_articles() if a.language == "ar"]
    with SiteServer() as server:
        site = server.mount(build_site(server.base_url, reports, "tv", name="s"))
        path = write_config(tmp, site.feed_url, channels=webhook("http://127.0.0.1:9/hook"))
        proc = run_rasad("crawl", "--config", str(path))
        assert proc.returncode == 0, proc.stderr[-2000:]
    yield path


def counts(db: Path, uri: bool = False) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{db}?mode=ro" if uri else db, uri=uri)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def test_after_a_crawl_the_db_file_alone_is_the_whole_archive(crawled: Path,
                                                               tmp_path: Path) -> None:
    archive = crawled.parent / "archive.db"
    wal = archive.with_name("archive.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed and emptied
    copy = tmp_path / "copy.db"
    shutil.copyfile(archive, copy)  # the .db file only, as a naive backup would
    expected = counts(archive)
    assert expected["articles"] >= 15 and expected["alerts"] >= 5
    assert expected["deliveries"] == expected["alerts"]
    assert counts(copy) == expected
    assert not copy.with_name("copy.db-wal").exists()


def test_backup_copies_every_row(crawled: Path, tmp_path: Path) -> None:
    dest = tmp_path / "rasad-backup.db"
    proc = run_rasad("backup", "--config", str(crawled), str(dest))
    assert proc.returncode == 0, proc.stderr
    expected = counts(crawled.parent / "archive.db")
    assert proc.stdout.startswith(
        f"backed up {crawled.parent / 'archive.db'} to {dest}: {expected['articles']} articles, "
        f"{expected['alerts']} alerts, ")
    assert proc.stdout.rstrip().endswith("(integrity check ok)")
    assert counts(dest, uri=True) == expected  # opens read-only: a plain single file
    assert not dest.with_name(dest.name + "-wal").exists()
    # into a folder: the copy takes the archive's name; an existing copy is kept
    # unless --force
    assert run_rasad("backup", "--config", str(crawled), str(tmp_path)).returncode == 0
    assert counts(tmp_path / "archive.db") == expected
    again = run_rasad("backup", "--config", str(crawled), str(dest))
    assert again.returncode == 2
    assert again.stderr.strip() == (f"rasad: error: {dest} exists; choose another name "
                                    "or pass --force")
    assert run_rasad("backup", "--config", str(crawled), str(dest), "--force").returncode == 0


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_backup_errors_are_one_line(crawled: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "b.db"
    assert one_line_error(run_rasad("backup", "--config", str(crawled), str(missing))) == \
        f"rasad: error: backup folder {missing.parent} does not exist"
    # `backups/` is a folder the user meant: never written as a file named `backups`
    folder = tmp_path / "backups"
    assert one_line_error(run_rasad("backup", "--config", str(crawled), f"{folder}/")) == \
        f"rasad: error: backup folder {folder} does not exist"
    assert not folder.exists()
    assert one_line_error(run_rasad("backup", "--config", str(crawled),
                                    str(crawled.parent / "archive.db"))) == \
        f"rasad: error: {crawled.parent / 'archive.db'} is the archive itself; " \
        "choose another destination"
    empty = tmp_path / "empty.toml"
    empty.write_text(f'[storage]\nurl = "sqlite:///{tmp_path / "never.db"}"\n',
                     encoding="utf-8")
    assert one_line_error(run_rasad("backup", "--config", str(empty), str(tmp_path))) == \
        f"rasad: error: archive {tmp_path / 'never.db'} does not exist: nothing to back up"
    assert not (tmp_path / "never.db").exists()


def test_backup_into_an_unwritable_folder(crawled: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes through permission bits: make it immutable
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
            pytest.skip("chattr +i is not supported on this filesystem")
    else:
        folder.chmod(0o555)
    try:
        proc = run_rasad("backup", "--config", str(crawled), str(folder / "b.db"))
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)
    assert one_line_error(proc) == f"rasad: error: backup folder {folder} is not writable"
    assert list(folder.iterdir()) == []


def test_backup_of_a_postgresql_archive_points_to_pg_dump(crawled: Path,
                                                           postgres_url: str) -> None:
    # trust auth: the password is accepted and ignored, and must never be shown
    url = postgres_url.replace("postgres@", "postgres:hunter2@")
    proc = run_rasad("backup", "--config", str(crawled), "/tmp/never.db",
                     env={"RASAD_DATABASE_URL": url})
    line = one_line_error(proc)
    assert "hunter2" not in proc.stderr + proc.stdout
    assert line.startswith("rasad: error: archive postgresql+psycopg://postgres:***@127.0.0.1")
    assert line.endswith('is postgresql, not SQLite: back it up with pg_dump '
                         '(README, "Backups")')
    assert not Path("/tmp/never.db").exists()
