from aligner.checks.base import CheckContext
from aligner.glossary import Glossary, Term
from test_checks_helpers import fails, passes

G = Glossary("g.csv", (
    Term("白银", ("銀",), ("プラチナ",), "metal", "g.csv", 2),
    Term("黄金", ("金",), (), "", "g.csv", 3),
    Term("试点", ("試行", "パイロット"), (), "", "g.csv", 4),
    Term("自由贸易试验区", ("自由貿易試験区",), (), "", "g.csv", 5),
))


def ctx():
    return CheckContext(glossaries=[G])


def test_forbidden_rendering_is_flagged_with_the_right_one_suggested():
    (f,) = fails("glossary-forbidden", "白银出口", "プラチナの輸出", ctx=ctx())
    assert f.ja_span == "プラチナ" and f.suggestion == "銀" and f.severity == "major"
    assert "g.csv:2" in f.message


def test_required_rendering():
    passes("glossary-required", "白银出口", "銀の輸出", ctx=ctx())
    fails("glossary-required", "白银出口", "貴金属の輸出", ctx=ctx())
    # A forbidden rendering in its place is reported once, by glossary-forbidden.
    passes("glossary-required", "白银出口", "プラチナの輸出", ctx=ctx())


def test_short_rendering_is_not_satisfied_inside_another_word():
    fails("glossary-required", "黄金市场", "金融市場", ctx=ctx())
    fails("glossary-required", "黄金储备", "資金の準備", ctx=ctx())
    passes("glossary-required", "黄金价格", "金価格", ctx=ctx())


def test_alternatives_and_widths():
    passes("glossary-required", "开展试点", "パイロットを実施する", ctx=ctx())
    passes("glossary-required", "开展试点", "ﾊﾟｲﾛｯﾄを実施する", ctx=ctx())


def test_shorter_term_inside_a_longer_matched_term_is_left_to_the_longer_one():
    got = fails("glossary-required", "自由贸易试验区", "自由貿易区", ctx=ctx())
    assert [f.zh_span for f in got] == ["自由贸易试验区"]


def test_no_glossary_no_findings():
    passes("glossary-required", "白银出口", "プラチナの輸出")


def test_consistency_between_allowed_renderings():
    extra = [("试点工作", "試行業務"), ("扩大试点", "試行を拡大"), ("试点政策", "試行政策")]
    (f,) = fails("consistency-glossary", "开展试点", "パイロットを実施", ctx=ctx(), extra=extra)
    assert f.suggestion == "試行" and f.severity == "info"


def test_a_particle_linking_two_nouns_of_a_rendering_still_counts():
    g = Glossary("g.csv", (Term("市场准入", ("市場参入",), (), "", "g.csv", 2),))
    c = CheckContext(glossaries=[g])
    passes("glossary-required", "放宽市场准入限制", "市場の参入制限を緩和する", ctx=c)
    passes("glossary-required", "放宽市场准入限制", "市場参入制限を緩和する", ctx=c)
    passes("glossary-required", "放宽市场准入限制", "市場への参入制限を緩和する", ctx=c)
    # A word in between, or a conjunction (two things, not one), is not the rendering.
    fails("glossary-required", "放宽市场准入限制", "市場への新規参入の制限を緩和する", ctx=c)
    g2 = Glossary("g.csv", (Term("电力大数据", ("電力ビッグデータ",), (), "", "g.csv", 2),))
    fails("glossary-required", "促进电力大数据创新", "電力およびビッグデータのイノベーションを促進する",
          ctx=CheckContext(glossaries=[g2]))
    fails("glossary-required", "促进电力大数据创新", "電力とビッグデータのイノベーションを促進する",
          ctx=CheckContext(glossaries=[g2]))


def test_short_rendering_is_not_loosened():
    # 金 (for 黄金) with an inserted の would match any 金の…; short renderings match exactly.
    fails("glossary-required", "黄金市场", "資金の市場", ctx=ctx())


def test_required_and_forbidden_share_the_walk_over_present_terms():
    from aligner.checks.glossary import GlossaryCheck, GlossaryForbidden, GlossaryRequired
    assert issubclass(GlossaryRequired, GlossaryCheck) and issubclass(GlossaryForbidden, GlossaryCheck)
    g = Glossary("g.csv", (Term("自由贸易试验区", ("自由貿易試験区",), (), "", "g.csv", 2),
                           Term("试验区", ("試験区",), ("実験区",), "", "g.csv", 3)))
    c = CheckContext(glossaries=[g])
    # The inner term's required rendering is left to the longer term; a forbidden rendering is wrong anywhere.
    assert [f.zh_span for f in fails("glossary-required", "自由贸易试验区", "自由貿易区", ctx=c)] == ["自由贸易试验区"]
    (f,) = fails("glossary-forbidden", "自由贸易试验区", "自由貿易実験区", ctx=c)
    assert f.zh_span == "试验区" and f.ja_span == "実験区"


def test_rendering_elsewhere_in_the_paragraph_does_not_excuse_a_sentence():
    g = Glossary("g.csv", (Term("机队", ("機材", "フリート", "航空機"), (), "", "g.csv", 2),))
    c = CheckContext(glossaries=[g])
    zh = "鼓励航空公司投放货运机队。支持航空机队更新。"
    (f,) = fails("glossary-required", zh, "航空会社が貨物運輸チームに資金を投入することを奨励する。航空機の更新を支持する。", ctx=c)
    assert "matching sentence" in f.message and f.zh_span == "机队"
    passes("glossary-required", zh, "航空会社が貨物機材を配備することを奨励する。航空機の更新を支持する。", ctx=c)


def test_sentences_are_paired_only_when_the_pairing_is_believable():
    from aligner.checks.glossary import sentence_pairs
    assert len(sentence_pairs("推动开放。支持创新发展。", "開放を推進する。イノベーション発展を支持する。")) == 2
    # Different sentence counts: no pairing, the paragraph-level judgement stands alone.
    assert sentence_pairs("推动开放。支持创新发展。", "開放を推進し、イノベーション発展を支持する。") == ()
    # Same count but one pair far out of proportion (a 1-2 split cancelled by a 2-1 join).
    assert sentence_pairs("推动开放。支持创新发展，加强国际合作，完善制度体系。",
                          "開放を推進し、イノベーション発展を支持し、国際協力を強化する。制度を完備する。") == ()
