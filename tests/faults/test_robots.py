"""robots.txt per RFC 9309 against hostile hosts: a robots.txt that answers 5xx or
not at all keeps the crawler off its host for the run (and `rasad status` says
why), a 4xx one allows everything, and only its first 500 KiB are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.app.demo.site import Resource
from tests.cli import run_rasad
from tests.faults import hostile as h
from tests.faults.harness import Scene, assert_survived, error_kinds, hostile_hosts, run_fault
from tests.faults.sites import FaultSite

BUDGET = 40.0


def _blocked_source(scene: Scene, other: h.HostileServer, robots: h.Route) -> None:
    """A second source on `other`, whose robots.txt answers with `robots`."""
    blocked = FaultSite(other, skip=10)
    other.routes["/robots.txt"] = robots
    url, _, _ = blocked.take()
    scene.sources["blocked"] = [blocked.feed([url])]
    other.allowed = {"/robots.txt"}
    scene.forbidden.append(other)


@pytest.mark.parametrize("answer", ["5xx", "unreachable"], ids=["robots_5xx",
                                                                "robots_unreachable"])
def test_unreachable_robots_keeps_the_host_out(answer: str, request: pytest.FixtureRequest,
                                                tmp_path: Path) -> None:
    robots = h.status(500) if answer == "5xx" else (lambda ex: ex.reset())
    with hostile_hosts() as (server, _), h.HostileServer("127.0.0.4") as other:
        site = FaultSite(server)
        scene = Scene(site, [site.feed(site.goods(2))])
        _blocked_source(scene, other, robots)
        row, run = run_fault(request, tmp_path, "robots", scene, BUDGET)
        robots_fetches = other.requested("/robots.txt")
    assert_survived(row, run)
    assert robots_fetches == 3  # retried twice, like any 5xx or connection error
    db = f"sqlite:///{tmp_path / 'archive.db'}"
    assert error_kinds(db) == {"robots_unavailable": 1}
    status = run_rasad("status", "--config", str(tmp_path / "rasad.toml"))
    lines = status.stdout.splitlines()
    health = lines[lines.index(next(x for x in lines if x.startswith("blocked:"))) + 1]
    assert "BROKEN" in health and "robots_unavailable: 1" in health, status.stdout


def test_robots_4xx_and_oversized(request: pytest.FixtureRequest,
                                                     tmp_path: Path) -> None:
    with hostile_hosts() as (server, _), h.HostileServer("127.0.0.4") as other:
        site = FaultSite(server)
        server.routes["/robots.txt"] = h.status(404)
        scene = Scene(site, [site.feed(site.goods(2))])
        second = FaultSite(other, skip=10)
        padding = "# " + "x" * 98 + "\n"
        big = ("User-agent: *\nDisallow: /secret/\n" + padding * 5200 + "Disallow: /\n")
        other.routes["/robots.txt"] = h.serve(Resource.text(big))  # ~520 KB
        other.routes["/secret/a/"] = h.serve(Resource.html("<p>سر</p>"))
        scene.sources["big-robots"] = [second.feed([*second.goods(2),
                                                    other.url("/secret/a/")])]
        scene.site.good.update(second.good)
        row, run = run_fault(request, tmp_path, "robots", scene, BUDGET)
        secret_fetches = other.requested("/secret/a/")
    assert_survived(row, run)
    assert secret_fetches == 0  # the rule in the first 500 KiB is obeyed; the one after not
