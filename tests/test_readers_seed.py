"""The seed (001): Chinese and Japanese in page chunks, cut paragraphs, table pages.

Expectations were made by reading the file by hand (awk '{print NR": "substr($0,1,120)}'):
the Japanese is a paragraph-for-paragraph translation, so both languages have the same
number of paragraphs once the page-break fragments are rejoined; the work plan has the
numbered items 1.–26. and the reply the points 一、–五、 in each language.
"""
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from aligner.readers import read_bilingual, read_monolingual
from aligner.readers.paragraphs import SEPARATOR_ROW, ends_sentence, is_page_number, starts_list_item

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"
MONO = sorted(p for p in (ROOT / "corpora").glob("00[0234]_*.txt"))
_MARKUP = re.compile(r"</?p>|</?b>|\*\*|\s")


def stripped_source(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").split("\n")
    return "".join(_MARKUP.sub("", line) for line in lines if not SEPARATOR_ROW.match(line))


def squash(segs) -> str:
    return "".join(re.sub(r"\s", "", s.text) for s in segs)


def is_subsequence(small: str, big: str) -> bool:
    it = iter(big)
    return all(ch in it for ch in small)


@pytest.fixture(scope="module")
def seed():
    return read_bilingual([str(SEED)])


def test_seed_loses_no_character(seed):
    src = stripped_source(SEED)
    zh, ja = squash(seed.zh), squash(seed.ja)
    assert Counter(src) == Counter(zh) + Counter(ja)
    assert is_subsequence(zh, src)
    assert is_subsequence(ja, src)


def test_seed_layout_and_equal_counts(seed):
    assert seed.layout == "mixed"
    assert len(seed.zh) == len(seed.ja) == 52


@pytest.mark.parametrize("lang", ["zh", "ja"])
def test_each_numbered_item_is_one_paragraph(seed, lang):
    segs = getattr(seed, lang)
    for n in range(1, 27):
        hits = [s for s in segs if re.match(rf"{n}\.\s?\D", s.text)]
        assert len(hits) == 1, (lang, n, [h.location for h in hits])


@pytest.mark.parametrize("lang", ["zh", "ja"])
def test_each_numbered_item_ends_where_its_sentence_ends(seed, lang):
    # Whole, not only started once: the page-break remainder of an item is inside it.
    for s in getattr(seed, lang):
        if re.match(r"\d+\.\s?\D", s.text):
            assert ends_sentence(s.text), s.location


def test_paragraph_starts_match_the_hand_made_gold(seed):
    # corpora/gold/001_paragraphs.jsonl: 52 one-to-one beads, each with the first 8 characters
    # of its Chinese and Japanese paragraph, checked by hand (see corpora/gold/README.md).
    lines = (ROOT / "corpora" / "gold" / "001_paragraphs.jsonl").read_text(encoding="utf-8").splitlines()[1:]
    recs = [json.loads(line) for line in lines]
    assert len(recs) == len(seed.zh) == len(seed.ja)
    for k, rec in enumerate(recs):
        assert re.sub(r"\s", "", seed.zh[k].text).startswith(re.sub(r"\s", "", rec["zh_head"])), (k, seed.zh[k].location)
        assert re.sub(r"\s", "", seed.ja[k].text).startswith(re.sub(r"\s", "", rec["ja_head"])), (k, seed.ja[k].location)


@pytest.mark.parametrize("lang", ["zh", "ja"])
def test_reply_points_are_whole(seed, lang):
    segs = getattr(seed, lang)
    for num in "一二三四五":
        hits = [s for s in segs if s.text.startswith(num + "、") and len(s.text) > 30]
        assert len(hits) == 1, (lang, num)
        assert ends_sentence(hits[0].text), hits[0].location


@pytest.mark.parametrize("lang", ["zh", "ja"])
def test_no_paragraph_starts_mid_sentence(seed, lang):
    segs = getattr(seed, lang)
    for prev, cur in zip(segs, segs[1:]):
        # A paragraph that follows an unfinished one must open a new item or follow a heading/title.
        if not ends_sentence(prev.text):
            assert starts_list_item(cur.text) or len(prev.text) < 80, (prev.location, cur.location)
    # (end of the part before the page break, start of the part after it), found by reading the file.
    cuts = {"zh": [("试点、建", "设国家服务业扩大开放综合示范区。商务部"), ("注册制，切", "实提升新三板"), ("经北京市司", "法行政部门登记"),
                   ("交流平台、代", "码托管平台"), ("款项以人民币", "跨境结算。给予")],
            "ja": [("開放拡大総合", "試行の深化・国家サービス業開放拡大総合モデル区の建設を積極的"), ("総合モデル区）", "尔区) を構築"),
                   ("試行に参加す", "ることを支持する。適格"), ("北京市内におい", "て我が国の関連"),
                   ("譲渡プ", "ラットフォームを構築し"), ("クラウドコンピ", "ユーザープラットフォーム構築"),
                   ("ワンストップ受理・", "並行手続き)"), ("模索する。条", "件に合致する対外")]}
    for tail, head in cuts[lang]:
        assert not any(s.text.startswith(head) for s in segs), head
        assert sum((tail + head) in s.text for s in segs) == 1, tail + head


def test_cut_paragraph_provenance_spans_both_parts(seed):
    by_start = {s.text[:2]: s for s in seed.zh if s.text.startswith("四、国务院")}
    seg = by_start["四、"]
    assert (seg.first_line, seg.last_line) == (19, 38)
    assert seg.text.endswith("落实到位。")
    assert "试点、建设国家服务业" in seg.text  # joined without a space across the page break


def test_short_kana_less_japanese_stays_japanese(seed):
    ja = [s.text for s in seed.ja]
    zh = [s.text for s in seed.zh]
    for t in ("付属文書", "一、総体要求", "北京市人民政府・商務部：", "二、発展目標", "四、組織的实施"):
        assert t in ja and t not in zh, t
    assert "国务院2020年8月28日" in ja and "国务院2020年8月28日" in zh
    # Chinese with a Japanese form inside stays Chinese.
    assert any(t.startswith("(三) 形成与国際接轨") for t in zh)


def test_title_block_is_one_paragraph(seed):
    first_zh, first_ja = seed.zh[0], seed.ja[0]
    assert (first_zh.first_line, first_zh.last_line) == (3, 7)
    assert first_zh.text.startswith("国务院关于深化") and first_zh.text.endswith("批复国函〔2020〕123号")
    assert (first_ja.first_line, first_ja.last_line) == (21, 24)


@pytest.mark.parametrize("path", MONO, ids=lambda p: p.name[:3])
def test_monolingual_corpora_lose_nothing(path):
    segs = read_monolingual(str(path), lang="zh")
    assert segs
    # A page number that a paragraph runs across is a paragraph of its own, placed after it:
    # the rest of the text keeps its order, and each page number is its line.
    lines = path.read_text(encoding="utf-8").split("\n")
    pages = [s for s in segs if is_page_number(s.text)]
    assert all(lines[s.first_line - 1].strip() == s.text for s in pages)
    page_lines = {s.first_line for s in pages}
    kept = [line for no, line in enumerate(lines, start=1) if no not in page_lines and not SEPARATOR_ROW.match(line)]
    assert squash([s for s in segs if s not in pages]) == "".join(_MARKUP.sub("", line) for line in kept)
    assert all(s.first_line <= s.last_line for s in segs)


def test_provenance_lines_hold_the_text(seed):
    # Every paragraph's characters appear, in order, within the lines its provenance names.
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for seg in (*seed.zh, *seed.ja):
        window = "".join(_MARKUP.sub("", line) for line in lines[seg.first_line - 1:seg.last_line])
        assert is_subsequence(re.sub(r"\s", "", seg.text), window), seg.location
        first = _MARKUP.sub("", lines[seg.first_line - 1])
        assert re.sub(r"\s", "", seg.text)[:3] in first, seg.location  # it starts on its first line


@pytest.mark.parametrize("per_line", [False, True])
def test_seed_paragraphs_written_as_two_files_read_back_as_they_are(seed, tmp_path, per_line):
    # The commonest real input: a Chinese file and its Japanese, a paragraph per blank-line
    # block (or per line). Each block is a paragraph of its author's: a short opening title is
    # not joined with the addressee after it, whatever the rest of the document looks like.
    sep = "\n" if per_line else "\n\n"
    zh, ja = tmp_path / "doc.zh.txt", tmp_path / "doc.ja.txt"
    zh.write_text(sep.join(s.text for s in seed.zh) + "\n", encoding="utf-8")
    ja.write_text(sep.join(s.text for s in seed.ja) + "\n", encoding="utf-8")
    doc = read_bilingual([str(zh), str(ja)])
    assert doc.layout == "pair"
    assert [s.text for s in doc.zh] == [s.text for s in seed.zh]
    assert [s.text for s in doc.ja] == [s.text for s in seed.ja]
    step = 1 if per_line else 2
    assert [s.first_line for s in doc.zh] == list(range(1, step * len(seed.zh) + 1, step))
