"""Network faults: a hostile server misbehaves on some URLs of a site whose other
articles are served well. Every crawl ends, stores the good articles whole and
nothing else, contacts no forbidden host, and counts what went wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.app.demo.site import Resource
from tests.faults import hostile as h
from tests.faults.harness import (
    Mount,
    Scene,
    assert_survived,
    error_kinds,
    hostile_hosts,
    run_fault,
)
from tests.faults.sites import FaultSite, PageRoute, path_of
from tests.servers import free_port

BUDGET = 40.0


def _scene(server: h.HostileServer, *bad: PageRoute,
           recovered: tuple[PageRoute, ...] = ()) -> Scene:
    """A feed of two articles served well, one per `recovered` (the fault lets
    it through in the end) and one per `bad` (it never does)."""
    site = FaultSite(server)
    urls = site.goods(2) + [site.add_good(how) for how in recovered]
    urls += [site.add_bad(how) for how in bad]
    return Scene(site, [site.feed(urls)])


def _always(route: h.Route) -> PageRoute:
    return lambda _page: route


def refused(server: h.HostileServer, _: h.HostileServer) -> Scene:
    scene = _scene(server)
    dead = f"http://{server.host}:{free_port()}/dead-article/"
    scene.site.feed([*scene.site.good, dead])
    scene.start_urls.append(f"http://{server.host}:{free_port()}/feed.xml")
    return scene


def reset_mid_body(server: h.HostileServer, _: h.HostileServer) -> Scene:
    return _scene(server, h.reset_mid_body, recovered=(
        lambda p: h.fail_first(2, h.reset_mid_body(p), then=h.serve(p)),))


def stalled_after_headers(server: h.HostileServer, _: h.HostileServer) -> Scene:
    scene = _scene(server, _always(h.stall_after_headers(8)))
    scene.crawl["timeout"] = 2
    return scene


def status_burst(server: h.HostileServer, _: h.HostileServer) -> Scene:
    scene = _scene(server, _always(h.status(500)), recovered=(
        lambda p: h.fail_first(2, h.status(503, {"Retry-After": "1"}), then=h.serve(p)),))
    feed = path_of(scene.start_urls[0])
    server.routes[feed] = h.fail_first(1, h.status(502), then=server.routes[feed])
    return scene


def too_many_requests(server: h.HostileServer, _: h.HostileServer) -> Scene:
    return _scene(server, recovered=(
        lambda p: h.fail_first(1, h.status(429, {"Retry-After": "2"}), then=h.serve(p)),))


def redirect_loop(server: h.HostileServer, _: h.HostileServer) -> Scene:
    server.routes["/loop-b/"] = h.redirect(server.url("/loop-a/"))
    server.routes["/loop-a/"] = h.redirect(server.url("/loop-b/"))
    return _scene(server, _always(h.redirect(server.url("/loop-a/"))))


def offsite_redirects(server: h.HostileServer, forbidden: h.HostileServer) -> Scene:
    forbidden.routes["/hop/"] = h.redirect(server.url("/back/"))
    scene = _scene(server, _always(h.redirect(forbidden.url("/hop/"))))
    scene.forbidden.append(forbidden)
    scene.site.feed([*scene.site.good, forbidden.url("/listed-offsite/")])
    return scene


def _compressed(encoding: str) -> Mount:
    def mount(server: h.HostileServer, _: h.HostileServer) -> Scene:
        return _scene(server, lambda p: h.compressed(p, encoding, keep=0.2), recovered=(
            lambda p: h.fail_first(1, h.compressed(p, encoding, keep=0.2),
                                   then=h.compressed(p, encoding)),))
    return mount


def gzip_bomb(server: h.HostileServer, _: h.HostileServer) -> Scene:
    return _scene(server, _always(h.bomb(64)))


def huge_pages(server: h.HostileServer, _: h.HostileServer) -> Scene:
    return _scene(server, _always(h.huge(12)), _always(h.huge(12, declare_length=False)))


def zero_byte_200(server: h.HostileServer, _: h.HostileServer) -> Scene:
    return _scene(server, _always(h.serve(Resource(200, "text/html; charset=utf-8", b""))))


def content_type_lies(server: h.HostileServer, _: h.HostileServer) -> Scene:
    garbage = bytes(range(256)) * 400
    return _scene(server,
                  _always(h.serve(Resource(200, "text/html; charset=utf-8", garbage))),
                  _always(h.serve(Resource(200, "application/rss+xml", b"<html>x</html>"))),
                  _always(h.serve(Resource(200, "text/html", b"%PDF-1.4\n" + garbage))))


FAULTS: dict[str, Mount] = {
    "refused": refused, "reset_mid_body": reset_mid_body,
    "stalled_after_headers": stalled_after_headers, "5xx_burst": status_burst,
    "429_retry_after": too_many_requests, "redirect_loop": redirect_loop,
    "offsite_redirect_chain": offsite_redirects, "truncated_gzip": _compressed("gzip"),
    "truncated_deflate": _compressed("deflate"), "gzip_bomb": gzip_bomb,
    "huge_pages": huge_pages, "zero_byte_200": zero_byte_200,
    "content_type_lies": content_type_lies,
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_network_fault(fault: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    with hostile_hosts() as (server, forbidden):
        scene = FAULTS[fault](server, forbidden)
        row, run = run_fault(request, tmp_path, "network", scene, BUDGET)
        attempts, times = dict(server.attempts), dict(server.times)
    assert_survived(row, run)
    kinds = error_kinds(f"sqlite:///{tmp_path / 'archive.db'}")
    if fault.startswith("truncated_"):
        # cut on every try: fetched three times (two retries), then counted
        assert kinds.get("truncated") == 1, kinds
        assert sorted(attempts.values())[-1] == 3
    if fault == "reset_mid_body":
        assert sum(kinds.values()) == 1, kinds
    if fault == "429_retry_after":  # the server's Retry-After: 2 was waited for
        [(first, second)] = [t for t in times.values() if len(t) == 2]
        assert second - first >= 1.9
