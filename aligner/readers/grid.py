"""Tables of cells (a workbook's sheet, a Word or a Markdown table): which column is Chinese, which
Japanese, and the paragraphs they hold.

Columns: a header row naming the languages (zh/ja, 中文/日本語, source/target …) picks the two
columns; without one, the pair of columns whose script most often disagrees row by row (one
Chinese, one Japanese) is taken. Either way the script decides which is which, as for TSV/CSV,
so a Japanese-first table is read the right way round. Columns without Chinese or Japanese text
(IDs, English notes, numbers, a status) are never candidates.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..lang.script import kana_count
from ..model import Segment
from .paragraphs import join_pieces
from .table import HEADER_WORDS, is_header

# Header words that name one language; "source"/"target" and the like only say the column is text.
_ZH_WORDS = {"zh", "cn", "zh-cn", "zh_cn", "chinese", "中文", "汉语", "漢語", "中国語", "中国语", "简体中文", "原文", "中文原文"}
_JA_WORDS = {"ja", "jp", "ja-jp", "ja_jp", "japanese", "日文", "日语", "日語", "日本語", "日本语", "日本語訳", "訳文", "译文"}

@dataclass(frozen=True)
class Cell:
    text: str
    last_row: int        # the last row a merged cell spans (its own row otherwise)
    columns: tuple[int, int] = (0, 0)  # first and last column a merged cell spans (0-based)


@dataclass(frozen=True)
class Sheet:
    """A table's non-empty cells, by row number (as Excel shows it, or as counted in a Word table) and
    0-based column; `title` names it in messages."""

    title: str
    rows: dict[int, dict[int, Cell]]  # row number → column (0-based) → non-empty cell
    uncomputed: frozenset[tuple[int, int]] = frozenset()  # (row, column) of formulas with no stored result


def column_name(n: int) -> str:
    name = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name



# Han (with 〇) and kana, as lang.script counts them; a search, because every cell of a table is tested.
_CJK = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
                  "\u3041-\u309f\u30a0-\u30fa\u30fd-\u30ff\uff66-\uff9f\u31f0-\u31ff]")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def _header_language(text: str) -> str | None:
    t = text.strip().lower()
    return "zh" if t in _ZH_WORDS else "ja" if t in _JA_WORDS else None


@dataclass(frozen=True)
class Choice:
    zh: int
    ja: int
    header_row: int | None


def _header_row(sheet: Sheet) -> int | None:
    """The row of column labels: the first row if it names a language or holds only short Latin
    labels, or a row naming a language under one or two title rows (a merged 双语对照表 above it).

    A cell naming a language is enough, so a header may also label other columns in Chinese (序号, 备注).
    """
    first_rows = sorted(sheet.rows)[:3]
    for k, r in enumerate(first_rows):
        if k and len(sheet.rows[first_rows[k - 1]]) > 1:
            break  # only titles (one cell each) may stand above the header
        if any(_header_language(cell.text) for cell in sheet.rows[r].values()):
            return r
    first = first_rows[0]
    return first if is_header([c.text for c in sheet.rows[first].values()]) else None


def choose_columns(sheet: Sheet, ev) -> Choice | None:
    """The Chinese and Japanese columns of a sheet, or None when it does not hold both languages."""
    if not sheet.rows:
        return None
    header_row = _header_row(sheet)
    head = sheet.rows.get(header_row, {}) if header_row is not None else {}
    body = {r: cells for r, cells in sheet.rows.items() if r != header_row}
    text_cols = sorted({c for cells in body.values() for c, cell in cells.items() if has_cjk(cell.text)})
    pair = None
    named = {c: _header_language(cell.text) for c, cell in head.items() if c in text_cols}
    zh = [c for c, lang in named.items() if lang == "zh"]
    ja = [c for c, lang in named.items() if lang == "ja"]
    if zh and ja:
        pair = (zh[0], ja[0])
    else:
        labelled = [c for c, cell in head.items() if cell.text.strip().lower() in HEADER_WORDS and c in text_cols]
        if len(labelled) >= 2:
            pair = (labelled[0], labelled[1])
    if pair is None:
        # Evidence once per cell: the pairs of columns compare the same cells many times.
        ev = functools.lru_cache(maxsize=None)(ev)
        pair = _contrasting_pair(body, text_cols, ev)
    if pair is None:
        return None
    side = {k: sum(ev(cells[k].text) for cells in body.values() if k in cells) for k in pair}
    a, b = pair
    zh_col, ja_col = (a, b) if side[a] <= side[b] else (b, a)
    ja_kana = any(kana_count(cells[ja_col].text) for cells in body.values() if ja_col in cells)
    if side[ja_col] <= side[zh_col] or (side[ja_col] <= 0 and not ja_kana):
        return None  # no column reads as Japanese (two Chinese columns, simplified and traditional, say)
    return Choice(zh_col, ja_col, header_row)


NEAR_TIE = 0.8  # a pair differing on at least this share of the best pair's rows is as good a contrast


def _contrasting_pair(body, cols: list[int], ev) -> tuple[int, int] | None:
    """The two columns whose cells most often differ in language on the same row.

    A short note in Chinese on every row (确认) contrasts with the Japanese column as often as the
    source does, more often where a row of source and translation tells no language (a heading
    written alike); so among pairs about as contrasting as the best (or as the best but for such
    rows), the one whose smaller column holds most text is a source and its translation (leftmost
    on a tie)."""
    scored = []
    for i, a in enumerate(cols):
        for b in cols[i + 1:]:
            ab = ba = alike = 0
            for cells in body.values():
                if a in cells and b in cells:
                    d = ev(cells[b].text) - ev(cells[a].text)
                    ab += d > 0
                    ba += d < 0
                    alike += d == 0
            if max(ab, ba):
                scored.append((max(ab, ba), alike, a, b))
    if not scored:
        return (cols[0], cols[1]) if len(cols) == 2 else None  # no row has both sides: one language per column
    top = max(score for score, _, _, _ in scored)
    size = {c: sum(len(cells[c].text) for cells in body.values() if c in cells) for c in cols}
    near = [(a, b) for score, alike, a, b in scored if score >= NEAR_TIE * top or score + alike >= top]
    return max(near, key=lambda ab: min(size[ab[0]], size[ab[1]]))



def describe(sheet: Sheet, ev) -> str:
    cols = {c for cells in sheet.rows.values() for c, cell in cells.items() if has_cjk(cell.text)}
    if not sheet.rows:
        return "empty"
    if not cols:
        return "no Chinese or Japanese text"
    if len(cols) == 1:
        return f"one column of text ({column_name(next(iter(cols)))})"
    text = "".join(cell.text for cells in sheet.rows.values() for cell in cells.values())
    return "Japanese only" if ev(text) > 0 else "Chinese only"


def column_number(n: int) -> str:
    """A column as a Word or Markdown table is counted: from 1."""
    return str(n + 1)


def columns_note(choice: Choice, unread: list[int], name=column_name) -> str:
    """What `inspect` says of the columns read: the two language columns, the header row skipped and the
    other columns with Chinese or Japanese text (`name` spells a column: B for a sheet, 2 for a Word table)."""
    note = f"zh column {name(choice.zh)}, ja column {name(choice.ja)}"
    if choice.header_row is not None:
        note += f", header row {choice.header_row} skipped"
    if unread:
        note += f"; column{'s' * (len(unread) > 1)} {', '.join(map(name, unread))} not read"
    return note


def segments(sheet: Sheet, choice: Choice, ev, file: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...], list[int]]:
    """The Chinese and Japanese paragraphs of a table, a row each, and the other columns holding CJK text.

    A row is a pair: a cell with line breaks is one paragraph (the break is layout), a row with
    one side filled is an unmatched paragraph on that side; a merged cell counts for every row it
    spans, and one merged across both language columns goes to the language its script shows.
    """
    zh: list[Segment] = []
    ja: list[Segment] = []
    lang_of = {choice.zh: "zh", choice.ja: "ja"}
    lo = min(choice.zh, choice.ja)
    unread: set[int] = set()
    for r in sorted(sheet.rows):
        row: dict[str, tuple[str, int]] = {}
        for c, cell in sorted(sheet.rows[r].items()):
            c1, c2 = cell.columns
            covered = [k for k in (choice.zh, choice.ja) if c1 <= k <= c2 and r != choice.header_row]
            if not covered:
                if r != choice.header_row and has_cjk(cell.text):
                    unread.add(c)
                continue
            if len(covered) == 2:
                # Merged across both language columns: a title over the table, in one language or the other.
                e = ev(cell.text)
                lang = "ja" if e > 0 else "zh" if e < 0 else lang_of[lo]
            else:
                lang = lang_of[covered[0]]
            text = join_pieces(cell.text.split("\n"))
            if text and lang not in row:
                row[lang] = (text, cell.last_row)
            elif text:  # both cells of a row in one language (two merged titles): keep both, in order
                prev, last = row[lang]
                row[lang] = (join_pieces([prev, text]), max(last, cell.last_row))
        for lang, out in (("zh", zh), ("ja", ja)):
            if lang in row:
                text, last = row[lang]
                out.append(Segment(text, lang, file, r, last))
    return tuple(zh), tuple(ja), sorted(unread)
