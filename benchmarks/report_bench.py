"""report.html on a long document: size, time to open, to filter and to decide, in headless Chromium.

The seed is checked once (`run_check`, as `aligner check` runs it); its units and findings are then
repeated N times with shifted unit numbers and lines, every copy's findings with fingerprints of
their own, so the page holds N times the seed's findings, each with its own verdict (the worst case:
nothing is merged as repeated text). Only the page is written (render_html), not the other reports.

The page is opened from file:// in Debian's Chromium through Selenium, given the chromedriver path
(no driver is ever downloaded), at laptop size (1366x768), with a fresh profile per size. Times are
wall-clock, each to the next painted frame after the action (two requestAnimationFrame callbacks,
so style, layout and paint are in):

- open: navigation start until the page's script has run and a frame is painted (median of --opens);
- filter: one change of the severity, check and status selects, and of "only units with shown
  findings" (each the median of a few);
- decide: a click on "accept" of a finding in the last unit (scrolled to first), and back to open;
- heap: used JS heap and DOM node count (Chrome's Performance metrics) once open.

    .venv/bin/python benchmarks/report_bench.py                 # seed x1, x20, x200
    .venv/bin/python benchmarks/report_bench.py --sizes 1,20

Figures, 2026-11-23 (2 cores shared with other jobs, load average 3-5, so +-30 %; seed x200 = 10,400
units, 15,000 findings; open is the median of 3, filter and decide times medians, to the next frame):

             MB   open s  severity  check  status  only  decide  heap MB  DOM nodes
    before (one table, every finding's buttons made at load, each filter walking the whole page):
      x1    0.2    0.20     24ms    27ms    26ms   27ms   28ms     0.6      4,098
      x20   3.0    1.15    498ms   204ms   252ms  184ms  120ms     1.4     69,287
      x200 29.4   17.53   4327ms  2348ms  2163ms 2433ms  396ms     5.7    686,867
    after (a grid row per unit laid out as it nears the screen, filters on the data read once,
           buttons made as a unit nears the screen, tooltips made on hover):
      x1    0.2    0.15     24ms    28ms    28ms   27ms   26ms     0.6      4,243
      x20   2.6    0.36     22ms    27ms    28ms   31ms   28ms     1.7     49,917
      x200 25.9    1.89    126ms   115ms   128ms  169ms   81ms    10.7    491,997
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aligner.model import Alignment, Bilingual, Finding, Segment, Unit  # noqa: E402
from aligner.pipeline import CheckOptions, run_check  # noqa: E402
from aligner.writers.html_report import render_html  # noqa: E402

SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"


def repeated(alignment: Alignment, findings: list[Finding], k: int) -> tuple[Alignment, list[Finding]]:
    """The document k times over: copy c's units come after copy c-1's, its lines further down the file."""
    units, zh, ja, out = [], [], [], []
    n = len(alignment.units)
    lines = max((s.last_line for u in alignment.units for s in (*u.zh_segments, *u.ja_segments)), default=0)

    def shift(segs, c):
        return tuple(dataclasses.replace(s, first_line=s.first_line + c * lines, last_line=s.last_line + c * lines)
                     for s in segs)

    for c in range(k):
        for u in alignment.units:
            zs, js = shift(u.zh_segments, c), shift(u.ja_segments, c)
            zh += zs
            ja += js
            parent = None if u.parent is None else u.parent + c * n
            units.append(Unit(index=u.index + c * n, zh_segments=zs, ja_segments=js, confidence=u.confidence,
                              parent=parent))
        for f in findings:
            fp = hashlib.sha1(f"{f.fingerprint}/{c}".encode()).hexdigest()[:16] if c else f.fingerprint
            out.append(dataclasses.replace(f, unit=f.unit + c * n, fingerprint=fp,
                                           also_units=tuple(x + c * n for x in f.also_units)))
    src = alignment.source
    source = Bilingual(zh=tuple(zh), ja=tuple(ja), layout=src.layout, encoding=src.encoding, files=src.files)
    return Alignment(units=tuple(units), level=alignment.level, source=source, settings=alignment.settings), out


def browser(profile: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    chrome = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver_exe = shutil.which("chromedriver")
    if not chrome or not driver_exe:
        sys.exit("needs chromium and chromedriver (apt-get install chromium chromium-driver fonts-noto-cjk)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1366,768", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--enable-precise-memory-info", f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=driver_exe), options=opts)
    driver.set_page_load_timeout(300)
    driver.set_script_timeout(300)
    return driver


# Runs `act` (a function body), then resolves after the next two frames: the time includes the
# style, layout and paint the action caused, not only its script.
TIMED = """
var done=arguments[arguments.length-1], t0=performance.now();
(function(){%s})();
requestAnimationFrame(function(){requestAnimationFrame(function(){done(performance.now()-t0);});});
"""
FRAME = "var d=arguments[0];requestAnimationFrame(function(){requestAnimationFrame(function(){d(performance.now());});});"


def timed(driver, js: str) -> float:
    return driver.execute_async_script(TIMED % js) / 1000


def set_filter(element: str, value) -> str:
    prop = "checked" if element == "f-only" else "value"
    return (f"var e=document.getElementById('{element}');e.{prop}={value!r};"
            f"e.dispatchEvent(new Event('change'));").replace("True", "true").replace("False", "false")


def measure(driver, page: Path, findings: list[Finding], opens: int) -> dict:
    times = []
    for _ in range(opens):
        driver.get("about:blank")
        t0 = time.perf_counter()
        driver.get(page.resolve().as_uri())
        driver.execute_async_script(FRAME)
        times.append(time.perf_counter() - t0)
    driver.execute_cdp_cmd("HeapProfiler.collectGarbage", {})  # the pages opened before are gone
    driver.execute_cdp_cmd("Performance.enable", {})
    metrics = {m["name"]: m["value"] for m in driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]}
    checks = sorted({f.check for f in findings}, key=lambda c: -sum(f.check == c for f in findings))
    runs = {
        "severity": [set_filter("f-severity", v) for v in ("major", "minor", "info", "")],
        "check": [set_filter("f-check", v) for v in (checks[0], checks[-1], checks[len(checks) // 2], "")],
        "status": [set_filter("f-status", v) for v in ("", "accepted", "open")],
        "only": [set_filter("f-only", v) for v in (True, False, True, False)],
    }
    out = {"open": statistics.median(times), "heap": metrics.get("JSHeapUsedSize", 0),
           "nodes": metrics.get("Nodes", 0)}
    for name, steps in runs.items():
        out[name] = statistics.median(timed(driver, js) for js in steps)
    last = max(findings, key=lambda f: f.unit).fingerprint
    button = f"document.querySelector('li.finding[data-fp=\"{last}\"] button[data-s=\"%s\"]')"
    driver.execute_script(f"document.getElementById('u{max(f.unit for f in findings)}').scrollIntoView();")
    driver.execute_async_script(FRAME)
    out["decide"] = statistics.median(timed(driver, f"{button % s}.click();") for s in ("accepted", "open", "fixed"))
    timed(driver, f"{button % 'open'}.click();")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,20,200", help="copies of the seed")
    ap.add_argument("--opens", type=int, default=3, help="times each page is opened (the median is printed)")
    ap.add_argument("--keep", help="write the pages into this folder and keep them")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        result = run_check([str(SEED)], tmp / "seed", options=CheckOptions())
        base_alignment, base_findings = result.alignment, list(result.findings)
        folder = Path(args.keep) if args.keep else tmp
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'size':>5} {'units':>6} {'findings':>8} {'MB':>6} {'write s':>7} {'open s':>6} "
              f"{'severity':>8} {'check':>6} {'status':>6} {'only':>6} {'decide':>6} {'heap MB':>7} {'nodes':>8}")
        for k in [int(x) for x in args.sizes.split(",")]:
            alignment, findings = repeated(base_alignment, base_findings, k)
            c0 = time.perf_counter()
            text = render_html(alignment, findings, result.signature)
            write_s = time.perf_counter() - c0
            page = folder / f"report_x{k}.html"
            page.write_text(text, encoding="utf-8")
            driver = browser(tmp / f"profile{k}")
            try:
                m = measure(driver, page, findings, args.opens)
            finally:
                driver.quit()
            print(f"{'x' + str(k):>5} {len(alignment.units):>6} {len(findings):>8} "
                  f"{page.stat().st_size / 1e6:>6.1f} {write_s:>7.2f} {m['open']:>6.2f} "
                  f"{m['severity'] * 1000:>6.0f}ms {m['check'] * 1000:>4.0f}ms {m['status'] * 1000:>4.0f}ms "
                  f"{m['only'] * 1000:>4.0f}ms {m['decide'] * 1000:>4.0f}ms {m['heap'] / 1e6:>7.1f} "
                  f"{int(m['nodes']):>8}", flush=True)


if __name__ == "__main__":
    main()
