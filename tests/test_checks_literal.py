from test_checks_helpers import fails, passes


def test_consult_glued_to_the_departments_is_flagged():
    (f,) = fails("glued-function-char", "具体由财政部、税务总局商有关部门确定",
                 "具体的な内容は財政部・税務総局の商関連部門が確定する")
    assert f.zh_span == "商" and f.ja_span.startswith("商関連") and f.severity == "major"
    assert f.category == "mistranslation"


def test_translated_consult_passes():
    passes("glued-function-char", "具体由财政部、税务总局商有关部门确定",
           "具体的な内容は財政部・税務総局が関係部門と協議して確定する")


def test_japanese_words_containing_the_character_pass():
    # 商 inside 商務部 / 協商, 経 inside 経済: Japanese words, not a carried-over verb.
    passes("glued-function-char", "商务部商有关部门制定", "商務部が関係部門と協商して制定する")
    passes("glued-function-char", "经国务院批准", "国務院の承認を経て")


def test_via_left_in_front_of_the_approving_body():
    (f,) = fails("glued-function-char", "经国务院批准的部门规章", "経国務院批准の部門規則")
    assert f.zh_span == "经" and f.ja_span.startswith("経国務")


def test_character_that_is_part_of_a_chinese_word_is_not_a_function_word():
    # 商 here is part of 外商 / 商业 in the Chinese (jieba), so a 商 in the Japanese is not a carried-over verb.
    passes("glued-function-char", "鼓励外商投资商业", "外商による商業投資を奨励する")


def test_shared_kanji_inside_japanese_words_are_traps():
    # 由 of the source is a preposition, and the Japanese has 由 only inside 自由 / 理由 / 経由.
    passes("glued-function-char", "由企业自由选择", "企業が自由に選択する")
    passes("glued-function-char", "由国内企业独立保存数据", "国内企業が独立してデータを保存する理由")
    passes("glued-function-char", "经北京转运", "北京経由で積み替える")
