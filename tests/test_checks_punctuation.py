from test_checks_helpers import fails, passes


def test_unclosed_bracket_in_target_only():
    (f,) = fails("brackets", "（以下简称《工作方案》）", "（以下《業務方案》")
    assert "never closed" in f.message
    passes("brackets", "（以下简称《工作方案》）", "（以下《業務方案》）")


def test_bracket_cut_on_both_sides_is_extraction_not_translation():
    passes("brackets", "（以下简称《工作方", "（以下《業務方")


def test_mismatched_closer():
    fails("brackets", "「五位一体」", "「五位一体』")


def test_chinese_quotes_in_japanese():
    (f,) = fails("chinese-quotes", "统筹推进“五位一体”总体布局", "“五位一体”の総合的配置")
    assert f.suggestion == "「五位一体」"
    passes("chinese-quotes", "统筹推进“五位一体”总体布局", "「五位一体」の総合的配置")


def test_mixed_width_pair():
    (f,) = fails("bracket-width", "（QFLP）", "(QFLP）")
    assert f.suggestion == "（QFLP）"
    passes("bracket-width", "（QFLP）", "（QFLP）")


def test_half_width_pair_next_to_full_width_ones():
    got = fails("bracket-width", "合格境内有限合伙人（QDLP）与合格境外有限合伙人（QFLP）",
                "適格国内有限責任組合 (QDLP) と適格海外有限責任組合（QFLP）")
    assert [f.ja_span for f in got] == ["(QDLP)"] and got[0].suggestion == "（QDLP）"
    passes("bracket-width", "（一）推进", "(一) 推進（試行）")
