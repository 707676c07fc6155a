"""review.xlsx: the spreadsheet a reviewer works in, and reading their verdicts back.

Reviewers live in Excel/LibreOffice, not in JSON. The sheet gives them a status drop-down
and a comment column; `import_review` turns the filled-in sheet into the decisions file, so
the next `aligner check` only shows what is still open. The fingerprint column is the key
that ties a row back to its finding, whatever the reviewer does to sorting and filtering.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from ..decisions import STATUSES, Decision, load_archived, load_decisions, save_decisions
from ..errors import InputError, OutputError
from .findings_table import FORMULA_STARTS, columns_for, finding_rows, locate_span, untext_cell

SHEET = "findings"
REQUIRED = ("fingerprint", "status", "comment")
EXCEL_CELL_LIMIT = 32767  # Excel counts UTF-16 code units: an astral character takes two
WIDTHS = {"status": 14, "comment": 30, "severity": 8, "check": 18, "message": 40, "suggestion": 24,
          "zh_span": 14, "ja_span": 14, "zh": 56, "ja": 56, "location": 22, "unit": 6, "category": 12,
          "reviewer": 12, "fingerprint": 18, "also_at": 30, "also_units": 12}
ZH_COLUMNS = {"zh", "zh_span"}
JA_COLUMNS = {"ja", "ja_span", "suggestion"}
# Fill and font per severity, so a reviewer scanning the sheet sees the majors first.
SEVERITY_STYLE = {"major": {"bg_color": "#F8D7DA", "font_color": "#842029", "bold": True},
                  "minor": {"bg_color": "#FFF3CD", "font_color": "#664D03"},
                  "info": {"bg_color": "#E2E3E5", "font_color": "#41464B"}}
# What a first-time reviewer asks about the columns they type in, and the one they must not touch.
HEADER_NOTES = {
    "status": "Pick open, accepted, false-positive or fixed, then run: aligner review import review.xlsx",
    "comment": "Why: kept by aligner review import and shown in the next report.",
    "fingerprint": "Ties this row to its finding: do not edit. Sorting, filtering and deleting rows is fine.",
}
FROZEN_COLUMNS = 2  # status and comment: COLUMNS puts them first
DECIDED_FILL = "#D1E7DD"  # status cells turn green once a verdict is picked, as the reviewer works
# Row heights are estimated, since neither Excel nor LibreOffice reliably fits wrapped rows on open;
# capped so one long paragraph cannot push every other row off the screen (its span column still shows
# the offending words).
LINE_POINTS = 16.5
MAX_LINES = 12
CJK_CELL_UNITS = 2.2  # a Han or kana character is about 2.2 widths of '0' in the default font


def _visible_controls(text: str) -> str:
    """C0 controls (bar TAB and line breaks) as their Unicode control pictures: Excel would store them as
    _x0001_ escapes that other readers show literally, and a reviewer should see that something is there."""
    if not any(ord(c) < 32 or ord(c) == 127 for c in text):
        return text
    return "".join(chr(0x2400 + ord(c)) if ord(c) < 32 and c not in "\t\n\r" else "\u2421" if ord(c) == 127 else c
                   for c in text)


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _cell(value) -> str:
    text = _visible_controls("" if value is None else str(value))
    if _utf16_len(text) > EXCEL_CELL_LIMIT:
        keep, used = [], 0
        for ch in text:
            used += 2 if ord(ch) > 0xFFFF else 1
            if used > EXCEL_CELL_LIMIT - 1:
                break
            keep.append(ch)
        text = "".join(keep) + "…"
    return text


def _display_units(line: str) -> float:
    return sum(CJK_CELL_UNITS if unicodedata.east_asian_width(c) in ("W", "F") else 1.1 for c in line)


def _lines(text: str, width: float) -> int:
    return sum(max(1, math.ceil(_display_units(part) / max(width - 1, 1))) for part in text.split("\n"))


def row_height(row: dict, columns: list[str]) -> float | None:
    """Points for a row whose wrapped cells need more than one line; None keeps the default height."""
    lines = max((_lines(_cell(row.get(name)), WIDTHS.get(name, 14)) for name in columns), default=1)
    return None if lines <= 1 else min(lines, MAX_LINES) * LINE_POINTS + 3


def unimported_verdicts(path: str | Path, decisions: dict[str, Decision] | None) -> dict[str, Decision]:
    """Verdicts typed into an existing review.xlsx that the decisions do not record yet.

    A reviewer who fills in the sheet and re-runs `aligner check` before `aligner review import`
    would otherwise have the sheet overwritten with "open" and lose the work. A recorded verdict
    always wins over the sheet; a sheet that cannot be read is not the reviewer's work and is ignored.
    """
    p = Path(path)
    if not p.is_file():
        return {}
    from openpyxl import load_workbook
    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - not a workbook we can read: nothing to keep
        return {}
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        names = [str(h).strip().lower() if h is not None else "" for h in (next(rows, None) or ())]
        if any(c not in names for c in REQUIRED):
            return {}
        col = {n: names.index(n) for n in (*REQUIRED, "reviewer") if n in names}
        out: dict[str, Decision] = {}
        for values in rows:
            def get(name):
                i = col.get(name)
                return values[i] if i is not None and i < len(values) else None
            fp = str(get("fingerprint") or "").strip()
            status, comment = _norm_status(get("status")), str(get("comment") or "").strip()
            if not fp or (status == "open" and not comment):
                continue
            recorded = (decisions or {}).get(fp)
            if recorded is not None and (recorded.status != "open" or recorded.comment):
                continue
            out[fp] = Decision(status=status, reviewer=str(get("reviewer") or "").strip(), comment=comment)
        return out
    finally:
        wb.close()


def _write_marked(ws, r: int, c: int, text: str, span: str, mark, cell_format) -> bool:
    """Write text with its first occurrence of span in the mark font; False when there is nothing to mark."""
    where = locate_span(text, span) if span else None
    if not where:
        return False
    a, b = where
    parts = [piece for piece in (text[:a], mark, text[a:b], text[b:]) if piece != ""]
    if len(parts) < 3:  # xlsxwriter wants at least two fragments besides the format
        return False
    return ws.write_rich_string(r, c, *parts, cell_format) == 0


def write_review_xlsx(findings, signature: dict, path: str | Path, decisions: dict[str, Decision] | None = None,
                      *, keep_unimported: bool = True) -> None:
    """Write the sheet; with `keep_unimported`, rows keep verdicts typed into the previous sheet
    but not imported yet (they count only once imported: the sheet shows them, the gate does not).

    Rows whose verdict is recorded (accepted, false-positive, fixed) are hidden behind the status
    filter, so a reviewer's next round starts with only what is still open."""
    pending = unimported_verdicts(path, decisions) if keep_unimported else {}
    if pending:
        decisions = {**(decisions or {}), **pending}
    rows = finding_rows(findings, decisions)
    columns = columns_for(findings)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False})
    wb.set_properties({"title": "aligner review", "subject": "translation QA findings",
                       "comments": signature.get("text", ""), "keywords": "aligner,review"})
    head = wb.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1, "valign": "top"})
    base = {"text_wrap": True, "valign": "top"}
    styles = {"": {}, "zh": {"font_name": "Microsoft YaHei"}, "ja": {"font_name": "Meiryo"},
              "status": {"bg_color": "#FFF7D6", "border": 1}, "comment": {"bg_color": "#FFF7D6", "border": 1},
              **{f"severity:{k}": v for k, v in SEVERITY_STYLE.items()}}
    cache: dict[tuple[str, bool], object] = {}

    def fmt(style: str, quoted: bool = False):
        # quote_prefix keeps text that looks like a formula a text even after a reviewer edits the cell.
        if (style, quoted) not in cache:
            extra = {"quote_prefix": True} if quoted else {}
            cache[style, quoted] = wb.add_format({**base, **styles[style], **extra})
        return cache[style, quoted]

    def style_of(name: str, value) -> str:
        if name == "severity" and f"severity:{value}" in styles:
            return f"severity:{value}"
        return "zh" if name in ZH_COLUMNS else "ja" if name in JA_COLUMNS else name if name in styles else ""

    # The offending span inside the whole paragraph, as in report.html (rich text can only change the font).
    span_font = {"zh": wb.add_format({"bold": True, "font_color": "#C00000", "font_name": "Microsoft YaHei"}),
                 "ja": wb.add_format({"bold": True, "font_color": "#C00000", "font_name": "Meiryo"})}
    ws = wb.add_worksheet(SHEET)
    ws.write_row(0, 0, columns, head)
    for c, name in enumerate(columns):
        if name in HEADER_NOTES:
            ws.write_comment(0, c, HEADER_NOTES[name], {"x_scale": 2, "y_scale": 1.2})
    for c, name in enumerate(columns):
        ws.set_column(c, c, WIDTHS.get(name, 14), fmt(style_of(name, None)))
    hidden = 0
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(columns):
            text = _cell(row[name])
            cell_format = fmt(style_of(name, row[name]), text.startswith(FORMULA_STARTS))
            if name == "unit" and isinstance(row[name], int):
                ws.write_number(r, c, row[name], cell_format)
            elif name in ("zh", "ja") and _write_marked(ws, r, c, text, str(row.get(f"{name}_span") or ""),
                                                        span_font[name], cell_format):
                pass
            else:
                ws.write_string(r, c, text, cell_format)
        hide = row["status"] != "open" and row["fingerprint"] not in pending
        height = row_height(row, columns)
        if hide or height is not None:
            ws.set_row(r, height, None, {"hidden": True} if hide else None)
        hidden += hide
    last = max(len(rows), 1)
    # The header, and the verdict columns, stay in view while the reviewer scrolls right to the texts.
    ws.freeze_panes(1, FROZEN_COLUMNS)
    ws.autofilter(0, 0, last, len(columns) - 1)
    status_col = columns.index("status")
    if hidden:
        # The next round opens on what is still open; the status filter brings decided rows back.
        shown = sorted({row["status"] for row in rows if row["status"] == "open" or row["fingerprint"] in pending})
        ws.filter_column_list(status_col, shown or ["open"])
    # Validation and colouring reach past the last row so rows a reviewer pastes in are covered too.
    ws.data_validation(1, status_col, last + 500, status_col, {
        "validate": "list", "source": list(STATUSES),
        "input_title": "status", "input_message": "Pick a verdict; then run: aligner review import",
        "error_title": "status", "error_message": "Use one of: " + ", ".join(STATUSES)})
    status_cell = f"${xl_col_to_name(status_col)}2"
    ws.conditional_format(1, status_col, last + 500, status_col, {
        "type": "formula", "criteria": f'=AND({status_cell}<>"",{status_cell}<>"open")',
        "format": wb.add_format({"bg_color": DECIDED_FILL})})
    # Printed (or exported to PDF): landscape, one page wide, the header on every page.
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.repeat_rows(0)
    ws.fit_to_pages(1, 0)
    about = wb.add_worksheet("signature")
    about.set_column(0, 0, 18)
    about.set_column(1, 1, 90, wb.add_format({"text_wrap": True}))
    about_rows = [("signature", signature.get("text", "")), ("tool", signature.get("tool", "")),
                  ("version", signature.get("version", ""))]
    about_rows += [(f"setting:{k}", str(v)) for k, v in sorted(signature.get("settings", {}).items())]
    about_rows += [(f"file:{k}", str(v)) for k, v in sorted(signature.get("files", {}).items())]
    for r, (k, v) in enumerate(about_rows):
        about.write_string(r, 0, k, head)
        about.write_string(r, 1, _cell(v))
    try:
        wb.close()
    except (OSError, xlsxwriter.exceptions.FileCreateError) as exc:
        raise OutputError(f"cannot write review spreadsheet: {exc}", path=str(path),
                          hint="close the file if it is open in Excel, and check the folder is writable") from None


