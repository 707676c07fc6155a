"""TMX 1.4b: round trip, DTD validity, the header a CAT tool reads, and reading other tools' memories.

The foreign TMX samples below are hand-written after the shapes memoQ, Trados and TMX 1.1
tools emit (UTF-16 with BOM, srclang="*all*", `lang` instead of `xml:lang`, inline codes).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from aligner.decisions import Decision
from aligner.errors import InputError, OutputError
from aligner.formats import tmx
from aligner.formats.tmx import Tmx
from aligner.model import Finding

from roundtrip_base import RoundTripBase, make_alignment

ROOT = Path(__file__).resolve().parents[1]
# The TMX 1.4 DTD (LISA OSCAR) is kept in spec/ so a checkout validates without ../shared;
# test_vendored_dtd_matches_shared_copy keeps it identical to the project's shared copy.
DTD = ROOT / "spec" / "tmx14.dtd"
SHARED_DTD = ROOT.parent / "shared" / "spec" / "tmx14.dtd"


def test_vendored_dtd_matches_shared_copy():
    if not SHARED_DTD.exists():
        pytest.skip("../shared/spec/tmx14.dtd not present in this checkout's parent")
    assert DTD.read_bytes() == SHARED_DTD.read_bytes()
SIG = {"tool": "aligner", "version": "0.1.0", "settings": {"level": "paragraph"},
       "files": {"glossary.csv": "abc123def456"}, "text": "aligner:0.1.0|level:paragraph|glossary.csv@abc123def456"}


class TestTmxRoundTrip(RoundTripBase):
    fmt = Tmx()


def _pairs_alignment():
    return make_alignment([("国务院办公厅", "国務院弁公庁"), ("关于<印发>的通知", None), (None, "余分な訳"),
                           ("“引号”&符号", "「かぎ括弧」&記号")])


def _finding(alignment, idx=0, check="terminology"):
    return Finding.make(check=check, category="terminology", severity="major", unit=alignment.units[idx],
                        zh_span="办公厅", ja_span="弁公庁", message="term differs", suggestion="弁公庁")


def _root(data: bytes):
    return etree.fromstring(data)


def test_header_is_complete_and_carries_signature():
    a = make_alignment([("句子。", "文。")], level="sentence")
    root = _root(tmx.serialize(a, signature=SIG))
    h = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype",
                 "creationdate"):
        assert h.get(attr), attr
    assert h.get("segtype") == "sentence" and h.get("srclang") == "zh-CN"
    props = {p.get("type"): p.text for p in h.findall("prop")}
    assert props["x-signature"] == SIG["text"]
    assert json.loads(props["x-signature-json"])["files"] == {"glossary.csv": "abc123def456"}


def test_units_carry_props_notes_and_review_status():
    a = _pairs_alignment()
    f = _finding(a)
    root = _root(tmx.serialize(a, signature=SIG, findings=[f]))
    tus = root.findall("body/tu")
    assert [tu.get("tuid") for tu in tus] == ["0", "3"]  # unmatched 1-0 and 0-1 left out
    first = tus[0]
    assert [c.tag for c in first] == ["note", "prop", "prop", "prop", "prop", "tuv", "tuv"]
    props = {p.get("type"): p.text for p in first.findall("prop")}
    assert props["x-bead"] == "1-1" and props["x-review-status"] == "open"
    assert float(props["x-confidence"]) == pytest.approx(a.units[0].confidence, abs=1e-3)
    assert "term differs" in first.find("note").text and f.fingerprint in first.find("note").text
    assert first.find("tuv/prop").text == "doc.txt:1"
    assert {p.get("type"): p.text for p in root.findall("header/prop")}["x-unmatched-omitted"] == "2"
    decided = _root(tmx.serialize(a, findings=[f], decisions={f.fingerprint: Decision("false-positive")}))
    assert decided.find("body/tu/prop[@type='x-review-status']").text == "reviewed"
    assert decided.find("body/tu/note").text.startswith("[major/false-positive]")


def test_review_status_says_unchecked_when_no_qa_ran_and_clean_only_after_qa():
    """`aligner align` writes a memory without running checks; CAT users filter on x-review-status."""
    a = _pairs_alignment()

    def statuses(root):
        return {tu.find("prop[@type='x-review-status']").text for tu in root.iter("tu")}
    assert statuses(_root(tmx.serialize(a))) == {"unchecked"}
    assert statuses(_root(tmx.serialize(a, findings=[]))) == {"clean"}


def test_include_unmatched_writes_one_sided_units():
    root = _root(tmx.serialize(_pairs_alignment(), include_unmatched=True))
    langs = [[tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")]
             for tu in root.findall("body/tu")]
    assert langs == [["zh-CN", "ja-JP"], ["zh-CN"], ["ja-JP"], ["zh-CN", "ja-JP"]]


def test_languages_are_configurable():
    root = _root(tmx.serialize(make_alignment([("中", "日")]), srclang="zh-Hans", tgtlang="ja"))
    assert root.find("header").get("srclang") == "zh-Hans"
    assert [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in root.iter("tuv")] == ["zh-Hans", "ja"]


def test_valid_against_dtd_in_process():
    a = _pairs_alignment()
    data = tmx.serialize(a, signature=SIG, findings=[_finding(a)], include_unmatched=True)
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(_root(data)), dtd.error_log.filter_from_errors()


def test_dtd_check_would_catch_misordered_elements():
    # Guard for the test above: a prop after a tuv must be rejected by the same DTD.
    root = _root(tmx.serialize(make_alignment([("中", "日")])))
    etree.SubElement(root.find("body/tu"), "prop", type="x-late").text = "late"
    assert not etree.DTD(str(DTD)).validate(root)


def test_xmllint_dtdvalid(tmp_path):
    if not shutil.which("xmllint"):
        pytest.skip("xmllint not installed (apt-get install libxml2-utils)")
    a = _pairs_alignment()
    out = tmp_path / "aligned.tmx"
    tmx.write(a, out, signature=SIG, findings=[_finding(a)], include_unmatched=True)
    r = subprocess.run(["xmllint", "--noout", "--dtdvalid", str(DTD), str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_illegal_characters_strict_policy_refuses(tmp_path):
    a = make_alignment([("控制\x07字符", "制御文字")])
    with pytest.raises(OutputError, match="U\\+0007"):
        tmx.write(a, tmp_path / "x.tmx", illegal="strict")
    assert not (tmp_path / "x.tmx").exists()


def test_illegal_characters_replaced_are_returned_and_noted(tmp_path):
    a = make_alignment([("控制\x07字符", "制御\x00文字")])
    records = tmx.write(a, tmp_path / "x.tmx")
    assert [(r.lang, r.offset, r.codepoint) for r in records] == [("zh", 2, "U+0007"), ("ja", 2, "U+0000")]
    root = etree.parse(str(tmp_path / "x.tmx")).getroot()
    notes = [n.text for n in root.iter("note")]
    assert any("U+0007" in n and "U+FFFD" in n for n in notes)
    assert {p.get("type"): p.text for p in root.findall("header/prop")}["x-illegal-characters-replaced"] == "2"


def test_translate_toolkit_reads_the_same_pairs():
    ttmx = pytest.importorskip("translate.storage.tmx")
    a = _pairs_alignment()
    store = ttmx.tmxfile.parsestring(tmx.serialize(a, signature=SIG, findings=[_finding(a)]))
    assert [(u.source, u.target) for u in store.units] == [(u.zh, u.ja) for u in a.units if u.matched]
    # The QA finding travels as a note a CAT tool shows beside the unit.
    assert "terminology: term differs → 弁公庁" in store.units[0].getnotes()
    assert store.units[1].getnotes() == ""


# ---------------------------------------------------------------- reading others' memories

MEMOQ = """<?xml version="1.0" encoding="utf-16"?>
<tmx version="1.4">
  <header creationtool="MemoQ" creationtoolversion="9.12" segtype="sentence" o-tmf="MemoQTM"
          adminlang="en-us" srclang="*all*" datatype="unknown"/>
  <body>
    <tu creationdate="20240101T000000Z">
      <tuv xml:lang="ja-jp"><seg>第一条　目的</seg></tuv>
      <tuv xml:lang="zh-cn"><seg>第一条　目的</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="zh-cn"><seg>按<bpt i="1">&lt;b&gt;</bpt>规定<ept i="1">&lt;/b&gt;</ept>执行<ph>{0}</ph>。</seg></tuv>
      <tuv xml:lang="ja-jp"><seg>規定<hi type="bold">どおり</hi>実施<ph>{0}</ph>。</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-us"><seg>English only</seg></tuv>
      <tuv xml:lang="zh-cn"><seg>只有中文</seg></tuv>
    </tu>
  </body>
