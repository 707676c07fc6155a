"""summary.html as a CI user opens it: rendered by headless Chromium in a narrow window."""
from __future__ import annotations

from pathlib import Path

from lxml import html as lhtml

from aligner.batch import BatchResult, DocResult, write_summary

from test_html_chromium import chromium

MEASURE = ("<script>for (const td of document.querySelectorAll('td')) "
           "td.dataset.width = Math.round(td.getBoundingClientRect().width);"
           "document.body.dataset.font = parseFloat(getComputedStyle(document.querySelector('td.err')).fontSize);"
           "document.body.dataset.right = Math.round(document.querySelector('table').getBoundingClientRect().right);"
           "document.body.dataset.viewport = document.documentElement.clientWidth;"
           "</script></html>")


def _summary(tmp_path: Path) -> Path:
    long_error = (f"{tmp_path}/incoming/contract-annex-2.txt: looks binary (NUL bytes), not a text document "
                  "(give a text file, or the right --encoding (e.g. utf-16-le))")
    docs = (DocResult("contract-annex-2", ("x",), "error", 2, error=long_error),
            DocResult("annual-report", ("y",), "findings", 1, units=40, mean_confidence=0.9,
                      severities={"major": 3, "minor": 12, "info": 4},
                      top_checks=(("simplified-in-ja", 3), ("glossary-required", 9), ("old-form-in-ja", 2)),
                      folder="annual-report"))
    write_summary(BatchResult(tmp_path, docs, False, 2, 1.0), fail_on="major")
    return tmp_path / "summary.html"


def test_error_messages_stay_readable_in_an_800px_window(tmp_path):
    """At 800 px the table squeezed the error column to a few characters, breaking words
    ('documen t') over a dozen lines; the error keeps a readable width, inside the window."""
    page = _summary(tmp_path)
    probe = page.with_name("probe.html")
    probe.write_text(page.read_text(encoding="utf-8").replace("</html>", MEASURE), encoding="utf-8")
    dom = lhtml.fromstring(chromium("--dump-dom", "--window-size=800,900", "--virtual-time-budget=2000",
                                    probe.resolve().as_uri()).stdout)
    font = float(dom.find(".//body").get("data-font"))
    errors = [int(td.get("data-width")) for td in dom.iter("td") if "err" in (td.get("class") or "").split()]
    assert errors, "no error cell rendered"
    assert min(errors) >= 15 * font, f"error column only {min(errors)}px wide at 800px ({min(errors) / font:.1f} em)"
    body = dom.find(".//body")
    assert int(body.get("data-right")) <= int(body.get("data-viewport")), "the table runs off the window"


def test_a_broken_document_shows_its_error_not_a_row_of_zero_counts(tmp_path):
    """Nothing was checked, so '0 major 0 minor' would read as a clean result."""
    page = lhtml.fromstring(_summary(tmp_path).read_text(encoding="utf-8"))
    (row,) = [tr for tr in page.iter("tr") if tr.get("class") == "error"]
    cells = [td.text_content() for td in row.iter("td")]
    assert "looks binary" in cells[-1]
    assert not any(c.strip() == "0" for c in cells), cells
