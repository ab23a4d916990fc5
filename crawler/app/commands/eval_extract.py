"""`rasad eval-extract DIR`: extraction quality and speed on an annotated corpus,
Rasad against bare trafilatura in the same run."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pipelines.extraction.evaluate import Score


def _cell(value: float | bool | int | None, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ok" if value else "WRONG"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _row(s: Score) -> str:
    return "  ".join([f"{s.name:<52}", _cell(s.f1), _cell(s.leaked), _cell(s.title),
                      _cell(s.date), _cell(s.author), _cell(s.language), _cell(s.snippets),
                      f"{s.ms:7.1f}"])


def _summary_line(label: str, scores: list[Score]) -> str:
    from pipelines.extraction.evaluate import summary

    sm = summary(scores)
    parts = [f"{label:<10} pages={sm['pages']}", f"body_f1={_cell(sm['body_f1'], 4)}",
             f"furniture_leaked={sm['leaked']}"]
    for key in ("title", "date", "author", "language", "snippets"):
        parts.append(f"{key}={_cell(sm[key])}")
    parts.append(f"ms/page={_cell(sm['ms_per_page'], 1)}")
    return " ".join(parts)


@click.command("eval-extract")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--show-leaks", is_flag=True, help="Print every leaked furniture line.")
def eval_extract(folder: str, show_leaks: bool) -> None:
    """Score extraction on DIR (NAME.html + NAME.json pairs) against bare trafilatura."""
    from pipelines.extraction.evaluate import (
        evaluate,
        leaked_lines,
        load_cases,
        run_bare,
        run_rasad,
        summary,
    )

    cases = load_cases(Path(folder))
    if not cases:
        raise click.UsageError(f"{folder}: no NAME.html + NAME.json pairs found")
    run_bare(cases[0]), run_rasad(cases[0])  # warm-up: first-call imports are not page time
    bare = evaluate(cases, run_bare, language=False)  # it has no language identification
    ours = evaluate(cases, run_rasad)
    click.echo("page  body_f1  leaked  title  date  author  language  snippets  ms  (rasad)")
    for s in ours:
        click.echo(_row(s))
    if show_leaks:
        for case in cases:
            truth = "\n".join(case.expected.get("paragraphs") or [])
            if truth:
                for line in leaked_lines(run_rasad(case)[0].body, truth):
                    click.echo(f"leak {case.name}: {line}")
    click.echo(_summary_line("rasad", ours))
    click.echo(_summary_line("trafilatura", bare))
    ratio = (summary(ours)["ms_per_page"] or 0) / max(summary(bare)["ms_per_page"] or 1e-9, 1e-9)
    click.echo(f"time ratio rasad/trafilatura: {ratio:.2f}")
