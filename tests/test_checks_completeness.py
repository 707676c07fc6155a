from hypothesis import example, given, settings, strategies as st

from aligner.checks.base import CheckContext
from test_checks_helpers import alignment, fails, passes, unit
from aligner.checks import run_checks

NORMAL = [("推动教育服务领域扩大开放加大国际教育供给", "教育サービス分野の開放拡大を推進し、国際教育の供給を増やす"),
          ("提升健康医疗服务保障能力适度放宽管理", "健康医療サービスの保障能力を向上させ、管理を適度に緩和する"),
          ("优化市内免税店布局落实免税店相关政策", "市内免税店の配置を最適化し、免税店関連政策を実施する"),
          ("深化科技服务领域改革支持众创空间发展", "科学技術サービス分野の改革を深化し、衆創空間の発展を支援する"),
          ("规范数据跨境安全有序流动完善数据保护", "データの越境を安全かつ秩序あるものに規範化し、データ保護を整備する"),
          ("加强组织领导精心组织实施扎实推进落实", "組織的指導を強化し、入念に組織して実施し、着実に推進する")]


def test_one_to_zero_and_zero_to_one_are_major():
    got = run_checks(alignment([("一段没有译文的原文", ""), ("", "原文のない訳文")]), context=CheckContext(),
                     enabled=["unmatched"])
    assert [f.unit for f in got] == [0, 1] and {f.severity for f in got} == {"major"}


def test_length_ratio_against_the_documents_own_distribution():
    ctx = CheckContext(settings={"length_ratio_min_chars": 12})
    fails("length-ratio", "推动教育服务领域扩大开放加大国际教育供给完善外籍人员子女学校布局", "教育を推進する",
          extra=NORMAL, ctx=ctx)
    passes("length-ratio", "推动互联网信息服务领域扩大开放吸引海外电信运营商",
           "インターネット情報サービス分野の開放拡大を推進し、海外の通信事業者を誘致する", extra=NORMAL, ctx=ctx)


def test_short_units_are_not_judged_by_length():
    passes("length-ratio", "北京市人民政府、商务部：", "北京市人民政府・商務部：", extra=NORMAL)


def test_copied_chinese_run_is_flagged():
    (f,) = fails("untranslated", "支持王府井步行街在营造国际化消费环境方面先行先试",
                 "王府井で支持王府井步行街在营造国际化消费环境方面先行先试")
    assert "步行街" in f.ja_span


def test_shared_names_and_latin_are_not_untranslated():
    passes("untranslated", "开展合格境外有限合伙人（QFLP）试点", "適格海外投資事業有限責任組合（QFLP）試行を実施する")
    passes("untranslated", "北京市人民政府、商务部：", "北京市人民政府・商務部：")


def test_word_dropped_between_two_translated_neighbours():
    (f,) = fails("skipped-word", "推进一批职业教育国际合作示范项目", "職業国際協力モデルプロジェクトを推進する")
    assert f.zh_span == "职业教育国际" and f.ja_span == "職業国際" and f.category == "omission"


def test_dropped_word_found_with_more_context_when_the_pair_also_occurs_in_the_source():
    zh = "设立人民币国际投资贷基金，发展证券投资基金"
    ja = "人民元国際投資基金を設立し、証券投資基金を発展させる"
    (f,) = fails("skipped-word", zh, ja)
    assert f.zh_span == "投资贷基金"
    passes("skipped-word", zh, "人民元国際投資・融資基金を設立し、証券投資基金を発展させる")


def test_word_translated_or_moved_nearby_passes():
    passes("skipped-word", "推进一批职业教育国际合作示范项目", "職業教育国際協力モデルプロジェクトを推進する")
    # 教育 moved after 国際 but still there: not an omission.
    passes("skipped-word", "推进职业教育国际合作", "職業国際教育協力を推進する")


def test_light_words_may_be_folded_away():
    # 有关 / 进一步 are often absorbed: 国务院有关部门 → 国務院部門 is not flagged.
    passes("skipped-word", "国务院有关部门要按照职责分工", "国務院部門は職責分担に基づき")
    # Shared kanji that are simply adjacent in both languages.
    passes("skipped-word", "国内保存独立数据", "国内で独立したデータを保存する")


