from aligner.checks.numbers import extract_numbers, list_marker
from test_checks_helpers import fails, passes


def test_thousands_separator_and_width_are_the_same_number():
    passes("numbers", "投资2,000万元", "2000万元を投資")
    passes("numbers", "投资２０００万元", "2,000万元を投資")


def test_magnitudes_compare_by_value():
    passes("numbers", "规模1.5亿元", "規模1億5000万元")
    passes("numbers", "规模5000万元", "規模5千万元".replace("5千万", "5000万"))
    fails("numbers", "规模1.5亿元", "規模1.5万元")


def test_missing_and_extra_numbers_have_spans():
    (f,) = fails("numbers", "由500万元提高至2000万元", "2000万元に引き上げる")
    assert f.zh_span == "500万" and "missing" in f.message
    (g,) = fails("numbers", "外资股比不超过50%", "外資出資比率は60%を超えない")[1:] or \
        [x for x in fails("numbers", "外资股比不超过50%", "外資出資比率は60%を超えない") if x.ja_span]
    assert g.ja_span == "60%"


def test_percent_is_not_a_bare_number():
    fails("numbers", "不超过50%", "50を超えない")
    passes("numbers", "不超过50%", "50％を超えない")


def test_dates_and_document_codes():
    passes("numbers", "国函〔2020〕123号 2020年8月28日", "国函〔2020〕123号 2020年8月28日")
    fails("numbers", "国函〔2020〕123号", "国函〔2020〕132号")
    fails("numbers", "2020年8月28日", "2020年8月18日")


def test_extract_numbers_compound():
    assert [v for v, _ in extract_numbers("1億5000万円と3.50%")] == ["150000000", "3.5%"]


def test_list_markers():
    assert list_marker("（一）总体要求") == "(一)"
    assert list_marker("(一) 全体要求") == "(一)"
    assert list_marker("**一、总体要求**") == "一、"
    assert list_marker("12. 推进") == "12."
    passes("list-marker", "（一）推进", "(一) 推進")
    fails("list-marker", "3. 推进", "4. 推進")
    passes("list-marker", "一批项目", "一連のプロジェクト")


def test_chinese_percent_in_words():
    passes("numbers", "增长百分之五十", "50%増加")
    passes("numbers", "占百分之十二点五", "12.5%を占める")
    fails("numbers", "增长百分之五十", "15%増加")
    passes("numbers", "十九大和一批项目", "第十九回大会と一連のプロジェクト")


def test_latin_codes_of_the_source_must_survive():
    passes("alphanumerics", "开展合格境外有限合伙人（QFLP）试点", "適格海外有限責任組合（ＱＦＬＰ）の試行")
    passes("alphanumerics", "建设车联网公路", "IoV 道路を建設する")  # the target may add a gloss
    (f,) = fails("alphanumerics", "推动5G和AI应用", "5Gと人工知能の応用")
    assert f.zh_span == "AI"
