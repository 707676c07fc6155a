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
