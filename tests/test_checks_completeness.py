from aligner.checks.base import CheckContext
from test_checks_helpers import alignment, fails, passes
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
