"""docs/ARCHITECTURE.md's module listing is generated from the code: it must be
current (run `python docs/layers.py --write` after adding or moving a module)."""

from __future__ import annotations

import runpy

from tests.cli import ROOT


def test_the_layer_listing_is_current() -> None:
    layers = runpy.run_path(str(ROOT / "docs" / "layers.py"))
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    current = text.split(layers["START"], 1)[1].split(layers["END"], 1)[0]
    assert current == "\n" + layers["listing"](), \
        "docs/ARCHITECTURE.md is out of date: run python docs/layers.py --write"


def test_every_layer_is_listed() -> None:
    layers = runpy.run_path(str(ROOT / "docs" / "layers.py"))
    listing = layers["listing"]()
    for package in ("crawler.app", "spiders", "pipelines", "alerts", "storage",
                    "crawler.core"):
        assert f"- `{package}`" in listing
