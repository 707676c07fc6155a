"""`aligner batch`: QA a folder or manifest of documents, one output folder each, plus a summary."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from . import app
from ..batch import DOC_SUFFIXES, BatchProgress, run_batch
from ..config import load_config
from ..errors import ConfigError
from ..layouts import LAYOUTS


class _PlainProgress:
    """One quiet line per document: what CI logs want (no cursor tricks).

    "clean" and "with findings" are judged at the gate, so a line names it as the last line does:
    under --fail-on never a document with 28 major findings is clean, and its line says they are
    below the gate rather than calling them clean with no word of why.
    """

    def __init__(self, gate: str | None = None) -> None:
        self.gate = gate

    def __call__(self, ev: BatchProgress) -> None:
        if ev.note:
            typer.echo(f"batch: {ev.note}", err=True)
            return
        if ev.result is None:
            typer.echo(f"batch: {_documents(ev.total)}", err=True)
            return
        r = ev.result
        if r.status in ("error", "skipped", "not run"):
            typer.echo(f"[{ev.done}/{ev.total}] {r.name}: {r.status} ({r.error})", err=True)
            return
        below = " below the gate" if r.status == "clean" and r.findings else ""
        detail = (f"{r.units} units, " + ", ".join(f"{n} {s}" for s, n in r.severities.items())
                  + f"{below}, {r.seconds:.1f} s")
        gate = f"gate: {self.gate}; " if self.gate else ""
        typer.echo(f"[{ev.done}/{ev.total}] {r.name}: {_STATUS.get(r.status, r.status)} ({gate}{detail})", err=True)

    def close(self) -> None:
        pass


class _RichProgress:
    """A progress bar on a terminal; errors are printed above it as they happen."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        self.console = Console(stderr=True)
        self.bar = Progress(TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            TextColumn("{task.description}"), console=self.console, transient=False)
        self.task = None

    def __call__(self, ev: BatchProgress) -> None:
        if ev.note:
            self.bar.console.print(f"[yellow]{ev.note}[/yellow]", markup=True, highlight=False)
            return
        if self.task is None:
            self.bar.start()
            self.task = self.bar.add_task("", total=ev.total)
        if ev.result is not None:
            if ev.result.status in ("error", "skipped"):
                self.bar.console.print(f"[red]{ev.result.status}[/red] {ev.result.name}: {ev.result.error}",
                                       markup=True, highlight=False)
            self.bar.update(self.task, completed=ev.done, description=ev.result.name)

    def close(self) -> None:
        if self.task is not None:
            self.bar.stop()


_STATUS = {"findings": "with findings", "error": "could not be checked"}  # as the last line words them


def _documents(n: int) -> str:
    return f"{n} document" + ("" if n == 1 else "s")


def _interactive() -> bool:
    """A progress bar only for a person at a terminal: CI runners that allocate a TTY set CI=…,
    and a dumb terminal cannot redraw a bar; both get the quiet one-line-per-document log."""
    if os.environ.get("CI", "").lower() not in ("", "0", "false") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stderr.isatty()


@app.command("batch")
def batch_cli(
    target: Path = typer.Argument(..., metavar="DIR|MANIFEST", help="A folder of documents, or a manifest (.csv or .toml: name, zh, ja)."),
    output: Path = typer.Option(..., "-o", "--output", metavar="DIR", help="Folder for one sub-folder per document and summary.*"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="N",
                                       help="Worker processes (default: batch.jobs in the config, else the CPU count)."),
    glossary: list[str] = typer.Option([], "--glossary", metavar="FILE", help="Glossary file (CSV/TSV/TBX), added to the config's; repeatable."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", metavar="SEVERITY",
                                          help="Exit 1 on findings at or above: major, minor, info or never (default: config, else major)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Settings file (default: ./aligner.toml if present)."),
    level: Optional[str] = typer.Option(None, "--level", metavar="LEVEL", help="paragraph or sentence (overrides the config)."),
    layout: Optional[str] = typer.Option(None, "--layout", metavar="LAYOUT",
                                         help=f"Input layout of every document, one of: {', '.join(LAYOUTS)} "
                                              "(default: config, else auto)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="CODEC",
                                           help="Force the encoding of every document, e.g. gb18030 or cp932 "
                                                "(default: config, else detect per file)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", min=0.001, metavar="SECONDS",
                                            help="Stop a document still running after this many seconds and list it "
                                                 "as an error (exit 2); the others go on (default: batch.timeout in "
                                                 "the config, else no limit)."),
) -> None:
    """Check every document of a folder or manifest; write OUT/<name>/… and OUT/summary.{html,csv,json}.

    In a folder, `name.zh.txt` and `name.ja.txt` are checked as one pair; other files are
    checked as bilingual files. A broken document is listed in the summary with its error and
    does not stop the others, nor does one that runs past --timeout. Exit code: 2 if any document
    could not be read or timed out, else 1 if any reached the --fail-on gate, else 0. Ctrl-C lets
    the running documents finish (a second Ctrl-C stops them), keeps every finished document,
    writes the summary and exits 130.
    """
    if layout is not None and layout not in LAYOUTS:
        # Once, before any document, not as one error row per document.
        raise ConfigError(f"unknown --layout '{layout}'", hint=f"use one of: {', '.join(LAYOUTS)}")
    cfg = load_config(config)
    options = cfg.check_options(level=level, layout=layout, encoding=encoding,
                                glossaries=(*cfg.glossaries, *glossary) if glossary else None)
    gate = fail_on or cfg.fail_on
    render = _RichProgress() if _interactive() else _PlainProgress(gate)
    try:
        result = run_batch(target, output, options=options, fail_on=gate, jobs=jobs or cfg.jobs, progress=render,
                           timeout=timeout or cfg.timeout)
    finally:
        render.close()
    counts: dict[str, int] = {}
    for r in result.documents:
        counts[r.status] = counts.get(r.status, 0) + 1
    # "clean" and "findings" are judged at the gate: with --fail-on never a document with major
    # findings is clean, so the gate is part of the line.
    done = ", ".join(f"{n} {_STATUS.get(s, s)}" for s, n in counts.items())
    typer.echo(f"{_documents(len(result.documents))}: {done} (gate: {gate}) in {result.seconds:.1f} s "
               f"→ {result.outputs['summary.html']}")
    if result.stale:
        shown = ", ".join(result.stale[:5]) + (" …" if len(result.stale) > 5 else "")
        typer.echo(f"note: {len(result.stale)} folder(s) in {output} hold reports of an earlier batch, not of this "
                   f"one (kept, not in the summary; delete them if they are no longer wanted): {shown}", err=True)
    if result.ignored:
        shown = ", ".join(result.ignored[:5]) + (" …" if len(result.ignored) > 5 else "")
        typer.echo(f"note: {len(result.ignored)} file(s) in {target} are not documents and were not checked: {shown} "
                   f"(documents end in {', '.join(DOC_SUFFIXES)}; convert others to one of these)", err=True)
    if result.interrupted:
        typer.echo("aligner: interrupted; finished documents are kept and listed in the summary", err=True)
        raise typer.Exit(130)
    raise typer.Exit(result.exit_code)