</tmx>
"""

TMX11 = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.1"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x"
adminlang="EN" srclang="ZH" datatype="plaintext"/>
<body>
<tu><tuv lang="ZH"><seg>多行
文本</seg></tuv><tuv lang="JA"><seg>複数行<it pos="begin">&lt;i&gt;</it>テキスト</seg></tuv></tu>
<tu><tuv lang="zh-Hans"><seg>简体</seg></tuv><tuv lang="zh-Hant"><seg>繁體</seg></tuv><tuv lang="ja"><seg>簡体</seg></tuv></tu>
</body></tmx>
"""


def test_reads_utf16_memoq_export_with_bom(tmp_path):
    p = tmp_path / "memoq.tmx"
    p.write_bytes(MEMOQ.encode("utf-16"))  # Python's utf-16 codec writes the BOM
    assert p.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    doc = tmx.read_bilingual(p)
    assert [(z.text, j.text) for z, j in zip(doc.zh, doc.ja)] == [
        ("第一条　目的", "第一条　目的"), ("按规定执行。", "規定どおり実施。")]
    assert doc.layout == "tmx" and doc.encoding.lower() == "utf-16"
    assert doc.zh[1].first_line == 11 and doc.ja[1].file == str(p)


def test_reads_tmx11_lang_attribute_and_prefix_codes(tmp_path):
    p = tmp_path / "old.tmx"
    p.write_text(TMX11, encoding="utf-8")
    doc = tmx.read_bilingual(p)
    assert [s.text for s in doc.zh] == ["多行\n文本", "简体"]
    assert [s.text for s in doc.ja] == ["複数行テキスト", "簡体"]
    assert (doc.zh[0].first_line, doc.zh[0].last_line) == (5, 6)
    zh_hant = tmx.read_bilingual(p, zh="zh-Hant")
    assert zh_hant.zh[1].text == "繁體"


