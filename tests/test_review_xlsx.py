"""review.xlsx and findings.csv as a reviewer (Excel/LibreOffice) and a script (openpyxl/pandas) open them.

The units below are hand-made: document text that starts like a formula (= + - @, as a table
row or a list item can), a paragraph long enough to need many wrapped lines, one over Excel's
32,767-character cell limit made of astral characters (two UTF-16 units each), and control
characters a PDF extraction leaves behind.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pandas as pd
import pytest
from openpyxl import load_workbook

from aligner.decisions import STATUSES, Decision
from aligner.model import Finding
from aligner.writers.findings_table import COLUMNS
from aligner.writers.report import write_reports
from aligner.writers.review_xlsx import EXCEL_CELL_LIMIT, LINE_POINTS, MAX_LINES, import_review

from roundtrip_base import make_alignment

SIG = {"tool": "aligner", "version": "0.1.0", "settings": {}, "files": {}, "text": "aligner:0.1.0|test"}
FORMULAS = ["=HYPERLINK(\"http://x.example\",\"点击\")", "+81-3-1234", "-1+2", "@SUM(A1)"]
LONG = "北京市人民政府要立足首都城市战略定位，服务国家重大战略。" * 40  # 1,120 characters
HUGE = "\U00020BB7" * 20000  # 40,000 UTF-16 units: over the cell limit


def sample():
    a = make_alignment([
        (FORMULAS[0], "=HYPERLINK(\"http://x.example\",\"クリック\")"),
        ("电话：+81-3-1234", FORMULAS[1]),
        ("短句。", "短い文。"),
        (LONG, "北京市人民政府は首都の戦略的位置付けに立脚する。" * 40),
        (HUGE, "𠮷" * 3),
        ("控制\x01字符\x0b在此", "制御\x1f文字"),
    ])
    u = a.units
    fs = [
        Finding.make(check="numbers", category="numbers", severity="major", unit=u[0], zh_span="点击",
                     message=FORMULAS[2], suggestion=FORMULAS[3]),
        Finding.make(check="numbers", category="numbers", severity="minor", unit=u[1], ja_span="+81",
                     message="@mention looks like a formula"),
        Finding.make(check="brackets", category="punctuation", severity="info", unit=u[2], message="short row"),
        Finding.make(check="length-ratio", category="omission", severity="major", unit=u[3], zh_span="首都",
                     message="long paragraph"),
        Finding.make(check="untranslated", category="omission", severity="minor", unit=u[4], message="huge cell"),
        Finding.make(check="unmatched", category="alignment", severity="info", unit=u[5], message="controls"),
    ]
    return a, fs


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    a, fs = sample()
    decisions = {fs[2].fingerprint: Decision("accepted", "Sato", "-> keep, see style guide")}
    outputs = write_reports(a, fs, SIG, out, decisions=decisions)
    return fs, decisions, outputs


def _sheet(outputs):
    ws = load_workbook(outputs["review.xlsx"])["findings"]
    header = [c.value for c in ws[1]]
    rows = {ws.cell(row=r, column=header.index("fingerprint") + 1).value: r for r in range(2, ws.max_row + 1)}
    return ws, header, rows


def test_formula_like_document_text_is_stored_as_quoted_text(written):
    fs, _, outputs = written
    ws, header, rows = _sheet(outputs)
    seen = []
    for r in range(2, ws.max_row + 1):
        for c in range(1, len(header) + 1):
            cell = ws.cell(row=r, column=c)
            if isinstance(cell.value, str) and cell.value.startswith(tuple("=+-@")):
                assert cell.data_type == "s", (cell.coordinate, cell.value)
                assert cell.quotePrefix, f"{cell.coordinate} would turn into a formula when edited"
                seen.append(cell.value)
    assert set(FORMULAS) <= set(seen)
    assert not any(ws.cell(row=r, column=c).data_type == "f" for r in range(1, ws.max_row + 1)
                   for c in range(1, len(header) + 1))


def test_no_cell_exceeds_excels_limit_and_controls_are_visible(written):
    fs, _, outputs = written
    ws, header, rows = _sheet(outputs)
    for row in ws.iter_rows(values_only=True):
        for v in row:
            if isinstance(v, str):
                assert len(v.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT
                assert "_x00" not in v
    zh = ws.cell(row=rows[fs[4].fingerprint], column=header.index("zh") + 1).value
    assert zh.endswith("…") and zh.startswith("\U00020BB7" * 100)
    ctl = ws.cell(row=rows[fs[5].fingerprint], column=header.index("zh") + 1).value
    assert ctl == "控制\u2401字符\u240b在此"


def test_severity_is_coloured_and_decided_statuses_turn_green(written):
    fs, _, outputs = written
    ws, header, rows = _sheet(outputs)
    sev = header.index("severity") + 1
    fills = {ws.cell(row=rows[f.fingerprint], column=sev).value:
             ws.cell(row=rows[f.fingerprint], column=sev).fill.fgColor.rgb for f in fs}
    assert len(set(fills.values())) == 3 and "00000000" not in fills.values()
    status_letter = ws.cell(row=1, column=header.index("status") + 1).column_letter
    rules = [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]
    assert any(ref.startswith(f"{status_letter}2:") and rule.type == "expression" and '"open"' in rule.formula[0]
               for ref, rule in rules)


def test_rows_are_tall_enough_for_wrapped_text_but_capped(written):
    fs, _, outputs = written
    ws, _, rows = _sheet(outputs)
    short = ws.row_dimensions[rows[fs[1].fingerprint]].height
    long = ws.row_dimensions[rows[fs[3].fingerprint]].height
    assert short is None or short <= 2 * LINE_POINTS + 3
    assert long == MAX_LINES * LINE_POINTS + 3


def test_status_drop_down_explains_itself_and_sheet_prints_one_page_wide(written):
    _, _, outputs = written
    ws, header, _ = _sheet(outputs)
    letter = ws.cell(row=1, column=header.index("status") + 1).column_letter
    (dv,) = [dv for dv in ws.data_validations.dataValidation if f"{letter}2" in str(dv.sqref)]
    assert dv.type == "list" and dv.showErrorMessage and dv.prompt and "review import" in dv.prompt
    assert [s.strip('"') for s in dv.formula1.strip('"').split(",")] == list(STATUSES)
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth in (None, 1)  # 1 is the default
    assert ws.page_setup.fitToHeight == 0  # as many pages down as it takes
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.replace("$", "") == "1:1"


def test_pandas_sees_one_row_per_finding_with_the_shared_columns(written):
    fs, _, outputs = written
    xlsx = pd.read_excel(outputs["review.xlsx"], sheet_name="findings", keep_default_na=False)
    assert list(xlsx.columns) == COLUMNS and len(xlsx) == len(fs)
    assert xlsx["fingerprint"].is_unique and set(xlsx["fingerprint"]) == {f.fingerprint for f in fs}
    assert pd.api.types.is_integer_dtype(xlsx["unit"])
    table = pd.read_csv(outputs["findings.csv"], encoding="utf-8-sig", keep_default_na=False)
    assert list(table.columns) == COLUMNS + ["signature"] and len(table) == len(fs)


def test_csv_has_bom_crlf_and_quotes_formula_like_cells(written):
    fs, decisions, outputs = written
    raw = outputs["findings.csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    cells = [v for r in rows for v in r.values()]
    assert not [v for v in cells if v.startswith(("=", "+", "-", "@", "\t", "\r"))]
    first = next(r for r in rows if r["fingerprint"] == fs[0].fingerprint)
    assert first["zh"] == "'" + FORMULAS[0] and first["message"] == "'" + FORMULAS[2]
    accepted = next(r for r in rows if r["fingerprint"] == fs[2].fingerprint)
    assert accepted["comment"] == "'-> keep, see style guide"


def test_quoted_csv_comment_imports_without_the_apostrophe(written, tmp_path):
    fs, _, outputs = written
    csv_copy = tmp_path / "findings.csv"
    shutil.copy(outputs["findings.csv"], csv_copy)
    summary = import_review(csv_copy, tmp_path / "decisions.json")
    from aligner.decisions import load_decisions
    assert load_decisions(summary.decisions_path)[fs[2].fingerprint].comment == "-> keep, see style guide"


def test_import_accepts_the_check_output_folder(written, tmp_path):
    fs, _, outputs = written
    folder = outputs["review.xlsx"].parent
    summary = import_review(folder, tmp_path / "decisions.json")
    assert summary.rows == len(fs) and summary.statuses["accepted"] == 1


def test_libreoffice_renders_cjk_and_the_header(written, tmp_path):
    """Optional: LibreOffice (soffice) and pdftotext are large; CI does not install them."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if not soffice or not pdftotext:
        pytest.skip("needs LibreOffice (soffice) and poppler's pdftotext")
    fs, _, outputs = written
    src = tmp_path / "review.xlsx"
    shutil.copy(outputs["review.xlsx"], src)
    r = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                       capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "review.pdf"
    assert pdf.is_file(), r.stderr
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    first_page = text.split("\f")[0]
    for name in ("status", "comment", "severity", "message", "zh", "ja"):
        assert name in first_page, f"column {name} is not on the first printed page"
    assert "制御" in text and "北京市人民政府は" in text  # CJK came out as text, not as boxes
    assert "短い文" not in text  # the accepted finding's row is hidden behind the status filter
    assert "=HYPERLINK(" in text and "-1+2" in text  # shown as typed, never evaluated


