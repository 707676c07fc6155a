"""`aligner inspect`: what the reader saw, before anything is aligned."""
from __future__ import annotations

import json
from typing import Optional

import typer

from . import app
from ..readers import LAYOUTS, read_bilingual
from ..readers.summary import summarize


def _preview(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@app.command("inspect")
def inspect_cli(
    files: list[str] = typer.Argument(..., help="One bilingual file, or a Chinese file and a Japanese file."),
    layout: str = typer.Option("auto", "--layout",
                               help=f"Input layout, one of: {', '.join(LAYOUTS)}. 'auto' detects it."),
    encoding: Optional[str] = typer.Option(None, "--encoding",
                                           help="Force an input encoding, e.g. gb18030 or cp932 (default: detect)."),
    preview: int = typer.Option(5, "--preview", min=0, help="How many paragraphs of each language to show."),
    width: int = typer.Option(60, "--width", min=10, help="Characters of each previewed paragraph to show."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON (full preview texts)."),
) -> None:
    """Show how a document was read: layout, encoding, paragraph counts, and the first paragraphs with their lines.

    Run this first on a new document: if the layout or the counts look wrong, fix them with
    --layout or --encoding before aligning.
    """
    info = summarize(read_bilingual(files, layout=layout, encoding=encoding), preview=preview)
    if as_json:
        typer.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    typer.echo(f"files: {', '.join(info['files'])}")
    typer.echo(f"layout: {info['layout']}   encoding: {info['encoding']}")
    p, c = info["paragraphs"], info["characters"]
    typer.echo(f"paragraphs: zh {p['zh']}   ja {p['ja']}   (characters: zh {c['zh']}   ja {c['ja']})")
    for note in info["notes"]:
        typer.echo(f"note: {note}")
    for lang in ("zh", "ja"):
        typer.echo(f"-- {lang} --")
        for seg in info["preview"][lang]:
            typer.echo(f"  {seg['location']}  {_preview(seg['text'], width)}")
