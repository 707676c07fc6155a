from test_checks_helpers import fails, findings, passes

# A document where 创新 is always イノベーション … except in the unit under test.
DOC = [("推动创新发展", "イノベーション発展を推進する"), ("支持科技创新", "科学技術イノベーションを支持する"),
       ("鼓励创新活动", "イノベーション活動を奨励する"), ("建设创新平台", "イノベーションプラットフォームを構築する"),
       ("加强创新合作", "イノベーション協力を強化する")]


def test_competing_rendering_of_a_frequent_word_is_info():
    (f,) = [x for x in fails("consistency-terms", "制度创新体系", "制度刷新体系", extra=DOC) if x.zh_span == "创新"]
    assert f.ja_span == "刷新" and f.suggestion == "イノベーション" and f.severity == "info"


def test_usual_rendering_present_passes():
    passes("consistency-terms", "制度创新体系", "制度イノベーション体系", extra=DOC)


def test_paraphrase_without_a_competing_rendering_passes():
    passes("consistency-terms", "制度创新体系", "制度面の改良体系", extra=DOC)


def test_rare_words_are_left_alone():
    passes("consistency-terms", "制度创新体系", "制度刷新体系", extra=DOC[:2])


def test_two_allowed_renderings_in_one_unit():
    from aligner.checks.base import CheckContext
    from aligner.glossary import Glossary, Term
    g = Glossary("g.csv", (Term("金融科技", ("フィンテック", "金融科学技術"), (), "", "g.csv", 2),))
    (f,) = fails("consistency-glossary", "国家级金融科技示范区，设立金融科技公司",
                 "国家級金融科学技術モデル区、フィンテック会社を設立", ctx=CheckContext(glossaries=[g]))
    assert {f.suggestion, f.ja_span} == {"フィンテック", "金融科学技術"}


def test_one_rendering_for_two_unrelated_source_words():
    doc = [("建设服务平台", "サービスプラットフォームを構築する"), ("完善交易平台", "取引プラットフォームを整備する"),
           ("打造创新平台", "イノベーションプラットフォームを作る"), ("共享数据平台", "データ共有プラットフォーム"),
           ("以园区为载体", "園区をプラットフォームとする"), ("发挥载体作用", "プラットフォームの役割を発揮する"),
           ("优化载体布局", "プラットフォームの配置を最適化する")]
    got = findings("consistency-shared-rendering", "创新载体建设", "イノベーションプラットフォーム建設", extra=doc)
    assert len(got) == 1 and got[0].ja_span == "プラットフォーム"
    assert got[0].zh_span in {"平台", "载体"} and got[0].severity == "info"


def test_related_source_words_may_share_a_rendering():
    doc = [("示范区建设", "モデル区建設"), ("国家示范区", "国家モデル区"), ("示范区发展", "モデル区発展"),
           ("推动示范", "モデルを推進"), ("示范引领", "モデル先導"), ("示范作用", "モデル役割"), ("示范项目", "モデル事業")]
    assert findings("consistency-shared-rendering", "示范区", "モデル区", extra=doc) == []


def test_cognate_synonyms_of_a_kanji_rendering_are_not_inconsistencies():
    # 完善 is usually 完備; 改善 (sharing 善) is a synonym the translator chose, not a slip.
    doc = [("完善制度", "制度を完備する"), ("完善机制", "メカニズムを完備する"), ("完善体系", "体系を完備する"),
           ("完善规则", "規則を完備する"), ("完善政策", "政策を完備する")]
    passes("consistency-terms", "完善布局", "配置を改善する", extra=doc)


def test_a_repeated_competing_rendering_is_one_note():
    more = [("创新驱动", "イノベーション駆動"), ("创新中心", "イノベーションセンター"), ("创新能力", "イノベーション能力"),
            ("创新人才", "イノベーション人材"), ("创新成果", "イノベーション成果"), ("形成创新体系", "刷新体系を形成")]
    got = findings("consistency-terms", "制度创新体系", "制度刷新体系", extra=DOC + more)
    notes = [f for f in got if f.zh_span == "创新"]
    assert len(notes) == 1 and notes[0].unit == 0 and "also in unit(s) 11" in notes[0].message


def test_glossary_terms_are_left_to_consistency_glossary():
    from aligner.checks.base import CheckContext
    from aligner.glossary import Glossary, Term
    g = Glossary("g.csv", (Term("创新", ("イノベーション", "刷新"), (), "", "g.csv", 2),))
    passes("consistency-terms", "制度创新体系", "制度刷新体系", extra=DOC, ctx=CheckContext(glossaries=[g]))


def test_minority_glossary_rendering_is_one_note_on_its_first_unit():
    from aligner.checks.base import CheckContext
    from aligner.glossary import Glossary, Term
    g = Glossary("g.csv", (Term("创新", ("イノベーション", "刷新"), (), "", "g.csv", 2),))
    got = findings("consistency-glossary", "制度创新体系", "制度刷新体系", extra=DOC + [("形成创新体系", "刷新体系を形成")],
                   ctx=CheckContext(glossaries=[g]))
    assert [(f.unit, f.ja_span) for f in got] == [(0, "刷新")] and "also in unit(s) 6" in got[0].message


def test_frequent_word_whose_targets_have_no_words_is_skipped():
    # Four units whose target is a bare figure: no rendering to compare, and no crash.
    assert findings("consistency-terms", "万万", "0", extra=[("万万", "0")] * 4) == []
    assert findings("consistency-shared-rendering", "万万", "0", extra=[("万万", "0")] * 4) == []
