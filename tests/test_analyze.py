"""TM leverage analysis on a hand-made tiny memory, and the fuzzy index against a brute-force scan.

The memory below was written by hand: each source sentence is 20 characters (or a known
length) so that the expected percentage of each test segment can be worked out on paper:
one changed character in 20 → 1 - 1/20 = 95 %, three in 20 → 85 %, and so on.
"""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.analyze import analyze, band_of, percent, write_reports
from aligner.errors import InputError
from aligner.fuzzy import FuzzyIndex, brute_force_best, normalize, similarity

#            12345678901234567890
S1 = "北京市人民政府要立足首都城市战略定位。"    # 19 chars
S2 = "国务院同意深化服务业扩大开放综合试点工作。"  # 21 chars
S3 = "加强对工作方案实施的组织领导和统筹协调作用。"  # 22 chars
S4 = "推进数字贸易和金融服务领域改革开放措施落地。"  # 22 chars
MEMORY = [(S1, "北京市人民政府は首都の戦略的位置付けに立脚する。"), (S2, "国務院は試行の深化に同意する。"),
          (S3, "作業方案の実施に対する組織指導を強化する。"), (S4, "デジタル貿易と金融サービス分野の改革を推進する。")]


def tmx_bytes(pairs, encoding="utf-8"):
    tus = "".join(f'<tu><tuv xml:lang="zh-CN"><seg>{z}</seg></tuv><tuv xml:lang="ja-JP"><seg>{j}</seg></tuv></tu>'
                  for z, j in pairs)
    text = (f'<?xml version="1.0" encoding="{encoding.upper()}"?><tmx version="1.4"><header srclang="zh-CN" '
            f'creationtool="hand" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" '
            f'datatype="plaintext"/><body>{tus}</body></tmx>')
    return text.encode(encoding)


@pytest.fixture
def memory(tmp_path):
    p = tmp_path / "memory.tmx"
    p.write_bytes(tmx_bytes(MEMORY))
    return p


def change(text, positions, new="某"):
    chars = list(text)
    for i in positions:
        chars[i] = new
    return "".join(chars)


def test_percent_rounds_down_and_bands():
    assert percent(1.0) == 100 and percent(0.999) == 99 and percent(0.95) == 95
    assert band_of(1.0) == "100%"
    assert band_of(0.95) == "95-99%" and band_of(0.949) == "85-94%"
    assert band_of(0.85) == "85-94%" and band_of(0.75) == "75-84%" and band_of(0.5) == "50-74%"
    assert band_of(0.49) == "no match" and band_of(None) == "no match"


def test_bands_on_tiny_memory(tmp_path, memory):
    twenty = "北京市人民政府要立足首都城市战略定位工。"  # 20 chars, not in the memory
    mem2 = tmp_path / "m2.tmx"
    mem2.write_bytes(tmx_bytes(MEMORY + [(twenty, "二十字")]))
    segments = [
        S2,                                   # exact → 100
        change(twenty, [3]),                  # 1 of 20 changed → 95
        change(twenty, [3, 8, 12]),           # 3 of 20 → 85
        change(twenty, [1, 4, 7, 10, 13]),    # 5 of 20 → 75
        change(twenty, range(0, 20, 2)),      # 10 of 20 → 50
        "这是一个完全不相关的句子，和记忆库没有关系。",      # nothing shared → no match
    ]
    doc = tmp_path / "new.txt"
    doc.write_text("\n\n".join(segments) + "\n", encoding="utf-8")
    result = analyze([str(doc)], [str(mem2)])
    (d,) = result.documents
    assert [s.band for s in d.segments] == ["100%", "95-99%", "85-94%", "75-84%", "50-74%", "no match"]
    assert [percent(s.score) for s in d.segments[:5]] == [100, 95, 85, 75, 50]
    assert d.segments[0].match.target == "国務院は試行の深化に同意する。"
    totals = result.totals()
    assert totals["100%"] == {"segments": 1, "chars": len(S2)}
    assert totals["95-99%"] == {"segments": 1, "chars": 20}
    assert sum(b["segments"] for b in totals.values()) == 6


def test_nfkc_and_spaces_do_not_cost_a_match(tmp_path, memory):
    doc = tmp_path / "new.txt"
    # full-width comma/stop are NFKC-stable, but a space inside and full-width digits must fold
    doc.write_text("北京市人民政府要立足首都 城市战略定位。\n\n2020年度计划。\n", encoding="utf-8")
    mem = tmp_path / "m.tmx"
    mem.write_bytes(tmx_bytes([(S1, "x"), ("２０２０年度计划。", "y")]))
    result = analyze([str(doc)], [str(mem)])
    assert [s.band for s in result.documents[0].segments] == ["100%", "100%"]


