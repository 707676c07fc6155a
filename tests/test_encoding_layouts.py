"""Every encoding the issue lists × every single-file layout the text can be encoded in.

The documents are written by hand below: five Chinese paragraphs (a title, two sentences,
`附件`, a date) and their Japanese. Shift_JIS/CP932 cannot encode simplified Chinese (务, 实,
进), so a Chinese text in such a file is spelled with Japanese character forms (務, 実, 進):
ZH_JFORMS is ZH with each character replaced by its Japanese form (OpenCC s2t+t2jp, checked
by hand), which leaves only kana, punctuation and length to tell the languages apart.
GBK has no katakana middle dot (・), so the Japanese avoids it.
"""
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from aligner.errors import InputError
from aligner.lang.script import japanese_form
from aligner.readers import read_bilingual
from aligner.readers.textfile import decode_bytes
from readers_docs import document, render_blocks, render_interleaved, render_table, squash, texts, wrap

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"

ZH = ["国务院关于深化北京市新一轮服务业扩大开放综合试点的批复",
      "北京市人民政府要根据目标任务，精心组织实施，扎实推进本工作方案各项措施落实。",
      "在国家服务业扩大开放综合试点的基础上，进一步深化改革，扩大开放。",
      "附件",
      "2020年8月28日"]
ZH_JFORMS = ["国務院関於深化北京市新一輪服務業拡大開放綜合試点的批復",
             "北京市人民政府要根拠目標任務，精心組織実施，扎実推進本工作方案各項措施落実。",
             "在国家服務業拡大開放綜合試点的基礎上，進一歩深化改革，拡大開放。",
             "附件",
             "2020年8月28日"]
# The same Chinese in traditional characters (OpenCC s2twp, checked by hand), as a Taiwan or
# Hong Kong source would have it: its forms look Japanese (國, 務, 實) just as ZH_JFORMS do.
ZH_TRAD = ["國務院關於深化北京市新一輪服務業擴大開放綜合試點的批覆",
           "北京市人民政府要根據目標任務，精心組織實施，紮實推進本工作方案各項措施落實。",
           "在國家服務業擴大開放綜合試點的基礎上，進一步深化改革，擴大開放。",
           "附件",
           "2020年8月28日"]
JA = ["国務院：北京市における新たなサービス業の開放拡大総合試行の深化に関する回答",
      "北京市人民政府は、目標と任務に基づき、入念に組織的に実施し、本業務方案の各措置を着実に推進しなければならない。",
      "国家サービス業開放拡大総合試行を基礎として、改革をさらに深化させ、開放を拡大する。",
      "付属文書",
      "2020年8月28日"]

# (codec used to write, name the reader reports); UTF-16 big-endian gets its BOM written by hand.
ENCODINGS = [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-16-be", "utf-16"),
             ("gb18030", "gb18030"), ("gbk", "gb18030"), ("shift_jis", "cp932"), ("cp932", "cp932")]


def _interleaved(zh, ja):
    return "\n\n".join(f"{z}\n\n{j}" for z, j in zip(zh, ja)) + "\n"


def _interleaved_wrapped(zh, ja):
    # Translation right under its source, hard-wrapped at 14 characters like a PDF column.
    return "\n\n".join(f"{z}\n{wrap(j, 14)}" for z, j in zip(zh, ja)) + "\n"


def _blocks(zh, ja):
    return "\n\n".join(zh) + "\n\n" + "\n\n".join(ja) + "\n"


def _tsv(zh, ja):
    return "zh\tja\n" + "".join(f"{z}\t{j}\n" for z, j in zip(zh, ja))


def _csv(zh, ja):
    return "".join(f'"{z}","{j}"\n' for z, j in zip(zh, ja))


def _mixed(zh, ja):
    # Page chunks: Chinese 1–3 then their Japanese, then the rest; the page break cuts
    # paragraph 2 in each language mid-sentence, so it continues in the next chunk.
    zc, jc = zh[1].index("，") + 1, ja[1].index("、") + 1
    pages = [[zh[0], zh[1][:zc]], [ja[0], ja[1][:jc]], [zh[1][zc:], zh[2], zh[3], zh[4]],
             [ja[1][jc:], ja[2], ja[3], ja[4]]]
    return "\n\n".join("\n\n".join(p) for p in pages) + "\n"


