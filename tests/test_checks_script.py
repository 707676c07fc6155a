from test_checks_helpers import fails, passes


def test_simplified_left_in_japanese_is_flagged_with_japanese_form():
    (f,) = fails("simplified-in-ja", "国务院有关部门", "国务院関連部門")
    assert f.ja_span.startswith("国务院") and "務" in f.suggestion
    assert f.severity == "major"


def test_shared_kanji_are_not_simplified_leaks():
    passes("simplified-in-ja", "国内外保存独立", "国内外の保存と独立")
    passes("simplified-in-ja", "步行街", "歩行者天国")


def test_step_street_left_in_chinese_form():
    got = fails("simplified-in-ja", "支持王府井步行街", "王府井步行街を支援する")
    assert any("歩" in f.suggestion for f in got)


def test_old_forms_in_japanese():
    (f,) = fails("old-form-in-ja", "国际", "國際的な")
    assert "国" in f.suggestion
    passes("old-form-in-ja", "国际", "国際的な")


def test_japanese_forms_in_source():
    fails("japanese-in-zh", "国際贸易", "国際貿易")
    fails("japanese-in-zh", "サービス业", "サービス業")
    passes("japanese-in-zh", "国际贸易", "国際貿易")


def test_everyday_japanese_kanji_that_chinese_also_uses_as_simplifications():
    passes("simplified-in-ja", "批准", "審査批准の効率")
    passes("simplified-in-ja", "若干意见", "若干の意見")
    passes("simplified-in-ja", "海淀园", "海淀園")


def test_rare_kanji_in_a_chinese_word_are_still_flagged():
    (f,) = fails("simplified-in-ja", "分支机构", "専門営業分支机构")
    assert f.suggestion.endswith("機構")
    fails("simplified-in-ja", "并行办理", "并行弁理")


def test_ordinary_simplified_chinese_is_not_japanese_in_source():
    passes("japanese-in-zh", "给予研究支持，审慎推进京沪合作", "研究支援を与え")


def test_old_forms_kept_in_japanese_proper_names_are_not_flagged():
    # 麗澤, 渡邊, 齋藤: Japanese names keep these forms; 國 and 發 are old forms in names too.
    passes("old-form-in-ja", "丽泽金融商务区", "麗澤金融ビジネス区")
    passes("old-form-in-ja", "渡边先生", "渡邊氏")
    fails("old-form-in-ja", "国务院", "國務院")
    fails("old-form-in-ja", "发挥作用", "役割を發揮")


def test_everyday_kanji_used_as_a_simplified_form_inside_a_word():
    # 筑 and 干 are Japanese characters too, but 建筑 and 主干事 are Chinese spellings of 建築 and 主幹事.
    (f,) = fails("simplified-in-ja", "推行建筑设计师负责制", "建筑設計士担当制を推進する")
    assert "筑" in f.ja_span and "建築" in f.suggestion
    fails("simplified-in-ja", "银行间债券市场主承销资格", "銀行間債券市場主干事資格")
    fails("simplified-in-ja", "增加就业机会", "就業机会を増やす")


def test_everyday_kanji_in_their_own_japanese_words_pass():
    passes("simplified-in-ja", "批准", "国務院の批准を受ける")
    passes("simplified-in-ja", "若干意见", "若干の意見")
    passes("simplified-in-ja", "筑波科学城", "筑波研究学園都市")
    passes("simplified-in-ja", "桌上", "机の上に置く")
    passes("simplified-in-ja", "副教授", "准教授")
