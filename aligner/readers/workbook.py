"""Excel workbooks (.xlsx): a sheet with a Chinese column and a Japanese column, a row per paragraph pair.

Clients and translators exchange bilingual tables as workbooks, so one is read as it arrives
rather than after a CSV export that would lose the displayed form of numbers and dates.

Choices, and why:
- A workbook is recognised by its content (a ZIP holding `xl/workbook.xml`), not its name: a
  download often loses or changes the extension. An old `.xls` and an encrypted workbook are
  both OLE files, told apart by their stream names, because the user's fix differs.
- The sheet read is the first visible sheet holding a Chinese and a Japanese column; hidden
  sheets are look-up tables, not the text. No option picks another sheet: moving the sheet
  first is one drag in Excel, and `inspect` says which sheet and columns were read.
- Columns: a header row naming the languages (zh/ja, 中文/日本語, source/target …) picks the
  two columns; without one, the pair of columns whose script most often disagrees row by row
  (one Chinese, one Japanese) is taken. Either way the script decides which is which, as for
  TSV/CSV, so a Japanese-first sheet is read the right way round. Columns without Chinese or
  Japanese text (IDs, English notes, numbers) are never candidates.
- A row is a pair: a cell with line breaks is one paragraph (the break is layout), a row with
  one side filled is an unmatched paragraph on that side, empty rows are skipped. A merged cell
  counts for every row it spans (its location is the span), and one merged across both
  language columns (a title over the table) goes to the language its script shows.
- Provenance: a segment's file is the workbook and its lines are the row numbers Excel shows.
  The sheet and columns go into `Bilingual.encoding` (a workbook has no text encoding to
  report), which `inspect` prints.
- Values are the text Excel shows (see cellformat): 50%, not 0.5. Formulas give their last
  computed value, which is what Excel shows too; a formula in a language column whose result
  was never stored (a workbook written by a program and never saved by Excel) is refused
  rather than read as an empty cell, which would drop its text unnoticed.
"""
from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import iterparse

from ..errors import InputError
from ..lang.script import kana_count
from ..model import Bilingual, Segment
from . import langid
from .cellformat import display
from .paragraphs import join_pieces
from .table import HEADER_WORDS, is_header

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Header words that name one language; "source"/"target" and the like only say the column is text.
_ZH_WORDS = {"zh", "cn", "zh-cn", "zh_cn", "chinese", "中文", "汉语", "漢語", "中国語", "中国语", "简体中文", "原文", "中文原文"}
_JA_WORDS = {"ja", "jp", "ja-jp", "ja_jp", "japanese", "日文", "日语", "日語", "日本語", "日本语", "日本語訳", "訳文", "译文"}
SAVE_HINT = "open it in Excel and save it as Excel Workbook (.xlsx), or export the sheet as CSV UTF-8"


def is_workbook(data: bytes) -> bool:
    """An Office Open XML workbook (or what is left of one): a ZIP whose parts include xl/."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except zipfile.BadZipFile:
        # Truncated: no central directory, but the local headers still name the parts.
        return b"xl/workbook.xml" in data or b"xl/worksheets/" in data


def _ole_stream(data: bytes, name: str) -> bool:
    """Does an OLE compound file hold a stream or storage called `name`?

    Directory entries are 128 bytes, aligned on 128 in the file: the UTF-16LE name, NUL-terminated,
    then at byte 64 its length in bytes with the NUL. Matching only there keeps a Word file whose
    text mentions a "Book" from passing for an .xls.
    """
    raw = name.encode("utf-16-le") + b"\0\0"
    at = data.find(raw)
    while at != -1:
        if at % 128 == 0 and int.from_bytes(data[at + 64:at + 66], "little") == len(raw):
            return True
        at = data.find(raw, at + 1)
    return False


def refuse_ole(data: bytes, path: str) -> None:
    """Raise the error a user can act on for an encrypted workbook or an old .xls; other OLE files pass."""
    if not data.startswith(OLE_MAGIC):
        return
    # The directory sectors may sit anywhere in the file (writers often put them last): the whole file is searched.
    if _ole_stream(data, "EncryptedPackage") or _ole_stream(data, "EncryptionInfo"):
        raise InputError("is an encrypted (password-protected) workbook", path=path,
                         hint="open it in Excel and save a copy without a password: File > Info > "
                              "Protect Workbook > Encrypt with Password, clear the password")
    if _ole_stream(data, "Workbook") or _ole_stream(data, "Book"):
        raise InputError("is an old binary Excel workbook (.xls), which is not read", path=path,
                         hint="open it in Excel and save it as Excel Workbook (.xlsx) or CSV UTF-8")


@dataclass(frozen=True)
class Cell:
    text: str
    last_row: int        # the last row a merged cell spans (its own row otherwise)
    columns: tuple[int, int] = (0, 0)  # first and last column a merged cell spans (0-based)


@dataclass(frozen=True)
class Sheet:
    """A sheet's non-empty cells, by row number (as Excel shows it) and 0-based column."""

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