def test_header_notes_explain_the_columns_a_reviewer_types_in(written):
    _, _, outputs = written
    ws, header, _ = _sheet(outputs)
    notes = {name: ws.cell(row=1, column=i + 1).comment for i, name in enumerate(header)}
    assert "review import" in notes["status"].text and "do not edit" in notes["fingerprint"].text
    assert notes["zh"] is None


def test_verdict_columns_stay_in_view_beside_the_texts(written):
    """zh/ja start past a laptop screen's width; status and comment must not scroll away from them."""
    _, _, outputs = written
    ws, header, _ = _sheet(outputs)
    frozen_row, frozen_cols = ws.freeze_panes[1:], ws.freeze_panes[0]
    assert frozen_row == "2"
    frozen = header[:ord(frozen_cols) - ord("A")]
    assert frozen == ["status", "comment"]


@pytest.mark.parametrize("locked", ["review.xlsx", "findings.csv"])
def test_a_sheet_that_cannot_be_replaced_stops_before_the_other_reports(tmp_path, locked):
    """Excel locks the file it has open; a folder in its place fails the same way on every OS."""
    from aligner.errors import OutputError
    a, fs = sample()
    (tmp_path / locked).mkdir()
    with pytest.raises(OutputError) as exc:
        write_reports(a, fs, SIG, tmp_path)
    assert locked in exc.value.one_line()
    assert not (tmp_path / "report.html").exists() and not (tmp_path / "findings.json").exists()


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_a_sheet_saved_in_another_format_says_how_to_save_it(tmp_path, suffix):
    from aligner.errors import InputError
    sheet = tmp_path / f"review{suffix}"
    sheet.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match=r"not \.xlsx.*Save As.*\.xlsx"):
        import_review(sheet)


def test_a_sheet_saved_again_by_libreoffice_imports(written, tmp_path):
    """Optional (needs soffice): LibreOffice rewrites the whole workbook when a reviewer saves it."""
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("needs LibreOffice (soffice)")
    fs, _, outputs = written
    src = tmp_path / "in" / "review.xlsx"
    src.parent.mkdir()
    shutil.copy(outputs["review.xlsx"], src)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(src)],
                   capture_output=True, text=True, timeout=180)
    saved = tmp_path / "out" / "review.xlsx"
    assert saved.is_file()
    summary = import_review(saved, tmp_path / "decisions.json")
    assert summary.rows == len(fs) and summary.statuses["accepted"] == 1
