"""Which layout a single bilingual file is in, from its extension and its text.

Binary containers (workbooks, Word documents) are told apart in `office`; XLIFF is recognised
here on the bytes, before decoding, since it may be UTF-16 and declares its own encoding.
Order matters: markup (TMX, `<p>` table rows) is unambiguous; a table is a table only if
most records split into exactly two cells; plain text is told apart by how often the
language of the clearly-marked paragraphs switches.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..sniff import looks_like_pipe_table
from . import interleaved, langid, mixed, table
from .paragraphs import paragraphs
from .xliff import SUFFIXES as XLIFF_SUFFIXES, with_bom

# The root element, after an XML declaration, comments, a DOCTYPE or processing instructions.
_XLIFF_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>|<\?[^>]*\?>)\s*)*"
                         rb"<([\w.-]+:)?xliff[\s>/]", re.DOTALL)


def looks_like_tmx(text: str, path: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    return Path(path).suffix.lower() == ".tmx" or (head.startswith("<?xml") and "<tmx" in head) or head.startswith("<tmx")


def looks_like_xliff(data: bytes, path: str = "") -> bool:
    """An XLIFF by its name or its root element (in any namespace), whatever its encoding."""
    if Path(path).suffix.lower() in XLIFF_SUFFIXES:
        return True
    head = with_bom(data[:4000])
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return bool(_XLIFF_ROOT.match(head.removeprefix(b"\xef\xbb\xbf")))


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
