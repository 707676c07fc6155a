"""`aligner inspect`: what the reader saw, before anything is aligned."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path, PurePath
from typing import Optional

import typer

from . import app
from ..config import load_config
from ..layouts import LAYOUTS


def _cells(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _preview(text: str, width: int) -> str:
    """`text` cut to `width` terminal columns: a Chinese or Japanese character takes two."""
    if sum(_cells(c) for c in text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        if used + _cells(ch) > width - 1:
            break
        out.append(ch)
        used += _cells(ch)
    return "".join(out) + "…"


@app.command("inspect")
def inspect_cli(
    files: list[str] = typer.Argument(..., metavar="FILE", help="One bilingual file, or a Chinese file and a Japanese file."),
    layout: Optional[str] = typer.Option(None, "--layout", metavar="LAYOUT",
                                         help=f"Input layout, one of: {', '.join(LAYOUTS)}. 'auto' detects it "
                                              "(default: config, else auto)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="CODEC",
                                           help="Force an input encoding, e.g. gb18030 or cp932 (default: config, "
                                                "else detect)."),
    preview: int = typer.Option(5, "--preview", min=0, metavar="N", help="How many paragraphs of each language to show."),
    width: int = typer.Option(60, "--width", min=10, metavar="COLUMNS",
                              help="Terminal columns of each previewed paragraph to show (a CJK character takes two)."),
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print the summary as JSON (full preview texts)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Settings file (default: "
                                          "./aligner.toml if present); its [input] layout and encoding apply."),
) -> None:
    """Show how a document was read: layout, encoding, paragraph counts, and the first paragraphs with their lines.

    Run this first on a new document: if the layout or the counts look wrong, fix them with
    --layout or --encoding before aligning.
    """
    from ..readers import read_bilingual
    from ..readers.summary import summarize
    # Read as check and align will read it, or the layout shown here is not the one they use.
    cfg = load_config(config)
    layout, encoding = layout or cfg.layout, encoding or cfg.encoding
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
        if not info["preview"][lang]:
            continue  # --preview 0: no empty headings
        typer.echo(f"-- {lang} --")
        # The full paths are on the files: line; here the file name and lines, in one column.
        locs = [_short_location(seg) for seg in info["preview"][lang]]
        pad = max(map(len, locs), default=0)
        for loc, seg in zip(locs, info["preview"][lang]):
            typer.echo(f"  {loc:<{pad}}  {_preview(seg['text'], width)}")


def _short_location(seg: dict) -> str:
    lines = str(seg["first_line"]) if seg["first_line"] == seg["last_line"] else f"{seg['first_line']}-{seg['last_line']}"
    return f"{PurePath(seg['file']).name}:{lines}"