def test_our_memory_reads_back_through_the_file_api(tmp_path):
    a = _pairs_alignment()
    tmx.write(a, tmp_path / "m.tmx", signature=SIG, findings=[_finding(a)], include_unmatched=True)
    doc = tmx.read_bilingual(tmp_path / "m.tmx")
    assert [(z.text, j.text) for z, j in zip(doc.zh, doc.ja)] == [(u.zh, u.ja) for u in a.units if u.matched]


@pytest.mark.parametrize("text, line, needle", [
    ("<?xml version='1.0'?>\n<tmx version='1.4'>\n<header/>\n<body><tu><tuv xml:lang='zh'><seg>a</tuv>\n</body></tmx>",
     4, "well-formed"),
    ("<?xml version='1.0'?>\n<tmx version='1.4'><header/>\n<body>\n<tu><tuv><seg>a</seg></tuv></tu></body></tmx>",
     4, "xml:lang"),
    ("<?xml version='1.0'?>\n<xliff/>", 2, "not <tmx>"),
])
def test_malformed_tmx_names_file_and_line(tmp_path, text, line, needle):
    p = tmp_path / "bad.tmx"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=needle) as exc:
        tmx.read_bilingual(p)
    assert exc.value.path == str(p) and exc.value.line == line
    assert f"bad.tmx:{line}:" in exc.value.one_line()


def test_memory_without_the_language_pair_is_an_input_error(tmp_path):
    p = tmp_path / "enfr.tmx"
    p.write_text("<tmx version='1.4'><header/><body><tu><tuv xml:lang='en'><seg>a</seg></tuv>"
                 "<tuv xml:lang='fr'><seg>b</seg></tuv></tu></body></tmx>", encoding="utf-8")
    with pytest.raises(InputError, match="en, fr"):
        tmx.read_bilingual(p)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(InputError, match="not found"):
        tmx.read_bilingual(tmp_path / "none.tmx")
    (tmp_path / "empty.tmx").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        tmx.read_bilingual(tmp_path / "empty.tmx")


