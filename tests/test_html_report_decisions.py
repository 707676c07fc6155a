"""report.html's decision controls as written (no browser): they start from the decisions file.

The page script only overrides this state with changes made in the browser, so what is written
here is what a reviewer sees first, and what a reader with scripts off sees at all.
tests/test_report_browser.py drives the controls in Chromium.
"""
from __future__ import annotations

from lxml import html as lhtml

from aligner.decisions import STATUSES, Decision
from aligner.writers.html_report import render_html

from test_reports import SIG, sample


def _page(decisions=None):
    a, fs = sample()
    return fs, lhtml.fromstring(render_html(a, fs, SIG, decisions))


def test_each_finding_starts_pressed_at_its_recorded_status_with_its_comment():
    a, fs = sample()
    tricky = 'say "no" <b>&</b> 様'
    fs, doc = _page({fs[2].fingerprint: Decision("false-positive", "佐藤", tricky)})
    for f in fs:
        (li,) = doc.xpath("//li[@data-fp=$fp]", fp=f.fingerprint)
        pressed = li.xpath(".//button[@aria-pressed='true']/@data-s")
        comment = li.xpath(".//input[contains(@class,'cmt')]/@value")
        if f is fs[2]:
            assert pressed == ["false-positive"] and comment == [tricky]
            assert li.get("data-reviewer") == "佐藤" and li.get("data-comment") == tricky
        else:
            assert pressed == ["open"] and comment == [""]
        assert li.xpath(".//button/@data-s") == list(STATUSES)


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
