"""The layer listing in docs/ARCHITECTURE.md, generated from the code.

    python docs/layers.py          print the listing
    python docs/layers.py --write  rewrite it in docs/ARCHITECTURE.md

The layers are import-linter's (pyproject.toml, checked by `lint-imports`);
each module is listed with the first line of its docstring.
`tests/test_architecture.py` fails when the document is out of date.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
START, END = "<!-- layers:start (python docs/layers.py --write) -->", "<!-- layers:end -->"


def _layers() -> list[list[str]]:
    """The main contract's layers, top first, each a list of packages."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = config["tool"]["importlinter"]["contracts"][0]
    return [[p.strip() for p in layer.split("|")] for layer in contract["layers"]]


def _summary(path: Path) -> str:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return doc.strip().split("\n\n")[0].replace("\n", " ")


def _modules(package: str) -> list[tuple[str, Path]]:
    folder = ROOT / package.replace(".", "/")
    out = []
    for path in sorted(folder.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        out.append((".".join(parts), path))
    return out


def listing() -> str:
    names = ["application", "components", "storage", "base"]
    lines = []
    for name, layer in zip(names, _layers(), strict=True):
        lines.append(f"### {name}: {' | '.join(f'`{p}`' for p in layer)}")
        lines.append("")
        for package in layer:
            for module, path in _modules(package):
                summary = _summary(path)
                lines.append(f"- `{module}`" + (f": {summary}" if summary else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write() -> None:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    DOC.write_text(f"{head}{START}\n{listing()}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        write()
    else:
        print(listing(), end="")
