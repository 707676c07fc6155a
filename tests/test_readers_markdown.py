"""Markdown pipe tables: columns chosen by header or script, cell markup, text around the table kept."""
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.readers import read_bilingual

DOC = """# 服务业扩大开放 对照表

以下为中文原文与日文译文的对照。

| 编号 | 日本語 | 中文 | 备注 |
|:---:|---|---|---|
| 1 | **国務院**は北京市の計画に同意した。 | **国务院**同意北京市的方案。 | 标题 |
| 2 | 金融<br>サービスを開放する。 | 扩大金融<br/>服务开放。 |  |
| 3 | A\\|B 方式を試行する。 | 试行A\\|B模式。 | 无 |
| 4 |  | 本行没有译文。 |  |

以上が対照表である。
"""


@pytest.fixture
def doc_path(tmp_path):
    p = tmp_path / "table.md"
    p.write_text(DOC, encoding="utf-8")
    return p


def test_columns_are_chosen_by_their_header_and_the_rest_is_not_read(doc_path):
    doc = read_bilingual([str(doc_path)])
    assert doc.layout == "markdown"
    table_zh = [s.text for s in doc.zh if s.first_line >= 7]
    assert table_zh == ["国务院同意北京市的方案。", "扩大金融服务开放。", "试行A|B模式。", "本行没有译文。"]
    assert [s.text for s in doc.ja if s.first_line < 12] == \
        ["国務院は北京市の計画に同意した。", "金融サービスを開放する。", "A|B 方式を試行する。"]
    assert "column 4 not read" in doc.encoding  # the notes column, named so that `inspect` shows it
    assert not any("标题" in s.text or s.text == "1" for s in doc.zh + doc.ja)


def test_text_around_the_table_goes_to_its_language_with_its_line(doc_path):
    doc = read_bilingual([str(doc_path)])
    zh = {s.text: s.first_line for s in doc.zh}
    ja = {s.text: s.first_line for s in doc.ja}
    assert zh["服务业扩大开放 对照表"] == 1  # the heading's hashes are markup
    assert zh["以下为中文原文与日文译文的对照。"] == 3
    assert ja["以上が対照表である。"] == 12
    assert [s.first_line for s in doc.zh] == sorted(s.first_line for s in doc.zh)


def test_a_row_with_one_side_empty_is_an_unmatched_paragraph(doc_path):
    doc = read_bilingual([str(doc_path)])
    assert [s.first_line for s in doc.zh if s.text == "本行没有译文。"] == [10]
    assert not any(s.first_line == 10 for s in doc.ja)


def test_without_a_language_header_the_script_tells_the_columns(tmp_path):
    p = tmp_path / "t.md"
    p.write_text("| id | a | b |\n|---|---|---|\n| 1 | 这是第一段中文。 | これは最初の段落です。 |\n"
                 "| 2 | 这是第二段中文。 | これは二番目の段落です。 |\n", encoding="utf-8")
    doc = read_bilingual([str(p)])
    assert [s.text for s in doc.zh] == ["这是第一段中文。", "这是第二段中文。"]
    assert [s.text for s in doc.ja] == ["これは最初の段落です。", "これは二番目の段落です。"]


def test_a_table_without_a_japanese_column_is_refused(tmp_path):
    p = tmp_path / "t.md"
    p.write_text("| 中文 | 说明 |\n|---|---|\n| 这是中文。 | 这也是中文。 |\n| 第二行中文。 | 还是中文。 |\n"
                 "\nこれは日本語の段落です。\n", encoding="utf-8")
    with pytest.raises(InputError, match="no Chinese column and Japanese column"):
        read_bilingual([str(p)])


def test_a_tab_separated_file_or_plain_text_is_not_taken_for_markdown(tmp_path):
    tsv = tmp_path / "t.tsv"
    tsv.write_text("这是中文。\tこれは日本語です。\n第二行中文。\t二行目の日本語です。\n", encoding="utf-8")
    assert read_bilingual([str(tsv)]).layout == "tsv"
    # A lone `|` in prose does not make a table.
    txt = tmp_path / "t.txt"
    txt.write_text("这是中文|第一段。\n\n这是第二段中文。\n\nこれは日本語|です。\n\n二番目の段落です。\n", encoding="utf-8")
    assert read_bilingual([str(txt)]).layout != "markdown"


def test_layout_markdown_on_a_file_without_a_table_is_one_line_exit_2(tmp_path):
    p = tmp_path / "plain.txt"
    p.write_text("这是中文。\n\nこれは日本語です。\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "aligner", "inspect", str(p), "--layout", "markdown"],
                       capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "plain.txt" in r.stderr and "Markdown" in r.stderr
    assert "Traceback" not in r.stderr


def test_batch_takes_a_markdown_table_and_passes_over_a_readme(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "table.md").write_text(DOC, encoding="utf-8")
    (src / "README.md").write_text("# Delivery\n\nThe documents of this delivery | see below.\n", encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "aligner", "batch", str(src), "-o", str(out), "--jobs", "1",
                        "--fail-on", "never"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (out / "table" / "findings.json").exists()
    assert not (out / "README").exists()
    assert "README.md" in r.stdout + r.stderr  # named as not checked


ROWS = [("国务院同意北京市的方案，请认真组织实施。", "国務院は北京市の方案に同意するので、真剣に実施されたい。"),
        ("扩大金融服务领域开放，支持外资机构参与。", "金融サービス分野の開放を拡大し、外資機関の参加を支持する。"),
        ("三、北京市人民政府", "三、北京市人民政府"),  # a heading written alike: tells no language
        ("试行新的监管模式，及时总结经验。", "新たな監督管理モデルを試行し、速やかに経験を総括する。")]


@pytest.mark.parametrize("header, separator", [("| # | Source | Target | Notes |", "|:-:|-|:--|---|"),
                                               ("| a | b | c | d |", "|---|---|---|---|")])
def test_a_chinese_notes_column_is_not_taken_for_the_source(tmp_path, header, separator):
    # A note in Chinese on every row contrasts with the Japanese on every row, the source on all but the
    # heading written alike; the Source/Target header names the columns, and without one the columns holding
    # the text are the pair. `|:-:|-|` is a separator row too (one hyphen is enough in GFM).
    p = tmp_path / "t.md"
    p.write_text(f"{header}\n{separator}\n" + "".join(f"| {k} | {z} | {j} | 已确认 |\n"
                                                      for k, (z, j) in enumerate(ROWS, 1)), encoding="utf-8")
    doc = read_bilingual([str(p)])
    assert doc.layout == "markdown"
    assert [s.text for s in doc.zh] == [z for z, _ in ROWS] and [s.text for s in doc.ja] == [j for _, j in ROWS]
    assert "zh column 2, ja column 3 (column 4 not read)" in doc.encoding