def test_cited_title_dropped_from_the_target():
    zh = "落实《国务院关于促进创业投资持续健康发展的若干意见》，完善配套政策"
    (f,) = fails("missing-title", zh, "関連する支援政策を完備する")
    assert f.zh_span.startswith("《国务院") and f.category == "omission"
    # In 《》 or 「」, in Japanese forms (國務院 → 国務院 folds with 国务院).
    passes("missing-title", zh, "《ベンチャーキャピタルの持続的で健全な発展の促進に関する国務院の若干の意見》を実行する")
    passes("missing-title", zh, "「創業投資の持続的健全な発展促進に関する國務院の意見」を実行し、支援政策を完備する")


def test_titles_translated_into_katakana_are_counted():
    zh = "参照《工作方案》和《实施细则》执行"
    passes("missing-title", zh, "「ワークプラン」および「ガイドライン」を参照して実施する")
    # One of two titles dropped: the one without a bracketed counterpart is named.
    (f,) = fails("missing-title", zh, "《業務方案》を参照して実施する")
    assert f.zh_span == "《实施细则》"


def test_no_titles_no_findings():
    passes("missing-title", "完善配套政策", "支援政策を完備する")


def test_english_phrase_left_in_the_japanese():
    (f,) = fails("english-in-ja", "支持开展车联网和自动驾驶地图应用。",
                 "Internet of Vehicles および自動運転マップの応用を支持する。")
    assert f.ja_span == "Internet of Vehicles" and f.category == "omission"


def test_acronyms_and_english_copied_from_the_source_pass():
    passes("english-in-ja", "向外资开放国内互联网虚拟专用网业务。", "外資に対して国内インターネット VPN 業務を開放する。")
    passes("english-in-ja", "参照 World Trade Organization 规则。", "World Trade Organization のルールを参照する。")
    passes("english-in-ja", "支持 QFLP 和 QDLP 试点。", "QFLP および QDLP の試行を支持する。")


SKIP_WORDS = [("职业", "職業"), ("教育", "教育"), ("国际", "国際"), ("合作", "協力"), ("示范", "モデル"), ("项目", "プロジェクト"),
              ("投资", "投資"), ("基金", "基金"), ("证券", "証券"), ("发展", "発展"), ("贷", "貸"), ("港", "港"), ("的", "の"), ("，", "、"), ("。", "。")]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(range(len(SKIP_WORDS))), min_size=1, max_size=10),
       st.lists(st.booleans(), min_size=10, max_size=10), st.lists(st.sampled_from(range(len(SKIP_WORDS))), max_size=3))
@example([6, 10, 7], [True, False, True] + [True] * 7, [])   # 投资贷基金 → 投資基金: a one-character word
@example([0, 1, 2, 3], [True, False, True, True] + [True] * 6, [])
def test_skipped_word_shortcut_never_hides_a_finding(zh_words, kept, added):
    """may_skip_word only spares the part-of-speech pass where the check would find nothing anyway.

    The target renders the source's words, some dropped and a few others added at the end."""
    from aligner.checks import completeness
    zh = "".join(SKIP_WORDS[k][0] for k in zh_words)
    ja = "".join(SKIP_WORDS[k][1] for k, keep in zip(zh_words + added, kept + [True] * len(added)) if keep)
    check = completeness.SkippedWord()
    u = unit(zh, ja)
    found = [f.fingerprint for f in check.run(u, CheckContext())]
    saved = completeness.may_skip_word
    completeness.may_skip_word = lambda zh, fj: True
    try:
        assert [f.fingerprint for f in check.run(u, CheckContext())] == found
    finally:
        completeness.may_skip_word = saved


def test_skipped_word_shortcut_spares_units_with_nothing_to_report():
    from aligner.checks.completeness import may_skip_word
    from aligner.glossary import fold_text
    assert may_skip_word("推进一批职业教育国际合作示范项目", fold_text("職業国際協力モデルプロジェクトを推進する", "ja"))
    assert not may_skip_word("推进一批职业教育国际合作示范项目", fold_text("職業教育国際協力モデルプロジェクトを推進する", "ja"))
    assert not may_skip_word("职业教育", fold_text("職業", "ja"))
