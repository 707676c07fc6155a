"""dropped-clause: a source clause with no trace in the target, where the target has no rewording to spare."""
from __future__ import annotations

from aligner.checks.completeness import dropped_clauses, unexplained_ratio
from test_checks_helpers import fails, passes

ZH = "建设国际航空货运体系，制定促进北京航空货运发展政策，支持扩大货运航权。"
JA_FULL = "国際航空貨物運輸体系を構築し、北京航空貨物運輸発展政策を制定し、貨物運輸の航路権の拡大を支持する。"
JA_DROPPED = "国際航空貨物運輸体系を構築し、貨物運輸の航路権の拡大を支持する。"


def test_middle_clause_dropped_is_flagged_with_its_text():
    (f,) = fails("dropped-clause", ZH, JA_DROPPED)
    assert f.zh_span == "制定促进北京航空货运发展政策" and f.category == "omission"


def test_full_translation_passes():
    passes("dropped-clause", ZH, JA_FULL)


def test_dropped_clause_in_a_longer_sentence():
    zh = "加快推动公共数据开放，引导社会机构依法开放自有数据，支持北京市在特定领域开展央地数据合作，推动政务数据与社会化数据平台对接。"
    ja = "公共データ開放の推進を加速し、社会機関が法に基づき自身のデータを開放するよう指導し、政務データと社会的データのプラットフォーム連動を推進する。"
    (f,) = fails("dropped-clause", zh, ja)
    assert f.zh_span == "支持北京市在特定领域开展央地数据合作"
    passes("dropped-clause", zh, ja.replace("指導し、", "指導し、北京市が特定の分野における中央・地方データ連携を行うことを支持し、"))


def test_clause_rendered_in_katakana_is_not_a_hole():
    # 云计算平台 shares no kanji with クラウドコンピューティングプラットフォーム, but the katakana is text the
    # source does not account for otherwise: a rewording, not an omission.
    passes("dropped-clause", "探索制定相关标准，以云计算平台建设为抓手，分级分类推动数据中心建设。",
           "関連基準の制定を模索し、クラウドコンピューティングプラットフォーム構築を突破口として、"
           "データセンター建設を級別・類別に推進する。")


def test_clause_reworded_in_other_kanji_is_not_a_hole():
    passes("dropped-clause", "在自由贸易试验区施行的开放政策，凡符合北京发展定位的，均可按程序报批后进行试点。",
           "自由貿易試験区で施行する開放政策は、北京の発展の位置付けに合う場合、いずれも手順に従い報告して"
           "批准を受けた後に試行することができる。")


def test_one_clause_has_nothing_to_compare_with():
    passes("dropped-clause", "制定促进北京航空货运发展政策。", "貨物運輸の航路権の拡大を支持する。")


def test_unexplained_ratio_counts_rewording_per_unmatched_source_character():
    assert unexplained_ratio("推动改革", "改革を推動する") is None  # every source character is in the target
    full, dropped = unexplained_ratio(ZH, JA_FULL), unexplained_ratio(ZH, JA_DROPPED)
    assert dropped < full


def test_a_usual_ratio_of_heavy_rewording_makes_thin_units_stand_out():
    assert dropped_clauses(ZH, JA_DROPPED, usual_ratio=1.5)
    # A document whose translator rewords little (usual ratio low) does not flag the same unit.
    assert not dropped_clauses(ZH, JA_DROPPED, usual_ratio=0.1)


def test_a_gloss_added_in_brackets_is_not_rewording():
    # （ワンストップ窓口） explains 单一窗口; it stands for no source word, so it must not make up for a
    # dropped clause. Where the source has brackets of its own, bracketed text is translation and counts.
    ja = "国際航空貨物運輸体系（エアカーゴシステム）を構築し、貨物運輸の航路権の拡大を支持する。"
    assert unexplained_ratio(ZH, ja) == unexplained_ratio(ZH, JA_DROPPED)
    assert fails("dropped-clause", ZH, ja)
    zh = ZH.replace("体系，", "体系（系统），")
    assert unexplained_ratio(zh, ja) > unexplained_ratio(zh, JA_DROPPED)
