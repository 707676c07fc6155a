"""Bad input through the real CLI: exit 2, one line on stderr naming the file, no traceback, no partial output."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from readers_docs import ole_file

ROOT = Path(__file__).resolve().parents[1]
ZH_ONLY = ROOT / "corpora" / "000_0103695f7d59380a.txt"
BILINGUAL = "北京市人民政府要精心组织实施，扎实推进各项措施落实。\n\n北京市人民政府は、入念に組織的に実施しなければならない。\n"


def run_inspect(*args):
    return subprocess.run([sys.executable, "-m", "aligner", "inspect", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


def _file(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _workbook(t, name, rows, *, title="Sheet"):
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.title = title
    for row in rows:
        wb.active.append(row)
    p = t / name
    wb.save(p)
    return p


def _zip(t, name, parts: dict):
    import zipfile
    p = t / name
    with zipfile.ZipFile(p, "w") as zf:
        for part, text in parts.items():
            zf.writestr(part, text)
    return p


def _truncated_workbook(t):
    p = _workbook(t, "cut.xlsx", [["北京市人民政府要精心组织实施。", "北京市人民政府は実施しなければならない。"]] * 50)
    p.write_bytes(p.read_bytes()[:-300])  # the central directory, where a ZIP lists its parts, is at the end
    return p


def _broken_sheet(t):
    import zipfile
    good = _workbook(t, "good.xlsx", [["北京市人民政府要精心组织实施。", "北京市人民政府は実施しなければならない。"]] * 5)
    p = t / "broken.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(p, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    return p


def _units_jsonl() -> bytes:
    # Records shaped as `aligner align -o x.jsonl` writes them: one JSON object a line with zh/ja fields.
    zh, ja = BILINGUAL.split("\n\n")
    recs = [{"id": 0, "zh": zh, "ja": ja.strip(), "bead": "1-1", "confidence": 0.9}, {"id": 1, "zh": "", "ja": ja.strip()}]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode()


CASES = {
    "empty": lambda t: ([_file(t, "empty.txt", b"")], "empty"),
    "whitespace": lambda t: ([_file(t, "blank.txt", b"  \n\n\t\n")], "empty"),
    "bom only": lambda t: ([_file(t, "bom.txt", b"\xef\xbb\xbf\n")], "empty"),
    "binary": lambda t: ([_file(t, "blob.bin", bytes(range(256)) * 8)], "binary"),
    "pdf": lambda t: ([_file(t, "paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")], "PDF"),
    "directory": lambda t: ([t], "directory"),
    "missing": lambda t: ([t / "nope.txt"], "no such file"),
    "one language": lambda t: ([ZH_ONLY], "no Japanese"),
    "undecodable": lambda t: ([_file(t, "bad.txt", "中文段落。".encode() + b"\xff\xfe\x80" + "日本語です。".encode())],
                              "undecodable"),
    "japanese only": lambda t: ([_file(t, "ja.txt", "これは日本語の文です。\n\nもう一つの段落です。\n".encode())],
                                "only Japanese"),
    "one-column table": lambda t: ([_file(t, "half.tsv", "中文段落。\t\n另一个中文段落。\t\n".encode())], "only Chinese"),
    "binary without nul": lambda t: ([_file(t, "noise.dat", bytes(range(1, 256)) * 16)], "binary"),
    "corrupt shift_jis": lambda t: ([_file(t, "sjis.txt", "北京市人民政府は、目標に基づき実施しなければならない。\n\n".encode("cp932")
                                          + b"\xff" + "付属文書\n".encode("cp932"))], "line 3"),
    "corrupt utf-16": lambda t: ([_file(t, "u16.txt", "\ufeff中文。".encode("utf-16-le") + b"\x00\xd8")], "UTF-16"),
    "unknown layout": lambda t: ([_file(t, "ok.txt", BILINGUAL.encode()), "--layout", "odt"], "unknown layout"),
    "tsv on text": lambda t: ([_file(t, "ok.txt", BILINGUAL.encode()), "--layout", "tsv"], "--layout tsv"),
    "csv on text": lambda t: ([_file(t, "ok.txt", BILINGUAL.encode()), "--layout", "csv"], "--layout csv"),
    "tmx on text": lambda t: ([_file(t, "ok.txt", BILINGUAL.encode()), "--layout", "tmx"], "ok.txt"),
    "mixed on a table": lambda t: ([_file(t, "t.tsv", "附件\t付属文書\n原则同意。\t原則として同意する。\n".encode()),
                                    "--layout", "mixed"], "use --layout tsv"),
    "interleaved on one language": lambda t: ([ZH_ONLY, "--layout", "interleaved"], "--layout interleaved"),
    "pair with one file": lambda t: ([_file(t, "ok.txt", BILINGUAL.encode()), "--layout", "pair"], "two files"),
    "mixed with two files": lambda t: ([_file(t, "a.txt", "中文。".encode()), _file(t, "b.txt", "にほん。".encode()),
                                        "--layout", "mixed"], "two files"),
    "pair of one language": lambda t: ([_file(t, "a.txt", "中文的段落。".encode()), _file(t, "b.txt", "另一个中文段落。".encode())],
                                       "no Japanese"),
    "unknown encoding": lambda t: ([_file(t, "ok.txt", BILINGUAL.encode()), "--encoding", "klingon-8"], "klingon-8"),
    "wrong encoding": lambda t: ([_file(t, "gbk.txt", "北京市人民政府要精心组织实施。".encode("gbk")), "--encoding", "utf-8"],
                                 "utf-8"),
    "xlsx truncated": lambda t: ([_truncated_workbook(t)], "truncated"),
    "xlsx with a broken sheet": lambda t: ([_broken_sheet(t)], "damaged workbook"),
    "xlsx encrypted": lambda t: ([_file(t, "locked.xlsx", ole_file("EncryptionInfo", "EncryptedPackage"))],
                                "without a password"),
    "xls": lambda t: ([_file(t, "old.xls", ole_file("Workbook", "\x05SummaryInformation"))], "save it as Excel Workbook (.xlsx)"),
    "word file that mentions a Book": lambda t: ([_file(t, "memo.doc", ole_file("WordDocument", text="Book of terms"))],
                                                 "old binary Word document (.doc)"),
    "xls forced as xlsx": lambda t: ([_file(t, "old.xls", ole_file("Workbook")), "--layout", "xlsx"], "old binary Excel"),
    "xlsx empty": lambda t: ([_workbook(t, "empty.xlsx", [])], "empty workbook"),
    "xlsx one language": lambda t: ([_workbook(t, "zh.xlsx", [["北京市人民政府要精心组织实施。", "国务院同意试点。"]] * 4)],
                                    "no sheet holds a Chinese column and a Japanese column ('Sheet': Chinese only)"),
    "xlsx one column": lambda t: ([_workbook(t, "col.xlsx", [["北京市人民政府要精心组织实施。"], ["北京市人民政府は実施しなければならない。"]])],
                                  "one column of text (A)"),
    "xlsx review sheet": lambda t: ([_workbook(t, "review.xlsx", [["status", "comment", "fingerprint", "zh", "ja"],
                                                                  ["", "", "0123abcd", "国务院同意试点。", "国務院は同意する。"]],
                                               title="findings")], "review sheet"),
    "docx as xlsx": lambda t: ([_zip(t, "memo.docx", {"word/document.xml": "<w:document/>"}), "--layout", "xlsx"],
                               "Word document"),
    "text as xlsx": lambda t: ([_file(t, "ok.txt", BILINGUAL.encode()), "--layout", "xlsx"], "not an Excel workbook"),
    "xlsx as tsv": lambda t: ([_workbook(t, "t.xlsx", [["北京市人民政府要精心组织实施。", "北京市人民政府は実施しなければならない。"]]),
                               "--layout", "tsv"], "use --layout xlsx"),
    "xlsx in a pair": lambda t: ([_workbook(t, "zh.xlsx", [["北京市人民政府要精心组织实施。"]]),
                                  _file(t, "ja.txt", "北京市人民政府は実施しなければならない。".encode())], "give the workbook alone"),
    "aligned jsonl": lambda t: ([_file(t, "units.jsonl", _units_jsonl())], "not an input format"),
    "aligned jsonl named .txt": lambda t: ([_file(t, "units.txt", _units_jsonl())], "not an input format"),
    "aligned jsonl in a pair": lambda t: ([_file(t, "units.jsonl", _units_jsonl()),
                                           _file(t, "ja.txt", "北京市人民政府は実施しなければならない。".encode())],
                                          "not an input format"),
    "short kana-less text": lambda t: ([_file(t, "h.txt", "你好\n".encode())], "too little of it to tell which"),
    "short simplified text": lambda t: ([_file(t, "s.txt", "业务发展\n".encode())], "only Chinese text, no Japanese"),
    "three files": lambda t: ([_file(t, "a.txt", b"a"), _file(t, "b.txt", b"b"), _file(t, "c.txt", b"c")],
                             "3 files given"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_line_exit_2(tmp_path, case):
    args, expected = CASES[case](tmp_path)
    r = run_inspect(*args)
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert r.stdout == ""  # nothing printed before the error
    assert expected.lower() in lines[0].lower(), lines[0]
    first = args[0]
    if isinstance(first, Path):
        assert first.name in lines[0], lines[0]


def test_good_input_still_works(tmp_path):
    r = run_inspect(_file(tmp_path, "ok.txt", BILINGUAL.encode()))
    assert r.returncode == 0, r.stderr
    assert "zh 1" in r.stdout and "ja 1" in r.stdout


@pytest.mark.parametrize("case", ["empty", "binary", "one language", "undecodable", "corrupt shift_jis",
                                  "xlsx truncated", "xlsx encrypted", "xlsx one language"])
def test_align_leaves_no_output_behind(tmp_path, case):
    args, _ = CASES[case](tmp_path)
    out = tmp_path / "out" / "aligned.jsonl"
    r = subprocess.run([sys.executable, "-m", "aligner", "align", *map(str, args), "-o", str(out)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not out.exists() and not out.parent.exists()


def test_text_opening_with_braces_is_not_taken_for_aligned_units():
    from aligner.readers.ownoutput import is_aligned_jsonl
    zh, ja = BILINGUAL.split("\n\n")
    assert is_aligned_jsonl(_units_jsonl().decode())
    assert not is_aligned_jsonl('{"title": "报告"}\n' + BILINGUAL)  # JSON, but no language fields
    assert not is_aligned_jsonl("{" + zh + "}\n\n" + ja)  # a braced line of text
    assert not is_aligned_jsonl(BILINGUAL)


@pytest.mark.parametrize("text", ["你好\n", "中文\n", "付属文書\n", "你好\n\n中文\n"])
def test_kana_less_text_is_never_called_japanese(tmp_path, text):
    # Japanese prose has kana: a kana-less line is Chinese or undecided, not "only Japanese".
    r = run_inspect(_file(tmp_path, "one.txt", text.encode()))
    assert r.returncode == 2 and "only Japanese" not in r.stderr, r.stderr


@pytest.mark.parametrize("command", ["inspect", "check", "align"])
def test_three_files_are_named_and_the_commands_help_pointed_at(tmp_path, command):
    files = [_file(tmp_path, f"{n}.txt", BILINGUAL.encode()) for n in ("zh", "ja", "extra")]
    out = ["-o", str(tmp_path / ("out" if command == "check" else "out.jsonl"))] if command != "inspect" else []
    r = subprocess.run([sys.executable, "-m", "aligner", command, *map(str, files), *out],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert all(f.name in r.stderr for f in files), r.stderr
    assert f"aligner {command} --help" in r.stderr, r.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.jsonl").exists()
