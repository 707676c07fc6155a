"""Deciding in report.html, as a translator does: in headless Chromium driven by Selenium.

The page is opened from disk (file://), as a mailed report is. Selenium is given the Debian
chromedriver explicitly (Service path), so Selenium Manager never looks for, or downloads, a
driver; the tests skip when Chromium or chromedriver is missing. One browser profile per test
module, so localStorage outlives a reload and a second page, as in a translator's browser.
Set ALIGNER_SHOT_DIR to keep the screenshot taken at laptop size (1366x768).
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from aligner.decisions import Decision, load_decisions, save_decisions

from test_html_chromium import ink, png_pixels
from test_review import ROUND_JA, ROUND_ZH, _cli

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed (pip install -r requirements.lock)")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402


def _exe(*names: str) -> str | None:
    return next((p for p in map(shutil.which, names) if p), None)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chrome = _exe("chromium", "chromium-browser", "google-chrome")
    driver_exe = _exe("chromedriver")
    if not chrome:
        pytest.skip("chromium not installed (apt-get install chromium fonts-noto-cjk)")
    if not driver_exe:
        pytest.skip("chromedriver not installed (apt-get install chromium-driver)")
    root = tmp_path_factory.mktemp("browser")
    downloads = root / "downloads"
    downloads.mkdir()
    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1366,768", "--host-resolver-rules=MAP * ~NOTFOUND",
                f"--user-data-dir={root / 'profile'}"):
        opts.add_argument(arg)
    opts.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=driver_exe), options=opts)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


@pytest.fixture
def checked(tmp_path, capsys):
    """`aligner check` on a short hand-made pair with five known defects (see test_review.py)."""
    zh, ja, out = tmp_path / "notice.zh.txt", tmp_path / "notice.ja.txt", tmp_path / "r"
    zh.write_text(ROUND_ZH, encoding="utf-8")
    ja.write_text(ROUND_JA, encoding="utf-8")
    argv = ["check", zh, ja, "-o", out, "--no-default-glossary", "--fail-on", "never"]
    code, _, err = _cli(argv, capsys)
    assert code == 0, err
    return argv, out


def _findings(out: Path) -> dict[str, dict]:
    return {f["fingerprint"]: f for f in json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]}


def _li(driver, fp: str):
    return driver.find_element(By.CSS_SELECTOR, f'li.finding[data-fp="{fp}"]')


def _card(driver, status: str) -> int:
    return int(driver.find_element(By.CSS_SELECTOR, f'.card[data-count="{status}"] b').text)


def _current_unit(driver):
    return driver.execute_script("var c=document.querySelector('tr.current');return c?c.id:null;")


def test_decide_reload_export_import_and_the_next_run_shows_it(browser, checked, capsys, tmp_path):
    argv, out = checked
    fps = sorted(_findings(out))
    assert len(fps) >= 4
    accept, wrong = fps[0], fps[1]
    browser.get((out / "report.html").resolve().as_uri())
    before = {s: _card(browser, s) for s in ("open", "accepted", "false-positive")}
    assert before["open"] == len(fps)

    browser.find_element(By.ID, "d-reviewer").send_keys("田中")
    _li(browser, accept).find_element(By.CSS_SELECTOR, 'button[data-s="accepted"]').click()
    # The default filter shows open findings: the accepted one leaves the list and the counts follow.
    assert not _li(browser, accept).is_displayed()
    assert _card(browser, "accepted") == 1 and _card(browser, "open") == before["open"] - 1
    assert browser.find_element(By.ID, "f-count").text.startswith(f"{len(fps) - 1} findings")

    Select(browser.find_element(By.ID, "f-status")).select_by_value("")  # all statuses
    _li(browser, wrong).find_element(By.CSS_SELECTOR, 'button[data-s="false-positive"]').click()
    box = _li(browser, wrong).find_element(By.CSS_SELECTOR, "input.cmt")
    # n and p step through units everywhere else on the page; typed into the comment they are text.
    box.send_keys("pn 原文どおりnp")
    assert _current_unit(browser) is None
    box.send_keys(Keys.ESCAPE)  # leaves the box: n steps again
    browser.find_element(By.TAG_NAME, "body").send_keys("n")
    assert _current_unit(browser) is not None
    assert "2 decisions changed here" in browser.find_element(By.ID, "d-pending").text

    browser.refresh()
    assert _li(browser, accept).get_attribute("data-status") == "accepted"
    assert _li(browser, wrong).get_attribute("data-status") == "false-positive"
    assert _li(browser, wrong).find_element(By.CSS_SELECTOR, "input.cmt").get_attribute("value") == "pn 原文どおりnp"
    assert _li(browser, wrong).find_element(
        By.CSS_SELECTOR, 'button[aria-pressed="true"]').get_attribute("data-s") == "false-positive"
    assert browser.find_element(By.ID, "d-reviewer").get_attribute("value") == "田中"
    assert _card(browser, "accepted") == 1 and _card(browser, "false-positive") == 1

    exported = browser.execute_script("return window.alignerExportDecisions();")
    for old in browser.downloads.glob("*.json"):
        old.unlink()
    browser.find_element(By.ID, "d-export").click()
    deadline = time.monotonic() + 20
    while not list(browser.downloads.glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    (download,) = browser.downloads.glob("*.json")
    assert download.name == "decisions-notice.zh.json"
    payload = json.loads(download.read_text(encoding="utf-8"))
    assert payload["decisions"] == exported["decisions"] and set(payload["decisions"]) == set(fps)
    assert payload["decisions"][accept] == {"status": "accepted", "reviewer": "田中", "comment": ""}

    code, stdout, err = _cli(["review", "import", download], capsys)
    assert code == 0, err
    assert "2 decisions changed" in stdout and str(out / "decisions.json") in stdout  # found via the report's URL
    assert load_decisions(out / "decisions.json") == {
        accept: Decision("accepted", "田中", ""), wrong: Decision("false-positive", "田中", "pn 原文どおりnp")}

    code, _, err = _cli(argv, capsys)
    assert code == 0, err
    after = _findings(out)
    assert after[accept]["status"] == "accepted" and after[wrong]["status"] == "false-positive"
    assert after[wrong]["comment"] == "pn 原文どおりnp"
    # The new page starts from the decisions file; the browser's copies of them are now redundant.
    browser.get("about:blank")  # a new hash alone would not load the page again
    browser.get((out / "report.html").resolve().as_uri() + "#status=all")
    assert _li(browser, accept).get_attribute("data-status") == "accepted"
    assert _li(browser, accept).find_element(
        By.CSS_SELECTOR, 'button[aria-pressed="true"]').get_attribute("data-s") == "accepted"
    assert "edited" not in _li(browser, wrong).get_attribute("class")
    assert browser.find_element(By.ID, "d-pending").text == ""


def test_keyboard_decides_and_moves_on_to_the_next_open_finding(browser, checked):
    _, out = checked
    browser.get((out / "report.html").resolve().as_uri())
    shown = [li for li in browser.find_elements(By.CSS_SELECTOR, "li.finding") if li.is_displayed()]
    first, second = shown[0].get_attribute("data-fp"), shown[1].get_attribute("data-fp")
    browser.find_element(By.TAG_NAME, "body").send_keys("n")  # first unit with a finding; focus on its buttons
    focused = browser.switch_to.active_element
    assert focused.get_attribute("data-s") == "open"
    focused.send_keys(Keys.TAB, Keys.ENTER)  # open -> accept
    assert _li(browser, first).get_attribute("data-status") == "accepted"
    assert browser.switch_to.active_element.find_element(By.XPATH, "ancestor::li").get_attribute("data-fp") == second


def test_two_reports_keep_their_decisions_apart(browser, tmp_path, capsys):
    pages = []
    for name, ja in (("a", ROUND_JA), ("b", ROUND_JA.replace("2025", "2026"))):
        zh_file, ja_file = tmp_path / f"{name}.zh.txt", tmp_path / f"{name}.ja.txt"
        zh_file.write_text(ROUND_ZH, encoding="utf-8")
        ja_file.write_text(ja, encoding="utf-8")
        code, _, err = _cli(["check", zh_file, ja_file, "-o", tmp_path / name, "--no-default-glossary",
                             "--fail-on", "never"], capsys)
        assert code == 0, err
        pages.append((tmp_path / name / "report.html").resolve().as_uri())
    shared = sorted(set(_findings(tmp_path / "a")) & set(_findings(tmp_path / "b")))
    assert shared  # same fingerprints in both: only the storage key keeps them apart
    browser.get(pages[0] + "#status=all")
    _li(browser, shared[0]).find_element(By.CSS_SELECTOR, 'button[data-s="fixed"]').click()
    browser.get(pages[1] + "#status=all")  # another file: a real load
    assert _li(browser, shared[0]).get_attribute("data-status") == "open"
    browser.get(pages[0] + "#status=all")
    assert _li(browser, shared[0]).get_attribute("data-status") == "fixed"


def test_print_hides_the_controls_and_shows_the_verdict(browser, checked):
    _, out = checked
    browser.get((out / "report.html").resolve().as_uri() + "#status=all")
    li = browser.find_elements(By.CSS_SELECTOR, "li.finding")[0]
    li.find_element(By.CSS_SELECTOR, 'button[data-s="accepted"]').click()
    li.find_element(By.CSS_SELECTOR, "input.cmt").send_keys("ok")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not li.find_element(By.CSS_SELECTOR, ".decide").is_displayed()
        assert li.find_element(By.CSS_SELECTOR, ".badge.st").text == "accepted"
        assert li.find_element(By.CSS_SELECTOR, ".note").text.endswith("ok")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_laptop_screenshot_shows_the_controls(browser, checked, tmp_path):
    _, out = checked
    browser.set_window_size(1366, 768)
    browser.get((out / "report.html").resolve().as_uri())
    browser.find_element(By.TAG_NAME, "body").send_keys("n")
    decide = [d for d in browser.find_elements(By.CSS_SELECTOR, ".decide") if d.is_displayed()][0]
    rect = browser.execute_script("var r=arguments[0].getBoundingClientRect();"
                                  "return [r.left,r.top,r.right,r.bottom,window.innerWidth,window.innerHeight];", decide)
    left, top, right, bottom, width, height = rect
    assert 0 <= left and right <= width and 0 <= top and bottom <= height, rect  # on screen, not cut off
    shot = Path(os.environ.get("ALIGNER_SHOT_DIR") or tmp_path) / "report-decisions-1366x768.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shot))
    px = png_pixels(shot)
    scale = px.shape[1] / width
    box = px[int(top * scale):int(bottom * scale), int(left * scale):int(right * scale)]
    assert ink(box) > 150, "the decision buttons carry no readable text"


def test_a_newer_verdict_in_the_decisions_file_wins_over_a_stale_browser_change(browser, checked, capsys):
    argv, out = checked
    fp = sorted(_findings(out))[0]
    url = (out / "report.html").resolve().as_uri() + "#status=all"
    browser.get(url)
    _li(browser, fp).find_element(By.CSS_SELECTOR, 'button[data-s="accepted"]').click()
    # Meanwhile a colleague's sheet says otherwise, and is imported before the next run.
    save_decisions(out / "decisions.json", {fp: Decision("false-positive", "Li", "per client")})
    code, _, err = _cli(argv, capsys)
    assert code == 0, err
    browser.get("about:blank")
    browser.get(url)
    li = _li(browser, fp)
    assert li.get_attribute("data-status") == "false-positive"
    assert li.find_element(By.CSS_SELECTOR, "input.cmt").get_attribute("value") == "per client"
    assert "1 earlier change here replaced by the decisions file" in browser.find_element(By.ID, "d-pending").text


def test_next_goes_on_after_a_unit_whose_findings_were_decided_away(browser, checked):
    _, out = checked
    browser.get((out / "report.html").resolve().as_uri())
    body = browser.find_element(By.TAG_NAME, "body")
    rows = browser.execute_script(
        "return [].slice.call(document.querySelectorAll('tr.unit')).filter(function(tr){"
        "return tr.querySelector('li.finding:not([hidden])');}).map(function(tr){return tr.id;});")
    assert len(rows) >= 3  # hand-made pair: a finding in each of three units
    body.send_keys("n")
    body.send_keys("n")
    assert _current_unit(browser) == rows[1]
    for li in browser.find_elements(By.CSS_SELECTOR, f"#{rows[1]} li.finding"):
        if li.is_displayed():
            li.find_element(By.CSS_SELECTOR, 'button[data-s="accepted"]').click()  # with the mouse
    browser.find_element(By.TAG_NAME, "body").send_keys("n")
    assert _current_unit(browser) == rows[2]  # not back to the first unit
    browser.find_element(By.TAG_NAME, "body").send_keys("p")
    assert _current_unit(browser) == rows[0]


def _long_report(folder: Path, n: int = 3000) -> tuple[Path, str, str]:
    """n units, a minor finding in every tenth; the one 'terminology' finding sits in the last unit."""
    from aligner.model import Finding
    from aligner.writers.html_report import write_html
    from roundtrip_base import make_alignment
    pairs = [(f"第{i}条　各部门要严格落实数据安全责任制。", f"第{i}条　各部門はデータセキュリティ責任制を実施する。")
             for i in range(n)]
    a = make_alignment(pairs)
    fs = [Finding.make(check="numbers", category="numbers", severity="minor", unit=u, zh_span=f"第{u.index}条",
                       message="number") for u in a.units[::10]]
    far = Finding.make(check="terminology", category="terminology", severity="major", unit=a.units[-1],
                       ja_span="各部門", message="term", suggestion="各省庁")
    page = folder / "long.html"
    write_html(a, [*fs, far], {"tool": "aligner", "text": "long"}, page)
    return page, far.fingerprint, f"u{n - 1}"


def _shown(driver) -> dict:
    return driver.execute_script(
        "return {rows:[].slice.call(document.querySelectorAll('tr.unit')).filter(function(tr){return !tr.hidden;})"
        ".map(function(tr){return tr.id;}), lit:[].slice.call(document.querySelectorAll('mark:not(.off)')).length,"
        "count:document.getElementById('f-count').textContent};")


def test_a_long_report_filters_and_decides_down_to_its_last_unit(browser, tmp_path):
    page, fp, last = _long_report(tmp_path)
    browser.get(page.resolve().as_uri())
    assert _shown(browser)["count"] == "301 findings shown in 301 units"
    assert _card(browser, "open") == 301

    Select(browser.find_element(By.ID, "f-check")).select_by_value("terminology")
    browser.find_element(By.ID, "f-only").click()
    shown = _shown(browser)
    assert shown == {"rows": [last], "lit": 1, "count": "1 findings shown in 1 units"}
    assert browser.find_element(By.CSS_SELECTOR, f"#{last} mark").text == "各部門"
    browser.find_element(By.TAG_NAME, "body").send_keys("n")  # to the last unit, its buttons focused
    assert _current_unit(browser) == last
    assert browser.switch_to.active_element.get_attribute("data-s") == "open"
    top, bottom, height = browser.execute_script(
        "var r=document.getElementById(arguments[0]).getBoundingClientRect();"
        "return [r.top,r.bottom,window.innerHeight];", last)
    assert 0 <= top < height and bottom > 0  # scrolled to it, not to where an estimate put it

    _li(browser, fp).find_element(By.CSS_SELECTOR, 'button[data-s="accepted"]').click()
    assert _shown(browser) == {"rows": [], "lit": 0, "count": "0 findings shown in 0 units"}  # status: open
    assert _card(browser, "accepted") == 1 and _card(browser, "open") == 300
    Select(browser.find_element(By.ID, "f-check")).select_by_value("numbers")
    shown = _shown(browser)
    assert len(shown["rows"]) == 300 and shown["rows"][-1] == "u2990" and shown["lit"] == 300

    browser.refresh()  # the filters come back from the address, the verdict from this browser
    assert _li(browser, fp).get_attribute("data-status") == "accepted"
    assert _card(browser, "accepted") == 1
    assert browser.execute_script("return window.alignerExportDecisions().decisions[arguments[0]].status;", fp) \
        == "accepted"
    browser.get(page.resolve().as_uri() + "#status=all&only=1&check=all")
    assert len(_shown(browser)["rows"]) == 301
    li = _li(browser, fp)
    browser.execute_script("arguments[0].scrollIntoView();", li)
    WebDriverWait(browser, 10).until(lambda d: li.find_elements(By.CSS_SELECTOR, 'button[aria-pressed="true"]'))
    assert li.find_element(By.CSS_SELECTOR, 'button[aria-pressed="true"]').get_attribute("data-s") == "accepted"


def test_the_browsers_find_reaches_the_text_of_the_last_unit(browser, tmp_path):
    """Units far down are drawn only near the screen; their text is in the page all the same."""
    page, _, last = _long_report(tmp_path)
    browser.get(page.resolve().as_uri())
    assert browser.execute_script("return window.find('第2999条');")
    assert browser.execute_script("return getSelection().anchorNode.parentElement.closest('tr').id;") == last
