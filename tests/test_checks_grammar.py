from test_checks_helpers import fails, passes


def test_object_particle_followed_by_no_is_flagged():
    (f,) = fails("particles", "探索建立市场化招商引资奖励机制", "市場化された外資誘致奨励メカニズムをの構築を模索する。")
    assert f.ja_span == "をの" and f.category == "grammar" and f.severity == "minor"


def test_doubled_particle_is_flagged():
    fails("particles", "加强合作", "協力をを強化する")


def test_compound_particles_pass():
    passes("particles", "国家的支持", "国からの支援")
    passes("particles", "在东京的会议", "東京での会議")
    passes("particles", "对企业的支持", "企業への支援")
    passes("particles", "在北京", "北京においては")


def test_kana_words_that_contain_the_characters_pass():
    # を + のぞく (除く) and を + のばす (伸ばす): verbs written in kana, not a second particle.
    passes("particles", "除他以外", "彼をのぞく全員")
    passes("particles", "延长期限", "期限をのばす")


def test_double_object_marker_is_flagged():
    (f,) = fails("case-marking", "研究建立完善数字贸易知识产权相关制度。", "デジタル貿易の知的財産権関連制度を構築・完備を研究する。")
    assert f.ja_span == "を構築・完備を" and "の" in f.suggestion and f.category == "grammar"
    fails("case-marking", "学习日语。", "日本語を勉強をする。")


def test_no_marking_the_object_of_a_clause_final_verb_is_flagged():
    (f,) = fails("case-marking", "探索研究土地供给政策。", "土地供給保障政策の模索・研究する。")
    assert f.ja_span == "の模索・研究する"


def test_correct_case_marking_passes():
    passes("case-marking", "研究建立相关制度。", "関連制度の構築を研究する。")
    passes("case-marking", "收集分析数据。", "データを収集・分析する。")
    passes("case-marking", "推进市场开放。", "市場の開放を推進する。")
    # の as the subject of a relative clause (が/の alternation) is grammatical.
    passes("case-marking", "他学习的样子", "彼の勉強する姿")
    passes("case-marking", "国内独立保存", "国内で独立して保存する。")
