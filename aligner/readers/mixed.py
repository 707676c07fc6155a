"""Chinese and Japanese interleaved in page-sized chunks, as a PDF extraction of a bilingual edition gives them.

Each page holds a run of Chinese paragraphs and then the Japanese of the same passage
(or, in table pages, one row: Chinese cells TAB Japanese cells). A paragraph cut by the
page break continues after the other language's chunk, so each language's paragraph
that ends its chunk mid-sentence is joined with the first paragraph of the next chunk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Bilingual, Segment
from . import langid
from .paragraphs import (SEPARATOR_ROW, Block, ends_sentence, is_bold, join_pieces, split_blocks,
                         starts_list_item, strip_markup)

_CELL_SPLIT = re.compile(r"</?p>")


@dataclass
class Item:
    lang: str
    text: str
    first_line: int
    last_line: int
    heading: bool
    starts_chunk: bool


def is_table_row(line: str) -> bool:
    return "\t" in line and "<p>" in line


def row_cells(column: str) -> list[tuple[str, bool]]:
    """The cells of one table column: (text, is_heading). Text outside `<p>` is kept as a cell too."""
    out = []
    for piece in _CELL_SPLIT.split(column):
        text = join_pieces([strip_markup(piece)])
        if text:
            out.append((text, is_bold(piece)))
    return out


def units(lines: list[str]) -> list[tuple[str, object]]:
    """The document as a sequence of ("text", [Block…]) runs and ("row", (line_no, left, right)) rows."""
    out: list[tuple[str, object]] = []
    run: list[str] = []
    run_start = 1
    for no, line in enumerate(lines, start=1):
        if SEPARATOR_ROW.match(line) or is_table_row(line):
            if run:
                out.append(("text", split_blocks(run, run_start)))
            run, run_start = [], no + 1
            if is_table_row(line):
                left, right = line.split("\t", 1)
                out.append(("row", (no, row_cells(left), row_cells(right))))
            continue
        if not run:
            run_start = no
        run.append(line)
    if run:
        out.append(("text", split_blocks(run, run_start)))
    return out


def _items(lines: list[str], switch_cost: float) -> list[Item]:
    items: list[Item] = []
    for kind, payload in units(lines):
        if kind == "row":
            no, left, right = payload  # type: ignore[misc]
            l_ev = sum(langid.evidence(t) for t, _ in left)
            r_ev = sum(langid.evidence(t) for t, _ in right)
            # The Chinese column comes first unless the script says the columns are the other way round.
            cols = ((langid.JA, left), (langid.ZH, right)) if l_ev > r_ev else ((langid.ZH, left), (langid.JA, right))
            for lang, cells in cols:
                for k, (text, heading) in enumerate(cells):
                    items.append(Item(lang, text, no, no, heading, k == 0))
            continue
        blocks: list[Block] = [b for b in payload if b.text]  # type: ignore[union-attr]
        langs = langid.chunks([langid.evidence(b.text) for b in blocks], switch_cost=switch_cost)
        after_row = bool(items)
        for k, (b, lang) in enumerate(zip(blocks, langs)):
            new_chunk = (k == 0 and after_row) or not items or items[-1].lang != lang
            items.append(Item(lang, b.text, b.first_line, b.last_line, b.heading, new_chunk))
    return items


def continues(prev: Item, cur: Item) -> bool:
    """Is `cur` the rest of `prev`, cut by a page break? Only across a chunk boundary."""
    return (cur.starts_chunk and not prev.heading and not cur.heading
            and not ends_sentence(prev.text) and not starts_list_item(cur.text))


def merge_continuations(items: list[Item]) -> list[Item]:
    out: list[Item] = []
    for it in items:
        if out and continues(out[-1], it):
            prev = out[-1]
            out[-1] = Item(prev.lang, join_pieces([prev.text, it.text]), prev.first_line, it.last_line,
                           False, prev.starts_chunk)
        else:
            out.append(it)
    return out


def parse(text: str, *, file: str, encoding: str, switch_cost: float = 2.5) -> Bilingual:
    items = _items(text.split("\n"), switch_cost)
    result = {}
    for lang in (langid.ZH, langid.JA):
        merged = merge_continuations([it for it in items if it.lang == lang])
        result[lang] = tuple(Segment(it.text, lang, file, it.first_line, it.last_line) for it in merged)
    return Bilingual(result["zh"], result["ja"], "mixed", encoding, (file,))


def has_table_rows(text: str) -> bool:
    return any(is_table_row(line) for line in text.split("\n"))
