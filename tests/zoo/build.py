"""Regenerate the template zoo: `python tests/zoo/build.py`.

Writes `<split>/<family>/<page>.html` (the bytes as served, in the page's
encoding) and `<page>.json` (the expected extraction; keys in README.md).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.zoo.families import FAMILIES  # noqa: E402
from tests.zoo.kit import pick  # noqa: E402


def build(out: Path = HERE) -> int:
    written = 0
    for index, family in enumerate(FAMILIES):
        folder = out / family.split / family.name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for variant, story in enumerate(pick(index, family.variants)):
            made = family.make(story, variant)
            (folder / f"{made.name}.html").write_bytes(made.raw())
            text = json.dumps(made.expected, ensure_ascii=False, indent=1)
            (folder / f"{made.name}.json").write_text(text + "\n", encoding="utf-8")
            written += 1
    return written


if __name__ == "__main__":
    print(f"wrote {build()} pages")
