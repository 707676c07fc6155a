"""Word documents as input: body paragraphs in the text layouts, bilingual tables, two monolingual
documents as a pair, what counts as text (runs, tabs, breaks, tracked changes, fields), the
numbers reported, every refusal, and a batch over a folder holding an XLIFF and Word files.

The .docx files are built here with zipfile and minimal WordprocessingML; the expected
paragraphs are the texts written, never the reader's own output.
"""
import zipfile
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.readers import read_bilingual
from aligner.readers.summary import summarize
from readers_docs import ole_file
from test_batch import read_summary_csv, run_cli
from test_readers_layouts import texts
from test_readers_xliff import refusal, xliff12

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ZH = ["国务院关于同意建设示范区的批复", "北京市人民政府、商务部：", "一、原则同意《工作方案》，请认真组织实施。",
      "二、国务院有关部门要按照职责分工，积极支持。"]
JA = ["国務院：モデル区建設に対する批准回答", "北京市人民政府・商務部：", "一、原則、《業務方案》に同意するので、真剣に実施されたい。",
      "二、国務院関連部門は、職責分担に基づき、積極的に支援しなければならない。"]


def r(text: str) -> str:
    return f'<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(*runs: str) -> str:
    """A paragraph of runs; a plain string is one run of that text."""
    return "<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='720'/></w:tabs></w:pPr>" + "".join(
        x if x.startswith("<") else r(x) for x in runs) + "</w:p>"


def tc(text: str = "", pr: str = "") -> str:
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{p(text) if text else '<w:p/>'}</w:tc>"


def tr(*cells: str) -> str:
    return "<w:tr>" + "".join(c if c.startswith("<w:tc>") else tc(c) for c in cells) + "</w:tr>"


def tbl(*rows: str) -> str:
    return "<w:tbl><w:tblPr/>" + "".join(rows) + "</w:tbl>"


def docx(path: Path, body: str, *, extra: dict | None = None) -> str:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        zf.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                         f'<w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>')
        for name, text in (extra or {}).items():
            zf.writestr(name, text)
    return str(path)


def lines(segs):
    return [(s.first_line, s.last_line) for s in segs]


def test_interleaved_body_paragraphs_are_numbered_counting_empty_ones(tmp_path):
    body = "<w:p/>" + "".join(p(z) + p(j) + "<w:p/>" for z, j in zip(ZH, JA))
    path = docx(tmp_path / "memo.docx", body)
    doc = read_bilingual([path])
    assert doc.layout == "docx" and "interleaved" in doc.encoding
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert lines(doc.zh) == [(2 + 3 * k, 2 + 3 * k) for k in range(4)]
    assert lines(doc.ja) == [(3 + 3 * k, 3 + 3 * k) for k in range(4)]
    assert doc.zh[0].location == f"{path}:2"
    assert read_bilingual([path], layout="docx") == doc


def test_blocks_body_and_detection_by_content(tmp_path):
    path = docx(tmp_path / "download", "".join(map(p, ZH)) + "".join(map(p, JA)))  # no extension
    doc = read_bilingual([path])
    assert doc.layout == "docx" and "blocks" in doc.encoding
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert lines(doc.ja)[0] == (5, 5)


def test_what_counts_as_text(tmp_path):
    # Runs in pieces, a tab, a line break, tracked changes, a field (instruction and result), a text box.
    tricky = p(r("一、原则"), f"<w:ins w:id='1'>{r('同意')}</w:ins>",
               "<w:del w:id='2'><w:r><w:delText>不</w:delText></w:r></w:del>",
               "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>",
               "<w:r><w:fldChar w:fldCharType='separate'/></w:r>", r("《工作方案》"),
               "<w:r><w:fldChar w:fldCharType='end'/></w:r>", "<w:r><w:tab/></w:r>", r("请认真"),
               "<w:r><w:br/></w:r>", r("组织实施。"),
               "<w:moveFrom w:id='3'><w:r><w:t>旧</w:t></w:r></w:moveFrom>")
    path = docx(tmp_path / "t.docx", tbl(tr("中文", "日本語"), f"<w:tr><w:tc>{tricky}</w:tc>{tc(JA[2])}</w:tr>"))
    doc = read_bilingual([path])
    # The tab is kept; the break is a line break inside the paragraph, joined as layout (no space in CJK).
    assert texts(doc.zh) == ["一、原则同意《工作方案》\t请认真组织实施。"]
    assert texts(doc.ja) == [JA[2]]