@dataclass
class ImportSummary:
    rows: int = 0
    changed: int = 0
    statuses: dict = field(default_factory=lambda: {s: 0 for s in STATUSES})
    decisions_path: Path | None = None


def _norm_status(value) -> str:
    text = "" if value is None else str(value).strip().lower()
    if not text:
        return "open"
    text = text.replace("_", "-").replace(" ", "-")
    return text


OTHER_SHEET_FORMATS = {".ods": "an OpenDocument spreadsheet", ".xls": "an Excel 97-2003 workbook",
                       ".numbers": "a Numbers document"}
TABLE_SUFFIXES = (".csv", ".tsv", ".txt")


def _table_rows(path: Path) -> tuple[str, list[tuple]]:
    """Rows of findings.csv as a reviewer saved it: Excel writes UTF-8 with BOM, or the Windows code
    page (CP932 on a Japanese machine, GB18030 on a Chinese one), with ',' ';' or TAB between cells."""
    import csv
    import io

    from ..readers.textfile import decode_bytes, read_bytes
    text, _ = decode_bytes(read_bytes(str(path)), path=str(path))
    first = text.split("\n", 1)[0]
    delim = max(("\t", ",", ";"), key=first.count)
    return "the header row", [tuple(untext_cell(v) for v in r) for r in csv.reader(io.StringIO(text), delimiter=delim)]


