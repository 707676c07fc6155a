"""`aligner align`: aligned units to JSONL, TSV or TMX."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from . import app
from ..layouts import LAYOUTS
from ..config import is_language_code, load_config
from ..errors import ConfigError, OutputError


@app.command("align")
def align_cli(
    files: list[str] = typer.Argument(..., metavar="FILE", help="One bilingual file, or a Chinese file and a Japanese file."),
    output: Path = typer.Option(..., "-o", "--output", metavar="FILE", help="Output file: .jsonl, .tsv or .tmx."),
    level: Optional[str] = typer.Option(None, "--level", metavar="LEVEL",
                                        help="paragraph, or sentence (sentences aligned inside aligned paragraphs) "
                                             "(default: config, else paragraph)."),
    layout: Optional[str] = typer.Option(None, "--layout", metavar="LAYOUT",
                                         help=f"Input layout, one of: {', '.join(LAYOUTS)}; 'auto' detects it "
                                              "(default: config, else auto)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="CODEC",
                                           help="Force an input encoding, e.g. gb18030 or cp932 (default: "
                                           "config, else detect)."),
    include_unmatched: bool = typer.Option(False, "--include-unmatched", metavar="", help="TMX: also write 1-0/0-1 units."),
    realign: bool = typer.Option(False, "--realign", metavar="", help="Pair a file that pairs its text itself (TSV/CSV, "
                                 "workbook, Markdown or Word table, TMX, XLIFF) anew; by default its pairs are kept "
                                 "and each gets the aligner's confidence (low where it would pair otherwise)."),
    srclang: Optional[str] = typer.Option(None, "--srclang", metavar="CODE",
                                          help="TMX: language code of the Chinese variants (match your CAT project, "
                                               "e.g. zh-CN, zh-Hans, zh; default: config, else zh-CN)."),
    tgtlang: Optional[str] = typer.Option(None, "--tgtlang", metavar="CODE",
                                          help="TMX: language code of the Japanese variants (e.g. ja-JP, ja; "
                                               "default: config, else ja-JP)."),
    illegal: str = typer.Option("replace", "--illegal", metavar="POLICY", help="TMX: what to do with control characters XML "
                                "cannot carry: 'replace' (U+FFFD, a <note> on the unit, listed here) or "
                                "'strict' (write nothing, exit 2)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Settings file (default: "
                                          "./aligner.toml if present); its [input], [align] and [languages] apply."),
) -> None:
    """Align paragraphs (or sentences) and write one unit per aligned pair.

    Each unit carries its bead type (1-1, 2-1, 1-0 ...) and a confidence in [0, 1]; units
    below 0.5 and unmatched (1-0/0-1) units are the ones worth a reviewer's look.
    """
    from ..align import LEVELS, LOW_CONFIDENCE, AlignConfig, align
    from ..formats import tmx
    from ..readers import read_bilingual
    from ..signature import signature
    from ..writers.jsonl import write_jsonl, write_tsv
    # The same settings file as check and batch, so `align -o X.tmx` and check's aligned.tmx agree
    # on language codes and level.
    cfg = load_config(config)
    level, layout, encoding = level or cfg.level, layout or cfg.layout, encoding or cfg.encoding
    srclang, tgtlang = srclang or cfg.srclang, tgtlang or cfg.tgtlang
    for option, code, prefix in (("--srclang", srclang, "zh"), ("--tgtlang", tgtlang, "ja")):
        # As the settings file's codes are checked: a CAT tool files Japanese tagged 'zh' as Chinese.
        if not is_language_code(code, prefix):
            raise ConfigError(f"{option} '{code}' is not a {prefix}* language code",
                              hint=f"use e.g. '{prefix}' or '{'zh-CN' if prefix == 'zh' else 'ja-JP'}'")
    if level not in LEVELS:
        raise OutputError(f"unknown --level '{level}'", hint=f"use one of: {', '.join(LEVELS)}")
    if illegal not in tmx.ILLEGAL_POLICIES:
        raise OutputError(f"unknown --illegal '{illegal}'", hint=f"use one of: {', '.join(tmx.ILLEGAL_POLICIES)}")
    suffix = output.suffix.lower()
    if suffix not in (".jsonl", ".tsv", ".tmx"):
        raise OutputError("output must end in .jsonl, .tsv or .tmx", path=str(output))
    for f in files:
        # `align memory.tmx -o memory.tmx` would replace the user's memory (its notes, properties and
        # unmatched units) with this run's; refused before anything is read or written.
        if Path(f).is_file() and _same_file(Path(f), output):
            raise OutputError("-o names an input file, which would be overwritten", path=str(output),
                              hint="give -o a new file name")
    doc = read_bilingual(files, layout=layout, encoding=encoding)
    alignment = align(doc, level=level, config=AlignConfig(realign=realign or cfg.realign))
    # As `check -o DIR` does, a missing folder is created, but only once the input has been read and
    # aligned, so a bad input leaves nothing behind.
    for folder in (output.parent, *output.parent.parents):
        if folder.exists() and not folder.is_dir():
            raise OutputError("is a file, not a folder", path=str(folder),
                              hint="give -o a file name inside a folder")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc.strerror}", path=str(output.parent),
                          hint="give -o a path in a folder you can write to") from None
    if suffix == ".jsonl":
        write_jsonl(alignment, output)
    elif suffix == ".tsv":
        write_tsv(alignment, output)
    else:
        # The inputs are hashed as in `check`, so a memory can be traced to the documents it came from.
        inputs = {f"input:{p}": p for p in alignment.source.files if Path(p).is_file()}
        replaced = tmx.write(alignment, output, signature=signature({**alignment.settings, "layout": doc.layout}, inputs),
                             include_unmatched=include_unmatched, srclang=srclang, tgtlang=tgtlang, illegal=illegal)
        if replaced:
            # Never silent: a CAT tool would import U+FFFD as if it were part of the translation.
            shown = "; ".join(f"unit {r.unit} {r.lang} offset {r.offset} {r.codepoint}" for r in replaced[:5])
            more = f" and {len(replaced) - 5} more" if len(replaced) > 5 else ""
            typer.echo(f"warning: {len(replaced)} character(s) XML 1.0 cannot carry were replaced by U+FFFD in "
                       f"{output} (each noted on its unit): {shown}{more}", err=True)
    unmatched = sum(1 for u in alignment.units if not u.matched)
    low = sum(1 for u in alignment.units if u.matched and u.confidence < LOW_CONFIDENCE)
    kinds: dict[str, int] = {}
    for u in alignment.units:
        kinds[u.kind] = kinds.get(u.kind, 0) + 1
    mix = " ".join(f"{k}:{v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))
    left_out = ""
    if suffix == ".tmx" and unmatched and not include_unmatched:
        # Else a CAT-tool user counts the units said here and finds fewer in the memory.
        left_out = (f" (left out of the TMX, {len(alignment.units) - unmatched} units written; "
                    "--include-unmatched keeps them)")
    elsewhere = sum(1 for u in alignment.units if u.paired_elsewhere)
    # The file's own pairs, kept, although the aligner finds their translation elsewhere.
    disputed = f", {elsewhere} paired elsewhere (kept as the file pairs them; see 'aligner check')" if elsewhere else ""
    typer.echo(f"{len(alignment.units)} {level} units ({mix}); {low} low-confidence (<{LOW_CONFIDENCE}), "
               f"{unmatched} unmatched{disputed}{left_out} → {output}")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return b.exists() and a.samefile(b)
    except OSError:
        return False
