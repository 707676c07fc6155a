"""`aligner inspect`: what the reader saw, before anything is aligned."""
from __future__ import annotations

from typing import Optional

import typer

from . import app
from ..readers import read_bilingual


def _preview(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("inspect")
def inspect_cli(
    files: list[str] = typer.Argument(..., help="One bilingual file, or a Chinese file and a Japanese file."),
    layout: str = typer.Option("auto", "--layout", help="Input layout; 'auto' detects it."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Force an input encoding (default: detect)."),
    preview: int = typer.Option(5, "--preview", help="How many paragraphs of each language to show."),
) -> None:
    """Show the detected layout and encoding, paragraph counts and a preview of each language."""
    doc = read_bilingual(files, layout=layout, encoding=encoding)
    typer.echo(f"files: {', '.join(doc.files)}")
    typer.echo(f"layout: {doc.layout}   encoding: {doc.encoding}")
    typer.echo(f"paragraphs: zh {len(doc.zh)}   ja {len(doc.ja)}")
    for lang, segs in (("zh", doc.zh), ("ja", doc.ja)):
        typer.echo(f"-- {lang} --")
        for seg in segs[:preview]:
            typer.echo(f"  {seg.location}  {_preview(seg.text)}")