def _cell_ref(ref: str) -> tuple[int, int]:
    letters = "".join(c for c in ref if c.isalpha()).upper()
    col = 0
    for c in letters:
        col = col * 26 + ord(c) - 64
    return int("".join(c for c in ref if c.isdigit())), col - 1


def _structure(ws) -> tuple[list[tuple[int, int, int, int]], frozenset[tuple[int, int]]]:
    """What read-only openpyxl does not expose: merged ranges (first_row, first_col, last_row, last_col),
    and formula cells without a stored result (row, col), whose text is unknown rather than empty."""
    merges, uncomputed = [], set()
    with ws._get_source() as src:  # noqa: SLF001 - openpyxl's read-only sheet keeps its part open this way only
        for _, el in iterparse(src, events=("end",)):
            tag = el.tag.rpartition("}")[2]
            if tag == "c":
                f = next((x for x in el if x.tag.endswith("}f")), None)
                v = next((x for x in el if x.tag.endswith("}v")), None)
                if f is not None and (v is None or not v.text):
                    uncomputed.add(_cell_ref(el.get("r", "")))
            elif tag == "mergeCell":
                ref = el.get("ref", "")
                if ":" in ref:
                    (r1, c1), (r2, c2) = (_cell_ref(x) for x in ref.split(":", 1))
                    merges.append((r1, c1, r2, c2))
            elif tag == "row":
                el.clear()
    return merges, frozenset(uncomputed)


def _read_sheet(ws) -> Sheet:
    ws.reset_dimensions()  # a wrong <dimension> (some writers leave A1) would cut rows off
    merges, uncomputed = _structure(ws)
    merged = {(r1, c1): (r2, c1, c2) for r1, c1, r2, c2 in merges}
    rows: dict[int, dict[int, Cell]] = {}
    for r, cells in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
        for c, cell in enumerate(cells):
            value = getattr(cell, "value", None)
            if value is None:
                continue
            text = display(value, getattr(cell, "number_format", None)).replace("\r\n", "\n").replace("\r", "\n")
            if not text.strip():
                continue
            last_row, c1, c2 = merged.get((r, c), (r, c, c))
            rows.setdefault(r, {})[c] = Cell(text, last_row, (c1, c2))
    return Sheet(ws.title, rows, uncomputed)


def uncomputed_error(sheet: Sheet, row: int, col: int, path: str) -> InputError:
    """A formula whose result was never stored (a workbook written by a program, not saved by Excel)."""
    return InputError(f"cell {column_name(col)}{row} of sheet '{sheet.title}' holds a formula whose result was "
                      "never stored, so its text is unknown", path=path, line=row,
                      hint="open the workbook in Excel or LibreOffice and save it, so that formula results are stored")


# Han (with 〇) and kana, as lang.script counts them; a search, because every cell of a sheet is tested.
_CJK = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
                  "\u3041-\u309f\u30a0-\u30fa\u30fd-\u30ff\uff66-\uff9f\u31f0-\u31ff]")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def _header_language(text: str) -> str | None:
    t = text.strip().lower()
    return "zh" if t in _ZH_WORDS else "ja" if t in _JA_WORDS else None


@dataclass(frozen=True)
class _Choice:
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


def choose_columns(sheet: Sheet, ev) -> _Choice | None:
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
    return _Choice(zh_col, ja_col, header_row)


def _contrasting_pair(body, cols: list[int], ev) -> tuple[int, int] | None:
    """The two columns whose cells most often differ in language on the same row (leftmost on a tie)."""
    best, best_score = None, 0
    for i, a in enumerate(cols):
        for b in cols[i + 1:]:
            ab = ba = 0
            for cells in body.values():
                if a in cells and b in cells:
                    d = ev(cells[b].text) - ev(cells[a].text)
                    ab += d > 0
                    ba += d < 0
            score = max(ab, ba)
            if score > best_score:
                best, best_score = (a, b), score
    if best is None and len(cols) == 2:
        best = (cols[0], cols[1])  # no row has both sides: one language per column still tells
    return best


