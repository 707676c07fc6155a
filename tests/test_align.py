"""The aligner on small hand-made zh/ja examples, and its invariants as properties."""
from hypothesis import HealthCheck, given, settings, strategies as st

from aligner.align import LOW_CONFIDENCE, align
from aligner.model import Bilingual, Segment

# Hand-written parallel paragraphs (Chinese policy style and a faithful Japanese rendering).
ZH = [
    "一、加强金融服务领域改革创新，支持外资银行获得证券投资基金托管资格。",
    "二、推动互联网信息服务领域扩大开放，探索建立适应海外客户需求的网站备案制度。",
    "三、促进商贸文旅服务提质升级。优化市内免税店布局，落实免税店相关政策。",
    "四、推动教育服务领域扩大开放，完善外籍人员子女学校布局。",
    "五、提升健康医疗服务保障能力，支持设立国际研究型医院。",
]
JA = [
    "一、金融サービス分野の改革イノベーションを強化し、外資銀行が証券投資ファンド受託管理資格を取得することを支持する。",
    "二、インターネット情報サービス分野の開放拡大を推進し、海外の顧客ニーズに適したウェブサイト備案制度の構築を模索する。",
    "三、ビジネス・貿易・文化・観光サービスのクオリティ向上を促進する。市内の免税店の配置を最適化し、免税店関連政策を実行する。",
    "四、教育サービス分野の開放拡大を推進し、外国籍子女のための学校の配置を改善する。",
    "五、ヘルスケア・医療サービスの保障能力を向上させ、国際研究型医院の設置を支持する。",
]
UNRELATED_JA = "昨日は雨が降っていたので、友人と一緒に駅前の喫茶店でコーヒーを飲みながら映画の話をして過ごした。"


def doc(zh, ja):
    return Bilingual(tuple(Segment(t, "zh", "zh.txt", k + 1, k + 1) for k, t in enumerate(zh)),
                     tuple(Segment(t, "ja", "ja.txt", k + 1, k + 1) for k, t in enumerate(ja)),
                     "test", "utf-8", ("zh.txt", "ja.txt"))


def beads(alignment):
    zh_index = {id(s): k for k, s in enumerate(alignment.source.zh)}
    ja_index = {id(s): k for k, s in enumerate(alignment.source.ja)}
    return [(tuple(zh_index[id(s)] for s in u.zh_segments), tuple(ja_index[id(s)] for s in u.ja_segments))
            for u in alignment.units]


def test_parallel_paragraphs_align_one_to_one():
    a = align(doc(ZH, JA))
    assert beads(a) == [((k,), (k,)) for k in range(5)]
    assert all(u.confidence >= LOW_CONFIDENCE for u in a.units)


def test_split_translation_gives_a_one_to_two_bead():
    first, second = JA[2].split("。", 1)
    ja = JA[:2] + [first + "。", second] + JA[3:]
    assert beads(align(doc(ZH, ja))) == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3)), ((3,), (4,)), ((4,), (5,))]


def test_merged_source_gives_a_two_to_one_bead():
    zh = ZH[:1] + [ZH[1] + ZH[2]] + ZH[3:]
    assert beads(align(doc(zh, JA))) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]


def test_untranslated_paragraph_becomes_one_to_zero_with_low_confidence():
    ja = JA[:2] + JA[3:]
    a = align(doc(ZH, ja))
    assert beads(a) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))]
    deleted = a.units[2]
    assert not deleted.matched and deleted.confidence < LOW_CONFIDENCE
    assert min(u.confidence for u in a.units if u.matched) > deleted.confidence


def test_unrelated_unnumbered_text_is_left_unmatched():
    ja = JA[:3] + [UNRELATED_JA] + JA[4:]
    kinds = [u.kind for u in align(doc(ZH, ja)).units]
    assert kinds.count("1-1") == 4 and kinds.count("1-0") == 1 and kinds.count("0-1") == 1


def test_extra_target_paragraph_becomes_zero_to_one():
    ja = JA[:3] + [UNRELATED_JA] + JA[3:]
    assert ((), (3,)) in beads(align(doc(ZH, ja)))


def test_confidence_is_lower_for_a_wrong_pairing():
    right = align(doc(ZH, JA)).units[3]
    # Same position and numbering, unrelated content: paired, but not with confidence.
    ja = JA[:3] + ["四、" + UNRELATED_JA] + JA[4:]
    wrong = align(doc(ZH, ja)).units[3]
    assert wrong.zh == ZH[3] and wrong.ja.startswith("四、昨日")
    assert wrong.confidence < right.confidence - 0.15


def test_mismatched_list_markers_are_not_paired():
    # Same words, but the numbering says the Japanese 三 and 四 paragraphs are swapped out.
    zh = ["三、推动教育服务领域扩大开放。", "四、推动教育服务领域扩大开放。"]
    ja = ["四、教育サービス分野の開放拡大の推進。"]
    assert beads(align(doc(zh, ja))) == [((0,), ()), ((1,), (0,))]


def test_sentence_level_units_point_at_their_paragraph():
    a = align(doc(ZH, JA), level="sentence")
    assert a.level == "sentence"
    parents = [u.parent for u in a.units]
    assert parents == sorted(parents) and set(parents) == set(range(5))
    third = [u for u in a.units if u.parent == 2]
    assert [u.kind for u in third] == ["1-1", "1-1"]
    assert third[0].zh == "三、促进商贸文旅服务提质升级。"
    assert all(u.zh_location == "zh.txt:3" for u in third)


def test_one_language_empty_gives_unmatched_units():
    a = align(doc(ZH[:2], []))
    assert [u.kind for u in a.units] == ["1-0", "1-0"]


def test_unknown_level_is_a_config_error():
    import pytest

    from aligner.errors import ConfigError
    with pytest.raises(ConfigError):
        align(doc(ZH, JA), level="word")


POOL_ZH = ZH + ["国务院2020年8月28日", "附件", "（二）推动服务业扩大开放。", "到 2025 年，基本健全制度体系；再推进。"]
POOL_JA = JA + ["国务院2020年8月28日", "付属文書", "(二) サービス業拡大開放の推進。", UNRELATED_JA]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(POOL_ZH), max_size=12), st.lists(st.sampled_from(POOL_JA), max_size=12),
       st.sampled_from(["paragraph", "sentence"]))
def test_nothing_lost_every_segment_once_in_order(zh, ja, level):
    d = doc(zh, ja)
    a = align(d, level=level)
    zh_out = [s for u in a.units for s in u.zh_segments]
    ja_out = [s for u in a.units for s in u.ja_segments]
    if level == "paragraph":
        assert [id(s) for s in zh_out] == [id(s) for s in d.zh]
        assert [id(s) for s in ja_out] == [id(s) for s in d.ja]
    else:
        assert "".join(s.text for s in zh_out) == "".join(zh)
        assert "".join(s.text for s in ja_out) == "".join(ja)
    assert [u.index for u in a.units] == list(range(len(a.units)))
    assert all(0.0 <= u.confidence <= 1.0 for u in a.units)
    assert all(u.zh_segments or u.ja_segments for u in a.units)
