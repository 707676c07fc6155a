"""Where a finding is: every place of a problem in repeated text, and locations a reviewer can read.

The same problem in repeated text: one finding (one verdict), every place named and marked.

A heading or sentence that recurs word for word gives findings with the same fingerprint; the
reviewer decides once, but each occurrence must be fixed, so the finding lists the other units
(also_units, also_at) and every output marks them.
"""
import csv
import json

from lxml import etree

from aligner.pipeline import CheckOptions, run_check

ZH = ["一、加强组织领导。", "二、完善服务体系。", "三、推进对外开放。", "一、加强组织领导。", "四、扩大服务业开放。"]
# 务 (simplified) left in the Japanese of the first paragraph, and again in its repetition.
JA = ["一、組織指導を強化する。", "二、サービス体系を完备する。", "三、対外開放を推進する。",
      "一、組織指導を強化する。", "四、サービス業の開放を拡大する。"]
JA[0] = JA[3] = "一、組織的な指导を強化する。"


def _run(tmp_path):
    zh, ja = tmp_path / "doc.zh.txt", tmp_path / "doc.ja.txt"
    zh.write_text("\n\n".join(ZH) + "\n", encoding="utf-8")
    ja.write_text("\n\n".join(JA) + "\n", encoding="utf-8")
    return run_check([str(zh), str(ja)], tmp_path / "out", options=CheckOptions())


def _repeated(result):
    hits = [f for f in result.findings if f.check == "simplified-in-ja" and "导" in f.message]
    assert len(hits) == 1, [f.message for f in result.findings]
    return hits[0]


def test_one_finding_lists_the_other_units_with_the_same_text(tmp_path):
    result = _run(tmp_path)
    f = _repeated(result)
    units = result.alignment.units
    assert units[f.unit].ja == units[f.also_units[0]].ja and f.unit < f.also_units[0]
    assert f.units == (f.unit, *f.also_units) and len(f.also_units) == 1
    assert f.also_at == (units[f.also_units[0]].location,)
    assert f.also_at[0] != f.location


def test_json_csv_and_tmx_name_every_place(tmp_path):
    result = _run(tmp_path)
    f = _repeated(result)
    out = tmp_path / "out"
    row = next(r for r in json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
               if r["fingerprint"] == f.fingerprint)
    assert row["also_at"] == f.also_at[0] and row["also_units"] == str(f.also_units[0])
    with open(out / "findings.csv", encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["fingerprint"] == f.fingerprint]
    assert rows[0]["also_at"] == f.also_at[0]
    tmx = etree.parse(str(out / "aligned.tmx"))
    for k in f.units:  # both translation units carry the note and are not marked clean
        tu = tmx.find(f".//tu[@tuid='{k}']")
        assert any(f.fingerprint in (n.text or "") for n in tu.findall("note"))
        assert tu.find("prop[@type='x-review-status']").text == "open"


def test_report_marks_the_repeat_and_links_to_the_finding(tmp_path):
    result = _run(tmp_path)
    f = _repeated(result)
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    first = html[html.index(f'id="u{f.unit}"'):]
    first = first[:first.index("</tr>")]
    assert f'href="#u{f.also_units[0]}"' in first
    repeat = html[html.index(f'id="u{f.also_units[0]}"'):]
    repeat = repeat[:repeat.index("</tr>")]
    assert 'class="repeat' in repeat and f'href="#u{f.unit}"' in repeat
    assert "<mark" in repeat  # the offending characters are highlighted there too


def test_report_shows_file_names_with_lines_and_the_full_path_on_hover(tmp_path):
    result = _run(tmp_path)
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    unit = result.alignment.units[0]
    full = unit.zh_location
    assert full.startswith(str(tmp_path))  # the location holds the whole path
    short = full.replace(str(tmp_path / "doc.zh.txt"), "doc.zh.txt")
    assert f'title="{full}">{short}</span>' in html
    assert f">{full}</span>" not in html