def test_trados_style_review_table(tmp_path):
    header = tr("Segment ID", "Status", "Source segment", "Target segment", "Comment")
    rows = [tr(str(k), "Translated", z, j, "訳注：確認済み" if k == 2 else "") for k, (z, j) in enumerate(zip(ZH, JA), 1)]
    body = p("Bilingual review: memo.docx") + tbl(header, *rows) + p("以上")
    path = docx(tmp_path / "review.docx", body)
    doc = read_bilingual([path])
    # 以上 below the table is read (kana-less, it reads as Chinese); the English line is neither language.
    assert texts(doc.zh) == ZH + ["以上"] and texts(doc.ja) == JA
    assert lines(doc.zh) == [(k, k) for k in range(2, 6)] + [(27, 27)]  # table rows (header row 1), paragraph 27
    assert lines(doc.ja) == [(k, k) for k in range(2, 6)]
    assert {s.file for s in doc.zh[:4] + doc.ja} == {f"{path} (table 1)"} and doc.zh[4].location == f"{path}:27"
    assert "zh column 3, ja column 4, header row 1 skipped" in doc.encoding
    assert "column 5 not read" in doc.encoding and "1 paragraph outside it read" in doc.encoding
    assert "1 paragraph outside it without Chinese or Japanese text not read" in doc.encoding
    assert any("row number" in n and "paragraph number" in n for n in summarize(doc)["notes"])


def test_paragraphs_around_a_table_are_read_and_paired_by_the_aligner(tmp_path):
    from aligner.align import align
    title_zh, title_ja = "国务院关于同意建设示范区的批复（对照表）", "国務院：モデル区建設に対する批准回答（対訳表）"
    note_zh, note_ja = "注：本表仅供参考，以正式文本为准。", "注：本表は参考用であり、正式な文書を基準とする。"
    rows = [tr(str(k), z, j) for k, (z, j) in enumerate(zip(ZH, JA), 1)]
    body = p(title_zh) + p(title_ja) + "<w:p/>" + tbl(tr("ID", "原文", "訳文"), *rows) + p(note_zh) + p(note_ja)
    path = docx(tmp_path / "doc.docx", body)
    doc = read_bilingual([path])
    # Every character of both languages read once: the rows and the four paragraphs outside the table.
    got = Counter("".join(texts(doc.zh + doc.ja)))
    assert got == Counter("".join(ZH + JA) + title_zh + title_ja + note_zh + note_ja)
    assert "4 paragraphs outside it read" in doc.encoding
    units = align(doc).units
    assert [(u.zh, u.ja) for u in units] == [(title_zh, title_ja), *zip(ZH, JA), (note_zh, note_ja)]
    # A paragraph by its number in the body (the table's 15 cells are paragraphs 4-18), a row by its row.
    assert (units[0].zh_location, units[0].ja_location) == (f"{path}:1", f"{path}:2")
    assert units[1].zh_location == f"{path} (table 1):2"
    assert (units[-1].zh_location, units[-1].ja_location) == (f"{path}:19", f"{path}:20")