LAYOUTS = {"interleaved": _interleaved, "interleaved-wrapped": _interleaved_wrapped, "blocks": _blocks,
           "tsv": _tsv, "csv": _csv, "mixed": _mixed}


def _encode(text: str, codec: str) -> bytes | None:
    try:
        return ("\ufeff" + text).encode(codec) if codec == "utf-16-be" else text.encode(codec)
    except UnicodeEncodeError:
        return None


CASES = [(zh_name, layout, codec, name)
         for zh_name, zh in (("simplified", ZH), ("japanese-forms", ZH_JFORMS), ("traditional", ZH_TRAD))
         for layout, render in LAYOUTS.items()
         for codec, name in ENCODINGS
         if _encode(render(zh, JA), codec) is not None]


def test_every_encoding_is_covered_by_both_spellings_where_possible():
    covered = {(z, c) for z, _, c, _ in CASES}
    assert {c for _, c in covered} == {c for c, _ in ENCODINGS}
    # Simplified Chinese cannot be written in Shift_JIS; everything else is exercised.
    assert ("simplified", "cp932") not in covered and ("japanese-forms", "cp932") in covered
    assert ("simplified", "gbk") in covered and ("japanese-forms", "gb18030") in covered
    assert ("traditional", "utf-8") in covered and ("traditional", "gb18030") in covered


@pytest.mark.parametrize("zh_name,layout,codec,name", CASES)
def test_single_file_layout_in_encoding(tmp_path, zh_name, layout, codec, name):
    zh = {"simplified": ZH, "japanese-forms": ZH_JFORMS, "traditional": ZH_TRAD}[zh_name]
    p = tmp_path / f"doc.{'csv' if layout == 'csv' else 'txt'}"
    p.write_bytes(_encode(LAYOUTS[layout](zh, JA), codec))
    doc = read_bilingual([str(p)])
    assert doc.encoding == name
    assert doc.layout == layout.split("-")[0]
    assert [s.text for s in doc.zh] == zh
    assert [s.text for s in doc.ja] == JA


@pytest.mark.parametrize("codec", ["shift_jis", "cp932", "gbk", "gb18030"])
def test_forced_encoding_reads_the_same(tmp_path, codec):
    p = tmp_path / "doc.txt"
    p.write_bytes(_interleaved(ZH_JFORMS, JA).encode(codec))
    doc = read_bilingual([str(p)], encoding=codec)
    assert doc.encoding == codec
    assert [s.text for s in doc.zh] == ZH_JFORMS and [s.text for s in doc.ja] == JA


def _cp932_seed():
    """The seed as a Shift_JIS file would hold it: each character CP932 lacks in its Japanese form, or 〓."""
    src = SEED.read_text(encoding="utf-8")

    def conv(ch):
        for cand in (ch, japanese_form(ch)):
            try:
                cand.encode("cp932")
                return cand
            except UnicodeEncodeError:
                pass
        return "〓"
    table = {ch: conv(ch) for ch in set(src)}
    return "".join(table[ch] for ch in src), table


def test_seed_in_shift_jis_reads_like_the_seed(tmp_path):
    text, table = _cp932_seed()
    p = tmp_path / "seed.sjis.txt"
    p.write_bytes(text.encode("cp932"))
    reference = read_bilingual([str(SEED)])
    doc = read_bilingual([str(p)])
    assert doc.encoding == "cp932" and doc.layout == "mixed"
    assert len(doc.zh) == len(doc.ja) == 52  # the hand-made gold's paragraph count (corpora/gold/)
    for lang in ("zh", "ja"):
        want = ["".join(table.get(ch, ch) for ch in s.text) for s in getattr(reference, lang)]
        assert [s.text for s in getattr(doc, lang)] == want
        assert [(s.first_line, s.last_line) for s in getattr(doc, lang)] == \
            [(s.first_line, s.last_line) for s in getattr(reference, lang)]


