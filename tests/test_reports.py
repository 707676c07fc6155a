"""Reports: every file is written, carries the signature, and shows each finding where it sits.

The alignment and findings below are hand-made: three short zh/ja pairs after the seed
document's style, one unmatched Japanese paragraph, spans chosen to overlap, one span that
does not occur in its unit, and markup characters that must come out escaped.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from lxml import html as lhtml
from openpyxl import load_workbook

from aligner.decisions import STATUSES, Decision
from aligner.model import Finding
from aligner.writers.html_report import highlight
from aligner.writers.report import write_reports

from roundtrip_base import make_alignment

SIG = {"tool": "aligner", "version": "0.1.0", "settings": {"level": "paragraph"},
       "files": {"glossary:terms.csv": "0123456789ab"}, "text": "aligner:0.1.0|level:paragraph|terms.csv@0123456789ab"}


def sample():
    a = make_alignment([
        ("国务院办公厅关于印发<通知>的函", "国务院弁公庁の<通知>印刷配布に関する書簡"),
        ("北京市人民政府、商务部：", "北京市人民政府・商務部："),
        ("稳中求进工作总基调", "稳中求進の業務基調"),
        (None, "余分な段落です。"),
    ])
    u = a.units
    fs = [
        Finding.make(check="simplified-in-ja", category="script", severity="major", unit=u[0], ja_span="国务院",
                     message="'务' is simplified", suggestion="国務院"),
        Finding.make(check="terminology", category="terminology", severity="minor", unit=u[0],
                     zh_span="办公厅", ja_span="院弁公庁", message="term <check> & \"quote\"", suggestion="弁公庁"),
        Finding.make(check="simplified-in-ja", category="script", severity="major", unit=u[2], ja_span="稳中求進",
                     message="'稳' is simplified", suggestion="穏中求進"),
        Finding.make(check="numbers", category="numbers", severity="info", unit=u[1], zh_span="不存在的片段",
                     message="span that is not in the unit"),
        Finding.make(check="unmatched", category="alignment", severity="major", unit=u[3],
                     message="Japanese paragraph without source"),
    ]
    return a, fs


def located(findings, alignment):
    """Findings with at least one span that occurs in its unit's text (hand-checked: the first three)."""
    units = {u.index: u for u in alignment.units}
    return [f for f in findings if (f.zh_span and f.zh_span in units[f.unit].zh) or
            (f.ja_span and f.ja_span in units[f.unit].ja)]


@pytest.fixture
def written(tmp_path):
    a, fs = sample()
    decisions = {fs[2].fingerprint: Decision("accepted", "Sato", "kept as quoted slogan")}
    outputs = write_reports(a, fs, SIG, tmp_path, decisions=decisions)
    return a, fs, decisions, outputs


def test_all_reports_written_and_signed(written):
    _, _, _, outputs = written
    assert set(outputs) == {"findings.json", "findings.csv", "report.html", "review.xlsx"}
    for name in ("findings.json", "findings.csv", "report.html"):
        assert SIG["text"] in outputs[name].read_text(encoding="utf-8-sig"), name
    wb = load_workbook(outputs["review.xlsx"])
    assert wb.properties.description == SIG["text"]
    about = {r[0]: r[1] for r in wb["signature"].iter_rows(values_only=True)}
    assert about["signature"] == SIG["text"] and about["file:glossary:terms.csv"] == "0123456789ab"


def test_findings_json_has_status_and_unmatched(written):
    a, fs, decisions, outputs = written
    payload = json.loads(outputs["findings.json"].read_text(encoding="utf-8"))
    assert payload["signature"] == SIG
    status = {f["fingerprint"]: f["status"] for f in payload["findings"]}
    assert status[fs[2].fingerprint] == "accepted" and status[fs[0].fingerprint] == "open"
    assert payload["summary"]["status"]["accepted"] == 1 and payload["summary"]["status"]["open"] == 4
    assert [u["unit"] for u in payload["unmatched"]] == [3]


