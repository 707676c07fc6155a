"""Excel termbases as glossaries: the CSV columns (zh, ja with | alternatives, forbidden, note), the same
validation, errors naming the file and the row, and a term's origin pointing at its row.

Workbooks are built here with openpyxl; the expected terms are the cells written.
"""
import json

import pytest
from openpyxl import Workbook

from aligner.cli import main
from aligner.errors import GlossaryError
from aligner.glossary import load_glossary
from readers_docs import ole_file

DOC = "国务院同意深化服务业扩大开放综合试点。\n\n国務院は、サービス業の開放拡大に関する総合パイロットの深化に同意する。\n"


def book(tmp_path, rows, *, name="terms.xlsx", title="Terms", before=()):
    wb = Workbook()
    ws = wb.active
    for title_before, cover_rows in before:  # sheets in front of the termbase
        ws.title = title_before
        for row in cover_rows:
            ws.append(row)
        ws = wb.create_sheet()
    ws.title = title
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def test_columns_alternatives_forbidden_note_and_rows(tmp_path):
    path = book(tmp_path, [["zh", "ja", "forbidden", "note"], ["白银", "銀|白銀", "プラチナ", "metal, not platinum"],
                           [], ["试点", "試行|パイロット", None, None], ["5G", "5G", None, 2020]])
    terms = load_glossary(path).terms
    assert [(t.zh, t.ja, t.forbidden, t.note) for t in terms] == [
        ("白银", ("銀", "白銀"), ("プラチナ",), "metal, not platinum"),
        ("试点", ("試行", "パイロット"), (), ""),
        ("5G", ("5G",), (), "2020")]
    assert [t.line for t in terms] == [2, 4, 5]
    assert terms[1].origin == "terms.xlsx:4"


def test_header_in_any_case_after_a_cover_sheet_and_quotes_are_text(tmp_path):
    path = book(tmp_path, [["Note", "ZH", "JA"], ["core", '"AI"平台', '"AI"プラットフォーム']],
                before=[("封面", [["术语表 2020"]])])
    (t,) = load_glossary(path).terms
    assert (t.zh, t.ja, t.note, t.line) == ('"AI"平台', ('"AI"プラットフォーム',), "core", 2)


@pytest.mark.parametrize("rows, line, what", [
    ([["zh", "note"], ["白银", "x"]], 1, "missing column(s) ja in the header of sheet 'Terms'"),
    ([["zh", "ja", "forbiden"], ["白银", "銀", "プラチナ"]], 1, "did you mean 'forbidden'"),
    ([["zh", "ja"], ["白银", "銀"], [None, "金"]], 3, "empty source term"),
    ([["zh", "ja", "forbidden"], ["白银", None, None]], 2, "neither a ja rendering nor a forbidden one"),
    ([["zh", "ja"], ["白银", "銀", None, "extra"]], 2, "a value in column D"),
])
def test_malformed_rows_name_file_and_row(tmp_path, rows, line, what):
    path = book(tmp_path, rows)
    with pytest.raises(GlossaryError) as e:
        load_glossary(path)
    assert e.value.path == str(path) and e.value.line == line
    assert what in str(e.value)


def test_unreadable_workbooks(tmp_path):
    empty = tmp_path / "empty.xlsx"
    Workbook().save(empty)
    with pytest.raises(GlossaryError, match="empty"):
        load_glossary(empty)
    cut = book(tmp_path, [["zh", "ja"], *[["白银", "銀"]] * 40], name="cut.xlsx")
    cut.write_bytes(cut.read_bytes()[:-200])
    with pytest.raises(GlossaryError, match="truncated"):
        load_glossary(cut)
    old = tmp_path / "old.xls"
    old.write_bytes(ole_file("Workbook"))
    with pytest.raises(GlossaryError, match=r"\.xls"):
        load_glossary(old)


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    return exc.value.code, *capsys.readouterr()


def test_check_uses_a_workbook_glossary_and_cites_its_row(tmp_path, capsys):
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC, encoding="utf-8")
    glossary = book(tmp_path, [["zh", "ja", "forbidden"], ["扩大开放", "開放拡大", None], ["试点", "試行", "パイロット"]])
    out = tmp_path / "qa"
    code, _, err = run(capsys, "check", doc, "-o", out, "--glossary", glossary, "--no-default-glossary",
                       "--fail-on", "never")
    assert code in (0, None), err
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    items = findings["findings"] if isinstance(findings, dict) else findings
    cited = [f["message"] for f in items if "terms.xlsx:3" in f["message"]]
    assert cited and "パイロット" in " ".join(f["ja_span"] for f in items if "terms.xlsx:3" in f["message"])


def test_check_stops_on_a_broken_workbook_glossary_in_one_line(tmp_path, capsys):
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC, encoding="utf-8")
    glossary = book(tmp_path, [["zh", "jp"], ["试点", "試行"]])
    out = tmp_path / "qa"
    code, stdout, err = run(capsys, "check", doc, "-o", out, "--glossary", glossary)
    assert code == 2 and stdout == "" and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert "terms.xlsx:1" in line and "missing column(s) ja" in line
    assert not out.exists()


def test_a_term_given_by_a_formula_without_result_is_refused(tmp_path):
    path = book(tmp_path, [["zh", "ja"], ["白银", "銀"], ["=A2", "=B2"]])
    with pytest.raises(GlossaryError, match="formula") as e:
        load_glossary(path)
    assert e.value.line == 3 and "A3" in str(e.value)
