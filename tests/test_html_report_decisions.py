"""report.html's decision controls as written (no browser): they start from the decisions file.

Each finding carries its recorded verdict in data-status/-reviewer/-comment; the page script
gives it a copy of one template of buttons and sets them from these, then overrides them only
with changes made in the browser. tests/test_report_browser.py drives the controls in Chromium.
"""
from __future__ import annotations

from lxml import html as lhtml

from aligner.decisions import STATUSES, Decision
from aligner.writers.html_report import render_html

from test_reports import SIG, sample


def _page(decisions=None):
    a, fs = sample()
    return fs, lhtml.fromstring(render_html(a, fs, SIG, decisions))


def test_each_finding_carries_its_recorded_verdict_escaped():
    a, fs = sample()
    tricky = 'say "no" <b>&</b> 様'
    fs, doc = _page({fs[2].fingerprint: Decision("false-positive", "佐藤", tricky)})
    for f in fs:
        (li,) = doc.xpath("//li[@data-fp=$fp]", fp=f.fingerprint)
        got = (li.get("data-status"), li.get("data-reviewer"), li.get("data-comment"))
        assert got == (("false-positive", "佐藤", tricky) if f is fs[2] else ("open", "", ""))
        # Printed, or read with scripts off: the verdict as text.
        assert li.xpath(".//span[contains(@class,' st')]/text()") == [got[0]]
    (note,) = doc.xpath("//li[@data-fp=$fp]//i[@class='note']", fp=fs[2].fingerprint)
    assert note.text_content() == f"佐藤: {tricky}"


def test_one_template_offers_every_status_and_a_comment_box():
    _, doc = _page()
    (tpl,) = doc.xpath("//template[@id='decide-tpl']")
    assert tpl.xpath(".//button/@data-s") == list(STATUSES)
    assert len(tpl.xpath(".//input[contains(@class,'cmt')]")) == 1
    assert not doc.xpath("//li//div[contains(@class,'decide')]")  # not repeated per finding


def test_status_cards_are_counted_from_the_decisions():
    a, fs = sample()
    _, doc = _page({fs[0].fingerprint: Decision("accepted"), fs[1].fingerprint: Decision("accepted")})
    counts = {c.get("data-count"): int(c.find("b").text) for c in doc.xpath("//div[@data-count]")}
    assert counts == {"open": 3, "accepted": 2, "false-positive": 0, "fixed": 0}


def test_export_is_named_after_the_document_and_the_reviewer_box_is_once_per_page():
    _, doc = _page()
    (button,) = doc.xpath("//button[@id='d-export']")
    assert button.get("data-name") == "decisions-doc.json"  # make_alignment reads doc.txt
    assert len(doc.xpath("//input[@id='d-reviewer']")) == 1