def test_sentences_are_split_and_counted_per_document(tmp_path, memory):
    a = tmp_path / "a.txt"
    a.write_text(S1 + S2 + "\n\n" + S3 + "\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text(S4 + "\n", encoding="utf-8")
    result = analyze([str(a), str(b)], [str(memory)])
    assert [len(d.segments) for d in result.documents] == [3, 1]
    assert result.documents[0].bands()["100%"]["segments"] == 3
    assert result.totals()["100%"] == {"segments": 4, "chars": len(S1 + S2 + S3 + S4)}


def test_utf16_memory_and_reports(tmp_path):
    mem = tmp_path / "m16.tmx"
    mem.write_bytes(b"\xff\xfe" + tmx_bytes(MEMORY, encoding="utf-16-le"))
    doc = tmp_path / "new.txt"
    doc.write_text(change(S3, [5]) + "\n", encoding="utf-8")
    result = analyze([str(doc)], [str(mem)])
    (seg,) = result.documents[0].segments
    assert seg.match.source == S3 and seg.band == "95-99%"
    out = write_reports(result, tmp_path / "rep")
    raw = out["analysis.csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    (row,) = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert row["match_percent"] == "95" and row["tm_source"] == S3 and row["band"] == "95-99%"
    page = out["analysis.html"].read_text(encoding="utf-8")
    assert S3 in page and "95-99%" in page and "<script src" not in page
    assert json.loads(out["analysis.json"].read_text(encoding="utf-8"))["totals"]["95-99%"]["segments"] == 1


def test_errors_name_the_file(tmp_path, memory):
    with pytest.raises(InputError, match="nope.tmx"):
        analyze([str(memory)], [str(tmp_path / "nope.tmx")])
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty.txt"):
        analyze([str(empty)], [str(memory)])


def test_cli(tmp_path, memory):
    doc = tmp_path / "new.txt"
    doc.write_text(S1 + "\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "aligner", "analyze", str(doc), "--tm", str(memory),
                        "-o", str(tmp_path / "out")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "analysis.html").is_file()
    line = next(l for l in r.stdout.splitlines() if l.startswith("100%"))
    assert line.split()[1:] == ["1", str(len(S1))]
    r = subprocess.run([sys.executable, "-m", "aligner", "analyze", str(doc), "--tm", str(tmp_path / "x.tmx")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "x.tmx" in r.stderr and "Traceback" not in r.stderr


def test_similarity_definition():
    assert similarity("abcd", "abcd") == 1.0
    assert similarity("abcd", "abce") == 0.75
    assert similarity("ab", "abcd") == 0.5
    assert normalize("Ａ １\u3000２") == "A12"


ALPHABET = "abc北京市的"


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.text(ALPHABET, min_size=0, max_size=12), min_size=1, max_size=40),
       query=st.text(ALPHABET, min_size=1, max_size=12),
       cutoff=st.sampled_from([0.0, 0.3, 0.5, 0.75, 0.95]))
def test_index_agrees_with_brute_force(texts, query, cutoff):
    index = FuzzyIndex(texts)
    got = index.best(query, cutoff=cutoff)
    want = brute_force_best(texts, query, cutoff=cutoff)
    if want is None:
        assert got is None or (cutoff == 0.0 and got.score == 0.0)
    else:
        assert got is not None
        assert (got.unit, got.distance) == (want.unit, want.distance)
        assert got.score == pytest.approx(want.score)


def test_index_chunks_agree_with_brute_force():
    """More candidates than one scoring chunk, so the early stop between chunks is exercised."""
    import random
    rng = random.Random(7)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(5, 15))) for _ in range(3000)]
    index = FuzzyIndex(texts)
    for _ in range(50):
        q = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(3, 15)))
        got, want = index.best(q, cutoff=0.3), brute_force_best(texts, q, cutoff=0.3)
        assert (got.unit, got.distance) == (want.unit, want.distance)


