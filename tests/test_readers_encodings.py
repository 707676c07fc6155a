"""Encodings: UTF-8 with/without BOM, UTF-16 with BOM, GBK/GB18030 and Shift_JIS/CP932 detected, or forced.

GB18030 and CP932 both decode many byte strings without error; these tests check that the
plausible reading wins in both directions, on the seed's own text.
"""
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.readers import read_bilingual, read_monolingual
from aligner.readers.textfile import decode_bytes

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"
ZH_TEXT = "北京市人民政府要根据目标任务，精心组织实施，扎实推进本工作方案各项措施落实。\n\n附件\n"
JA_TEXT = "北京市人民政府は、目標・任務に基づき、入念に組織的に実施しなければならない。\n\n付属文書\n"


@pytest.mark.parametrize("enc,expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
                                          ("gb18030", "gb18030")])
def test_seed_in_each_encoding_reads_the_same(tmp_path, enc, expected):
    reference = read_bilingual([str(SEED)])
    p = tmp_path / f"seed.{enc}.txt"
    p.write_bytes(SEED.read_text(encoding="utf-8").encode(enc))
    doc = read_bilingual([str(p)])
    assert doc.encoding == expected
    assert [s.text for s in doc.zh] == [s.text for s in reference.zh]
    assert [s.text for s in doc.ja] == [s.text for s in reference.ja]


@pytest.mark.parametrize("text,enc,expected", [
    (ZH_TEXT, "gbk", "gb18030"), (ZH_TEXT, "gb18030", "gb18030"),
    (JA_TEXT, "cp932", "cp932"), (JA_TEXT, "shift_jis", "cp932"),
    ("2020年8月28日", "cp932", "cp932"), ("2020年8月28日", "gbk", "gb18030"),
])
def test_legacy_encodings_are_told_apart(text, enc, expected):
    data = text.encode(enc)
    got, name = decode_bytes(data, path="x.txt")
    assert got == text
    # Both decoders accept most of these bytes: the choice must come from plausibility, not from order.
    assert name == expected


def test_pair_in_legacy_encodings(tmp_path):
    zh = tmp_path / "zh.txt"
    ja = tmp_path / "ja.txt"
    zh.write_bytes(ZH_TEXT.encode("gbk"))
    ja.write_bytes(JA_TEXT.encode("cp932"))
    doc = read_bilingual([str(zh), str(ja)])
    assert doc.encoding == "gb18030+cp932"
    assert doc.zh[0].text.startswith("北京市人民政府要") and doc.ja[1].text == "付属文書"


def test_crlf_and_forced_encoding(tmp_path):
    p = tmp_path / "zh.txt"
    p.write_bytes(ZH_TEXT.replace("\n", "\r\n").encode("gbk"))
    segs = read_monolingual(str(p), lang="zh", encoding="gbk")
    assert [s.text for s in segs] == ["北京市人民政府要根据目标任务，精心组织实施，扎实推进本工作方案各项措施落实。", "附件"]
    assert segs[1].first_line == 3
    with pytest.raises(InputError, match="cannot be decoded as utf-8"):
        read_monolingual(str(p), lang="zh", encoding="utf-8")
