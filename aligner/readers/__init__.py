"""Readers: every layout becomes the same Bilingual record (paragraphs per language, with provenance)."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Bilingual, Segment
from .textfile import decode_file
from . import mixed

LAYOUTS = ("auto", "mixed")


def read_bilingual(paths: list[str] | tuple[str, ...], *, layout: str = "auto", encoding: str | None = None) -> Bilingual:
    """Read one bilingual file or a pair of files (Chinese first) into paragraphs per language."""
    paths = [str(p) for p in paths]
    if not paths or len(paths) > 2:
        raise InputError("give one bilingual file or two files (Chinese, then Japanese)")
    if layout not in LAYOUTS:
        raise InputError(f"unknown layout '{layout}'", hint=f"choose one of: {', '.join(LAYOUTS)}")
    text, enc = decode_file(paths[0], encoding=encoding)
    doc = mixed.parse(text, file=paths[0], encoding=enc)
    if not doc.zh or not doc.ja:
        missing = "Chinese" if not doc.zh else "Japanese"
        raise InputError(f"no {missing} text found", path=paths[0],
                         hint="give a bilingual file, or the two language files side by side")
    return doc


def read_monolingual(path: str, *, lang: str = "zh", encoding: str | None = None) -> tuple[Segment, ...]:
    """Paragraphs of a one-language file (blank-line separated)."""
    text, _ = decode_file(path, encoding=encoding)
    out, buf, start = [], [], 0
    for no, line in enumerate(text.split("\n") + [""], start=1):
        if line.strip():
            if not buf:
                start = no
            buf.append(line.strip())
        elif buf:
            out.append(Segment("".join(buf), lang, path, start, no - 1))
            buf = []
    return tuple(out)