def test_repetitions_across_documents(tmp_path, memory):
    a = tmp_path / "a.txt"
    a.write_text(S1 + "\n\n" + "完全不同的一句话在这里。" + "\n\n" + S1 + "\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("完全不同的一句话在这里。\n", encoding="utf-8")
    result = analyze([str(a), str(b)], [str(memory)])
    assert [s.repetition for s in result.documents[0].segments] == [False, False, True]
    assert [s.repetition for s in result.documents[1].segments] == [True]
    assert result.repetitions() == {"segments": 2, "chars": len(S1) + 12}
    # repetitions stay in their band: the repeated S1 is still a 100 % match
    assert result.totals()["100%"]["segments"] == 2


def test_old_style_lang_attribute_and_several_memories(tmp_path):
    old = tmp_path / "old.tmx"
    old.write_text('<?xml version="1.0"?><tmx version="1.1"><header srclang="ZH-CN"/><body>'
                   f'<tu><tuv lang="ZH-CN"><seg>{S4}</seg></tuv><tuv lang="JA"><seg>旧訳</seg></tuv></tu>'
                   '</body></tmx>', encoding="utf-8")
    new = tmp_path / "new.tmx"
    new.write_bytes(tmx_bytes([(S4, "新訳"), (S1, "x")]))
    doc = tmp_path / "d.txt"
    doc.write_text(S4 + "\n\n" + S1 + "\n", encoding="utf-8")
    result = analyze([str(doc)], [str(old), str(new)])
    assert result.tm_units == 2  # S4 appears in both memories: the first memory's unit is kept
    first, second = result.documents[0].segments
    assert first.match.target == "旧訳" and first.band == "100%"
    assert second.match.source == S1


def test_japanese_paragraphs_of_a_bilingual_file_are_not_counted(tmp_path, memory):
    doc = tmp_path / "bi.txt"
    doc.write_text(S1 + "\n\n北京市人民政府は首都の戦略的位置付けに立脚する。\n", encoding="utf-8")
    (d,) = analyze([str(doc)], [str(memory)]).documents
    assert [s.text for s in d.segments] == [S1]


def test_paragraph_level_memory_is_flagged_in_every_report(tmp_path, memory):
    """Two sentences per memory unit: a sentence looked up alone scores ~50 % although it is covered."""
    para = tmp_path / "para.tmx"
    para.write_bytes(tmx_bytes([(S1 + S2, "一。二。"), (S3 + S4, "三。四。")]))
    doc = tmp_path / "new.txt"
    doc.write_text(S1 + "\n\n" + S3 + "\n", encoding="utf-8")
    res = analyze([doc], [para])
    assert res.notes and "--level sentence" in res.notes[0]
    assert analyze([doc], [memory]).notes == ()  # one sentence per unit: nothing to say
    out = write_reports(res, tmp_path / "o")
    assert "--level sentence" in out["analysis.html"].read_text(encoding="utf-8")
    assert json.loads(out["analysis.json"].read_text(encoding="utf-8"))["notes"] == list(res.notes)


def test_csv_keeps_formula_looking_text_as_text(tmp_path):
    # A memory or a document may hold text that starts like a spreadsheet formula; opened in
    # Excel, analysis.csv must show it, never evaluate it.
    risky = "=HYPERLINK(\"http://example.invalid\")国务院同意深化服务业扩大开放综合试点"
    mem = tmp_path / "m.tmx"
    mem.write_bytes(tmx_bytes([(risky, "-1 国務院は同意する")]))
    doc = tmp_path / "new.txt"
    doc.write_text(risky + "\n", encoding="utf-8")
    out = write_reports(analyze([str(doc)], [str(mem)]), tmp_path / "rep")
    (row,) = list(csv.DictReader(out["analysis.csv"].read_text(encoding="utf-8-sig").splitlines()))
    assert row["text"] == "'" + risky and row["tm_source"] == "'" + risky
    assert row["tm_target"] == "'-1 国務院は同意する"
    assert row["match_percent"] == "100"


def test_an_xliff_to_translate_and_a_word_document_are_analysed_by_their_chinese_text(tmp_path, memory):
    # A CAT tool's XLIFF before translation (no targets, one empty) and a Word document: their text is
    # looked up, not their markup; locations lead to the source element's line and the paragraph.
    from test_readers_docx import docx, p
    xlf = tmp_path / "new.xlf"
    xlf.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
                   'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file original="a.docx" source-language="zh-CN" '
                   f'target-language="ja-JP" datatype="plaintext"><body>\n<trans-unit id="1"><source>{S1}</source>'
                   f'</trans-unit>\n<trans-unit id="2"><source>{S3}</source><target/></trans-unit>\n'
                   "</body></file></xliff>\n", encoding="utf-8")
    word = docx(tmp_path / "new.docx", "<w:p/>" + p(S2) + p(S4))
    result = analyze([str(xlf), word], [str(memory)])
    got = [[(s.text, s.location, s.band) for s in d.segments] for d in result.documents]
    assert got == [[(S1, f"{xlf}:4", "100%"), (S3, f"{xlf}:5", "100%")],
                   [(S2, f"{word}:2", "100%"), (S4, f"{word}:3", "100%")]]


def test_a_workbook_as_new_document_is_refused_saying_what_to_give(tmp_path, memory):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append([S1, "訳"])
    path = tmp_path / "new.xlsx"
    wb.save(path)
    with pytest.raises(InputError, match="Excel workbook") as exc:
        analyze([str(path)], [str(memory)])
    assert "XLIFF" in (exc.value.hint or "")


def test_a_table_or_an_xliff_given_as_memory_is_refused_saying_how_to_make_one(tmp_path):
    doc = tmp_path / "new.txt"
    doc.write_text(S1 + "\n", encoding="utf-8")
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text(f"{S1}\t訳\n", encoding="utf-8")
    xlf = tmp_path / "pairs.xlf"
    xlf.write_text('<?xml version="1.0"?><xliff version="1.2"/>', encoding="utf-8")
    for mem, what in ((tsv, "is not a TMX memory"), (xlf, "not <tmx>")):
        with pytest.raises(InputError, match=what) as exc:
            analyze([str(doc)], [str(mem)])
        assert "aligner align" in exc.value.hint