# ---------------------------------------------------------------- OmegaT

OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>zh-CN</source_lang>
    <target_lang>ja-JP</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneJapaneseTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def test_omegat_fills_japanese_target_from_our_memory(tmp_path):
    """OmegaT applies memories in tm/auto/ as translations; its exit code is 0 even on failure."""
    omegat = shutil.which("omegat")
    if not omegat:
        pytest.skip("omegat not installed (apt-get install omegat)")
    proj = tmp_path / "proj"
    for d in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (proj / d).mkdir(parents=True)
    (proj / "omegat.project").write_text(OMEGAT_PROJECT, encoding="utf-8")
    pairs = [("国务院办公厅关于<印发>的通知", "国務院弁公庁の<印刷配布>に関する通知"),
             ("“引号”&符号\U0001F600", "「かぎ括弧」&記号\U0001F600"), ("第三段。", "第三段落。")]
    a = make_alignment(pairs)
    tmx.write(a, proj / "tm" / "auto" / "aligned.tmx", signature=SIG, findings=[_finding(a)])
    (proj / "source" / "doc.txt").write_text("\n\n".join(z for z, _ in pairs) + "\n", encoding="utf-8")
    r = subprocess.run([omegat, str(proj), "--mode=console-translate", f"--config-dir={tmp_path / 'cfg'}",
                        "--disable-project-locking", "--no-team"], capture_output=True, text=True, timeout=300)
    log = r.stdout + r.stderr
    assert "aligned.tmx" in log and "Reading of TMX file complete" in log, log[-3000:]
    assert "Exception" not in log, log[-3000:]
    target = proj / "target" / "doc.txt"
    assert target.exists(), log[-3000:]
    assert target.read_text(encoding="utf-8").split("\n\n") == [j for _, j in pairs[:-1]] + [pairs[-1][1] + "\n"]
    # And back: the memory OmegaT exports from the project (another tool's TMX) reads as the same pairs.
    exported = proj / "proj-level2.tmx"
    assert exported.exists(), sorted(p.name for p in proj.iterdir())
    assert "OmegaT" in exported.read_text(encoding="utf-8")[:400]
    back = tmx.read_bilingual(exported)
    assert sorted((z.text, j.text) for z, j in zip(back.zh, back.ja)) == sorted(pairs)


def test_unknown_illegal_policy_is_refused():
    with pytest.raises(OutputError, match="policy"):
        Tmx(illegal="drop")


def test_check_command_qas_an_existing_utf16_memory(tmp_path):
    """`aligner check memory.tmx`: the memory is read through this module and QA'd unit by unit."""
    from aligner.pipeline import CheckOptions, run_check
    p = tmp_path / "memoq.tmx"
    p.write_bytes(MEMOQ.encode("utf-16"))
    run_check([str(p)], tmp_path / "out", options=CheckOptions(use_default_glossary=False))
    payload = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert payload["summary"]["units"] == 2
    back = tmx.read_bilingual(tmp_path / "out" / "aligned.tmx")
    assert [s.text for s in back.ja] == ["第一条　目的", "規定どおり実施。"]


def test_internal_entities_are_text_external_ones_are_not_fetched(tmp_path):
    p = tmp_path / "ent.tmx"
    p.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY co "株式会社">]>\n<tmx version="1.4"><header/><body>'
                 '<tu><tuv xml:lang="zh"><seg>公司</seg></tuv><tuv xml:lang="ja"><seg>&co;</seg></tuv></tu>'
                 '</body></tmx>', encoding="utf-8")
    assert tmx.read_bilingual(p).ja[0].text == "株式会社"
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    q = tmp_path / "xxe.tmx"
    q.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n'
                 '<tmx version="1.4"><header/><body><tu><tuv xml:lang="zh"><seg>中</seg></tuv>'
                 '<tuv xml:lang="ja"><seg>&x;</seg></tuv></tu></body></tmx>', encoding="utf-8")
    with pytest.raises(InputError, match="Entity 'x'") as exc:
        tmx.read_bilingual(q)
    assert "SECRET" not in exc.value.one_line()


