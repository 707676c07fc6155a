"""report.html as a reviewer meets it: rendered by a real browser (headless Chromium).

Each test skips when Chromium is missing. The screenshots are decoded here (a small PNG
decoder on numpy, since Pillow is not a dependency) so that the assertions are about
pixels: a blank page, or CJK drawn as empty "tofu" boxes because no CJK font matched the
report's font stack, would fail them. The filter tests drive the page's own controls by
appending a short script to a copy of the report and reading the DOM Chromium dumps.
"""
from __future__ import annotations

import json
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from lxml import html as lhtml

from aligner.decisions import Decision
from aligner.writers.html_report import CSS
from aligner.writers.report import write_reports

from roundtrip_base import make_alignment
from test_reports import SIG, sample


def chromium(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not exe:
        pytest.skip("chromium not installed (apt-get install chromium fonts-noto-cjk)")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                               "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                               f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=120)


def png_pixels(path: Path) -> np.ndarray:
    """Decode an 8-bit RGB/RGBA PNG (what Chromium writes) into an (height, width, channels) array."""
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w, h, depth, ctype = 8, b"", 0, 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", data[pos + 8:pos + 18])
        elif kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    assert depth == 8 and ctype in (2, 6), f"unexpected PNG format depth={depth} color type={ctype}"
    bpp = 3 if ctype == 2 else 4
    stride = w * bpp
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(h, stride + 1)
    out = np.zeros((h, stride), dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.int64)
    for y in range(h):  # PNG filters 0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int64)
        if kind == 0:
            cur = line
        elif kind == 1:
            cur = line.reshape(w, bpp).cumsum(axis=0).reshape(-1) & 255
        elif kind == 2:
            cur = (line + prev) & 255
        else:
            vals, up = line.tolist(), prev.tolist()
            for i in range(stride):
                a = vals[i - bpp] if i >= bpp else 0
                b = up[i]
                if kind == 3:
                    vals[i] = (vals[i] + ((a + b) >> 1)) & 255
                    continue
                c = up[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                vals[i] = (vals[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            cur = np.array(vals, dtype=np.int64)
        out[y] = cur
        prev = cur
    return out.reshape(h, w, bpp)[:, :, :3]


def ink(pixels: np.ndarray) -> int:
    """Pixels dark enough to be text."""
    return int((pixels.max(axis=2) < 128).sum())


def shot(page: Path, tmp_path: Path, size: str = "1366,900") -> np.ndarray:
    out = tmp_path / (page.stem + ".png")
    chromium(f"--screenshot={out}", f"--window-size={size}", "--virtual-time-budget=2000", page.resolve().as_uri())
    assert out.exists(), "chromium wrote no screenshot"
    return png_pixels(out)


@pytest.fixture
def report(tmp_path):
    a, fs = sample()
    decisions = {fs[2].fingerprint: Decision("accepted", "Sato", "kept as quoted slogan")}
    (tmp_path / "r").mkdir()
    outputs = write_reports(a, fs, SIG, tmp_path / "r", decisions=decisions)
    return a, fs, outputs["report.html"]


def with_script(report: Path, js: str) -> Path:
    """A copy of the report with a script appended after the page's own (which has run by then)."""
    page = report.with_name("driven.html")
    page.write_text(report.read_text(encoding="utf-8").replace("</body>", f"<script>{js}</script></body>"),
                    encoding="utf-8")
    return page


def dump(page: Path, suffix: str = "") -> lhtml.HtmlElement:
    return lhtml.fromstring(chromium("--dump-dom", "--virtual-time-budget=2000", page.resolve().as_uri() + suffix).stdout)


def test_report_screenshot_is_a_page_not_a_blank(report, tmp_path):
    _, _, page = report
    px = shot(page, tmp_path)
    assert px.shape == (900, 1366, 3)
    background = np.array([0xF6, 0xF6, 0xF4])
    painted = (np.abs(px.astype(int) - background).sum(axis=2) > 12).mean()
    # Header, cards, tables and the document: well above a blank page, well below a solid fill.
    assert 0.15 < painted < 0.9, painted
    assert ink(px) > 5000, "hardly any text on the first screen"


# One page, one screenshot, for the three pixel tests below: a black box of known size, sparse
# and dense CJK in both languages, and characters whose shapes differ between zh and ja fonts.
INK_ROWS = [("ja", "一二一二一二"), ("ja", "魔鬱警議戀響"), ("zh-CN", "一二一二一二"), ("zh-CN", "警议赢疆戆衢")]
FORM_ROWS = [("zh-CN", "直骨角"), ("ja", "直骨角")]
BAND = 80  # px between rows; each row is 60 px tall


def _band(px: np.ndarray, i: int) -> np.ndarray:
    top = 100 + BAND * i
    return px[top:top + 60, :]


@pytest.fixture(scope="module")
def glyph_page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("glyphs")
    rows = "".join(f'<div lang="{lang}" style="position:absolute;left:10px;top:{100 + BAND * i}px;font-size:48px;'
                   f'line-height:60px">{text}</div>' for i, (lang, text) in enumerate(INK_ROWS + FORM_ROWS))
    box = '<div style="position:absolute;left:40px;top:30px;width:100px;height:50px;background:#000"></div>'
    page = tmp / "glyphs.html"
    page.write_text(f'<!doctype html><meta charset="utf-8"><style>{CSS}body{{background:#fff;margin:0}}</style>'
                    f'{box}{rows}', encoding="utf-8")
    return shot(page, tmp, f"420,{100 + BAND * (len(INK_ROWS) + len(FORM_ROWS)) + 20}")


def test_decoder_and_ink_measure_on_a_known_page(glyph_page):
    """Guard for the measurements below: a black box of known size is counted exactly."""
    assert ink(glyph_page[0:90, :]) == 100 * 50
    assert ink(glyph_page[30:80, 40:140]) == 5000


def test_cjk_glyphs_are_drawn_with_the_reports_fonts(glyph_page):
    """Dense characters must carry several times the ink of sparse ones, in both languages.

    With no CJK font behind the report's font stack, every character is the same tofu box
    and the ratio is about 1.
    """
    bands = [ink(_band(glyph_page, i)) for i in range(len(INK_ROWS))]
    assert bands[0] > 200 and bands[2] > 200, bands  # sparse text is drawn at all
    assert bands[1] > 3 * bands[0] and bands[3] > 3 * bands[2], bands


def test_japanese_and_chinese_cells_get_their_own_glyph_shapes(glyph_page):
    """直, 骨 and 角 are drawn differently in Japanese and Simplified Chinese fonts; a report that
    showed Japanese in a Chinese font would mislead exactly the reviewer checking character forms.
    (Measured: a third of the pixels differ; drawn twice with the same font, none do.)"""
    from aligner.writers.html_report import render_html
    cells = lhtml.fromstring(render_html(make_alignment([("直骨角", "直骨角")]), [], SIG)).get_element_by_id("u0")
    assert [c.get("lang") for c in cells.findall("td")[1:3]] == ["zh-CN", "ja"]
    zh, ja = ((_band(glyph_page, len(INK_ROWS) + i) < 128).any(axis=2) for i in range(2))
    assert zh.sum() > 500 and ja.sum() > 500
    assert (zh != ja).sum() > 0.05 * zh.sum(), "Japanese drawn with the same glyphs as Chinese"


DRIVE = """
(function(){
  function set(id,v){var e=document.getElementById(id);
    if(e.type==='checkbox')e.checked=v;else e.value=v;e.dispatchEvent(new Event('change'));}
  function state(){
    var shown=[].slice.call(document.querySelectorAll('li.finding')).filter(function(li){return !li.hidden;})
      .map(function(li){return li.querySelector('.fp').textContent;});
    var rows=[].slice.call(document.querySelectorAll('tr.unit')).filter(function(tr){return !tr.hidden;})
      .map(function(tr){return tr.id;});
    var lit=[].slice.call(document.querySelectorAll('mark')).filter(function(m){return !m.classList.contains('off');})
      .map(function(m){return m.textContent;});
    return {shown:shown, rows:rows, lit:lit, count:document.getElementById('f-count').textContent,
            hash:location.hash};
  }
  var out=[];
  out.push(state());
  set('f-status',''); set('f-severity','major'); out.push(state());
  set('f-severity',''); set('f-check','simplified-in-ja'); set('f-status','accepted'); set('f-only',true);
  out.push(state());
  set('f-check',''); set('f-status','false-positive'); out.push(state());
  var pre=document.createElement('pre'); pre.id='drive-result'; pre.textContent=JSON.stringify(out);
  document.body.appendChild(pre);
})();
"""


def test_filters_by_severity_check_and_status_change_what_is_shown(report):
    a, fs, page = report
    doc = dump(with_script(page, DRIVE))
    states = json.loads(doc.get_element_by_id("drive-result").text)
    fp = [f.fingerprint for f in fs]
    # Expected sets worked out by hand from sample(): f2 is the accepted one, f0/f2/f4 are major.
    default, major, accepted_simplified, none = states
    assert sorted(default["shown"]) == sorted([fp[0], fp[1], fp[3], fp[4]])
    assert default["count"] == "4 findings shown in 3 units" and len(default["rows"]) == len(a.units)
    assert sorted(major["shown"]) == sorted([fp[0], fp[2], fp[4]])
    assert major["count"] == "3 findings shown in 3 units"
    assert "severity=major" in major["hash"] and "status=all" in major["hash"]
    assert accepted_simplified["shown"] == [fp[2]]
    assert accepted_simplified["rows"] == ["u2"]                  # only units with shown findings
    assert accepted_simplified["lit"] == ["稳中求進"]             # the other marks are switched off
    assert none["shown"] == [] and none["rows"] == [] and none["count"] == "0 findings shown in 0 units"


def test_a_link_with_filters_opens_the_report_filtered(report):
    _, fs, page = report
    doc = dump(page, "#severity=minor&status=all")
    shown = [li.find_class("fp")[0].text for li in doc.find_class("finding") if li.get("hidden") is None]
    assert shown == [fs[1].fingerprint]
    assert doc.get_element_by_id("f-count").text_content() == "1 findings shown in 1 units"


def page_requests(page: Path, tmp_path: Path) -> list[str]:
    """URLs the page itself asked for, from Chromium's network log (the browser's own update and
    account pings are told apart by their initiator). No host resolves, so nothing leaves the machine."""
    log = tmp_path / f"{page.stem}.netlog.json"
    chromium("--dump-dom", "--virtual-time-budget=2000", "--host-resolver-rules=MAP * ~NOTFOUND",
             f"--log-net-log={log}", page.resolve().as_uri())
    text = log.read_text(encoding="utf-8").rstrip()
    try:
        events = json.loads(text)["events"]
    except ValueError:  # the log of a browser that did not close cleanly lacks its ending
        events = json.loads(text.rstrip(",") + "]}")["events"]
    urls = []
    for e in events:
        params = e.get("params") or {}
        if "url" in params and "initiator" in params and params["initiator"] != "not an origin":
            urls.append(params["url"])
    return sorted(set(urls))


def test_a_count_in_the_summary_opens_the_document_filtered_to_it(report):
    _, fs, page = report
    click = """
    var link=[].slice.call(document.querySelectorAll('table.small a')).filter(function(a){
      return a.getAttribute('href').indexOf('check=simplified-in-ja&severity=major')>=0;})[0];
    window.addEventListener('hashchange',function(){setTimeout(function(){
      var pre=document.createElement('pre');pre.id='after';
      pre.textContent=JSON.stringify([].slice.call(document.querySelectorAll('li.finding'))
        .filter(function(li){return !li.hidden;}).map(function(li){return li.querySelector('.fp').textContent;})
        .concat([document.getElementById('f-count').textContent]));
      document.body.appendChild(pre);},0);});
    link.click();
    """
    after = json.loads(dump(with_script(page, click)).get_element_by_id("after").text)
    # Both major simplified-in-ja findings, the accepted one included: the counts are of all statuses.
    assert sorted(after[:-1]) == sorted([fs[0].fingerprint, fs[2].fingerprint])
    assert after[-1] == "2 findings shown in 2 units"


def test_the_page_requests_nothing_from_the_network(report, tmp_path):
    _, _, page = report
    assert page_requests(page, tmp_path) == []
    # Guard: the same log does show a page that fetches a web font and an image.
    leaky = with_script(page, "document.head.appendChild(Object.assign(document.createElement('link'),"
                              "{rel:'stylesheet',href:'https://fonts.example.invalid/a.css'}));"
                              "new Image().src='http://example.invalid/x.png';")
    assert page_requests(leaky, tmp_path) == ["http://example.invalid/x.png", "https://fonts.example.invalid/a.css"]


def test_mark_tooltip_names_every_finding_it_carries(report):
    _, fs, page = report
    hover = ("[].slice.call(document.querySelectorAll('#u0 mark')).forEach(function(m){"
             "m.dispatchEvent(new MouseEvent('mouseover',{bubbles:true}));});")
    doc = dump(with_script(page, hover))
    titles = [m.get("title") for m in doc.get_element_by_id("u0").iter("mark")]
    both = [t for t in titles if "simplified-in-ja" in t and "terminology" in t]
    assert both and "→ 国務院" in both[0] and "→ 弁公庁" in both[0]


def test_a_long_document_stays_a_reasonable_size(tmp_path):
    pairs = [(f"第{i}条　各部门要严格落实数据安全责任制，明确数据分类分级保护要求。",
              f"第{i}条　各部門はデータセキュリティ責任制を厳格に実施しなければならない。") for i in range(2000)]
    a = make_alignment(pairs)
    out = write_reports(a, [], SIG, tmp_path)
    size = out["report.html"].stat().st_size
    text = sum(len((z + j).encode("utf-8")) for z, j in pairs)
    assert size < 3 * text, (size, text)  # markup per unit stays small next to the text itself


def test_next_and_prev_step_through_units_with_shown_findings(report):
    _, _, page = report
    js = """
    var seen=[];
    function cur(){var c=document.querySelector('tr.current');return c?c.id:null;}
    function press(id){document.getElementById(id).click();seen.push(cur());}
    press('f-next');press('f-next');press('f-next');press('f-next');press('f-prev');
    var s=document.getElementById('f-severity');s.value='major';s.dispatchEvent(new Event('change'));
    document.dispatchEvent(new KeyboardEvent('keydown',{key:'n'}));seen.push(cur());
    document.dispatchEvent(new KeyboardEvent('keydown',{key:'n'}));seen.push(cur());
    var pre=document.createElement('pre');pre.id='steps';pre.textContent=JSON.stringify(seen);
    document.body.appendChild(pre);
    """
    steps = json.loads(dump(with_script(page, js)).get_element_by_id("steps").text)
    # Open findings sit in u0, u1 and u3 (u2's is accepted); the last step stays on the last unit.
    # With severity=major only u0 and u3 qualify; u1 is no longer one of them, so n starts over.
    assert steps == ["u0", "u1", "u3", "u3", "u1", "u0", "u3"]

