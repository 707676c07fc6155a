"""`aligner check`: the main QA job, writing findings and reports into one folder."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ..config import load_config
from ..errors import ConfigError, OutputError
from ..layouts import LAYOUTS

GATES = ("major", "minor", "info", "never")


def _pairs(values: list[str], what: str, convert=str, form: str = "NAME=VALUE", example: str = "") -> tuple:
    out = []
    for v in values:
        name, sep, val = v.partition("=")
        if not sep or not name.strip() or not val.strip():
            raise ConfigError(f"--{what} expects {form}, got '{v}'", hint=f"e.g. --{what} {example}" if example else None)
        try:
            out.append((name.strip(), convert(val.strip())))
        except ValueError:
            raise ConfigError(f"--{what} {name.strip()} needs a number, got '{val.strip()}'") from None
    return tuple(out)


@app.command("check")
def check_cli(
    files: list[str] = typer.Argument(..., metavar="FILE", help="One bilingual file, or a Chinese file and a Japanese file."),
    output: Path = typer.Option(..., "-o", "--output", metavar="DIR",
                                help="Folder for report.html, review.xlsx, findings.json, findings.csv, "
                                "aligned.tmx and decisions.json (created if missing)."),
    glossary: list[str] = typer.Option([], "--glossary", metavar="FILE", help="Glossary file (CSV/TSV with zh,ja,forbidden,note "
                                       "columns, or TBX-Basic), added to the config's; repeatable."),
    no_default_glossary: bool = typer.Option(False, "--no-default-glossary", metavar="",
                                             help="Do not use the bundled aligner/glossaries/default.csv."),
    against: Optional[str] = typer.Option(None, "--against", metavar="FILE", help="Another version of the Chinese source "
                                          "(plain text); units whose source differs are flagged."),
    decisions: Optional[str] = typer.Option(None, "--decisions", metavar="FILE", help="Review decisions file to apply and "
                                            "update (default: DIR/decisions.json)."),
    only: list[str] = typer.Option([], "--check", metavar="CHECK", help="Run only this check or category; repeatable "
                                   "(default: the config's, else all)."),
    severity: list[str] = typer.Option([], "--severity", metavar="CHECK=SEVERITY", help="Override a severity: CHECK=major|minor|info; "
                                       "repeatable, wins over the config."),
    threshold: list[str] = typer.Option([], "--threshold", metavar="NAME=VALUE", help="Set a numeric threshold: NAME=VALUE "
                                        "(e.g. length_ratio_z=3, min_confidence=0.4); wins over the config."),
    level: Optional[str] = typer.Option(None, "--level", metavar="LEVEL", help="paragraph or sentence (default: config, else "
                                        "paragraph)."),
    layout: Optional[str] = typer.Option(None, "--layout", metavar="LAYOUT",
                                         help=f"Input layout, one of: {', '.join(LAYOUTS)} (default: config, "
                                         "else auto)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="CODEC",
                                           help="Force an input encoding, e.g. gb18030 or cp932 (default: "
                                           "detect)."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", metavar="SEVERITY", help="Exit 1 on open findings at or above: major, "
                                          "minor, info or never (default: config, else major). Accepted, "
                                          "false-positive and fixed findings never fail the gate."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Settings file (default: ./aligner.toml if "
                                          "present)."),
    realign: bool = typer.Option(False, "--realign", metavar="", help="Pair a file that pairs its text itself (TSV/CSV, "
                                 "workbook, Markdown or Word table, TMX, XLIFF) anew, as a PDF extraction is; by "
                                 "default its own pairs are checked and the ones the aligner would pair otherwise "
                                 "are flagged (paired-elsewhere)."),
    include_unmatched: bool = typer.Option(False, "--include-unmatched", metavar="", help="Also write unmatched (1-0/0-1) "
                                           "units to aligned.tmx; by default they are left out and listed in "
                                           "the report."),
) -> None:
    """Align, run the QA checks and write findings and reports; exit 1 when open findings reach the gate.

    Review decisions (accepted / false-positive / fixed, keyed by finding fingerprint) live in
    DIR/decisions.json, or in the file given with --decisions, which is then the only one read
    and updated (a DIR/decisions.json holding verdicts that file lacks is refused, so the two
    cannot drift apart). Decisions whose findings no longer occur are archived in the same file
    and counted on the last line. A malformed glossary stops the run (exit 2) before anything is
    checked or written.
    """
    from ..pipeline import CheckOptions, gate_exit_code, run_check
    if fail_on is not None and fail_on not in GATES:
        raise ConfigError(f"unknown --fail-on '{fail_on}'", hint=f"use one of: {', '.join(GATES)}")
    for folder in output.parents:
        # Refused before the document is read and checked, not after.
        if folder.exists() and not folder.is_dir():
            raise OutputError("is a file, not a folder", path=str(folder),
                              hint="give -o a folder path that does not pass through a file")
    cfg = load_config(config)
    severities = dict(cfg.severities)
    severities.update(_pairs(severity, "severity", form="CHECK=SEVERITY", example="numbers=minor"))
    thresholds = dict(cfg.thresholds)
    thresholds.update(_pairs(threshold, "threshold", float, example="min_confidence=0.4"))
    options = cfg.check_options(
        layout=layout, encoding=encoding, level=level, against=against, decisions=decisions,
        glossaries=(*cfg.glossaries, *glossary) if glossary else None,
        use_default_glossary=False if no_default_glossary else None,
        enabled_checks=tuple(only) if only else None,
        severities=tuple(severities.items()), thresholds=tuple(thresholds.items()),
        include_unmatched=include_unmatched or None, realign=realign or None)
    result = run_check(files, output, options=options)
    counts: dict[str, int] = {}
    for f in result.open_findings():
        counts[f.severity] = counts.get(f.severity, 0) + 1
    summary = ", ".join(f"{counts.get(s, 0)} {s}" for s in ("major", "minor", "info"))
    reviewed = len(result.findings) - len(result.open_findings())
    typer.echo(f"{len(result.alignment.units)} units, open findings: {summary}"
               + (f" ({reviewed} reviewed)" if reviewed else "") + f" → {output}")
    left_out = sum(1 for u in result.alignment.units if not u.matched)
    if left_out and not options.include_unmatched:
        # As `align -o X.tmx` says it: a CAT-tool user counts the units above and finds fewer in the memory.
        typer.echo(f"{left_out} unmatched unit(s) left out of aligned.tmx "
                   f"({len(result.alignment.units) - left_out} written; --include-unmatched keeps them)")
    if result.reopened:
        # A reviewer who marked these fixed would otherwise only see the open count go up.
        shown = ", ".join(result.reopened[:5]) + (" …" if len(result.reopened) > 5 else "")
        typer.echo(f"{len(result.reopened)} finding(s) marked fixed are open again: the text was not changed "
                   f"and still produces them (noted in {result.decisions_path}): {shown}")
    retired = getattr(result, "retired", {})
    if retired:
        typer.echo(f"{len(retired)} review decision(s) archived: their findings no longer occur "
                   f"(kept under 'archived' in {result.decisions_path})")
    raise typer.Exit(gate_exit_code(result.findings, fail_on or cfg.fail_on, result.decisions))
