"""`aligner review import`: bring a reviewer's verdicts from review.xlsx back into the decisions file."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ..writers.review_xlsx import import_review

review_app = typer.Typer(
    help="Work with the reviewer's spreadsheet: import review.xlsx verdicts so the next check shows only open findings.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")


@review_app.command("import")
def review_import_cli(
    xlsx: Path = typer.Argument(..., help="The review.xlsx written by `aligner check`, with status/comment filled "
                                "in (or findings.csv, if that is what the reviewer edited)."),
    decisions: Optional[Path] = typer.Option(
        None, "--decisions", help="Decisions file to update (default: decisions.json beside the xlsx)."),
    reviewer: str = typer.Option("", "--reviewer", help="Name recorded on rows whose reviewer cell is empty."),
) -> None:
    """Read status (open/accepted/false-positive/fixed) and comment per fingerprint into the decisions file.

    Rows are matched by their fingerprint column, so sorting, filtering or deleting rows in the
    sheet is harmless. A CSV may be saved as UTF-8 or in the Windows code page (CP932, GB18030).
    """
    summary = import_review(xlsx, decisions, reviewer=reviewer)
    counts = ", ".join(f"{n} {s}" for s, n in summary.statuses.items())
    typer.echo(f"{summary.rows} rows ({counts}); {summary.changed} decisions changed → {summary.decisions_path}")
