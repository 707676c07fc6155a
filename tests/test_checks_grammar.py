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
