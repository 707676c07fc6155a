"""Excel workbooks as bilingual input: which sheet and columns are read, headers, merged cells,
line breaks, displayed numbers and dates, rows with one side, and the row numbers reported.

Workbooks are built here with openpyxl (no binary is committed); the expected texts are the
cells written, and the expected numbers and dates are what Excel shows for them.
"""
import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from aligner.readers import read_bilingual
from aligner.readers.cellformat import display
from aligner.readers.summary import summarize

ZH = ["国务院关于同意建设示范区的批复", "北京市人民政府、商务部：", "一、原则同意《工作方案》，请认真组织实施。",
      "二、国务院有关部门要按照职责分工，积极支持。", "附件"]
JA = ["国务院：モデル区建設に対する批准回答", "北京市人民政府・商務部：", "一、原則、《業務方案》に同意するので、真剣に組織的に実施されたい。",
      "二、国务院関連部門は、職責分担に基づき、積極的に支援しなければならない。", "付属文書"]


def save(wb, tmp_path, name="doc.xlsx"):
    path = tmp_path / name
    wb.save(path)
    return str(path)


def sheet_with(rows, title="Sheet"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    return wb, ws


def texts(segs):
    return [s.text for s in segs]


def rows_of(segs):
    return [(s.first_line, s.last_line) for s in segs]


def test_two_columns_with_header_rows_are_locations(tmp_path):
    wb, _ = sheet_with([["zh", "ja"], *zip(ZH, JA)])
    path = save(wb, tmp_path)
    doc = read_bilingual([path])
    assert doc.layout == "xlsx" and doc.files == (path,)
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert rows_of(doc.zh) == rows_of(doc.ja) == [(r, r) for r in range(2, 2 + len(ZH))]
    assert doc.zh[0].location == f"{path}:2"
    assert read_bilingual([path], layout="xlsx") == doc


def test_detected_by_content_not_by_name(tmp_path):
    wb, _ = sheet_with(zip(ZH, JA))
    path = save(wb, tmp_path, "export")  # a download that lost its extension
    doc = read_bilingual([path])
    assert doc.layout == "xlsx" and texts(doc.zh) == ZH and texts(doc.ja) == JA


def test_japanese_first_without_header(tmp_path):
    wb, _ = sheet_with(zip(JA, ZH))
    doc = read_bilingual([save(wb, tmp_path)])
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert "zh column B, ja column A" in doc.encoding


@pytest.mark.parametrize("labels", [("中文", "日本語"), ("原文", "訳文"), ("Source", "Target"), ("Chinese", "Japanese")])
def test_header_words_are_skipped(tmp_path, labels):
    wb, _ = sheet_with([list(labels), *zip(ZH, JA)])
    doc = read_bilingual([save(wb, tmp_path)])
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert "header row 1" in doc.encoding


def test_header_under_a_title_picks_named_columns_among_others(tmp_path):
    # A merged title over the table, a number column, the languages, and a Chinese notes column.
    notes = ["无", "重要", "", "需核对", ""]
    wb, ws = sheet_with([["双语对照表"], ["序号", "日文", "中文", "备注"],
                         *[[k + 1, j, z, n or None] for k, (z, j, n) in enumerate(zip(ZH, JA, notes))]])
    ws.merge_cells("A1:D1")
    doc = read_bilingual([save(wb, tmp_path)])
    assert texts(doc.ja) == JA
    # The title spans both language columns and is Chinese: it is a Chinese paragraph of its own.
    assert texts(doc.zh) == ["双语对照表", *ZH]
    assert rows_of(doc.zh)[0] == (1, 1) and rows_of(doc.zh)[1] == (3, 3)
    assert "zh column C, ja column B, header row 2 skipped; column D not read" in doc.encoding
    info = summarize(doc)
    assert any("column D not read" in n and "row numbers" in n for n in info["notes"])


def test_columns_told_by_script_without_header(tmp_path):
    # An ID column, English notes, then Japanese and Chinese: only the two CJK columns are candidates.
    wb, _ = sheet_with([[f"T{k}", "checked", j, z] for k, (z, j) in enumerate(zip(ZH, JA))])
    doc = read_bilingual([save(wb, tmp_path)])
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert "zh column D, ja column C" in doc.encoding and "not read" not in doc.encoding


def test_line_breaks_in_a_cell_are_one_paragraph(tmp_path):
    wb, _ = sheet_with([["北京市人民政府要加强组织领导，\n认真组织实施。", "北京市人民政府は、\r\n組織指導を強化しなければならない。"],
                        ["AI\nplatform", "AI\nプラットフォーム"]])
    doc = read_bilingual([save(wb, tmp_path)])
    assert texts(doc.zh) == ["北京市人民政府要加强组织领导，认真组织实施。", "AI platform"]
    assert texts(doc.ja) == ["北京市人民政府は、組織指導を強化しなければならない。", "AIプラットフォーム"]


def test_numbers_and_dates_as_excel_shows_them(tmp_path):
    wb, ws = sheet_with([[ZH[0], JA[0]], ["增长率", 0.125], ["金额", 1234567.891], ["日期", dt.datetime(2020, 8, 28)],
                         ["件数", 12], ["比例", 0.5]])
    ws["B2"].number_format = "0.0%"
    ws["B3"].number_format = "#,##0.00"
    ws["B4"].number_format = 'yyyy"年"m"月"d"日"'
    ws["B6"].number_format = "General"
    doc = read_bilingual([save(wb, tmp_path)])
    assert texts(doc.ja)[1:] == ["12.5%", "1,234,567.89", "2020年8月28日", "12", "0.5"]


@pytest.mark.parametrize("value, fmt, shown", [
    (0.5, "0%", "50%"), (2.5, "0", "3"), (1234.5, "#,##0", "1,235"), (-5, "#,##0_);(#,##0)", "(5)"),
    (1 / 3, "General", "0.3333333333"), (2020.0, "General", "2020"), (12, '0"件"', "12件"),
    (3.5, '"¥"#,##0.00', "¥3.50"), (12345678, "0.00E+00", "1.23E+07"), (True, "General", "TRUE"),
    (dt.datetime(2020, 8, 28), "mm-dd-yy", "2020/8/28"), (dt.datetime(2020, 8, 28, 14, 5), "yyyy-mm-dd hh:mm", "2020-08-28 14:05"),
    (dt.datetime(2020, 8, 28), '[$-804]yyyy"年"m"月"d"日";@', "2020年8月28日"), (dt.time(9, 30), "h:mm", "9:30"),
    (dt.datetime(2020, 8, 28, 21, 0), "h:mm AM/PM", "9:00 PM"), (dt.timedelta(hours=30), "[h]:mm:ss", "30:00:00"),
])
def test_cell_display(value, fmt, shown):
    assert display(value, fmt) == shown


def test_merged_cell_spans_its_rows(tmp_path):
    wb, ws = sheet_with([[ZH[0], JA[0]], ["北京市人民政府要加强组织领导。", "北京市人民政府は、"], [None, "組織指導を強化しなければならない。"],
                         [ZH[2], JA[2]]])
    ws.merge_cells("A2:A3")
    doc = read_bilingual([save(wb, tmp_path)])
    assert rows_of(doc.zh) == [(1, 1), (2, 3), (4, 4)]
    assert rows_of(doc.ja) == [(1, 1), (2, 2), (3, 3), (4, 4)]


def test_one_sided_rows_and_empty_rows(tmp_path):
    wb, _ = sheet_with([[ZH[0], JA[0]], [], [ZH[1], None], [None, JA[1]], [], [], [ZH[2], JA[2]]])
    doc = read_bilingual([save(wb, tmp_path)])
    assert texts(doc.zh) == ZH[:3] and texts(doc.ja) == JA[:3]
    assert rows_of(doc.zh) == [(1, 1), (3, 3), (7, 7)]
    assert rows_of(doc.ja) == [(1, 1), (4, 4), (7, 7)]


def test_first_visible_sheet_with_both_languages_is_read(tmp_path):
    wb = Workbook()
    hidden = wb.active
    hidden.title = "lookup"
    for row in zip(ZH[::-1], JA[::-1]):
        hidden.append(row)
    hidden.sheet_state = "hidden"
    notes = wb.create_sheet("说明")
    notes.append(["本表为双语对照，请勿修改。"])
    data = wb.create_sheet("对照")
    for row in zip(ZH, JA):
        data.append(row)
    doc = read_bilingual([save(wb, tmp_path)])
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert doc.encoding.startswith("sheet '对照'")


def test_a_wrong_dimension_record_loses_no_rows(tmp_path):
    # Some writers leave <dimension ref="A1"/>; trusting it would read one row of the table.
    wb, _ = sheet_with(zip(ZH, JA))
    path = tmp_path / "dim.xlsx"
    wb.save(path)
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
            dst.writestr(item, data)
    path.write_bytes(buf.getvalue())
    doc = read_bilingual([str(path)])
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA


def test_formula_results_are_read_and_a_missing_result_is_refused(tmp_path):
    from aligner.errors import InputError
    # Saved by a program, not Excel: openpyxl stores formulas without results. A formula in a
    # language column would read as an empty cell and its text would vanish unnoticed.
    wb, ws = sheet_with([[ZH[0], JA[0]], ['="第"&ROW()&"条"', '="第"&ROW()&"条"'], [ZH[1], JA[1]]])
    path = save(wb, tmp_path)
    with pytest.raises(InputError, match="cell A2 of sheet 'Sheet' holds a formula") as e:
        read_bilingual([path])
    assert e.value.line == 2
    # Outside the language columns a formula does not matter.
    wb, ws = sheet_with([[ZH[0], JA[0], "=LEN(A1)"], [ZH[1], JA[1], "=LEN(A2)"]])
    doc = read_bilingual([save(wb, tmp_path, "other.xlsx")])
    assert texts(doc.zh) == ZH[:2] and "not read" not in doc.encoding


def test_formula_with_a_stored_result_reads_as_shown(tmp_path):
    import xlsxwriter
    path = tmp_path / "stored.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, [ZH[0], JA[0]])
    ws.write_formula(1, 0, '="第"&ROW()&"条"', None, "第2条")  # the result Excel would have stored
    ws.write_formula(1, 1, '="第"&ROW()&"条"', None, "第2条")
    wb.close()
    doc = read_bilingual([str(path)])
    assert texts(doc.zh) == [ZH[0], "第2条"] and texts(doc.ja) == [JA[0], "第2条"]
