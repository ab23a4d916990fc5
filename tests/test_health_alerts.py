"""[alerts] source_health: a source turning broken raises one alert through the
channels (same outbox and dispatcher as article alerts), never twice per episode."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.app.demo import SiteServer, build_site, load_articles
from crawler.app.demo.site import Resource
from tests.cli import run_rasad
from tests.daemon import rows, write_config
from tests.servers import WebhookReceiver


def test_source_turning_403_raises_one_health_alert(tmp_path: Path) -> None:
    with SiteServer() as server, WebhookReceiver() as hook:
        site = server.mount(build_site(server.base_url, load_articles()[:4], "tv", name="s"))
        db = tmp_path / "a.db"
        config = write_config(
            tmp_path / "r.toml", db, site.feed_url, extra_crawl="download_delay = 0",
            channels=f'[alerts]\nsource_health = true\ndefault_rules = false\n'
                     f'[[channels]]\ntype = "webhook"\nurl = "{hook.url}"\n')

        def crawl() -> list[dict]:
            before = len(hook.requests)
            proc = run_rasad("crawl", "--config", str(config))
            assert proc.returncode == 0, proc.stderr[-2000:]
            return [json.loads(p.body) for p in hook.requests[before:]]

        assert crawl() == []  # healthy: nothing sent
        feed_path = site.feed_url.removeprefix(server.base_url)
        feed = server.routes[feed_path]
        server.routes[feed_path] = Resource.html("<h1>403 Forbidden</h1>", status=403)
        sent = crawl()
        assert len(sent) == 1
        alert = sent[0]
        assert alert["rule"] == "source-health" and alert["matched"] == ["broken"]
        assert "http_403: 1" in alert["snippet"]
        assert alert["article"]["source"] == "s" and alert["article"]["url"] == site.feed_url
        assert crawl() == []  # still broken: the open event is not raised again
        server.routes[feed_path] = feed
        assert crawl() == []  # healthy again: the event is resolved, nothing sent
    assert rows(db, "SELECT kind, resolved_at IS NOT NULL FROM health_events") == [
        ("broken", 1)]
    assert rows(db, "SELECT status, attempts FROM health_deliveries") == [("sent", 1)]
