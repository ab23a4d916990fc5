"""`rasad eval-extract DIR`: extraction quality and speed on an annotated corpus,
Rasad against its peers (bare trafilatura, readability-lxml when installed,
htmldate for dates) in the same run: per page, per family, per split, overall."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pipelines.extraction.evaluate import Case, Score
    from pipelines.extraction.peers import Peer

_KEYS = ("title", "date", "time", "author", "byline", "kind", "language", "snippets")


def _cell(value: float | bool | int | None, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ok" if value else "WRONG"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _row(s: Score) -> str:
    return "  ".join([f"{s.name:<52}", _cell(s.f1), _cell(s.leaked),
                      *(_cell(getattr(s, k)) for k in _KEYS), f"{s.ms:7.1f}"])


def _summary_line(label: str, scores: list[Score]) -> str:
    from pipelines.extraction.evaluate import summary

    sm = summary(scores)
    parts = [f"{label:<11} pages={sm['pages']}", f"body_f1={_cell(sm['body_f1'], 4)}",
             f"min_f1={_cell(sm['min_f1'])}", f"furniture_leaked={sm['leaked']}"]
    parts += [f"{key}={_cell(sm[key])}" for key in _KEYS]
    parts.append(f"ms/page={_cell(sm['ms_per_page'], 1)}")
    return " ".join(parts)


def _family_table(cases: list[Case], results: dict[str, list[Score]]) -> None:
    from pipelines.extraction.evaluate import by_group, summary

    tools = [name for name in results if name != "htmldate"]
    click.echo("== families: body F1 per tool; rasad's furniture leaked, title, date, "
               "time, author, kind; htmldate's date")
    click.echo(f"{'family':<18} {'split':<8} pages  " + "  ".join(f"{t[:11]:>11}" for t in tools)
               + "  leaked title  date  time author  kind  htmldate")
    groups = {name: by_group(cases, scores, lambda c: f"{c.split}|{c.family}")
              for name, scores in results.items()}
    for key, ours in groups["rasad"].items():
        split, family = key.split("|")
        sm = summary(ours)
        f1s = "  ".join(f"{_cell(summary(groups[t][key])['body_f1']):>11}" for t in tools)
        dated = summary(groups["htmldate"][key])["date"] if "htmldate" in groups else None
        click.echo(f"{family:<18} {split or '-':<8} {sm['pages']:>5}  {f1s}  {sm['leaked']:>6} "
                   + " ".join(f"{_cell(sm[k]):>5}" for k in ("title", "date", "time", "author",
                                                              "kind"))
                   + f"  {_cell(dated):>8}")


@click.command("eval-extract")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--show-leaks", is_flag=True, help="Print every leaked furniture line.")
@click.option("--no-pages", is_flag=True, help="Leave out the per-page table.")
def eval_extract(folder: str, show_leaks: bool, no_pages: bool) -> None:
    """Score extraction on DIR (NAME.html + NAME.json pairs) against its peers."""
    from pipelines.extraction.evaluate import evaluate, leaked_lines, load_cases, summary
    from pipelines.extraction.peers import peers, run_rasad

    cases = load_cases(Path(folder))
    if not cases:
        raise click.UsageError(f"{folder}: no NAME.html + NAME.json pairs found")
    tools: list[Peer] = peers()
    for peer in tools:
        peer.run(cases[0])  # warm-up: first-call imports are not page time
    results = {p.name: evaluate(cases, p.run, language=p.name == "rasad", skip=p.skip)
               for p in tools}
    ours = results["rasad"]
    if not no_pages:
        click.echo("page  body_f1  leaked  " + "  ".join(_KEYS) + "  ms  (rasad)")
        for s in ours:
            click.echo(_row(s))
    if show_leaks:
        for case in cases:
            truth = "\n".join(case.expected.get("paragraphs") or [])
            if truth:
                got = run_rasad(case)[0].body
                for line in leaked_lines(got, truth, case.expected.get("furniture")):
                    click.echo(f"leak {case.name}: {line}")
    _family_table(cases, results)
    splits = sorted({c.split for c in cases})
    if len(splits) > 1:
        click.echo("== splits")
        for split in splits:
            for name, scores in results.items():
                part = [s for c, s in zip(cases, scores, strict=True) if c.split == split]
                click.echo(_summary_line(f"[{split}] {name}", part))
    click.echo("== all pages")
    for name, scores in results.items():
        click.echo(_summary_line(name, scores))
    bare = summary(results["trafilatura"])["ms_per_page"] or 1e-9
    ratio = (summary(ours)["ms_per_page"] or 0) / max(bare, 1e-9)
    click.echo(f"time ratio rasad/trafilatura: {ratio:.2f}")
