"""`aligner check`: the main QA job, writing findings and reports into one folder."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ..pipeline import CheckOptions, gate_exit_code, run_check


@app.command("check")
def check_cli(
    files: list[str] = typer.Argument(..., help="One bilingual file, or a Chinese file and a Japanese file."),
    output: Path = typer.Option(..., "-o", "--output", help="Folder for findings.json, report.html, aligned.tmx …"),
    glossary: list[str] = typer.Option([], "--glossary", help="Glossary file (CSV/TSV/TBX); repeatable."),
    no_default_glossary: bool = typer.Option(False, "--no-default-glossary", help="Do not use the bundled glossary."),
    against: Optional[str] = typer.Option(None, "--against", help="Another version of the source, to flag drift."),
    level: str = typer.Option("paragraph", "--level", help="paragraph or sentence."),
    layout: str = typer.Option("auto", "--layout", help="Input layout; 'auto' detects it."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force an input encoding."),
    fail_on: str = typer.Option("major", "--fail-on", help="Exit 1 on findings at or above: major, minor or never."),
) -> None:
    """Align, run the QA checks and write findings and reports; exit 1 when findings reach the gate."""
    options = CheckOptions(layout=layout, encoding=encoding, level=level, glossaries=tuple(glossary),
                           use_default_glossary=not no_default_glossary, against=against)
    result = run_check(files, output, options=options)
    counts: dict[str, int] = {}
    for f in result.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("major", "minor", "info"))
    typer.echo(f"{len(result.alignment.units)} units, findings: {summary} → {output}")
    raise typer.Exit(gate_exit_code(result.findings, fail_on))