def _open(data: bytes, path: str):
    from openpyxl import load_workbook  # imported on use: only workbook input needs it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile:
        raise InputError("is a damaged or truncated workbook (not a complete ZIP archive)", path=path,
                         hint="download or copy it again, or " + SAVE_HINT) from None
    if "xl/workbook.xml" not in names:
        what = ("a Word document" if "word/document.xml" in names else
                "an OpenDocument file" if "content.xml" in names else "a ZIP archive")
        raise InputError(f"is {what}, not an Excel workbook (.xlsx)", path=path,
                         hint="give a .xlsx workbook, or export the text as UTF-8 and use --layout auto")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl reports a broken part with many exception types
        raise InputError(f"is a damaged workbook ({exc.__class__.__name__} while opening it)", path=path,
                         hint=SAVE_HINT) from None


def read_sheets(data: bytes, *, file: str) -> list[Sheet]:
    """The visible sheets of a workbook, cells as displayed; InputError for what is not a readable .xlsx."""
    refuse_ole(data, file)
    if not data.startswith(ZIP_MAGIC):
        raise InputError("is not an Excel workbook (.xlsx)", path=file,
                         hint="the file does not look like --layout xlsx; try --layout auto")
    wb = _open(data, file)
    try:
        sheets = []
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            try:
                sheets.append(_read_sheet(ws))
            except Exception as exc:  # noqa: BLE001 - a broken part surfaces as XML, ZIP or value errors alike
                raise InputError(f"is a damaged workbook (sheet '{ws.title}' cannot be read: "
                                 f"{exc.__class__.__name__})", path=file, hint=SAVE_HINT) from None
    finally:
        wb.close()
    return sheets


def parse(data: bytes, *, file: str) -> Bilingual:
    """Read the first visible sheet that holds a Chinese and a Japanese column; see the module docstring."""
    sheets = read_sheets(data, file=file)
    _refuse_review_sheet(sheets, file)
    all_text = "".join(cell.text for s in sheets for cells in s.rows.values() for cell in cells.values())
    if not all_text.strip():
        raise InputError("is an empty workbook (no visible sheet holds any text)", path=file,
                         hint="give the workbook with the Chinese and Japanese columns filled in")
    ev = langid.scorer(langid.forms_tell(all_text))
    for sheet in sheets:
        choice = choose_columns(sheet, ev)
        if choice is not None:
            return _bilingual(sheet, choice, ev, file)
    found = "; ".join(f"'{s.title}': {_what(s, ev)}" for s in sheets)
    raise InputError(f"no sheet holds a Chinese column and a Japanese column ({found})", path=file,
                     hint="put the Chinese in one column and its Japanese translation in the next one, "
                          "or give the Chinese and the Japanese as two files")


def _what(sheet: Sheet, ev) -> str:
    cols = {c for cells in sheet.rows.values() for c, cell in cells.items() if has_cjk(cell.text)}
    if not sheet.rows:
        return "empty"
    if not cols:
        return "no Chinese or Japanese text"
    if len(cols) == 1:
        return f"one column of text ({column_name(next(iter(cols)))})"
    text = "".join(cell.text for cells in sheet.rows.values() for cell in cells.values())
    return "Japanese only" if ev(text) > 0 else "Chinese only"


def _refuse_review_sheet(sheets: list[Sheet], file: str) -> None:
    for s in sheets:
        if s.rows and s.title == "findings":
            head = {cell.text.strip().lower() for cell in s.rows[min(s.rows)].values()}
            if {"fingerprint", "status", "comment"} <= head:
                raise InputError("is a review sheet written by aligner check, not a bilingual document", path=file,
                                 hint="give the document that was checked; read verdicts back with "
                                      "'aligner review import'")


def _bilingual(sheet: Sheet, choice: _Choice, ev, file: str) -> Bilingual:
    zh: list[Segment] = []
    ja: list[Segment] = []
    lang_of = {choice.zh: "zh", choice.ja: "ja"}
    lo = min(choice.zh, choice.ja)
    unread: set[int] = set()  # other columns with Chinese or Japanese text, named by `inspect`
    unknown = sorted((r, c) for r, c in sheet.uncomputed if c in lang_of and r != choice.header_row)
    if unknown:
        raise uncomputed_error(sheet, *unknown[0], file)
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
    where = f"sheet '{sheet.title}', zh column {column_name(choice.zh)}, ja column {column_name(choice.ja)}"
    if choice.header_row is not None:
        where += f", header row {choice.header_row} skipped"
    if unread:
        where += f"; column{'s' * (len(unread) > 1)} {', '.join(map(column_name, sorted(unread)))} not read"
    return Bilingual(tuple(zh), tuple(ja), "xlsx", where, (file,))