def test_plain_table_japanese_first_merged_cells_and_one_sided_rows(tmp_path):
    title = f"<w:tr>{tc('关于示范区的批复', '<w:gridSpan w:val=' + chr(34) + '2' + chr(34) + '/>')}</w:tr>"
    merged = (f"<w:tr>{tc(JA[1])}{tc(ZH[1], '<w:vMerge w:val=' + chr(34) + 'restart' + chr(34) + '/>')}</w:tr>"
              f"<w:tr>{tc(JA[2])}{tc('', '<w:vMerge/>')}</w:tr>")
    body = tbl(title, tr(JA[0], ZH[0]), merged, tr(JA[3], ""))
    doc = read_bilingual([docx(tmp_path / "t.docx", body)])
    assert texts(doc.zh) == ["关于示范区的批复", ZH[0], ZH[1]]
    assert lines(doc.zh) == [(1, 1), (2, 2), (3, 4)]  # the vertically merged cell spans rows 3-4
    assert texts(doc.ja) == JA
    assert "zh column 2, ja column 1" in doc.encoding


def test_a_small_table_in_a_document_is_read_with_the_body(tmp_path):
    # A two-row term table amid interleaved paragraphs: the body is the document, the table part of it.
    terms = tbl(tr("试点", "試行"), tr("示范区", "モデル区"))
    body = p(ZH[0]) + p(JA[0]) + p(ZH[1]) + p(JA[1]) + terms + p(ZH[2]) + p(JA[2]) + p(ZH[3]) + p(JA[3])
    doc = read_bilingual([docx(tmp_path / "memo.docx", body)])
    assert "body paragraphs" in doc.encoding
    got = Counter("".join(texts(doc.zh + doc.ja)))
    assert got == Counter("".join(ZH + JA) + "试点試行示范区モデル区")
    assert lines(doc.zh)[0] == (1, 1) and lines(doc.ja)[-1] == (12, 12)  # the table's 4 cells are paragraphs 5-8


def test_two_monolingual_documents_are_a_pair(tmp_path):
    zh = docx(tmp_path / "a.zh.docx", "".join(p(z) + "<w:p/>" for z in ZH))
    ja = docx(tmp_path / "a.ja.docx", "".join(map(p, JA)))
    doc = read_bilingual([zh, ja])
    assert doc.layout == "pair" and texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert lines(doc.zh) == [(1, 1), (3, 3), (5, 5), (7, 7)] and lines(doc.ja) == [(k, k) for k in range(1, 5)]
    txt = tmp_path / "ja.txt"
    txt.write_text("\n\n".join(JA), encoding="utf-8")
    mixed = read_bilingual([zh, str(txt)])
    assert texts(mixed.zh) == ZH and lines(mixed.ja)[1] == (3, 3)  # the text file keeps its own lines


def _paras(alphabet: str):
    piece = st.text(st.sampled_from(list(alphabet + "<&> AZ09") + ["\U00020BB7"]), min_size=1, max_size=6)
    return st.lists(st.lists(piece, min_size=1, max_size=4), min_size=1, max_size=5)


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_paras("国务院同意试点，。“”"), _paras("企業はをが。、「」"), st.lists(st.sampled_from(["删", "消"]), max_size=3))
def test_table_cells_keep_every_character_of_their_runs(tmp_path_factory, zh_runs, ja_runs, deleted):
    """Runs split anywhere, deleted runs between them: a cell reads as its runs, deletions left out."""
    zh_runs = [["国" + "".join(rs)] for rs in zh_runs]  # every Chinese cell has Han text
    ja_runs = [["は"] + rs for rs in ja_runs]  # every Japanese cell has kana
    rows = []
    n = min(len(zh_runs), len(ja_runs))
    dels = "".join(f"<w:del w:id='9'><w:r><w:delText>{d}</w:delText></w:r></w:del>" for d in deleted)
    for zr, jr in zip(zh_runs[:n], ja_runs[:n]):
        rows.append(f"<w:tr><w:tc>{p(*map(r, zr), dels)}</w:tc><w:tc>{p(dels, *map(r, jr))}</w:tc></w:tr>")
    path = docx(tmp_path_factory.mktemp("d") / "p.docx", tbl(tr("zh", "ja"), *rows))
    doc = read_bilingual([path], layout="docx")
    want_zh = ["".join(zr).strip() for zr in zh_runs[:n]]
    want_ja = ["".join(jr).strip() for jr in ja_runs[:n]]
    assert texts(doc.zh) == want_zh and texts(doc.ja) == want_ja
    assert Counter("".join(texts(doc.zh + doc.ja))) == Counter("".join(want_zh + want_ja))


