"""XLIFF as bilingual input: 1.2 (plain, segmented as Trados and Okapi write it), 2.0, inline codes,
languages, the lines reported, and every way a file can be refused.

The files are built here from lists of texts; the expected paragraphs are those texts, never
the reader's own output, and codes are placed so that keeping their native markup (`<b>`)
or dropping a wrapper's text would show.
"""
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner.errors import InputError
from aligner.readers import read_bilingual
from aligner.readers.summary import summarize
from test_readers_layouts import texts, write

ROOT = Path(__file__).resolve().parents[1]
ZH = ["国务院关于同意建设示范区的批复", "北京市人民政府、商务部：", "一、原则同意《工作方案》，请认真组织实施。",
      "二、国务院有关部门要按照职责分工，积极支持。"]
JA = ["国務院：モデル区建設に対する批准回答", "北京市人民政府・商務部：", "一、原則、《業務方案》に同意するので、真剣に実施されたい。",
      "二、国務院関連部門は、職責分担に基づき、積極的に支援しなければならない。"]
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"


def with_codes(text: str, k: int) -> str:
    """`text` with inline codes around and inside it: native code in ph/bpt/ept, a g wrapper, an empty x."""
    a, b = text[: len(text) // 2], text[len(text) // 2:]
    return (f'<ph id="p{k}">&lt;b&gt;</ph>{escape(a)}<g id="g{k}"><bpt id="b{k}">&lt;i&gt;</bpt>'
            f'{escape(b)}<ept id="b{k}">&lt;/i&gt;</ept></g><x id="x{k}"/>')


def xliff12(units, *, src="zh-CN", trg="ja-JP", codes=True) -> str:
    """One trans-unit per (source, target) pair; a target of None is left out."""
    body = []
    for k, (s, t) in enumerate(units, start=1):
        body.append(f'<trans-unit id="{k}">')
        body.append(f"<source>{with_codes(s, k) if codes else escape(s)}</source>")
        if t is not None:
            body.append(f"<target>{with_codes(t, k) if codes else escape(t)}</target>")
        body.append("</trans-unit>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{NS12}">\n'
            f'<file original="a.docx" source-language="{src}" target-language="{trg}" datatype="plaintext">\n'
            '<header><note>メモ：本文ではない</note></header>\n<body>\n' + "\n".join(body) + "\n</body>\n</file>\n</xliff>\n")


def line_of(xml: str, needle: str) -> int:
    return xml[: xml.index(needle)].count("\n") + 1


def test_units_codes_and_lines(tmp_path):
    xml = xliff12(list(zip(ZH, JA)))
    path = write(tmp_path, "doc.xlf", xml)
    doc = read_bilingual([path])
    assert doc.layout == "xliff" and doc.files == (path,)
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA  # native code <b>, <i> dropped; g's text kept
    assert [s.first_line for s in doc.zh] == [line_of(xml, f'<trans-unit id="{k}">') + 1 for k in range(1, 5)]
    assert [s.first_line for s in doc.ja] == [line_of(xml, f'<trans-unit id="{k}">') + 2 for k in range(1, 5)]
    assert "XLIFF 1.2" in doc.encoding and "zh-CN→ja-JP" in doc.encoding
    assert read_bilingual([path], layout="xliff") == doc


def test_nothing_is_lost_and_alternatives_are_not_read(tmp_path):
    xml = xliff12([(ZH[0], JA[0]), (ZH[1], None), (ZH[2], "")], codes=False)
    xml = xml.replace('<trans-unit id="2">', '<group id="g"><trans-unit id="2" translate="no">')
    xml = xml.replace('<trans-unit id="3">', '</group><trans-unit id="3">')
    xml = xml.replace(f"<target>{JA[0]}</target>", f"<target>{JA[0]}</target><alt-trans><target>別訳です</target></alt-trans>"
                      "<note>注記です</note>")
    doc = read_bilingual([write(tmp_path, "doc.xlf", xml)])
    assert texts(doc.zh) == ZH[:3]  # the translate="no" unit in a group, and both untranslated units
    assert texts(doc.ja) == [JA[0]]  # no alternative translation, no note, no header
    assert Counter("".join(texts(doc.zh + doc.ja))) == Counter("".join(ZH[:3]) + JA[0])


def test_segmented_units_pair_by_mid(tmp_path):
    # As Trados (.sdlxliff) and Okapi write it: the segments are in <mrk mtype="seg"> inside g wrappers.
    seg = '<mrk mtype="seg" mid="{}">{}</mrk>'
    xml = (f'<?xml version="1.0" encoding="utf-8"?>\n<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" '
           f'xmlns="{NS12}" version="1.2">\n<file original="a.docx" source-language="zh-CN" target-language="ja-JP">\n'
           '<header><sdl:ref-files/></header>\n<body>\n<group><trans-unit id="u1">\n'
           f'<source><g id="1">{ZH[2]}{ZH[3]}</g></source>\n'
           f'<seg-source><g id="1">{seg.format(1, ZH[2])}\n{seg.format(2, ZH[3])}</g>（附件）</seg-source>\n'
           f'<target><g id="1">{seg.format(2, JA[3])}\n{seg.format(1, JA[2])}{seg.format(9, "余分な訳です")}</g></target>\n'
           '<sdl:seg-defs><sdl:seg id="1" conf="Translated"/></sdl:seg-defs>\n'
           '</trans-unit></group>\n</body>\n</file>\n</xliff>\n')
    path = write(tmp_path, "doc.sdlxliff", xml)
    doc = read_bilingual([path])
    # The source text is read once (from seg-source); text after the last segment joins it.
    assert texts(doc.zh) == [ZH[2], ZH[3] + "（附件）"]
    # Targets in the order of their sources; one without a source segment is kept, last.
    assert texts(doc.ja) == [JA[2], JA[3], "余分な訳です"]
    assert doc.ja[0].first_line == doc.ja[1].first_line + 1 == line_of(xml, '<mrk mtype="seg" mid="1">' + JA[2])


def test_a_file_of_units_not_to_translate_is_refused_saying_so(tmp_path):
    xml = xliff12([(ZH[0], None), (ZH[1], None)], codes=False).replace("<trans-unit ", '<trans-unit translate="no" ')
    with pytest.raises(InputError, match='only units marked translate="no"'):
        read_bilingual([write(tmp_path, "doc.xlf", xml)])


def xliff20(units, *, src="zh-CN", trg="ja-JP") -> str:
    """A unit per list of (kind, source, target) parts; kind is 'segment' or 'ignorable'."""
    body = []
    for k, parts in enumerate(units, start=1):
        body.append(f'<unit id="u{k}"><originalData><data id="d1">&lt;b&gt;</data></originalData>')
        for kind, s, t in parts:
            body.append(f"<{kind}><source>{s}</source>" + (f"<target>{t}</target>" if t is not None else "")
                        + f"</{kind}>")
        body.append("</unit>")
    return (f'<?xml version="1.0"?>\n<xliff xmlns="{NS20}" version="2.0" srcLang="{src}" trgLang="{trg}">\n'
            '<file id="f1"><notes><note>メモです</note></notes>\n<group id="g1">\n' + "\n".join(body)
            + "\n</group></file>\n</xliff>\n")


def test_xliff2_segments_ignorables_and_inline_codes(tmp_path):
    units = [
        [("segment", f'<pc id="1">{ZH[0]}</pc><ph id="2" dataRef="d1"/>', f'<sc id="1"/>{JA[0]}<ec startRef="1"/>'),
         ("ignorable", "（一）", "（一）"),
         ("segment", f'{ZH[1][:3]}<mrk id="m1" translate="no">{ZH[1][3:]}</mrk>', f'{JA[1]}<cp hex="0001"/>')],
        [("ignorable", " ", " "), ("segment", ZH[2], None)],
        [("ignorable", "注：", "注：")],
    ]
    doc = read_bilingual([write(tmp_path, "doc.xliff", xliff20(units))])
    # Text between segments joins the segment before it; a unit of such text alone is its own paragraph.
    assert texts(doc.zh) == [ZH[0] + "（一）", ZH[1], ZH[2], "注："]
    assert texts(doc.ja) == [JA[0] + "（一）", JA[1] + "\x01", "注："]
    assert "XLIFF 2.0" in doc.encoding


def test_xliff2_segments_pair_one_by_one_when_one_is_untranslated(tmp_path):
    units = [[("segment", ZH[0], JA[0]), ("ignorable", " ", " "), ("segment", ZH[1], None),
              ("segment", ZH[2], JA[2])]]
    doc = read_bilingual([write(tmp_path, "doc.xliff", xliff20(units))])
    assert texts(doc.zh) == ZH[:3] and texts(doc.ja) == [JA[0], JA[2]]
    # Each <segment> pairs its source and target: the untranslated one is alone, the others stay 1-1.
    assert doc.pairs == (((0,), (0,)), ((1,), ()), ((2,), (1,)))


def test_japanese_to_chinese_file_is_read_the_right_way_round(tmp_path):
    xml = xliff12(list(zip(JA, ZH)), src="ja-JP", trg="zh-Hans")
    doc = read_bilingual([write(tmp_path, "back.xlf", xml)])
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert all(s.lang == "zh" for s in doc.zh)
    assert doc.zh[0].first_line == doc.ja[0].first_line + 1  # the Chinese is the file's target element
    assert "swapped" in doc.encoding
    doc2 = read_bilingual([write(tmp_path, "back2.xliff", xliff20([[("segment", j, z)] for z, j in zip(ZH, JA)],
                                                                   src="ja", trg="zh-TW"))])
    assert texts(doc2.zh) == ZH and texts(doc2.ja) == JA


@pytest.mark.parametrize("src", ["zh", "zh-CN", "zh-Hans", "zh-TW", "ZH_cn"])
def test_chinese_source_tags(tmp_path, src):
    doc = read_bilingual([write(tmp_path, "d.xlf", xliff12(list(zip(ZH, JA)), src=src, trg="ja"))])
    assert texts(doc.zh) == ZH


def test_detected_by_content_in_any_namespace_and_encoding(tmp_path):
    xml = xliff12(list(zip(ZH, JA)))
    prefixed = re.sub(r"<(/?)([a-z-]+)", r"<\1x:\2", xml.replace(f'xmlns="{NS12}"', f'xmlns:x="{NS12}"'))
    prefixed = prefixed.replace("<x:?xml", "<?xml").replace("<x:/", "</x:")
    for name, text, enc in (("export", xml, "utf-8"), ("prefixed", prefixed, "utf-8"),
                            ("wide.txt", xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), "utf-16")):
        doc = read_bilingual([write(tmp_path, name, text, enc)])
        assert doc.layout == "xliff" and texts(doc.zh) == ZH and texts(doc.ja) == JA, name


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(tmp_path, enc):
    # XML wants a BOM before UTF-16, but some tools leave it out; `<` tells the byte order.
    xml = xliff12(list(zip(ZH, JA))).replace('<?xml version="1.0" encoding="UTF-8"?>\n', "")
    for name in ("doc.xlf", "download"):  # by its name, and by its content
        path = tmp_path / name
        path.write_bytes(xml.encode(enc))
        doc = read_bilingual([str(path)])
        assert doc.layout == "xliff" and texts(doc.zh) == ZH and texts(doc.ja) == JA
        assert doc.encoding.startswith("UTF-16 (no byte-order mark)")


