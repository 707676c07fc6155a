"""Alignment: paragraphs first, then sentences inside each aligned paragraph group."""
from __future__ import annotations

from itertools import zip_longest

from ..model import Alignment, Bilingual, Unit

LEVELS = ("paragraph", "sentence")


def align(doc: Bilingual, *, level: str = "paragraph") -> Alignment:
    units = []
    for i, (z, j) in enumerate(zip_longest(doc.zh, doc.ja)):
        units.append(Unit(i, (z,) if z else (), (j,) if j else (), 0.5 if z and j else 0.0))
    return Alignment(tuple(units), level, doc, {"level": level, "aligner": "naive"})
