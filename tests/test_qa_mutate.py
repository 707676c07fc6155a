"""Each mutation of the QA mutation benchmark changes the Japanese the way its name says, and only that way."""
from __future__ import annotations

import random

import pytest

from aligner.checks.mutate import FAMILY, KINDS, Env, mutate
from aligner.checks.numbers import extract_numbers, list_marker
from aligner.checks.punctuation import bracket_problems
from aligner.glossary import Term, all_terms, load_glossaries
from aligner.lang.script import is_simplified_only

GLOSSARY = all_terms(load_glossaries([], use_default=True))


def env(pairs=()):
    return Env(GLOSSARY, list(pairs))


def every(kind, zh, ja, e=None, seeds=range(12)):
    """The mutations of several random seeds (each must apply)."""
    out = []
    for s in seeds:
        m = mutate(kind, zh, ja, random.Random(s), e or env())
        assert m is not None, f"{kind} should apply to {ja!r}"
        assert m.ja != ja and m.before == ja and m.kind == kind
        out.append(m)
    return out


def test_every_kind_has_a_family():
    assert set(FAMILY) == set(KINDS) and all(FAMILY[k] for k in KINDS)


def test_number_digit_changes_one_figure_not_the_list_number():
    zh, ja = "3. 由500万元提高至2000万元", "3. 500万元から2000万元に引き上げる"
    for m in every("number-digit", zh, ja):
        assert m.ja.startswith("3. ")
        before, after = [v for v, _ in extract_numbers(ja)], [v for v, _ in extract_numbers(m.ja)]
        assert len(before) == len(after) and sum(a != b for a, b in zip(before, after)) == 1
        assert sum(a != b for a, b in zip(ja, m.ja)) == 1 and len(ja) == len(m.ja)


def test_number_scale_swaps_or_drops_the_magnitude():
    zh, ja = "投资500万元", "500万元を投資する"
    got = {m.ja for m in every("number-scale", zh, ja)}
    assert got <= {"500億元を投資する", "500元を投資する"} and "500億元を投資する" in got


def test_number_percent_changes_the_value_or_drops_the_sign():
    zh, ja = "外资股比不超过50%", "外資出資比率は50%を超えない"
    for m in every("number-percent", zh, ja):
        assert [v for v, _ in extract_numbers(m.ja)] in (["5%"], ["500%"], ["50"])
    for m in every("number-percent", "同比增长1.5%", "前年比1.5%増加した"):
        assert [v for v, _ in extract_numbers(m.ja)] in (["15%"], ["1.5"])


def test_number_date_changes_a_date_part():
    ja = "2020年8月28日に公布する"
    for m in every("number-date", "2020年8月28日发布", ja):
        assert m.ja.endswith("日に公布する") and extract_numbers(m.ja) != extract_numbers(ja)
    assert mutate("number-date", "共有500家", "500社がある", random.Random(0), env()) is None


def test_list_marker_moves_to_the_next_number():
    assert mutate("list-marker", "3. 推进", "3. 推進する", random.Random(0), env()).ja == "3. 推進する".replace("3.", "4.")
    m = mutate("list-marker", "（二）总体要求", "（二）全体的な要求", random.Random(0), env())
    assert list_marker(m.ja) == "(三)"
    assert mutate("list-marker", "推进改革", "改革を推進する", random.Random(0), env()) is None


def test_glossary_forbidden_puts_the_forbidden_rendering_in():
    zh, ja = "股息汇出", "配当の送金"
    for m in every("glossary-forbidden", zh, ja):
        assert "利息" in m.ja and "配当" not in m.ja


def test_glossary_near_miss_leaves_no_approved_rendering():
    zh, ja = "国务院批准", "国務院が承認する"
    term = next(t for t in GLOSSARY if t.zh == "国务院")
    for m in every("glossary-near-miss", zh, ja):
        assert not any(r in m.ja for r in term.ja)
        assert m.ja.endswith("が承認する")


