"""A file that pairs its text itself (a table, a TMX, an XLIFF) is checked as it pairs it.

The pairs are the hand-made gold paragraph alignment of the seed (corpora/gold/001_paragraphs.jsonl)
written as a TSV, one gold bead a row; errors a spreadsheet or a memory really has (two rows'
targets swapped, a stretch of targets one row off) are made in it by hand.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from aligner.align import LOW_CONFIDENCE, AlignConfig, align
from aligner.checks import run_checks
from aligner.checks.base import CheckContext
from aligner.model import Segment, pairs_by_lines
from aligner.readers import read_bilingual

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"
GOLD = ROOT / "corpora" / "gold" / "001_paragraphs.jsonl"


@pytest.fixture(scope="module")
def gold_rows() -> list[tuple[str, str]]:
    doc = read_bilingual([str(SEED)])
    rows = []
    for line in GOLD.read_text(encoding="utf-8").splitlines()[1:]:
        bead = json.loads(line)
        rows.append(("".join(doc.zh[i].text for i in bead["zh_ids"]), "".join(doc.ja[j].text for j in bead["ja_ids"])))
    return [r for r in rows if r[0] and r[1]]


def _write(tmp_path: Path, name: str, text: str) -> str:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def _tsv(tmp_path: Path, rows, name="pairs.tsv") -> str:
    return _write(tmp_path, name, "".join(f"{z}\t{j}\n" for z, j in rows))


def _disputed(path: str, **kw):
    alignment = align(read_bilingual([path]), config=AlignConfig(**kw))
    findings = run_checks(alignment, context=CheckContext(), enabled=["paired-elsewhere"])
    return alignment, findings


def test_a_clean_table_keeps_its_rows_and_raises_no_dispute(tmp_path, gold_rows):
    alignment, findings = _disputed(_tsv(tmp_path, gold_rows))
    assert [(u.zh, u.ja) for u in alignment.units] == gold_rows
    assert findings == []
    assert alignment.settings["pairs"] == "file"


def test_swapped_targets_stay_as_the_file_has_them_and_each_names_the_other_row(tmp_path, gold_rows):
    rows = list(gold_rows)
    swaps = [(12, 13), (30, 31)]
    for a, b in swaps:
        rows[a], rows[b] = (rows[a][0], rows[b][1]), (rows[b][0], rows[a][1])
    path = _tsv(tmp_path, rows)
    alignment, findings = _disputed(path)
    assert [(u.zh, u.ja) for u in alignment.units] == rows  # nothing repaired behind the reviewer's back
    flagged = {f.unit: f for f in findings}
    assert set(flagged) == {k for pair in swaps for k in pair}
    for a, b in swaps:
        # Row k+1 of the TSV is unit k: each swapped row names the line holding its translation.
        assert flagged[a].message.count(f"{path}:{b + 1}") == 1 and f"{path}:{b + 1}" in flagged[a].suggestion
        assert f"{path}:{a + 1}" in flagged[b].message
        assert alignment.units[a].confidence < LOW_CONFIDENCE and alignment.units[b].confidence < LOW_CONFIDENCE


def test_targets_one_row_off_are_flagged_row_by_row(tmp_path, gold_rows):
    rows = list(gold_rows)
    lo, hi = 20, 26  # targets of rows 20..25 moved down a row: row 20 empty, row 26's target lost
    shifted = rows[:lo] + [(rows[lo][0], "")] + [(rows[k][0], rows[k - 1][1]) for k in range(lo + 1, hi + 1)] + rows[hi + 1:]
    path = _tsv(tmp_path, shifted)
    alignment = align(read_bilingual([path]))
    findings = run_checks(alignment, context=CheckContext(), enabled=["paired-elsewhere", "low-confidence"])
    assert [(u.zh, u.ja) for u in alignment.units] == [r for r in shifted if r != ("", "")]
    named = {f.unit: f.suggestion for f in findings if f.check == "paired-elsewhere"}
    # Rows 20..25 (TSV lines 21..26) each name the next line, where their translation went. Row 26's
    # translation was lost, so no line holds it; its target is named as the translation of row 25's source.
    assert named == {**{k: f"pair it with the text at {path}:{k + 2}" for k in range(lo, hi)},
                     hi: f"pair it with the text at {path}:{hi}"}
    assert [f.message for f in findings if f.unit == hi][0].startswith("the file pairs this target as shown")
    assert not {f.unit for f in findings if f.check == "low-confidence"}  # paired-elsewhere says it


def test_realign_pairs_the_table_anew(tmp_path, gold_rows):
    rows = list(gold_rows)
    rows[12], rows[13] = (rows[12][0], rows[13][1]), (rows[13][0], rows[12][1])
    alignment, findings = _disputed(_tsv(tmp_path, rows), realign=True)
    assert findings == []
    assert alignment.settings["pairs"] == "realigned"
    # The aligner does not keep the swapped rows as the file pairs them.
    assert not {rows[12], rows[13]} & {(u.zh, u.ja) for u in alignment.units}


def test_a_tmx_is_checked_unit_by_unit(tmp_path, gold_rows):
    rows = list(gold_rows[:20])
    rows[5], rows[6] = (rows[5][0], rows[6][1]), (rows[6][0], rows[5][1])
    from xml.sax.saxutils import escape
    tus = "".join(f'<tu><tuv xml:lang="zh-CN"><seg>{escape(z)}</seg></tuv><tuv xml:lang="ja-JP"><seg>{escape(j)}</seg></tuv></tu>\n'
                  for z, j in rows)
    p = _write(tmp_path, "memory.tmx",
               '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" segtype="paragraph" '
               'datatype="plaintext" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/>\n<body>\n'
               + tus + "</body></tmx>\n")
    alignment, findings = _disputed(p)
    assert [(u.zh, u.ja) for u in alignment.units] == rows
    assert {f.unit for f in findings} == {5, 6}


def test_the_sentence_level_says_it_once_per_disputed_pair(tmp_path, gold_rows):
    rows = list(gold_rows)
    rows[12], rows[13] = (rows[12][0], rows[13][1]), (rows[13][0], rows[12][1])
    alignment = align(read_bilingual([_tsv(tmp_path, rows)]), level="sentence")
    findings = run_checks(alignment, context=CheckContext(), enabled=["paired-elsewhere"])
    parents = [alignment.units[f.unit].parent for f in findings]
    assert sorted(parents) == [12, 13]


def test_rows_are_the_line_ranges_that_overlap():
    def seg(lang, a, b):
        return Segment("x", lang, "f", a, b)
    zh = (seg("zh", 1, 1), seg("zh", 2, 4), seg("zh", 6, 6))
    ja = (seg("ja", 1, 1), seg("ja", 2, 2), seg("ja", 3, 3), seg("ja", 5, 5))
    # Row 1 pairs; a merged Chinese cell over rows 2-4 pairs with the three Japanese rows; rows 5 and 6
    # have one side each and are unmatched paragraphs.
    assert pairs_by_lines(zh, ja) == (((0,), (0,)), ((1,), (1, 2)), ((), (3,)), ((2,), ()))


def test_check_realign_flag_and_signature(tmp_path, gold_rows):
    rows = list(gold_rows[:15])
    rows[3], rows[4] = (rows[3][0], rows[4][1]), (rows[4][0], rows[3][1])
    path = _tsv(tmp_path, rows)
    for extra, expect in (([], True), (["--realign"], False)):
        out = tmp_path / ("out" + "".join(extra))
        r = subprocess.run([sys.executable, "-m", "aligner", "check", path, "-o", str(out), "--fail-on", "never", *extra],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
        assert any(f["check"] == "paired-elsewhere" for f in data["findings"]) is expect
        assert data["signature"]["settings"]["pairs"] == ("file" if expect else "realigned")


def test_align_names_the_disputed_pairs_in_its_output(tmp_path, gold_rows):
    rows = list(gold_rows[:15])
    rows[3], rows[4] = (rows[3][0], rows[4][1]), (rows[4][0], rows[3][1])
    path = _tsv(tmp_path, rows)
    out = tmp_path / "units.jsonl"
    r = subprocess.run([sys.executable, "-m", "aligner", "align", path, "-o", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    units = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(u["zh"], u["ja"]) for u in units] == rows
    assert {u["id"]: u["paired_elsewhere"] for u in units if "paired_elsewhere" in u} == {3: f"{path}:5", 4: f"{path}:4"}
    assert "2 paired elsewhere" in r.stdout
    tmx = tmp_path / "units.tmx"
    r = subprocess.run([sys.executable, "-m", "aligner", "align", path, "-o", str(tmx)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    from lxml import etree
    tus = etree.parse(str(tmx)).getroot().iter("tu")
    assert [[p.text for p in tu.iter("prop") if p.get("type") == "x-paired-elsewhere"] for tu in tus][2:6] == \
        [[], [f"{path}:5"], [f"{path}:4"], []]


def test_text_around_a_table_is_paired_by_the_aligner_and_the_rows_stay_judged(tmp_path, gold_rows):
    # A Markdown table with a heading in each language above it and a Chinese-only note below:
    # the rows stay the file's pairs (a swap is still flagged), the text around them is no pair of
    # the file's, so the aligner pairs the two headings and leaves the note unmatched.
    rows = list(gold_rows[:20])
    rows[5], rows[6] = (rows[5][0], rows[6][1]), (rows[6][0], rows[5][1])
    head_zh, head_ja, note = "国务院关于工作方案的批复", "国務院の業務方案に関する批准回答", "注：本表由办公厅整理，仅供参考。"
    md = (f"# {head_zh}\n\n# {head_ja}\n\n| 中文 | 日本語 |\n|---|---|\n"
          + "".join(f"| {z} | {j} |\n" for z, j in rows) + f"\n{note}\n")
    path = _write(tmp_path, "table.md", md)
    alignment, findings = _disputed(path)
    assert alignment.settings["pairs"] == "file"
    got = [(u.zh, u.ja) for u in alignment.units]
    assert got == [(head_zh, head_ja), *rows, (note, "")]
    assert {f.unit for f in findings} == {6, 7}  # the swapped rows, after the headings' unit
    assert alignment.units[0].zh_location == f"{path}:1" and alignment.units[0].ja_location == f"{path}:3"


def test_an_sdlxliff_on_one_line_is_located_by_segment_number(tmp_path, gold_rows):
    # As Trados writes it: the body on one line, two segments a unit; the targets of segments 7 and 8 swapped.
    from xml.sax.saxutils import escape
    rows = list(gold_rows[:16])
    rows[6], rows[7] = (rows[6][0], rows[7][1]), (rows[7][0], rows[6][1])
    seg = '<mrk mtype="seg" mid="{}">{}</mrk>'
    units = "".join(
        f'<trans-unit id="u{k}"><source>{escape(rows[2 * k][0] + rows[2 * k + 1][0])}</source><seg-source>'
        + "".join(seg.format(m + 1, escape(rows[m][0])) for m in (2 * k, 2 * k + 1)) + "</seg-source><target>"
        + "".join(seg.format(m + 1, escape(rows[m][1])) for m in (2 * k, 2 * k + 1)) + "</target></trans-unit>"
        for k in range(8))
    p = _write(tmp_path, "doc.sdlxliff",
               '<?xml version="1.0" encoding="utf-8"?><xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" '
               'version="1.2"><file original="a.docx" source-language="zh-CN" target-language="ja-JP"><body>'
               + units + "</body></file></xliff>")
    alignment, findings = _disputed(p)
    assert [(u.zh, u.ja) for u in alignment.units] == rows
    assert [u.zh_location for u in alignment.units[:2]] == [f"{p} (segment 1):1", f"{p} (segment 2):1"]
    assert {f.unit: f.suggestion for f in findings} == {6: f"pair it with the text at {p} (segment 8):1",
                                                        7: f"pair it with the text at {p} (segment 7):1"}


def test_a_row_left_without_target_puts_no_neighbour_in_doubt(tmp_path, gold_rows):
    # The aligner may join the untranslated source to the row next to it (a 2-1 bead); the file leaves
    # it unmatched too, so that row's own pairing is not disputed.
    from aligner.align.filepairs import DISPUTED_CAP
    for k in range(1, len(gold_rows) - 1, 2):
        rows = list(gold_rows)
        rows[k] = (rows[k][0], "")
        alignment, findings = _disputed(_tsv(tmp_path, rows))
        assert findings == [], k
        assert all(u.confidence > DISPUTED_CAP for u in alignment.units if u.matched), k


def test_rows_of_two_paragraphs_each_are_not_disputed(tmp_path, gold_rows):
    # Each row holds two source paragraphs and their two translations: the file pairs them right.
    rows = [(gold_rows[k][0] + gold_rows[k + 1][0], gold_rows[k][1] + gold_rows[k + 1][1])
            for k in range(0, len(gold_rows) - 1, 2)]
    path = _tsv(tmp_path, rows)
    for level in ("paragraph", "sentence"):
        alignment = align(read_bilingual([path]), level=level)
        assert run_checks(alignment, context=CheckContext(), enabled=["paired-elsewhere"]) == []


def test_a_heading_with_no_translation_does_not_cast_doubt_on_the_first_row(tmp_path, gold_rows):
    # The heading shares words with the first row; aligned with the rows it would join that row (a 2-1
    # bead of low confidence). Aligned apart, it is an unmatched unit and the rows keep their own confidence.
    heading = "国务院关于同意建设示范区的批复"
    rows = gold_rows[:12]
    path = tmp_path / "t.md"
    path.write_text(f"# {heading}\n\n| 中文 | 日本語 |\n|---|---|\n" + "".join(f"| {z} | {j} |\n" for z, j in rows),
                    encoding="utf-8")
    alignment = align(read_bilingual([str(path)]))
    assert [(u.zh, u.ja) for u in alignment.units] == [(heading, ""), *rows]
    findings = run_checks(alignment, context=CheckContext(), enabled=["paired-elsewhere", "low-confidence"])
    assert findings == []