def test_findings_csv_has_bom_and_reads_back(written):
    _, fs, _, outputs = written
    raw = outputs["findings.csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(outputs["findings.csv"], encoding="utf-8-sig", keep_default_na=False)
    assert {"status", "comment", "fingerprint", "zh_span", "ja_span", "signature"} <= set(df.columns)
    row = df[df.fingerprint == fs[1].fingerprint].iloc[0]
    assert (row.zh_span, row.ja_span, row.message) == ("办公厅", "院弁公庁", "term <check> & \"quote\"")
    assert df[df.fingerprint == fs[2].fingerprint].iloc[0].comment == "kept as quoted slogan"


def test_review_xlsx_is_set_up_for_a_reviewer(written):
    _, fs, _, outputs = written
    ws = load_workbook(outputs["review.xlsx"])["findings"]
    header = [c.value for c in ws[1]]
    assert {"status", "comment", "fingerprint", "zh", "ja", "severity", "check"} <= set(header)
    assert ws.max_row == len(fs) + 1
    assert ws.freeze_panes == "C2"  # header row, and status + comment while scrolling right
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    col = {name: i for i, name in enumerate(header)}
    letter = lambda name: ws.cell(row=1, column=col[name] + 1).column_letter  # noqa: E731
    dvs = ws.data_validations.dataValidation
    status_dv = [dv for dv in dvs if f"{letter('status')}2" in str(dv.sqref)]
    assert status_dv and status_dv[0].type == "list"
    assert [s.strip('"') for s in status_dv[0].formula1.strip('"').split(",")] == list(STATUSES)
    assert ws.column_dimensions[letter("zh")].width >= 40
    zh_cell = ws.cell(row=2, column=col["zh"] + 1)
    assert zh_cell.alignment.wrap_text and "国务院" in zh_cell.value


def test_highlight_cuts_overlapping_spans_without_losing_text():
    out = highlight("国务院办公厅<a>", [(0, 3, "f1", "major"), (2, 5, "f2", "minor")])
    frag = lhtml.fragment_fromstring(out, create_parent="div")
    assert frag.text_content() == "国务院办公厅<a>"
    marks = [(m.text, m.get("data-f"), m.get("class")) for m in frag.iter("mark")]
    assert marks == [("国务", "f1", "sev-major"), ("院", "f1 f2", "sev-major"), ("办公", "f2", "sev-minor")]


def test_html_is_self_contained_escaped_and_highlights_spans(written):
    a, fs, _, outputs = written
    text = outputs["report.html"].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "<link" not in text and "@import" not in text and "url(" not in text
    doc = lhtml.fromstring(text)
    assert len(doc.findall(".//script")) == 2  # the signature JSON and the filter script, nothing injected
    assert "term <check> & \"quote\"" in doc.text_content()
    ids = {fid for m in doc.iter("mark") for fid in m.get("data-f").split()}
    assert len(ids) == len(located(fs, a)) == 3
    marked_ja = "".join(m.text_content() for m in doc.get_element_by_id("u0").iter("mark"))
    assert marked_ja.count("国务院") == 1 and "弁公庁" in marked_ja
    assert "zh span not found" in doc.get_element_by_id("u1").text_content()
    statuses = {li.get("data-f"): li.get("data-status") for li in doc.find_class("finding")}
    assert sorted(statuses.values()) == ["accepted", "open", "open", "open", "open"]
    assert "Unmatched units (1)" in doc.text_content()


def _chromium(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe:
        pytest.skip("chromium not installed (apt-get install chromium fonts-noto-cjk)")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                               "--disable-component-update", "--disable-sync", "--no-first-run",
                               f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120)


def test_chromium_renders_page_and_filter_script_runs(written, tmp_path):
    """The DOM after the page's script ran; the pixels are checked in test_html_chromium.py."""
    a, fs, _, outputs = written
    url = outputs["report.html"].resolve().as_uri()
    dom = _chromium("--dump-dom", "--virtual-time-budget=2000", url).stdout
    doc = lhtml.fromstring(dom)
    ids = {fid for m in doc.iter("mark") for fid in m.get("data-f").split()}
    assert len(ids) == len(located(fs, a))
    # The status filter starts at "open": the accepted finding is hidden, so the script has run.
    assert doc.get_element_by_id("f-count").text_content() == "4 findings shown in 3 units"
    hidden = [li.get("data-status") for li in doc.find_class("finding") if li.get("hidden") is not None]
    assert hidden == ["accepted"]


def test_no_findings_still_writes_every_report(tmp_path):
    a, _ = sample()
    outputs = write_reports(a, [], SIG, tmp_path)
    doc = lhtml.fromstring(outputs["report.html"].read_text(encoding="utf-8"))
    assert "No findings." in doc.text_content() and not list(doc.iter("mark"))
    assert len(doc.find_class("unit")) == len(a.units)
    ws = load_workbook(outputs["review.xlsx"])["findings"]
    assert ws.max_row == 1 and ws.cell(row=1, column=1).value == "status"
    assert json.loads(outputs["findings.json"].read_text(encoding="utf-8"))["findings"] == []


def test_unwritable_folder_is_an_output_error(tmp_path):
    from aligner.errors import OutputError
    a, fs = sample()
    with pytest.raises(OutputError):
        write_reports(a, fs, SIG, tmp_path / "does" / "not" / "exist")


def test_span_found_after_nfkc_when_not_verbatim():
    from aligner.writers.findings_table import locate_span as _locate
    text = "第１２３号（ＡＢＣ）文件"
    assert _locate(text, "123号") == (1, 5)
    assert text[slice(*_locate(text, "(ABC)"))] == "（ＡＢＣ）"
    assert _locate(text, "456") is None


def test_characters_the_tmx_cannot_carry_are_listed(tmp_path):
    a = make_alignment([("控制\x07字符", "制御文字"), ("正常", "正常")])
    outputs = write_reports(a, [], SIG, tmp_path)
    doc = lhtml.fromstring(outputs["report.html"].read_text(encoding="utf-8"))
    assert "Characters the TMX cannot carry (1)" in doc.text_content()
    assert "zh offset 2: U+0007" in doc.text_content()
    # The browser draws nothing for U+0007: the unit shows it as a control picture instead.
    assert "控制\u2407字符" in doc.get_element_by_id("u0").text_content()


def test_tsv_cells_never_break_the_two_columns(tmp_path):
    from aligner.writers.jsonl import write_tsv
    a = make_alignment([("甲\t乙\r\n丙", "一\u2028二\r三"), ("丁", "四")])
    out = tmp_path / "a.tsv"
    write_tsv(a, out)
    rows = out.read_text(encoding="utf-8").split("\n")
    assert rows == ["甲 乙 丙\t一 二 三", "丁\t四", ""]


def test_sticky_column_heads_sit_below_a_wrapped_filter_bar(written):
    """On a narrow window the filter bar takes two or more lines; the heads must not cover it."""
    _, _, _, outputs = written
    url = outputs["report.html"].resolve().as_uri()
    tops = {}
    for width in (1366, 420):
        dom = _chromium("--dump-dom", f"--window-size={width},900", "--virtual-time-budget=2000", url).stdout
        head = lhtml.fromstring(dom).xpath("//table[@class='doc']/thead")[0]  # sticky, with the heads
        tops[width] = int(re.search(r"top:\s*(\d+)px", head.get("style", "")).group(1))
    assert 30 < tops[1366] < tops[420]


def test_report_says_where_unmatched_units_went_and_lists_only_characters_the_tmx_holds(tmp_path):
    a = make_alignment([("正常", "正常"), (None, "余分\x07な段落")])
    for include, where in ((False, "Left out of aligned.tmx"), (True, "Written to aligned.tmx")):
        out = tmp_path / str(include)
        out.mkdir()
        outputs = write_reports(a, [], SIG, out, include_unmatched=include)
        text = lhtml.fromstring(outputs["report.html"].read_text(encoding="utf-8")).text_content()
        assert where in text
        # The control character sits in the unmatched unit: the memory holds it only with include.
        assert ("Characters the TMX cannot carry (1)" in text) is include