def test_inconsistent_term_uses_another_allowed_rendering():
    t = Term("试点", ("試行", "パイロット", "試点"))
    pairs = [("开展试点", "試行を行う")] * 3
    e = Env([t], pairs)
    for m in every("inconsistent-term", "开展试点", "試行を行う", e):
        assert m.ja in ("パイロットを行う", "試点を行う")
    assert m.key == "试点"
    # One minority rendering per term and document: a second would be the same inconsistency.
    e.taken.add("试点")
    assert mutate("inconsistent-term", "开展试点", "試行を行う", random.Random(0), e) is None
    # Inside a longer term of the glossary, the longer term's renderings rule the spot.
    longer = Env([t, Term("综合试点", ("総合試行",))], [("开展综合试点", "総合試行を行う")] * 3)
    assert mutate("inconsistent-term", "开展综合试点", "総合試行を行う", random.Random(0), longer) is None
    # A term the document already renders two ways is not made inconsistent: it already is.
    mixed = Env([t], pairs + [("开展试点", "パイロットを行う")])
    assert mutate("inconsistent-term", "开展试点", "試行を行う", random.Random(0), mixed) is None


def test_omission_drops_a_middle_clause_or_a_sentence():
    zh = "加快推动公共数据开放，引导社会机构依法开放自有数据，推动政务数据与社会化数据平台对接。"
    ja = "公共データ開放の推進を加速し、社会機関が法に基づき自身のデータを開放するよう指導し、政務データと社会的データのプラットフォーム連動を推進する。"
    for m in every("omission", zh, ja):
        assert m.ja == ja.replace("社会機関が法に基づき自身のデータを開放するよう指導し、", "")
    two = "北京市は改革を推進する。商務部は関連部門と協力し指導を強化する。"
    m = mutate("omission", "北京市推进改革。商务部会同有关部门加强指导。", two, random.Random(1), env())
    assert m.ja in ("北京市は改革を推進する。", "商務部は関連部門と協力し指導を強化する。")


def test_untranslated_pastes_a_source_clause():
    zh = "完善外籍人员子女学校布局，允许中小学接收外籍人员子女入学。"
    ja = "外国籍子女のための学校の配置を改善し、小中学校が外国籍子女の入学を受け入れることを許可する。"
    for m in every("untranslated", zh, ja):
        pasted = [c for c in ("完善外籍人员子女学校布局", "允许中小学接收外籍人员子女入学") if c in m.ja]
        assert len(pasted) == 1 and len(m.ja) < len(ja) + len(pasted[0])


def test_simplified_swaps_one_kanji_for_its_chinese_form():
    ja = "国務院関連部門"
    for m in every("simplified", "国务院有关部门", ja):
        diff = [(a, b) for a, b in zip(ja, m.ja) if a != b]
        assert len(m.ja) == len(ja) and len(diff) == 1 and is_simplified_only(diff[0][1])
    assert mutate("simplified", "中国", "中国", random.Random(0), env()) is None


def test_bracket_unbalances_the_target():
    ja = "規定に従い（試行）実施する「単一窓口」"
    for m in every("bracket", "按规定（试点）实施“单一窗口”", ja):
        assert bracket_problems(m.ja) and not bracket_problems(ja)


@pytest.mark.parametrize("zh, ja, want", [
    ("外资股比不超过50%", "外資出資比率は50%を超えないものとする", "外資出資比率は50%を超えるものとする"),
    ("不含法律职业资格考试", "法律職業資格試験を含まない", "法律職業資格試験を含む"),
    ("不符合标准的", "基準に合致しない場合", "基準に合致する場合"),
])
def test_negation_turns_the_target_affirmative(zh, ja, want):
    assert mutate("negation", zh, ja, random.Random(0), env()).ja == want


def test_negation_leaves_obligation_alone():
    # しなければならない is an obligation (要), not a negation: no spot to flip.
    assert mutate("negation", "不断推进", "推進しなければならない", random.Random(0), env()) is None
