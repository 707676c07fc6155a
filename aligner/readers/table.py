"""Two-column tables: TSV or CSV (proper quoting, header optional), Chinese and Japanese columns.

The header is recognised by having no CJK text at all or by naming the languages, never by
position alone, and the columns are checked against the script: a Japanese-first table is
read the right way round.
"""
from __future__ import annotations

import csv
import io
import re

from ..errors import InputError
from ..lang.script import han_count, kana_count
from ..model import Bilingual, Segment, pairs_by_lines
from . import langid
from .paragraphs import join_pieces

HEADER_WORDS = {"zh", "ja", "cn", "jp", "zh-cn", "ja-jp", "chinese", "japanese", "source", "target", "src", "tgt",
                 "中文", "日文", "日语", "日語", "日本語", "中国語", "原文", "译文", "訳文", "翻訳", "翻译"}


def _cjk(text: str) -> int:
    return han_count(text) + kana_count(text)


def rows(text: str, delimiter: str, *, quoted: bool = True) -> list[tuple[int, int, list[str]]]:
    """(first_line, last_line, fields) per record; quoted fields may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE)
    out, prev_end = [], 0
    try:
        for fields in reader:
            end = reader.line_num
            if any(f.strip() for f in fields):
                out.append((prev_end + 1, end, fields))
            prev_end = end
    except csv.Error as exc:
        raise InputError(f"malformed table near line {prev_end + 1}: {exc}",
                         hint="check the quoting, or choose another --layout") from None
    return out


def _two_share(recs, delimiter: str = ",") -> float:
    """Share of records that are two-column rows.

    With a TAB, a row with one empty cell still counts (a paragraph left untranslated, or
    a translation with no source): prose has no TABs, so a TAB row is a table row. Commas
    and semicolons occur in prose, so there both cells must hold text, and a table must
    have at least half its rows filled on both sides whatever the delimiter.
    """
    if not recs:
        return 0.0
    full = sum(1 for _, _, f in recs if len(f) == 2 and all(x.strip() for x in f))
    if delimiter != "\t" or full * 2 < len(recs):
        return full / len(recs)
    return sum(1 for _, _, f in recs if len(f) == 2 and any(x.strip() for x in f)) / len(recs)


def table_rows(text: str, delimiter: str) -> list[tuple[int, int, list[str]]]:
    """Records read with CSV quoting, unless quotes in the text are literal.

    A TSV written by hand may start a cell with a quotation mark that closes nowhere; read
    as CSV quoting it would swallow the following lines, so the reading that gives more
    clean two-cell rows wins (CSV quoting on a tie).
    """
    try:
        with_quotes = rows(text, delimiter)
    except InputError:
        with_quotes = None
    if '"' not in text:
        return with_quotes or []
    literal = rows(text, delimiter, quoted=False)
    if with_quotes is None or _two_share(literal) > _two_share(with_quotes):
        return literal
    return with_quotes


def sniff_delimiter(text: str) -> str | None:
    """The delimiter that splits most records into exactly two non-empty fields, if any does."""
    best, best_share = None, 0.0
    for delim in ("\t", ",", ";"):
        share = _two_share(table_rows(text, delim), delim)
        if share > best_share:
            best, best_share = delim, share
    return best if best_share >= 0.8 else None


_LABEL = re.compile(r"^[a-z][a-z0-9 _\-/().]{0,39}$")
_NUMBER_SIGN = {"#", "№", "no", "no.", "nr"}  # the label of a row-number column


def is_header(fields: list[str]) -> bool:
    """Column labels: language names or short Latin words (`#` for a row-number column). A row of
    numbers is data, never a header."""
    cells = [f.strip().lower() for f in fields if f.strip()]
    return (bool(cells) and any(c not in _NUMBER_SIGN for c in cells)
            and all(c in HEADER_WORDS or c in _NUMBER_SIGN or (_cjk(c) == 0 and _LABEL.match(c)) for c in cells))


def _cell(fields: list[str], k: int) -> str:
    # A quoted cell may hold line breaks; they are layout, joined like wrapped lines.
    return join_pieces(fields[k].split("\n")) if len(fields) > k else ""


def parse(text: str, *, file: str, encoding: str, delimiter: str | None = None, layout: str = "tsv") -> Bilingual:
    delim = delimiter or sniff_delimiter(text)
    if delim is None:
        raise InputError(f"not a two-column {layout.upper()} table", path=file,
                         hint="each row needs a Chinese and a Japanese cell; try --layout auto")
    recs = table_rows(text, delim)
    if recs and is_header(recs[0][2]):
        recs = recs[1:]
    wide = [r for r in recs if len([f for f in r[2] if f.strip()]) > 2]
    if wide:
        raise InputError(f"line {wide[0][0]} has more than two columns", path=file,
                         hint="keep one Chinese and one Japanese column, or quote cells that contain the delimiter")
    left = [(a, b, _cell(f, 0)) for a, b, f in recs]
    right = [(a, b, _cell(f, 1)) for a, b, f in recs]
    ev = langid.scorer(langid.forms_tell(text))
    if sum(ev(t) for *_, t in left) > sum(ev(t) for *_, t in right):
        left, right = right, left
    zh = tuple(Segment(t, "zh", file, a, b) for a, b, t in left if t)
    ja = tuple(Segment(t, "ja", file, a, b) for a, b, t in right if t)
    return Bilingual(zh, ja, layout, encoding, (file,), pairs_by_lines(zh, ja))
