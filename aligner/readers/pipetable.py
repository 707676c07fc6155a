"""Markdown pipe tables (`| 中文 | 日本語 |`, a `|---|---|` row under the header), as documents
converted by pandoc, wikis and chat tools give a bilingual table.

Choices, and why:
- A pipe table is a grid like a sheet, so its columns are chosen by the workbook's rules
  (a header naming the languages, else the pair of columns whose script differs row by row;
  the script says which is which) rather than by position: an ID or a notes column is common.
- A cell's `<br>` is a line break inside the cell (layout, joined like a wrapped line); `\\|`
  is a literal bar; `**bold**` and `<b>` are markup. Nothing else inside a cell is touched.
- Text outside the tables (a `# 标题` heading, an introduction) is text of the document: each
  paragraph goes to the language its script shows, never dropped. The rows are the file's
  pairs; the paragraphs outside them are in none, so the aligner pairs them among themselves
  (a heading with its translation, one with none as an unmatched unit).
- Other columns with Chinese or Japanese text (notes) are not read; `inspect` names them.
- A location is the line of the row, as an editor shows it.
"""
from __future__ import annotations

import re

from ..errors import InputError
from ..model import Bilingual, Segment, pairs_by_lines
from ..sniff import is_pipe_row, is_pipe_separator
from . import langid
from .paragraphs import join_pieces, paragraphs, strip_markup
from .grid import Cell, Sheet, choose_columns, column_number, segments

_BREAK = re.compile(r"<br\s*/?>", re.I)
_BAR = re.compile(r"(?<!\\)\|")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")  # `## 标题 ##`: the hashes are markup


def cells(line: str) -> list[str]:
    s = line.strip()[1:-1]
    return [join_pieces(_BREAK.split(strip_markup(c).replace("\\|", "|"))) for c in _BAR.split(s)]


def _tables(lines: list[str]) -> tuple[list[Sheet], list[tuple[int, int]]]:
    """The tables (one Sheet each, rows keyed by line number) and the line ranges of text between them."""
    sheets, prose = [], []
    k, start = 0, 0
    while k < len(lines):
        if is_pipe_row(lines[k]) and not is_pipe_separator(lines[k]):
            first = k
            rows: dict[int, dict[int, Cell]] = {}
            while k < len(lines) and is_pipe_row(lines[k]):
                if not is_pipe_separator(lines[k]):
                    no = k + 1
                    row = {c: Cell(t, no, (c, c)) for c, t in enumerate(cells(lines[k])) if t.strip()}
                    if row:
                        rows[no] = row
                k += 1
            if first > start:
                prose.append((start, first))
            sheets.append(Sheet(f"table at line {first + 1}", rows))
            start = k
        else:
            k += 1
    if start < len(lines):
        prose.append((start, len(lines)))
    return sheets, prose


def parse(text: str, *, file: str, encoding: str) -> Bilingual:
    lines = text.split("\n")
    ev = langid.scorer(langid.forms_tell(text))
    sheets, prose = _tables(lines)
    zh: list[Segment] = []
    ja: list[Segment] = []
    used = []
    for sheet in sheets:
        choice = choose_columns(sheet, ev)
        if choice is None:
            raise InputError(f"the {sheet.title} has no Chinese column and Japanese column", path=file,
                             hint="put the Chinese in one column and its Japanese translation in another, "
                                  "with a header row naming them (中文 | 日本語), or choose another --layout")
        table_zh, table_ja, unread = segments(sheet, choice, ev, file)
        zh += table_zh
        ja += table_ja
        used.append(f"zh column {column_number(choice.zh)}, ja column {column_number(choice.ja)}"
                    + (f" (column{'s' * (len(unread) > 1)} {', '.join(map(column_number, unread))} not read)"
                       if unread else ""))
    for a, b in prose:
        for p in paragraphs("\n".join(_HEADING.sub("", ln) for ln in lines[a:b]), start=a + 1):
            seg_lang = "ja" if ev(p.text) > 0 else "zh"
            (ja if seg_lang == "ja" else zh).append(Segment(p.text, seg_lang, file, p.first_line, p.last_line))
    zh.sort(key=lambda s: s.first_line)
    ja.sort(key=lambda s: s.first_line)
    where = encoding + (f"; {'; '.join(sorted(set(used)))}" if used else "")
    # Rows pair their cells; paragraphs around the tables are in no pair: the aligner pairs them.
    rows = {no for sheet in sheets for no in sheet.rows}
    zi = [k for k, s in enumerate(zh) if s.first_line in rows]
    ji = [k for k, s in enumerate(ja) if s.first_line in rows]
    pairs = tuple((tuple(zi[i] for i in gz), tuple(ji[j] for j in gj))
                  for gz, gj in pairs_by_lines(tuple(zh[k] for k in zi), tuple(ja[k] for k in ji)))
    return Bilingual(tuple(zh), tuple(ja), "markdown", where, (file,), pairs)