def _xlsx_rows(path: Path) -> tuple[str, list[tuple]]:
    from openpyxl import load_workbook  # openpyxl reads; xlsxwriter (write-only) cannot
    other = OTHER_SHEET_FORMATS.get(path.suffix.lower())
    if other:
        # LibreOffice saves .ods unless told otherwise; old Excel .xls. Neither is read here.
        raise InputError(f"is {other}, not .xlsx", path=str(path),
                         hint="save it with File > Save As… as Excel 2007-365 (.xlsx), then import that file")
    if path.suffix.lower() in (".html", ".htm"):
        # Verdicts given in report.html live in the browser until exported; the page holds none.
        raise InputError("is the HTML report; the verdicts given in it are kept by the browser, not in the file",
                         path=str(path), hint="click 'Export decisions' in the report and import the downloaded "
                                              "decisions-….json")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl signals a bad workbook with many exception types
        raise InputError("not a readable .xlsx workbook", path=str(path),
                         hint="give the review.xlsx (saved as Excel Workbook (.xlsx)), findings.csv, or the JSON "
                              "that report.html's 'Export decisions' downloads") from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        return f"sheet '{ws.title}'", list(ws.iter_rows(values_only=True))
    finally:
        wb.close()


def import_review(xlsx_path: str | Path, decisions_path: str | Path | None = None, *,
                  reviewer: str = "") -> ImportSummary:
    """Merge the verdicts of a filled-in review.xlsx (or findings.csv) into the decisions file
    (default: beside the sheet)."""
    xlsx = Path(xlsx_path)
    if xlsx.is_dir():
        # `aligner review import reports/001` names the check's output folder: its sheet is meant.
        if not (xlsx / "review.xlsx").is_file():
            raise InputError("is a folder without a review.xlsx", path=str(xlsx),
                             hint="give the review.xlsx or findings.csv that aligner check wrote")
        xlsx = xlsx / "review.xlsx"
    target = Path(decisions_path) if decisions_path else xlsx.parent / "decisions.json"
    if not xlsx.exists():
        raise InputError("file not found", path=str(xlsx), hint="give the review.xlsx written by aligner check")
    title, table = _table_rows(xlsx) if xlsx.suffix.lower() in TABLE_SUFFIXES else _xlsx_rows(xlsx)
    header = table[0] if table else ()
    names = [str(h).strip().lower() if h is not None else "" for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InputError(f"{title} lacks column(s): {', '.join(missing)}", path=str(xlsx), line=1,
                         hint="keep the header row of the review.xlsx that aligner wrote")
    col = {n: names.index(n) for n in (*REQUIRED, "reviewer") if n in names}
    existing = load_decisions(target)
    merged = dict(existing)
    seen: dict[str, tuple[int, str]] = {}
    summary = ImportSummary(decisions_path=target)
    for r, values in enumerate(table[1:], start=2):
        def get(name):
            i = col.get(name)
            return values[i] if i is not None and i < len(values) else None
        fp = str(get("fingerprint") or "").strip()
        if not fp:
            continue
        status = _norm_status(get("status"))
        if status not in STATUSES:
            raise InputError(f"unknown status {get('status')!r}", path=str(xlsx), line=r,
                             hint=f"use one of: {', '.join(STATUSES)}")
        comment = str(get("comment") or "").strip()
        if fp in seen and seen[fp][1] != status:
            raise InputError(f"rows {seen[fp][0]} and {r} give finding {fp} different statuses", path=str(xlsx),
                             line=r, hint="give the same status to both rows")
        seen[fp] = (r, status)
        summary.rows += 1
        summary.statuses[status] += 1
        old = existing.get(fp)
        if old is None and status == "open" and not comment:
            continue  # nothing decided yet: keep the decisions file small
        who = str(get("reviewer") or "").strip() or reviewer or (old.reviewer if old else "")
        new = Decision(status=status, reviewer=who, comment=comment)
        if new != merged.get(fp):
            summary.changed += 1
        merged[fp] = new
    # Verdicts the pipeline archived (their findings had gone) stay archived unless re-decided here.
    archived = {k: v for k, v in load_archived(target).items() if k not in merged}
    save_decisions(target, merged, archived=archived)
    return summary