def test_a_large_embedded_original_file_is_not_in_the_way(tmp_path):
    # Trados may embed the original document, base64, in the header: more than a text node may hold.
    embedded = '<internal-file form="base64">' + ("QUJD" * 19 + "\n") * 150_000 + "</internal-file>"
    xml = xliff12(list(zip(ZH, JA))).replace("<header>", f"<header><skl>{embedded}</skl>")
    doc = read_bilingual([write(tmp_path, "big.sdlxliff", xml)])
    assert texts(doc.zh) == ZH and texts(doc.ja) == JA
    assert doc.zh[0].first_line == line_of(xml, ZH[0][:4])


def test_inspect_shows_version_languages_and_lines(tmp_path):
    xml = xliff12(list(zip(ZH, JA)))
    path = write(tmp_path, "doc.xlf", xml)
    r = subprocess.run([sys.executable, "-m", "aligner", "inspect", path], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "layout: xliff" in r.stdout and "XLIFF 1.2, zh-CN→ja-JP" in r.stdout
    assert f"doc.xlf:{line_of(xml, ZH[0][:4])}" in r.stdout
    assert any("XLIFF" in n for n in summarize(read_bilingual([path]))["notes"])


DOCTYPE = '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY org "国务院">]>\n'
CASES = {
    "malformed": ("bad.xlf", xliff12(list(zip(ZH, JA)))[:-30], [], "not well-formed XML"),
    "no units": ("empty.xlf", f'<xliff version="1.2" xmlns="{NS12}"><file source-language="zh" target-language="ja">'
                              "<body/></file></xliff>", [], "no translation units"),
    "entities": ("ent.xml", DOCTYPE + f'<xliff version="1.2"><file source-language="zh" target-language="ja"><body>'
                                      "<trans-unit id='1'><source>&org;同意</source><target>承認</target></trans-unit>"
                                      "</body></file></xliff>", [], "declares entities"),
    "english source": ("en.xlf", xliff12([("Approval", JA[0])], src="en-US"), [], "en-US → ja-JP"),
    "untranslated": ("new.xlf", xliff12([(z, None) for z in ZH]), [], "no unit has a translation"),
    "not xliff forced": ("doc.txt", "国务院同意。\n\n国務院は同意する。\n", ["--layout", "xliff"], "not well-formed XML"),
    "other root forced": ("doc.xml", "<doc>国务院同意。</doc>", ["--layout", "xliff"], "not <xliff>"),
    "xliff forced as tsv": ("doc.xlf", xliff12(list(zip(ZH, JA))), ["--layout", "tsv"], "use --layout xliff"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["inspect", "check"])
def test_refused_with_one_line_naming_the_file(tmp_path, case, command):
    name, text, extra, expected = CASES[case]
    line = refusal(tmp_path, command, write(tmp_path, name, text), *extra)
    assert name in line and expected in line, line


def refusal(tmp_path, command: str, *args) -> str:
    """The one line on stderr of `aligner COMMAND ARGS` (check writing to tmp_path/out), which must exit 2 and write nothing."""
    cmd = [sys.executable, "-m", "aligner", command, *map(str, args)]
    if command == "check":
        cmd += ["-o", str(tmp_path / "out")]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert r.stdout == "" and not (tmp_path / "out").exists()
    return lines[0]


def test_xliff_is_not_one_side_of_a_pair(tmp_path):
    xlf = write(tmp_path, "doc.xlf", xliff12(list(zip(ZH, JA))))
    ja = write(tmp_path, "ja.txt", "\n\n".join(JA))
    with pytest.raises(InputError, match="holds both languages itself"):
        read_bilingual([xlf, ja])


def test_check_writes_findings_and_memory(tmp_path):
    # The second pair drops a figure: a finding the numbers check must make.
    pairs = [(ZH[0], JA[0]), ("到2025年，试点企业达到300家。", "2025年までに、試行企業は達する。"), (ZH[3], JA[3])]
    path = write(tmp_path, "job.xlf", xliff12(pairs))
    out = tmp_path / "qa"
    r = subprocess.run([sys.executable, "-m", "aligner", "check", path, "-o", str(out), "--fail-on", "never"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    findings = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    items = findings["findings"] if isinstance(findings, dict) else findings
    assert any("300" in (f.get("zh_span", "") + f.get("message", "")) for f in items)
    assert all(f["location"].startswith(path + ":") for f in items)
    tmx = (out / "aligned.tmx").read_text(encoding="utf-8")
    assert all(escape(z) in tmx for z, _ in pairs) and all(escape(j) in tmx for _, j in pairs)
    assert "&lt;b&gt;" not in tmx  # the native code stayed in the XLIFF


# Text around codes: CJK, kana, Latin, markup characters that must be escaped, astral characters.
_TEXT = st.text(st.one_of(st.sampled_from(list("国务院同意试点企業はをが。、「」<&>\"' AZ09") + ["\U00020BB7", "\U0001F600"]),
                          st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)), min_size=1, max_size=20)


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=6))
def test_round_trip_keeps_every_character(tmp_path_factory, pairs):
    d = tmp_path_factory.mktemp("x")
    pairs = [(z.strip() or "国", j.strip() or "は") for z, j in pairs]
    doc = read_bilingual([write(d, "p.xlf", xliff12(pairs))], layout="xliff")
    assert texts(doc.zh) == [z for z, _ in pairs]
    assert texts(doc.ja) == [j for _, j in pairs]
