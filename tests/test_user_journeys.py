"""End-to-end journeys of the three kinds of users, run in-process through the CLI entry point.

Bad input must end as ONE line on stderr naming the file, exit code 2, no traceback and no
output left behind; batch users must get the summary they can trust. The documents below
were written by hand for these tests (short real-style policy sentences and their Japanese).
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from aligner.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"

MEMO_ZH = ("关于加强数据安全管理的通知\n\n"
           "各部门要严格落实数据安全责任制，明确数据分类分级保护要求。\n\n"
           "2024年底前，完成重要数据目录的编制工作，并报国务院有关部门备案。\n")
MEMO_JA = ("データセキュリティ管理の強化に関する通知\n\n"
           "各部門はデータセキュリティ責任制を厳格に実施し、データの分類・等級別保護の要件を明確にしなければならない。\n\n"
           "2024年末までに、重要データ目録の作成を完了し、国務院の関係部門に届け出る。\n")


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """What a shell user sees: exit code, stdout, stderr."""
    try:
        main([str(a) for a in argv])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_one_line_error(code: int, err: str, *needles: str) -> None:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("aligner: error: "), err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


@pytest.fixture
def memo(tmp_path):
    (tmp_path / "memo.zh.txt").write_text(MEMO_ZH, encoding="utf-8")
    (tmp_path / "memo.ja.txt").write_text(MEMO_JA, encoding="utf-8")
    return tmp_path / "memo.zh.txt", tmp_path / "memo.ja.txt"


@pytest.fixture
def memory(tmp_path, memo, capsys):
    tm = tmp_path / "memo.tmx"
    code, _, err = run(["align", *memo, "-o", tm], capsys)
    assert code == 0, err
    return tm


# ------------------------------------------------------------------ bad input, my commands

def test_output_that_is_an_existing_file_is_refused_by_batch_and_analyze(tmp_path, memo, memory, capsys):
    taken = tmp_path / "taken.txt"
    taken.write_text("not a folder", encoding="utf-8")
    code, _, err = run(["batch", memo[0].parent, "-o", taken, "--jobs", "1"], capsys)
    assert_one_line_error(code, err, str(taken), "not a folder")
    code, _, err = run(["analyze", memo[0], "--tm", memory, "-o", taken], capsys)
    assert_one_line_error(code, err, str(taken), "not a folder")
    assert taken.read_text(encoding="utf-8") == "not a folder"


def test_memory_given_as_a_folder_says_so(tmp_path, memo, capsys):
    code, _, err = run(["analyze", memo[0], "--tm", tmp_path], capsys)
    assert_one_line_error(code, err, str(tmp_path), "folder", ".tmx")


@pytest.mark.parametrize("make", ["missing", "folder", "empty"])
def test_every_command_refuses_a_bad_document_in_one_line_and_writes_nothing(tmp_path, memory, capsys, make):
    bad = tmp_path / f"bad-{make}.txt"
    if make == "folder":
        bad.mkdir()
    elif make == "empty":
        bad.write_bytes(b"")
    out = tmp_path / "out"
    commands = [
        ["inspect", bad],
        ["align", bad, "-o", out / "x.tmx"],
        ["check", bad, "-o", out],
        ["analyze", bad, "--tm", memory, "-o", out],
        ["review", "import", bad],
    ]
    for argv in commands:
        code, _, err = run(argv, capsys)
        assert_one_line_error(code, err, str(bad))
        assert not out.exists(), argv


def test_unknown_encoding_and_unwritable_output(tmp_path, memo, capsys):
    code, _, err = run(["check", *memo, "--encoding", "nonsense", "-o", tmp_path / "o"], capsys)
    assert_one_line_error(code, err, "nonsense")
    assert not (tmp_path / "o").exists()
    for argv in (["align", *memo, "-o", "/proc/x/a.tmx"], ["align", *memo, "-o", "/proc/x/a.jsonl"],
                 ["align", *memo, "-o", "/proc/x/a.tsv"], ["check", *memo, "-o", "/proc/x"],
                 ["batch", memo[0].parent, "-o", "/proc/x"], ["align", *memo, "-o", tmp_path / "a.docx"]):
        code, _, err = run(argv, capsys)
        assert_one_line_error(code, err)
        assert "/proc/x" in err or "a.docx" in err


def test_config_with_unknown_key_names_key_and_file(tmp_path, memo, capsys):
    cfg = tmp_path / "aligner.toml"
    cfg.write_text("[batch]\njobs = 2\ncolour = 'red'\n", encoding="utf-8")
    code, _, err = run(["batch", memo[0].parent, "-o", tmp_path / "o", "--config", cfg], capsys)
    assert_one_line_error(code, err, "batch.colour", str(cfg))
    assert not (tmp_path / "o").exists()


# ------------------------------------------------------------------ batch / CI user

def test_batch_folder_with_encodings_broken_files_and_exit_codes(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "memo.zh.txt").write_text(MEMO_ZH, encoding="utf-8")
    (src / "memo.ja.txt").write_text(MEMO_JA, encoding="utf-8")
    (src / "enc.zh.txt").write_bytes(MEMO_ZH.encode("gb18030"))
    (src / "enc.ja.txt").write_bytes(MEMO_JA.encode("shift_jis"))
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out"
    code, _, err = run(["batch", src, "-o", out, "--jobs", "1"], capsys)
    assert code == 2, err  # unreadable documents are input errors
    rows = {r["document"]: r for r in csv.DictReader(
        (out / "summary.csv").read_text(encoding="utf-8-sig").splitlines())}
    assert set(rows) == {"memo", "enc", "empty", "binary"}
    assert rows["empty"]["status"] == rows["binary"]["status"] == "error"
    assert "empty" in rows["empty"]["error"] and str(src / "binary.txt") in rows["binary"]["error"]
    # the GB18030 + Shift_JIS pair reads as the UTF-8 pair does
    for key in ("status", "units", "matched_units", "major", "minor"):
        assert rows["enc"][key] == rows["memo"][key], key
    assert int(rows["memo"]["units"]) == 3
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["exit_code"] == 2 and summary["interrupted"] is False
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["enc", "memo"]
    assert "memo/report.html" in (out / "summary.html").read_text(encoding="utf-8")

    # only the good pair: exit code follows the gate
    for p in ("enc.zh.txt", "enc.ja.txt", "empty.txt", "binary.txt"):
        (src / p).unlink()
    code, _, err = run(["batch", src, "-o", tmp_path / "out2", "--jobs", "1", "--fail-on", "never"], capsys)
    assert code == 0, err


# ------------------------------------------------------------------ CAT-tool user

def test_memory_from_align_is_marked_unchecked_and_reads_back(tmp_path, memory):
    from translate.storage.tmx import tmxfile
    text = memory.read_text(encoding="utf-8")
    assert 'x-review-status">unchecked' in text and 'x-review-status">clean' not in text
    with open(memory, "rb") as fh:
        units = [u for u in tmxfile(fh, "zh-CN", "ja-JP").units]
    assert [u.source for u in units] == [p for p in MEMO_ZH.strip().split("\n\n")]
    assert [u.target for u in units] == [p for p in MEMO_JA.strip().split("\n\n")]


def test_output_folder_named_like_a_report_file_is_refused(tmp_path, memo, memory, capsys):
    summary, analysis = tmp_path / "summary.html", tmp_path / "analysis.csv"
    for out, argv in ((summary, ["batch", memo[0].parent, "-o", summary, "--jobs", "1"]),
                      (analysis, ["analyze", memo[0], "--tm", memory, "-o", analysis])):
        code, _, err = run(argv, capsys)
        assert_one_line_error(code, err, str(out), "folder")
        assert not out.exists()


# ------------------------------------------------------------------ reviewer

def test_reviewer_closes_findings_in_the_sheet_and_the_gate_follows(tmp_path, memo, capsys):
    from openpyxl import load_workbook
    zh, ja = memo
    ja.write_text(MEMO_JA.replace("国務院", "国务院"), encoding="utf-8")  # a simplified form left in the Japanese
    out = tmp_path / "r"
    code, _, err = run(["check", zh, ja, "-o", out, "--fail-on", "major"], capsys)
    assert code == 1, err
    assert (out / "findings.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for CJK
    payload = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert payload["signature"]["text"] and payload["signature"]["tool"] == "aligner"
    majors = {f["fingerprint"] for f in payload["findings"] if f["severity"] == "major"}
    assert majors
    wb = load_workbook(out / "review.xlsx")
    ws = wb["findings"]
    header = [c.value for c in ws[1]]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, header.index("fingerprint") + 1).value in majors:
            ws.cell(r, header.index("status") + 1).value = "false-positive"
            ws.cell(r, header.index("comment") + 1).value = "house style"
    wb.save(out / "review.xlsx")
    code, _, err = run(["review", "import", out / "review.xlsx", "--reviewer", "Sato"], capsys)
    assert code == 0, err
    code, _, err = run(["check", zh, ja, "-o", out, "--fail-on", "major"], capsys)
    assert code == 0, err
    rows = json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert {f["status"] for f in rows if f["fingerprint"] in majors} == {"false-positive"}
    assert {f["reviewer"] for f in rows if f["fingerprint"] in majors} == {"Sato"}
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count('data-status="false-positive"') == len(majors)


def test_batch_with_a_broken_glossary_stops_before_any_document(tmp_path, memo, capsys):
    bad = tmp_path / "terms.csv"
    bad.write_text('zh,ja\n"国务院,国務院\n', encoding="utf-8")
    code, _, err = run(["batch", memo[0].parent, "--glossary", bad, "-o", tmp_path / "o", "--jobs", "1"], capsys)
    assert_one_line_error(code, err, str(bad))
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("ext", ["jsonl", "tsv", "tmx"])
def test_align_output_that_is_a_folder_is_one_line(tmp_path, memo, capsys, ext):
    folder = tmp_path / f"out.{ext}"
    folder.mkdir()
    code, _, err = run(["align", *memo, "-o", folder], capsys)
    assert_one_line_error(code, err, str(folder))


def test_analyze_takes_an_encoding_and_names_a_japanese_only_document(tmp_path, memo, memory, capsys):
    gb = tmp_path / "new.txt"
    gb.write_bytes(MEMO_ZH.encode("gb18030"))
    code, out, err = run(["analyze", gb, "--tm", memory, "--encoding", "gb18030"], capsys)
    assert code == 0, err
    assert out.splitlines()[2].split()[:2] == ["100%", "3"]  # the memory was built from this very text
    code, _, err = run(["analyze", gb, "--tm", memory, "--encoding", "nonsense"], capsys)
    assert_one_line_error(code, err, "nonsense")
    code, _, err = run(["analyze", memo[1], "--tm", memory], capsys)
    assert_one_line_error(code, err, str(memo[1]), "Japanese")


def test_batch_output_into_its_own_input_folder_can_run_again(tmp_path, memo, capsys):
    """CI scripts often pass the same folder twice; the summary written there is not a new document."""
    folder = memo[0].parent
    for _ in range(2):
        code, _, err = run(["batch", folder, "-o", folder, "--jobs", "1"], capsys)
        assert code == 0, err
    rows = json.loads((folder / "summary.json").read_text(encoding="utf-8"))["documents"]
    assert [r["document"] for r in rows] == ["memo"]


def test_sentence_level_memory_is_valid_tmx_and_reads_back(tmp_path, memo, capsys):
    import shutil
    import subprocess
    from translate.storage.tmx import tmxfile
    zh, ja = memo
    zh.write_text(MEMO_ZH.replace("通知\n\n各部门", "通知\n\n数据是重要资源。各部门"), encoding="utf-8")
    ja.write_text(MEMO_JA.replace("通知\n\n各部門", "通知\n\nデータは重要な資源である。各部門"), encoding="utf-8")
    tm = tmp_path / "s.tmx"
    code, _, err = run(["align", zh, ja, "--level", "sentence", "-o", tm], capsys)
    assert code == 0, err
    text = tm.read_text(encoding="utf-8")
    assert 'segtype="sentence"' in text
    with open(tm, "rb") as fh:
        pairs = [(u.source, u.target) for u in tmxfile(fh, "zh-CN", "ja-JP").units]
    assert ("数据是重要资源。", "データは重要な資源である。") in pairs
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint not installed (apt-get install libxml2-utils)")
    r = subprocess.run(["xmllint", "--noout", "--dtdvalid", str(ROOT / "spec" / "tmx14.dtd"), str(tm)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_batch_with_a_bad_level_stops_before_any_document(tmp_path, memo, capsys):
    """A typo in an option is one usage error, not an error row per document and a replaced summary."""
    out = tmp_path / "o"
    code, _, err = run(["batch", memo[0].parent, "-o", out, "--jobs", "1"], capsys)
    assert code == 0, err
    before = (out / "summary.json").read_bytes()
    code, _, err = run(["batch", memo[0].parent, "-o", out, "--level", "word", "--jobs", "1"], capsys)
    assert_one_line_error(code, err, "word", "paragraph, sentence")
    assert (out / "summary.json").read_bytes() == before
