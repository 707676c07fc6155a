import pytest

from aligner.errors import GlossaryError
from aligner.glossary import DEFAULT_GLOSSARY, contains, fold_map, fold_text, load_glossary, load_glossaries


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_csv_alternatives_forbidden_and_note(tmp_path):
    g = load_glossary(write(tmp_path, "g.csv", 'zh,ja,forbidden,note\n白银,銀|白銀,プラチナ,"metal, not platinum"\n'))
    (t,) = g.terms
    assert t.zh == "白银" and t.ja == ("銀", "白銀") and t.forbidden == ("プラチナ",)
    assert t.note == "metal, not platinum" and t.line == 2


def test_tsv_is_read_with_tabs(tmp_path):
    g = load_glossary(write(tmp_path, "g.tsv", "zh\tja\n试点\t試行|パイロット\n"))
    assert g.terms[0].ja == ("試行", "パイロット")


@pytest.mark.parametrize("text, line, what", [
    ('zh,ja\n白银,"銀\n黄金,金\n', 2, "quot"),
    ("zh,note\n白银,x\n", 1, "missing column"),
    ("zh,ja\n,銀\n", 2, "empty source term"),
    ("zh,ja,forbidden\n白银,,\n", 2, "neither"),
    ("zh,ja\n白银,銀,extra,fields\n", 2, "fields"),
    ('zh,ja\n白银,銀"x\n', 2, "stray quote"),
    ("zh;ja\n白银;銀\n", 1, "missing column"),
])
def test_malformed_csv_names_file_and_line(tmp_path, text, line, what):
    p = write(tmp_path, "bad.csv", text)
    with pytest.raises(GlossaryError) as e:
        load_glossary(p)
    assert e.value.path == str(p)
    assert e.value.line == line
    assert what in e.value.message.lower() or what in str(e.value).lower()


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
 <termEntry id="t1">
  <descrip type="definition">silver, the metal</descrip>
  <langSet xml:lang="zh-CN"><tig><term>白银</term></tig></langSet>
  <langSet xml:lang="ja"><tig><term>銀</term></tig>
   <tig><term>プラチナ</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
 </termEntry>
</body></text></martif>"""


def test_tbx_basic_with_deprecated_term(tmp_path):
    g = load_glossary(write(tmp_path, "g.tbx", TBX))
    (t,) = g.terms
    assert (t.zh, t.ja, t.forbidden) == ("白银", ("銀",), ("プラチナ",))
    assert "silver" in t.note


def test_invalid_tbx(tmp_path):
    p = write(tmp_path, "g.tbx", TBX.replace("</martif>", ""))
    with pytest.raises(GlossaryError) as e:
        load_glossary(p)
    assert e.value.path == str(p) and e.value.line


def test_tbx_entry_without_japanese(tmp_path):
    p = write(tmp_path, "g.tbx", TBX.replace('xml:lang="ja"', 'xml:lang="ko"'))
    with pytest.raises(GlossaryError, match="without a ja term"):
        load_glossary(p)


def test_several_glossaries_and_default_first(tmp_path):
    a = write(tmp_path, "a.csv", "zh,ja\n白银,銀\n")
    b = write(tmp_path, "b.tsv", "zh\tja\n黄金\t金\n")
    gs = load_glossaries([a, b], use_default=True)
    assert [g.path for g in gs] == [str(DEFAULT_GLOSSARY), str(a), str(b)]


def test_short_terms_need_token_boundaries():
    assert contains("金", "金価格が上昇した", "ja")
    assert not contains("金", "金融市場", "ja")
    assert not contains("金", "資金を調達する", "ja")


def test_matching_folds_width_dash_and_kanji_variants():
    assert contains("サービス", "ｻｰﾋﾞｽ業", "ja")
    assert contains("データーベース", "データ－ベース", "ja")
    assert contains("イノベーションモデル区", "イノベーション・モデル 区", "ja")
    assert contains("白银", "白銀の輸出", "zh")  # a Japanese/traditional form in the source still matches
    folded, offsets = fold_map("ｻｰﾋﾞｽ國際", "ja")
    assert folded == fold_text("サービス国际", "ja") and offsets[4] == 5 and offsets[-1] == 7


def test_two_character_rendering_next_to_an_unknown_name():
    assert contains("税関", "京津冀税関特殊監督管理区域", "ja")


def test_one_character_needs_both_edges():
    assert not contains("金", "黄金色の資金", "ja")


TBX3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en"><text><body>
 <conceptEntry id="c1">
  <langSec xml:lang="zh"><termSec><term>负面清单</term></termSec></langSec>
  <langSec xml:lang="ja"><termSec><term>ネガティブリスト</term></termSec>
   <termSec><term>否定リスト</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
  </langSec>
 </conceptEntry>
</body></text></tbx>"""


def test_namespaced_tbx_v3(tmp_path):
    (t,) = load_glossary(write(tmp_path, "v3.tbx", TBX3)).terms
    assert (t.zh, t.ja, t.forbidden) == ("负面清单", ("ネガティブリスト",), ("否定リスト",))


def test_short_source_terms_on_chinese_word_edges():
    assert contains("黄金", "黄金市场", "zh")          # inside a compound token, touching its edge
    assert contains("银行", "外资银行参与", "zh")
    assert not contains("金融", "黄金融资", "zh")      # straddles 黄金|融资
    assert not contains("金", "资金", "zh")


def test_default_glossary_is_a_real_domain_glossary():
    (g,) = load_glossaries([], use_default=True)
    assert len(g.terms) >= 150
    assert all(t.note.strip() for t in g.terms), [t.zh for t in g.terms if not t.note.strip()]
    assert len({t.zh for t in g.terms}) == len(g.terms), "a source term defined twice"
    # Forbidden renderings are the exception, kept for clear errors and false friends.
    forbidden = {t.zh: t.forbidden for t in g.terms if t.forbidden}
    assert forbidden["白银"] == ("プラチナ",) and "利息" in forbidden["股息"] and "適切" in forbidden["切实"]


def test_false_friend_of_the_same_kanji_is_forbidden_in_the_default_glossary():
    from aligner.checks.base import CheckContext
    from test_checks_helpers import fails, passes
    ctx = CheckContext(glossaries=load_glossaries([], use_default=True))
    (f,) = fails("glossary-forbidden", "切实提升市场流动性", "市場の流動性を適切に向上させる", ctx=ctx)
    assert f.ja_span == "適切"
    passes("glossary-forbidden", "切实提升市场流动性", "市場の流動性を着実に向上させる", ctx=ctx)
    passes("glossary-required", "切实提升市场流动性", "市場の流動性を着実に向上させる", ctx=ctx)
