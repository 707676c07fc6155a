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
- Columns and rows are chosen and read as for any table of cells (see grid): a header row
  naming the languages, else the script of the cells; a row is a pair, a merged cell counts
  for every row it spans (its location is the span).
- Provenance: a segment's file is the workbook and its lines are the row numbers Excel shows.
  The sheet and columns go into `Bilingual.encoding` (a workbook has no text encoding to
  report), which `inspect` prints.
- Values are the text Excel shows (see cellformat): 50%, not 0.5. Formulas give their last
  computed value, which is what Excel shows too; a formula in a language column whose result
  was never stored (a workbook written by a program and never saved by Excel) is refused
  rather than read as an empty cell, which would drop its text unnoticed.
"""
from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import iterparse

from ..errors import InputError
from ..model import Bilingual, pairs_by_lines
from . import langid
from .cellformat import display
from .grid import Cell, Choice, Sheet, choose_columns, column_name, columns_note, describe, segments
from .office import ZIP_MAGIC, refuse_ole

SAVE_HINT = "open it in Excel and save it as Excel Workbook (.xlsx), or export the sheet as CSV UTF-8"


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
    found = "; ".join(f"'{s.title}': {describe(s, ev)}" for s in sheets)
    raise InputError(f"no sheet holds a Chinese column and a Japanese column ({found})", path=file,
                     hint="put the Chinese in one column and its Japanese translation in the next one, "
                          "or give the Chinese and the Japanese as two files")


def _refuse_review_sheet(sheets: list[Sheet], file: str) -> None:
    for s in sheets:
        if s.rows and s.title == "findings":
            head = {cell.text.strip().lower() for cell in s.rows[min(s.rows)].values()}
            if {"fingerprint", "status", "comment"} <= head:
                raise InputError("is a review sheet written by aligner check, not a bilingual document", path=file,
                                 hint="give the document that was checked; read verdicts back with "
                                      "'aligner review import'")


def _bilingual(sheet: Sheet, choice: Choice, ev, file: str) -> Bilingual:
    unknown = sorted((r, c) for r, c in sheet.uncomputed if c in (choice.zh, choice.ja) and r != choice.header_row)
    if unknown:
        raise uncomputed_error(sheet, *unknown[0], file)
    zh, ja, unread = segments(sheet, choice, ev, file)
    where = f"sheet '{sheet.title}', {columns_note(choice, unread)}"
    return Bilingual(zh, ja, "xlsx", where, (file,), pairs_by_lines(zh, ja))