def _bad_byte(data: bytes, marker: bytes) -> bytes:
    k = data.index(marker, len(data) // 2)
    return data[:k] + b"\xff" + data[k:]


@pytest.mark.parametrize("codec,zh,name", [("cp932", ZH_JFORMS, "Shift_JIS"), ("gbk", ZH, "GB18030")])
def test_a_corrupt_byte_in_a_legacy_file_is_located(codec, zh, name):
    text = _interleaved(zh, JA)
    data = _bad_byte(text.encode(codec), JA[3].encode(codec))
    with pytest.raises(InputError) as err:
        decode_bytes(data, path="doc.txt")
    line = text.split("\n").index(JA[3]) + 1
    assert f"line {line}" in str(err.value) and name in str(err.value) and "doc.txt" in str(err.value)


def test_cp932_placeholder_bytes_are_not_text():
    # Python's cp932 codec turns 0x80 and 0xFD-0xFF into U+0080 / private-use characters instead of failing.
    text = _interleaved(ZH_JFORMS, JA)
    data = text.encode("cp932") + b"\x80\n"
    with pytest.raises(InputError, match=f"line {text.count(chr(10)) + 1}"):
        decode_bytes(data, path="doc.txt")
    with pytest.raises(InputError, match="cannot be decoded as cp932"):
        decode_bytes(data, path="doc.txt", encoding="cp932")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "aligner", "inspect", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


def test_cli_encoding_override_and_wrong_encoding(tmp_path):
    p = tmp_path / "doc.txt"
    p.write_bytes(_blocks(ZH_JFORMS, JA).encode("cp932"))
    r = run_cli(p, "--encoding", "shift_jis")
    assert r.returncode == 0, r.stderr
    assert "encoding: shift_jis" in r.stdout and "zh 5" in r.stdout and "ja 5" in r.stdout
    r = run_cli(p, "--encoding", "utf-8")
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1
    assert "doc.txt" in r.stderr and "utf-8" in r.stderr and "line 1" in r.stderr


# ------------------------------------------------------------ generated documents in CP932


# Headings are left out: spelled in Japanese forms, a Chinese heading (務業発) is the same string
# as a Japanese one, and only the hand-made documents above say where such a pair stands.
def _jforms(paras):
    return [("".join(japanese_form(c) for c in t), h) for t, h in paras]


def _cp932_ok(paras) -> bool:
    try:
        "".join(t for t, _ in paras).encode("cp932")
        return True
    except UnicodeEncodeError:
        return False


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(document(min_paras=3, headings=False), st.sampled_from(["interleaved", "blocks", "tsv"]), st.booleans())
def test_generated_documents_in_shift_jis(tmp_path_factory, docs, layout, variant):
    zh, ja = docs
    # Neither side can hold simplified forms in Shift_JIS (the generated Japanese quotes some).
    zh, ja = _jforms(zh), _jforms(ja)
    assume(_cp932_ok(zh) and _cp932_ok(ja))
    if layout == "interleaved":
        text = render_interleaved(zh, ja, wrap_width=11 if variant else 0, tight=variant)
    elif layout == "blocks":
        text = render_blocks(zh, ja, per_line=variant)
    else:
        text = render_table(zh, ja, delimiter="\t", header=variant)
    p = tmp_path_factory.mktemp("sjis") / "doc.txt"
    p.write_bytes(text.encode("cp932"))
    doc = read_bilingual([str(p)])
    assert doc.encoding == "cp932" and doc.layout == layout
    assert [squash(s.text) for s in doc.zh] == [squash(t) for t in texts(zh)]
    assert [squash(s.text) for s in doc.ja] == [squash(t) for t in texts(ja)]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("layout", ["interleaved", "blocks", "tsv", "mixed"])
def test_utf16_without_byte_order_mark(tmp_path, codec, layout):
    # Some tools save "Unicode text" without a BOM: NUL bytes, but one byte order reads cleanly.
    p = tmp_path / "doc.txt"
    p.write_bytes(LAYOUTS[layout](ZH, JA).encode(codec))
    doc = read_bilingual([str(p)])
    assert doc.encoding == codec and doc.layout == layout
    assert [s.text for s in doc.zh] == ZH and [s.text for s in doc.ja] == JA


def test_binary_with_nul_bytes_is_still_refused():
    data = bytes(range(256)) * 8  # even length, NULs at both parities: no UTF-16 reading is plausible
    with pytest.raises(InputError, match="binary"):
        decode_bytes(data, path="blob.bin")