def _truncated(t):
    good = Path(docx(t / "whole.docx", "".join(p(z) + p(j) for z, j in zip(ZH * 20, JA * 20))))
    cut = t / "cut.docx"
    cut.write_bytes(good.read_bytes()[:-200])
    return cut


def _file(t, name, data: bytes):
    path = t / name
    path.write_bytes(data)
    return path


CASES = {
    "truncated": lambda t: ([_truncated(t)], "damaged or truncated Word document"),
    "broken xml": lambda t: ([Path(docx(t / "x.docx", p(ZH[0]) + "<w:p><w:r>"))], "damaged Word document"),
    "encrypted": lambda t: ([_file(t, "locked.docx", ole_file("EncryptionInfo", "EncryptedPackage"))],
                            "encrypted (password-protected) Word document"),
    "doc": lambda t: ([_file(t, "old.doc", ole_file("WordDocument", "1Table"))], "save it as Word Document (.docx)"),
    "empty": lambda t: ([Path(docx(t / "empty.docx", "<w:p/>"))], "empty Word document"),
    "one language": lambda t: ([Path(docx(t / "zh.docx", "".join(map(p, ZH))))], "only Chinese text"),
    "text forced as docx": lambda t: ([_file(t, "a.txt", "\n\n".join(ZH + JA).encode()), "--layout", "docx"],
                                      "not a Word document"),
    "docx forced as tsv": lambda t: ([Path(docx(t / "m.docx", p(ZH[0]) + p(JA[0]))), "--layout", "tsv"],
                                     "use --layout docx"),
    "workbook forced as docx": lambda t: ([_file(t, "b.xlsx", _zip_bytes(t, {"xl/workbook.xml": "<workbook/>"})),
                                           "--layout", "docx"], "Excel workbook, not a Word document"),
}


def _zip_bytes(t, parts):
    path = t / "tmp.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return path.read_bytes()


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["inspect", "check"])
def test_refused_with_one_line_naming_the_file(tmp_path, case, command):
    args, expected = CASES[case](tmp_path)
    line = refusal(tmp_path, command, *args)
    assert args[0].name in line and expected.lower() in line.lower(), line


def test_batch_reads_xliff_and_word_files_of_a_folder(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "job.zh.xlf").write_text(xliff12(list(zip(ZH, JA))), encoding="utf-8")  # a tag on an XLIFF: still one document
    docx(src / "memo.docx", "".join(p(z) + p(j) for z, j in zip(ZH, JA)))
    docx(src / "letter.zh.docx", "".join(map(p, ZH)))
    docx(src / "letter.ja.docx", "".join(map(p, JA)))
    docx(src / "table.zh.docx", tbl(*(tr(z, j) for z, j in zip(ZH, JA))))  # no partner: one bilingual document
    (src / "page.html").write_text("<p>国务院</p>", encoding="utf-8")
    out = tmp_path / "out"
    res = run_cli("batch", str(src), "-o", str(out), "--jobs", "1", "--fail-on", "never", cwd=ROOT)
    assert res.returncode == 0, res.stderr
    rows = {row["document"]: row for row in read_summary_csv(out)}
    assert set(rows) == {"job.zh", "memo", "letter", "table.zh"}
    for name, row in rows.items():
        assert row["status"] in ("clean", "findings"), row
        assert int(row["matched_units"]) == 4, row
        assert (out / name / "aligned.tmx").is_file()
    assert "page.html" in res.stdout + res.stderr  # named as not checked
