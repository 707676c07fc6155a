"""`aligner review import`: bring a reviewer's verdicts back into the decisions file, from review.xlsx
(or findings.csv) or from the JSON that report.html's "Export decisions" button downloads."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app

review_app = typer.Typer(
    help="Bring the reviewer's verdicts (review.xlsx, or report.html's exported decisions) into the "
         "decisions file so the next check shows only open findings.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")

UNKNOWN_SHOWN = 5


@review_app.command("import")
def review_import_cli(
    review_file: Path = typer.Argument(
        ..., metavar="FILE",
        help="The review.xlsx written by `aligner check` with status/comment filled in (or findings.csv, if that "
             "is what the reviewer edited), or the JSON downloaded with report.html's 'Export decisions'."),
    decisions: Optional[Path] = typer.Option(
        None, "--decisions", metavar="FILE",
        help="Decisions file to update. Default: decisions.json beside the sheet; for an export, beside the "
             "report it came from when that is on this machine, else beside the export."),
    reviewer: str = typer.Option("", "--reviewer", metavar="NAME", help="Name recorded on verdicts that carry none."),
) -> None:
    """Read status (open/accepted/false-positive/fixed) and comment per fingerprint into the decisions file.

    Verdicts are matched by fingerprint, so sorting, filtering or deleting rows in the sheet is
    harmless. A CSV may be saved as UTF-8 or in the Windows code page (CP932, GB18030). A JSON
    file (by extension, or by content) is taken as an export from report.html; verdicts on findings
    the last check did not produce are kept and listed.
    """
    from ..decisions import import_decisions_json, is_decisions_json, last_check_fingerprints, load_decisions
    from ..writers.review_xlsx import import_review
    elsewhere = False
    if is_decisions_json(review_file):
        summary = import_decisions_json(review_file, decisions, reviewer=reviewer)
        unknown, findings_path = summary.unknown, summary.findings_path
    else:
        target = decisions or review_file.parent / "decisions.json"
        before = load_decisions(target) if target.is_file() else {}
        summary = import_review(review_file, decisions, reviewer=reviewer)
        # A sheet from an older run may hold verdicts for findings the last check no longer has.
        last = last_check_fingerprints(summary.decisions_path)
        after = load_decisions(summary.decisions_path)
        unknown = sorted(fp for fp, d in after.items() if before.get(fp) != d and last and fp not in last[0])
        findings_path = last[1] if last else None
        # A sheet mailed back and saved elsewhere (Downloads): its verdicts land beside it, where no
        # check reads them, and the next check would show every finding still open.
        elsewhere = last is None and decisions is None
    counts = ", ".join(f"{n} {s}" for s, n in summary.statuses.items())
    typer.echo(f"{summary.rows} rows ({counts}); {summary.changed} decisions changed → {summary.decisions_path}")
    if unknown:
        listed = ", ".join(unknown[:UNKNOWN_SHOWN]) + (" …" if len(unknown) > UNKNOWN_SHOWN else "")
        typer.echo(f"{len(unknown)} verdict(s) for findings not in {findings_path} (kept; the next check "
                   f"archives them until the finding reappears): {listed}")
    if elsewhere:
        typer.echo(f"note: {summary.decisions_path.parent} holds no findings.json, so it is not the output folder "
                   "of a check; to bring these verdicts into one, run again with --decisions DIR/decisions.json",
                   err=True)
    if getattr(summary, "signature_differs", False):
        typer.echo(f"note: the export came from a report with another signature than {summary.findings_path} "
                   "(other inputs or settings); verdicts still apply wherever the fingerprints match")
