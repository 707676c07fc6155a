"""split-compound: a compound of the source made into two things by a conjunction in the target."""
from __future__ import annotations

from aligner.checks.base import CheckContext
from aligner.glossary import load_glossaries
from test_checks_helpers import fails, passes

CTX = lambda: CheckContext(glossaries=load_glossaries([], use_default=True))  # noqa: E731


def test_compound_split_by_oyobi_with_a_glossary_rendering():
    (f,) = fails("split-compound", "促进电力大数据创新。", "電力およびビッグデータのイノベーションを促進する。", ctx=CTX())
    assert f.zh_span == "电力大数据" and f.ja_span == "電力およびビッグデータ"
    assert f.suggestion == "電力ビッグデータ" and f.category == "mistranslation"


def test_compound_split_between_kanji_cognates():
    # 航空物流 is air logistics, not aviation and logistics.
    (f,) = fails("split-compound", "发展航空物流产业。", "航空および物流産業を発展させる。", ctx=CTX())
    assert f.zh_span == "航空物流"
    passes("split-compound", "发展航空物流产业。", "航空物流産業を発展させる。", ctx=CTX())


def test_compound_kept_whole_passes():
    passes("split-compound", "促进电力大数据创新。", "電力ビッグデータのイノベーションを促進する。", ctx=CTX())


def test_a_list_in_the_source_may_be_a_list_in_the_target():
    passes("split-compound", "促进电力和大数据创新。", "電力およびビッグデータのイノベーションを促進する。", ctx=CTX())
    passes("split-compound", "发展农村、金融。", "農村および金融を発展させる。", ctx=CTX())


def test_two_verbs_side_by_side_are_coordinated():
    passes("split-compound", "鼓励社会资本参与提供养老服务。", "社会資本が介護サービスに参与および提供することを奨励する。",
           ctx=CTX())
