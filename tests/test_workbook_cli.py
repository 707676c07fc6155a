"""A bilingual Excel workbook through every command that reads documents: inspect, align, check, batch.

The workbook is built here (no binary in the repository); what is asserted is what a user relies
on: the command succeeds, locations are the sheet's row numbers, and batch takes a workbook in a
folder as one bilingual document without disturbing the name.zh.txt / name.ja.txt pairing.
"""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from aligner.cli import main
from readers_docs import ole_file

ROOT = Path(__file__).resolve().parents[1]
ZH = ["国务院同意深化服务业扩大开放综合试点。", "北京市人民政府要加强组织领导，认真组织实施。", "商务部要会同有关部门加强指导。"]
JA = ["国務院は、サービス業の開放拡大に関する総合試行の深化に同意する。", "北京市人民政府は、組織指導を強化し、真剣に実施しなければならない。",
      "商務部は、関係部門と共に指導を強化しなければならない。"]


def workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "对照"
    ws.append(["中文", "日本語"])
    for z, j in zip(ZH, JA):
        ws.append([z, j])
    wb.save(path)
    return path


def run(capsys, *args):
    with pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    out, err = capsys.readouterr()
    return exc.value.code, out, err


def test_inspect_names_sheet_columns_and_rows(tmp_path, capsys):
    book = workbook(tmp_path / "terms.xlsx")
    code, out, err = run(capsys, "inspect", book)
    assert code in (0, None), err
    assert "layout: xlsx" in out and "sheet '对照'" in out and "zh column A, ja column B" in out
    assert f"terms.xlsx:2  {ZH[0]}" in out and f"terms.xlsx:4  {JA[2]}" in out
    code, out, _ = run(capsys, "inspect", book, "--json")
    info = json.loads(out)
    assert info["layout"] == "xlsx" and info["paragraphs"] == {"zh": 3, "ja": 3}
    assert [p["first_line"] for p in info["preview"]["ja"]] == [2, 3, 4]


def test_align_writes_units_with_row_locations(tmp_path, capsys):
    book = workbook(tmp_path / "doc.xlsx")
    out_file = tmp_path / "out" / "aligned.jsonl"
    code, _, err = run(capsys, "align", book, "-o", out_file)
    assert code in (0, None), err
    units = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [(u["zh"], u["ja"]) for u in units] == list(zip(ZH, JA))
    assert [u["zh_location"] for u in units] == [f"{book}:{r}" for r in (2, 3, 4)]


def test_check_writes_every_output(tmp_path, capsys):
    book = workbook(tmp_path / "doc.xlsx")
    out_dir = tmp_path / "qa"
    code, _, err = run(capsys, "check", book, "-o", out_dir, "--fail-on", "never", "--layout", "xlsx")
    assert code in (0, None), err
    for name in ("report.html", "review.xlsx", "findings.json", "findings.csv", "aligned.tmx"):
        assert (out_dir / name).is_file(), name
    tmx = (out_dir / "aligned.tmx").read_text(encoding="utf-8")
    assert all(z in tmx for z in ZH) and all(j in tmx for j in JA)


def test_batch_takes_a_workbook_as_one_document_and_keeps_pairs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    workbook(src / "book.xlsx")
    workbook(src / "memo.zh.xlsx")  # a language tag on a workbook does not make it half of a pair
    (src / "letter.zh.txt").write_text("\n\n".join(ZH) + "\n", encoding="utf-8")
    (src / "letter.ja.txt").write_text("\n\n".join(JA) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "aligner", "batch", str(src), "-o", str(out), "--jobs", "1",
                        "--fail-on", "never"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    rows = {row["document"]: row for row in csv.DictReader(
        (out / "summary.csv").read_text(encoding="utf-8-sig").splitlines())}
    assert set(rows) == {"book", "memo.zh", "letter"}
    assert "letter.zh.txt" in rows["letter"]["files"] and "letter.ja.txt" in rows["letter"]["files"]
    for name in ("book", "memo.zh", "letter"):
        assert rows[name]["status"] in ("clean", "findings"), rows[name]
        assert int(rows[name]["matched_units"]) == 3
        assert (out / name / "report.html").is_file()


def test_batch_reports_an_old_xls_beside_a_good_workbook(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    workbook(src / "book.xlsx")
    (src / "legacy.xls").write_bytes(ole_file("Workbook"))
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "aligner", "batch", str(src), "-o", str(out), "--jobs", "1",
                        "--fail-on", "never"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2, r.stderr  # the worst document decides
    rows = {row["document"]: row for row in csv.DictReader(
        (out / "summary.csv").read_text(encoding="utf-8-sig").splitlines())}
    assert rows["book"]["status"] in ("clean", "findings")
    assert rows["legacy"]["status"] == "error"
    assert "legacy.xls" in rows["legacy"]["error"] and ".xlsx" in rows["legacy"]["error"]


def test_batch_does_not_check_the_glossary_kept_beside_the_documents(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    workbook(src / "book.xlsx")
    terms = Workbook()
    terms.active.append(["zh", "ja", "forbidden"])
    terms.active.append(["试点", "試行", "パイロット"])
    terms.save(src / "terms.xlsx")  # zh and ja columns: it would read as a bilingual document too
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "aligner", "batch", str(src), "-o", str(out), "--jobs", "1",
                        "--fail-on", "never", "--glossary", str(src / "terms.xlsx")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    rows = [row["document"] for row in csv.DictReader(
        (out / "summary.csv").read_text(encoding="utf-8-sig").splitlines())]
    assert rows == ["book"]
