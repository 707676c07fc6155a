"""`aligner review import`: a reviewer's spreadsheet verdicts become decisions the next run honours."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from aligner.decisions import Decision, load_decisions
from aligner.errors import InputError
from aligner.writers.report import write_reports
from aligner.writers.review_xlsx import import_review

from test_reports import SIG, sample

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"


def _edit(xlsx: Path, edits: dict[str, dict], *, drop_column: str | None = None) -> None:
    """Fill in the sheet the way a reviewer would: by fingerprint, in whatever row it sits."""
    wb = load_workbook(xlsx)
    ws = wb["findings"]
    header = [c.value for c in ws[1]]
    col = {n: i + 1 for i, n in enumerate(header)}
    for r in range(2, ws.max_row + 1):
        fp = ws.cell(row=r, column=col["fingerprint"]).value
        for name, value in edits.get(fp, {}).items():
            ws.cell(row=r, column=col[name]).value = value
    if drop_column:
        ws.delete_cols(col[drop_column])
    wb.save(xlsx)


@pytest.fixture
def reviewed(tmp_path):
    a, fs = sample()
    write_reports(a, fs, SIG, tmp_path)
    return a, fs, tmp_path / "review.xlsx"


def test_import_writes_decisions_and_next_reports_show_them(reviewed):
    a, fs, xlsx = reviewed
    _edit(xlsx, {fs[0].fingerprint: {"status": "fixed", "comment": "corrected to 国務院"},
                 fs[1].fingerprint: {"status": "False positive", "reviewer": "Li"},
                 fs[2].fingerprint: {"status": "accepted"}})
    summary = import_review(xlsx, reviewer="Sato")
    assert summary.rows == 5 and summary.changed == 3
    assert summary.statuses == {"open": 2, "accepted": 1, "false-positive": 1, "fixed": 1}
    decisions = load_decisions(xlsx.parent / "decisions.json")
    assert decisions == {fs[0].fingerprint: Decision("fixed", "Sato", "corrected to 国務院"),
                         fs[1].fingerprint: Decision("false-positive", "Li", ""),
                         fs[2].fingerprint: Decision("accepted", "Sato", "")}
    write_reports(a, fs, SIG, xlsx.parent, decisions=decisions)
    payload = json.loads((xlsx.parent / "findings.json").read_text(encoding="utf-8"))
    assert payload["summary"]["status"] == {"open": 2, "accepted": 1, "false-positive": 1, "fixed": 1}
    ws = load_workbook(xlsx)["findings"]
    header = [c.value for c in ws[1]]
    rows = {r[header.index("fingerprint")]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows[fs[0].fingerprint][header.index("comment")] == "corrected to 国務院"


def test_import_into_explicit_decisions_file_keeps_other_verdicts(reviewed, tmp_path):
    _, fs, xlsx = reviewed
    target = tmp_path / "elsewhere" / "decisions.json"
    target.parent.mkdir()
    target.write_text(json.dumps({"decisions": {"feedfacefeedface": {"status": "accepted"}}}), encoding="utf-8")
    _edit(xlsx, {fs[3].fingerprint: {"status": "accepted"}})
    import_review(xlsx, target)
    assert set(load_decisions(target)) == {"feedfacefeedface", fs[3].fingerprint}
    assert not (xlsx.parent / "decisions.json").exists()


def test_unknown_status_names_the_row(reviewed):
    _, fs, xlsx = reviewed
    _edit(xlsx, {fs[4].fingerprint: {"status": "done"}})
    with pytest.raises(InputError, match="unknown status 'done'") as exc:
        import_review(xlsx)
    assert exc.value.line >= 2 and "review.xlsx" in exc.value.one_line()
    # The row is named once, as the location (review.xlsx:5:), not again in the message.
    assert str(exc.value.line) not in exc.value.message and f"review.xlsx:{exc.value.line}: " in exc.value.one_line()


def test_missing_column_is_an_input_error(reviewed):
    _, _, xlsx = reviewed
    _edit(xlsx, {}, drop_column="comment")
    with pytest.raises(InputError, match="lacks column.*comment"):
        import_review(xlsx)


def test_not_a_workbook_is_an_input_error(tmp_path):
    bad = tmp_path / "review.xlsx"
    bad.write_text("status,comment\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable .xlsx"):
        import_review(bad)
    with pytest.raises(InputError, match="not found"):
        import_review(tmp_path / "missing.xlsx")


def test_report_html_given_to_review_import_points_at_export_decisions(reviewed, capsys):
    """A reviewer who decided in report.html imports the page itself; it holds no verdicts."""
    _, _, xlsx = reviewed
    page = xlsx.parent / "report.html"
    code, stdout, err = _cli(["review", "import", page], capsys)
    assert code == 2 and stdout == ""
    (line,) = err.strip().splitlines()
    assert str(page) in line and "Export decisions" in line
    assert not (xlsx.parent / "decisions.json").exists()


def test_an_unreadable_workbook_names_what_to_give_without_python_names(tmp_path, capsys):
    memory = tmp_path / "aligned.tmx"
    memory.write_text("<tmx version='1.4'><body/></tmx>", encoding="utf-8")
    code, _, err = _cli(["review", "import", memory], capsys)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert str(memory) in line and "review.xlsx" in line and "Export decisions" in line
    assert not re.search(r"\b[A-Z][a-z]+(Error|Exception|File)\b", line), line


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "aligner", *args], capture_output=True, text=True)


def test_cli_bad_input_is_one_line_exit_2(reviewed):
    _, fs, xlsx = reviewed
    _edit(xlsx, {fs[0].fingerprint: {"status": "maybe"}})
    r = run_cli("review", "import", str(xlsx))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "maybe" in r.stderr


def test_seed_round_trip_check_review_check(tmp_path):
    """The whole loop in-process: check, accept every finding in the sheet, import, check again.

    The gate then passes and the memory's x-review-status follows the verdicts. (The CLI
    wrapper is covered by test_cli_bad_input_is_one_line_exit_2.)
    """
    from lxml import etree
    from aligner.pipeline import CheckOptions, gate_exit_code, run_check
    out = tmp_path / "out"
    opts = CheckOptions(use_default_glossary=False)
    first = run_check([str(SEED)], out, options=opts)
    if gate_exit_code(first.findings, "major", first.decisions) == 0:
        pytest.skip("the seed has no major findings to review")
    xlsx = out / "review.xlsx"
    ws = load_workbook(xlsx)["findings"]
    fps = [r[0] for r in ws.iter_rows(min_row=2, values_only=True, min_col=[c.value for c in ws[1]].index("fingerprint") + 1)]
    assert sorted(set(fps)) == sorted({f.fingerprint for f in first.findings})
    _edit(xlsx, {fp: {"status": "accepted"} for fp in fps})
    import_review(xlsx, reviewer="QA")
    second = run_check([str(SEED)], out, options=opts)
    payload = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    status = {f["fingerprint"]: f["status"] for f in payload["findings"]}
    reviewed = [fp for fp in fps if fp in status]
    assert len(reviewed) >= 0.9 * len(fps)  # most findings recur unchanged on an unchanged document
    assert all(status[fp] == "accepted" for fp in reviewed)
    # Only findings the reviewer never saw may still hold the gate.
    new_major = [f for f in second.findings if f.fingerprint not in set(fps) and f.severity == "major"]
    assert gate_exit_code(second.findings, "major", second.decisions) == (1 if new_major else 0)
    root = etree.parse(str(out / "aligned.tmx")).getroot()
    review = {tu.get("tuid"): tu.find("prop[@type='x-review-status']").text for tu in root.iter("tu")}
    seen_units = {str(f.unit) for f in first.findings}
    new_units = {str(f.unit) for f in second.findings if f.fingerprint not in set(fps)}
    assert "reviewed" in review.values()
    assert all(review[u] == "reviewed" for u in seen_units - new_units if u in review)


def test_import_keeps_archived_verdicts(reviewed):
    from aligner.decisions import load_archived, save_decisions
    _, fs, xlsx = reviewed
    target = xlsx.parent / "decisions.json"
    save_decisions(target, {}, archived={"0ld0ld0ld0ld0ld0": Decision("fixed", "Li", "")})
    _edit(xlsx, {fs[0].fingerprint: {"status": "accepted"}})
    import_review(xlsx)
    assert load_archived(target) == {"0ld0ld0ld0ld0ld0": Decision("fixed", "Li", "")}
    assert load_decisions(target)[fs[0].fingerprint].status == "accepted"


def _sheet(xlsx: Path) -> dict[str, tuple]:
    ws = load_workbook(xlsx)["findings"]
    header = [c.value for c in ws[1]]
    return {r[header.index("fingerprint")]: (r[header.index("status")], r[header.index("comment")])
            for r in ws.iter_rows(min_row=2, values_only=True)}


def test_rerun_before_import_keeps_the_reviewers_typed_verdicts(reviewed):
    """Fill the sheet, forget `review import`, re-run: the verdicts must still be in the sheet
    (not yet in the gate or the other reports), and a recorded decision still wins over the sheet."""
    a, fs, xlsx = reviewed
    _edit(xlsx, {fs[0].fingerprint: {"status": "fixed", "comment": "done"},
                 fs[1].fingerprint: {"status": "False positive"},
                 fs[2].fingerprint: {"status": "fixed"}})
    recorded = {fs[2].fingerprint: Decision("accepted", "Li", "style")}
    write_reports(a, fs, SIG, xlsx.parent, decisions=recorded)
    rows = _sheet(xlsx)
    assert rows[fs[0].fingerprint] == ("fixed", "done")
    assert rows[fs[1].fingerprint][0] == "false-positive"
    assert rows[fs[2].fingerprint] == ("accepted", "style")
    assert rows[fs[3].fingerprint][0] == "open"
    # Typed but not imported: still in view, so the reviewer sees the work is not recorded yet;
    # only the recorded verdict is filed away behind the status filter.
    hidden = {r["fingerprint"] for r in _rows(xlsx) if r["hidden"]}
    assert hidden == {fs[2].fingerprint}
    payload = json.loads((xlsx.parent / "findings.json").read_text(encoding="utf-8"))
    assert payload["summary"]["status"]["fixed"] == 0  # not imported: the run does not count it
    summary = import_review(xlsx)
    assert load_decisions(xlsx.parent / "decisions.json")[fs[0].fingerprint] == Decision("fixed", "", "done")
    assert summary.statuses["accepted"] == 1


def test_unreadable_previous_sheet_is_simply_replaced(reviewed):
    a, fs, xlsx = reviewed
    xlsx.write_bytes(b"not a workbook")
    write_reports(a, fs, SIG, xlsx.parent)
    assert {s for s, _ in _sheet(xlsx).values()} == {"open"}


# ---------------------------------------------------------------- the whole round, as a shell user

ROUND_ZH = ("关于加强数据安全管理的通知\n\n各部门要严格落实数据安全责任制，明确数据分类分级保护要求。\n\n"
            "2024年底前，完成重要数据目录的编制工作，并报国务院有关部门备案。\n")
# Hand-made translation with five defects: simplified 强/门/务 left in the Japanese, and 2024 → 2025.
ROUND_JA = ("データセキュリティ管理の强化に関する通知\n\n"
            "各部门はデータセキュリティ責任制を厳格に実施し、データの分類・等級別保護の要件を明確にしなければならない。\n\n"
            "2025年末までに、重要データ目録の作成を完了し、国务院の関係部門に届け出る。\n")


def _cli(argv, capsys):
    from aligner.cli import main
    try:
        main([str(a) for a in argv])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out = capsys.readouterr()
    return code, out.out, out.err


def _rows(xlsx: Path) -> list[dict]:
    ws = load_workbook(xlsx)["findings"]
    header = [c.value for c in ws[1]]
    return [{**dict(zip(header, (c.value for c in ws[r]))), "hidden": bool(ws.row_dimensions[r].hidden)}
            for r in range(2, ws.max_row + 1)]


def test_check_review_import_check_through_the_cli_leaves_only_open_findings(tmp_path, capsys):
    zh, ja, out = tmp_path / "zh.txt", tmp_path / "ja.txt", tmp_path / "r"
    zh.write_text(ROUND_ZH, encoding="utf-8")
    ja.write_text(ROUND_JA, encoding="utf-8")
    check = ["check", zh, ja, "-o", out, "--no-default-glossary", "--fail-on", "major"]
    code, stdout, err = _cli(check, capsys)
    assert code == 1, err
    rows = _rows(out / "review.xlsx")
    assert not any(r["hidden"] for r in rows)
    by_span = {(r["check"], r["ja_span"] or r["zh_span"]): r["fingerprint"] for r in rows}
    accept, wrong, claimed = (by_span[("simplified-in-ja", "强化")], by_span[("numbers", "2024")],
                              by_span[("simplified-in-ja", "各部门")])
    others = {r["fingerprint"] for r in rows} - {accept, wrong, claimed}
    assert len(others) >= 2  # 国务院 and 2025 stay open
    _edit(out / "review.xlsx", {accept: {"status": "accepted", "comment": "quoted as in the source"},
                                wrong: {"status": "False-Positive"},   # as a reviewer might type it
                                claimed: {"status": "fixed"}})         # ...but the Japanese is unchanged
    code, stdout, err = _cli(["review", "import", out / "review.xlsx", "--reviewer", "Sato"], capsys)
    assert code == 0, err
    assert "1 accepted, 1 false-positive, 1 fixed" in stdout and "3 decisions changed" in stdout
    saved = load_decisions(out / "decisions.json")
    assert saved[accept] == Decision("accepted", "Sato", "quoted as in the source")
    assert saved[wrong].status == "false-positive" and saved[claimed].status == "fixed"

    code, stdout, err = _cli(check, capsys)
    assert code == 1, err  # 国务院 is still open, and so is the finding claimed fixed
    assert "(2 reviewed)" in stdout
    # Said on the console too: the reviewer who marked it fixed would otherwise only see a count go up.
    told = [line for line in stdout.splitlines() if claimed in line]
    assert len(told) == 1 and told[0].startswith("1 ") and "fixed" in told[0], stdout
    assert not any(fp in stdout for fp in (accept, wrong, *others))
    rows = {r["fingerprint"]: r for r in _rows(out / "review.xlsx")}
    assert {fp for fp, r in rows.items() if r["hidden"]} == {accept, wrong}
    assert rows[claimed]["status"] == "open" and rows[claimed]["comment"]  # reopened, saying why
    assert all(rows[fp]["status"] == "open" and not rows[fp]["hidden"] for fp in others)
    ws = load_workbook(out / "review.xlsx")["findings"]
    (column,) = ws.auto_filter.filterColumn
    assert column.colId == [c.value for c in ws[1]].index("status") and column.filters.filter == ["open"]
    payload = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert payload["summary"]["status"] == {"open": len(others) + 1, "accepted": 1, "false-positive": 1, "fixed": 0}
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count('data-status="accepted"') == 1 and page.count('data-status="false-positive"') == 1
    code, stdout, err = _cli(check, capsys)  # open now, so nothing is reopened again
    assert code == 1 and claimed not in stdout, stdout


def test_sheet_marks_the_span_inside_the_paragraph(reviewed):
    _, fs, xlsx = reviewed
    ws = load_workbook(xlsx, rich_text=True)["findings"]
    header = [c.value for c in ws[1]]
    fp_col, ja_col = header.index("fingerprint") + 1, header.index("ja") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, fp_col).value == fs[0].fingerprint)
    cell = ws.cell(row, ja_col).value
    blocks = [(str(b.text), bool(b.font.b)) if hasattr(b, "font") else (str(b), False) for b in cell]
    assert [t for t, bold in blocks if bold] == ["国务院"] and "".join(t for t, _ in blocks) == fs[0].ja


@pytest.mark.parametrize("encoding,delimiter", [("utf-8-sig", ","), ("cp932", ";"), ("gb18030", "\t"),
                                                ("utf-16", "\t")])  # the last: Excel's "Unicode Text"
def test_findings_csv_edited_in_excel_imports_too(reviewed, encoding, delimiter):
    """Excel saves "CSV" in the machine's code page, and with ';' where ',' is the decimal mark."""
    import csv
    import io
    _, fs, xlsx = reviewed
    rows = list(csv.DictReader(io.StringIO((xlsx.parent / "findings.csv").read_text(encoding="utf-8-sig"))))
    for row in rows:
        if row["fingerprint"] == fs[0].fingerprint:
            row.update(status="accepted", comment="原文どおり" if encoding != "gb18030" else "按原文")
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    edited = xlsx.parent / "edited.csv"
    edited.write_bytes(buf.getvalue().encode(encoding, errors="replace"))  # as Excel does: 务 → ?
    summary = import_review(edited)
    assert summary.rows == len(fs) and summary.statuses["accepted"] == 1
    decided = load_decisions(xlsx.parent / "decisions.json")[fs[0].fingerprint]
    assert decided.status == "accepted" and decided.comment == ("原文どおり" if encoding != "gb18030" else "按原文")


def test_a_sheet_saved_outside_the_report_folder_says_where_its_verdicts_went(reviewed, capsys):
    """Mailed back and saved in Downloads, the sheet's verdicts land beside it, where no check reads
    them; the import says so and how to aim them at the report folder."""
    import shutil
    _, fs, xlsx = reviewed
    _edit(xlsx, {fs[0].fingerprint: {"status": "accepted"}})
    downloads = xlsx.parent / "Downloads"
    downloads.mkdir()
    copy = Path(shutil.copy(xlsx, downloads / "review.xlsx"))
    code, stdout, err = _cli(["review", "import", copy], capsys)
    assert code == 0, err
    (note,) = [line for line in err.splitlines() if line.startswith("note:")]
    assert str(downloads) in note and "--decisions" in note
    code, stdout, err = _cli(["review", "import", xlsx], capsys)
    assert code == 0 and "note:" not in err
    code, stdout, err = _cli(["review", "import", copy, "--decisions", xlsx.parent / "decisions.json"], capsys)
    assert code == 0 and "note:" not in err