def test_illegal_characters_become_findings_with_spans():
    a = make_alignment([("控制\x07字符", "制御文字")])
    records = Tmx().serialize(a).illegal
    (f,) = tmx.illegal_character_findings(a, records)
    assert f.zh_span == "\x07" and f.unit == 0 and "U+0007" in f.message


# ---------------------------------------------------------------- control characters, end to end

def test_illegal_scan_covers_what_the_memory_holds_and_groups_findings_per_side():
    a = make_alignment([("控\x07制\x08字符", "制御文字"), (None, "余分\x01")])
    assert [(r.unit, r.lang, r.offset) for r in tmx.illegal_characters(a)] == [(0, "zh", 1), (0, "zh", 3)]
    assert len(tmx.illegal_characters(a, include_unmatched=True)) == 3
    # Two characters in one paragraph: one finding naming both, so fingerprints stay unique.
    (f,) = tmx.illegal_character_findings(a, tmx.illegal_characters(a))
    assert "U+0007 at offset 1" in f.message and "U+0008 at offset 3" in f.message and "U+FFFD" in f.message
    records = Tmx().serialize(a, include_unmatched=True).illegal
    assert len({f.fingerprint for f in tmx.illegal_character_findings(a, records)}) == 2


def _run_cli(argv, capsys):
    from aligner.cli import main
    try:
        main([str(x) for x in argv])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_align_command_says_which_characters_it_replaced_or_refuses(tmp_path, capsys):
    zh, ja = tmp_path / "zh.txt", tmp_path / "ja.txt"
    zh.write_text("国务院办公厅关于\x07印发的通知\n\n第二段。\n", encoding="utf-8")
    ja.write_text("国務院弁公庁の印刷配布に関する通知\n\n第二段落。\n", encoding="utf-8")
    out = tmp_path / "m.tmx"
    code, _, err = _run_cli(["align", zh, ja, "-o", out, "--srclang", "zh-Hans", "--tgtlang", "ja"], capsys)
    assert code == 0, err
    assert "U+0007" in err and "U+FFFD" in err and "unit 0 zh offset 8" in err
    root = etree.parse(str(out)).getroot()
    assert root.find("header").get("srclang") == "zh-Hans"
    assert {t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in root.iter("tuv")} == {"zh-Hans", "ja"}
    assert "\ufffd" in root.find("body/tu/tuv/seg").text
    import hashlib
    sig = json.loads({p.get("type"): p.text for p in root.findall("header/prop")}["x-signature-json"])
    assert sig["files"] == {f"input:{f}": hashlib.sha256(f.read_bytes()).hexdigest()[:12] for f in (zh, ja)}
    assert sig["settings"]["layout"] == "pair" and sig["version"]
    strict = tmp_path / "strict.tmx"
    code, _, err = _run_cli(["align", zh, ja, "-o", strict, "--illegal", "strict"], capsys)
    assert code == 2 and "U+0007" in err and not strict.exists()
    code, _, err = _run_cli(["align", zh, ja, "-o", strict, "--illegal", "drop"], capsys)
    assert code == 2 and "--illegal" in err and len(err.strip().splitlines()) == 1


