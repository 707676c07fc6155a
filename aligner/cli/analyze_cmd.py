"""`aligner analyze`: TM leverage analysis of new Chinese documents against translation memories."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ..config import load_config
from ..errors import OutputError


@app.command("analyze")
def analyze_cli(
    documents: list[Path] = typer.Argument(..., metavar="FILE", help="New Chinese documents (plain text) to analyse."),
    tm: list[Path] = typer.Option(..., "--tm", metavar="TMX", help="Translation memory (TMX, zh source, ja target); repeatable."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", metavar="DIR",
                                          help="Folder for analysis.html, analysis.csv and analysis.json."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="CODEC",
                                           help="Encoding of the documents (default: config, else detected; "
                                                "e.g. gb18030, utf-16)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Settings file (default: "
                                          "./aligner.toml if present); its [input] encoding applies."),
) -> None:
    """Count segments and characters per match band (100 %, 95–99 %, 85–94 %, 75–84 %, 50–74 %, no match).

    Each sentence of the new documents is looked up in the memories; the score is
    1 − edit distance / longer length on NFKC-normalised characters, as CAT tools report it.
    Prints the totals; with -o, also writes per-segment best matches as HTML and CSV.
    A memory from `aligner align --level sentence` matches sentence for sentence; a
    paragraph-level memory understates leverage, and the output says so.
    """
    from ..analyze import analyze, format_totals, write_reports
    # The same [input] encoding check, align and inspect read the documents with; --encoding wins.
    encoding = encoding or load_config(config).encoding
    if output is not None:
        # Refuse a wrong -o before minutes of matching, not after the totals are printed.
        for folder in (output, *output.parents):
            if folder.exists() and not folder.is_dir():
                raise OutputError("is a file, not a folder", path=str(folder),
                                  hint="give -o a folder for analysis.html, analysis.csv and analysis.json")
    result = analyze([str(d) for d in documents], [str(t) for t in tm], encoding=encoding)
    n = len(result.documents)
    typer.echo(f"{n} document{'' if n == 1 else 's'} against {result.tm_units} memory units")
    typer.echo(format_totals(result))
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    if output is not None:
        outputs = write_reports(result, output)
        typer.echo(f"→ {outputs['analysis.html']}")
