"""Which layout a single bilingual file is in, from its extension and its text.

Order matters: markup (TMX, `<p>` table rows) is unambiguous; a table is a table only if
most records split into exactly two cells; plain text is told apart by how often the
language of the clearly-marked paragraphs switches.
"""
from __future__ import annotations

from pathlib import Path

from ..sniff import looks_like_pipe_table
from . import interleaved, langid, mixed, table
from .paragraphs import paragraphs

def looks_like_tmx(text: str, path: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    return Path(path).suffix.lower() == ".tmx" or (head.startswith("<?xml") and "<tmx" in head) or head.startswith("<tmx")


def detect(text: str, path: str) -> str:
    if looks_like_tmx(text, path):
        return "tmx"
    if mixed.has_table_rows(text):
        return "mixed"
    if looks_like_pipe_table(text):
        return "markdown"
    delim = table.sniff_delimiter(text)
    if delim:
        return "tsv" if delim == "\t" else "csv"
    forms = langid.forms_tell(text)
    if interleaved.pairs_of(text, forms=forms):
        return "interleaved"
    ev = langid.scorer(forms)
    return langid.layout_of([ev(p.text) for p in paragraphs(text, cut=langid.cutter(forms))])