def test_check_writes_unmatched_units_on_request_with_the_configured_languages(tmp_path, capsys):
    """`aligner check --include-unmatched` with `[languages]` from the config: the 1-0 unit goes into
    the memory as a lone zh variant (no empty ja to be mistaken for a translation), and the control
    character becomes a finding the reviewer sees in findings.json."""
    tsv = tmp_path / "doc.tsv"
    tsv.write_text("国务院办公厅关于印发的通知\t国務院弁公庁の印刷配布に関する通知\n"
                   "这一段没有译文。\t\n第二段\x07。\t第二段落。\n", encoding="utf-8")
    cfg = tmp_path / "aligner.toml"
    cfg.write_text('[languages]\nsrclang = "zh-Hans"\ntgtlang = "ja"\n', encoding="utf-8")
    langs = "{http://www.w3.org/XML/1998/namespace}lang"
    for flag, expected in (([], [["zh-Hans", "ja"], ["zh-Hans", "ja"]]),
                           (["--include-unmatched"], [["zh-Hans", "ja"], ["zh-Hans"], ["zh-Hans", "ja"]])):
        out = tmp_path / ("all" if flag else "matched")
        code, _, err = _run_cli(["check", tsv, "--layout", "tsv", "-o", out, "--config", cfg, "--no-default-glossary",
                                 "--fail-on", "never", *flag], capsys)
        assert code == 0, err
        root = etree.parse(str(out / "aligned.tmx")).getroot()
        assert [[t.get(langs) for t in tu.findall("tuv")] for tu in root.iter("tu")] == expected
        props = {p.get("type"): p.text for p in root.findall("header/prop")}
        assert props["x-unmatched-omitted"] == ("0" if flag else "1")
        found = json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]
        (ill,) = [f for f in found if f["check"] == "xml-illegal-character"]
        assert ill["zh_span"] == "\x07" and "U+0007" in ill["message"]


@pytest.mark.parametrize("name,data,encoding", [
    ("utf-16 with BOM", MEMOQ.encode("utf-16"), "UTF-16"),
    ("utf-16-be with BOM", b"\xfe\xff" + MEMOQ.encode("utf-16-be"), "UTF-16"),
    ("utf-16 without declaration", MEMOQ.split("\n", 1)[1].encode("utf-16"), "UTF-16"),
    # Opened in a text editor and saved as UTF-8: the declaration still says utf-16.
    ("re-saved as utf-8", MEMOQ.encode("utf-8"), "UTF-8 (declared UTF-16)"),
    ("re-saved as utf-8 with BOM", b"\xef\xbb\xbf" + MEMOQ.encode("utf-8"), "UTF-8 (declared UTF-16)"),
])
def test_memoq_exports_in_every_byte_form_they_reach_us(tmp_path, name, data, encoding):
    p = tmp_path / "memory.tmx"
    p.write_bytes(data)
    doc = tmx.read_bilingual(p)
    assert [(z.text, j.text) for z, j in zip(doc.zh, doc.ja)] == [
        ("第一条　目的", "第一条　目的"), ("按规定执行。", "規定どおり実施。")]
    assert doc.encoding == encoding


def test_align_takes_language_codes_and_level_from_the_settings_file_as_check_does(tmp_path):
    """aligner.toml's [languages] gave check's aligned.tmx zh-Hans while `align -o X.tmx` wrote zh-CN."""
    import sys
    zh, ja = tmp_path / "a.zh.txt", tmp_path / "a.ja.txt"
    zh.write_text("北京市人民政府要精心组织实施。\n\n商务部要加强指导。\n", encoding="utf-8")
    ja.write_text("北京市人民政府は入念に組織的に実施しなければならない。\n\n商務部は指導を強化しなければならない。\n",
                  encoding="utf-8")
    (tmp_path / "aligner.toml").write_text('[languages]\nsrclang = "zh-Hans"\ntgtlang = "ja"\n', encoding="utf-8")

    def langs(*extra):
        out = tmp_path / "x.tmx"
        r = subprocess.run([sys.executable, "-m", "aligner", "align", str(zh), str(ja), "-o", str(out), *extra],
                           capture_output=True, text=True, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        root = etree.parse(str(out)).getroot()
        return {t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in root.iter("tuv")}
    check = subprocess.run([sys.executable, "-m", "aligner", "check", str(zh), str(ja), "-o", str(tmp_path / "r"),
                            "--fail-on", "never"], capture_output=True, text=True, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    from_check = {t.get("{http://www.w3.org/XML/1998/namespace}lang")
                  for t in etree.parse(str(tmp_path / "r" / "aligned.tmx")).getroot().iter("tuv")}
    assert langs() == from_check == {"zh-Hans", "ja"}
    assert langs("--srclang", "zh", "--tgtlang", "ja-JP") == {"zh", "ja-JP"}  # the command line wins
