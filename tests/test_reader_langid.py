"""Language evidence per block: the pieces the layout readers weigh, checked on hand-picked lines."""
from pathlib import Path

import pytest

from aligner.lang.script import kana_count, script_evidence
from aligner.readers import langid
from aligner.readers.paragraphs import is_standalone

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"


def test_script_part_matches_script_evidence_on_every_seed_line():
    # langid counts kana and forms itself for speed; it must weigh them exactly as lang.script does.
    for line in SEED.read_text(encoding="utf-8").splitlines():
        punct = 0.5 * min(line.count("「") + line.count("」") + line.count("『") + line.count("』"), 6) \
            - 0.5 * min(line.count("，") + line.count("“") + line.count("”") + line.count("；"), 6)
        kanaless = langid.evidence(line) - punct - script_evidence(line)
        assert kanaless <= 0 and (kanaless == 0 or kana_count(line) == 0), line


def test_long_kana_less_han_is_chinese_even_in_japanese_forms():
    zh_jforms = "在国家服務業拡大開放綜合試点的基礎上進一歩深化改革拡大開放"  # no comma, no simplified form
    assert langid.evidence(zh_jforms, forms=False) < -3
    assert langid.evidence("付属文書", forms=False) == 0  # a short kana-less heading says nothing
    assert langid.evidence("北京市人民政府は、目標に基づき実施しなければならない。", forms=False) > 10


def test_each_finished_kana_less_sentence_counts_for_chinese():
    # Japanese forms, as Shift_JIS spells Chinese: three short finished sentences and no kana.
    three = "資開。組範。服建資産；"
    assert langid.evidence(three, forms=False) <= -4.5
    assert langid.evidence(three, forms=False) < langid.evidence("資開組範服建資産。", forms=False) < 0
    # What Japanese writes without kana finishes no sentence: headings, dates, name lists.
    for ja in ("付属文書", "一、総体要求", "北京市人民政府・商務部：", "2020年8月28日", "以上。"):
        assert langid.evidence(ja, forms=False) >= 0, ja
    # One kana anywhere and the sentences are Japanese again.
    assert langid.evidence("資開。組範。服建資産する。", forms=False) > 0


def test_forms_tell_only_when_simplified_forms_are_there():
    assert langid.forms_tell(SEED.read_text(encoding="utf-8"))
    jforms = "国務院関於深化北京市新一輪服務業拡大開放綜合試点的批復。北京市人民政府は、目標と任務に基づき実施する。"
    assert not langid.forms_tell(jforms)
    assert langid.forms_tell("国务院关于深化服务业扩大开放的批复。国務院：サービス業の開放拡大に関する回答")


@pytest.mark.parametrize("text,expected", [
    ("2020年8月28日", True), ("国务院2020年8月28日", True), ("国務院 2020 年 8 月 28 日", True),
    ("国函〔2020〕123号", True), ("京政发[2021]3号", True),
    ("本方案自2020年8月28日", False),  # a sentence cut after its date, to be continued
    ("2020年8月28日，国务院批复", False), ("到2025年", False), ("一、总体要求", False),
])
def test_standalone_datelines_and_document_numbers(text, expected):
    assert is_standalone(text) is expected
