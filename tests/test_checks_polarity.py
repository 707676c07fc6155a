from test_checks_helpers import fails, passes


def test_dropped_prohibition_is_flagged():
    (f,) = fails("negation", "外资股比不得超过百分之五十。", "外資出資比率は50%を超えることができる。")
    assert f.zh_span == "不得" and f.severity == "major" and f.category == "mistranslation"


def test_translated_negations_pass():
    passes("negation", "外资股比不得超过百分之五十。", "外資出資比率は50%を超えてはならない。")
    passes("negation", "申请参加职业资格考试（不含法律职业资格考试）。", "職業資格試験（法律職業資格試験を除く）への参加を申請する。")
    passes("negation", "未经批准不得开展业务。", "承認を経ずに業務を行うことはできない。")
    passes("negation", "严禁违规收费。", "違法な費用徴収を厳禁する。")


def test_chinese_words_built_with_bu_are_not_negations():
    # 不同, 不断, 不动产: 不 as a morpheme; 不超过 → 以下: a comparison Japanese writes without a negation.
    passes("negation", "推动不同产业用地类型合理转换。", "異なる産業用地類型の合理的転換を推進する。")
    passes("negation", "不断调整优化措施。", "絶えず措置を調整・最適化する。")
    passes("negation", "落实不动产登记机构主体责任。", "不動産登記機構の主体責任を実行する。")
    passes("negation", "外资股比不超过50%。", "外資出資比率は50%以下とする。")


def test_judged_per_sentence_when_sentences_pair_up():
    zh = "允许外资设立独资企业。未经批准不得开展相关业务。"
    # The second sentence lost its prohibition; a negation in the first sentence does not excuse it.
    fails("negation", zh, "外資による独資企業の設立を制限しない。承認を経て関連業務を行うことができる。")
    passes("negation", zh, "外資による独資企業の設立を許可する。承認を経ずに関連業務を行ってはならない。")


def test_bu_before_a_verb_is_a_negation_too():
    zh = "在用途、功能不冲突前提下，明确可兼容的用地类型。"
    fails("negation", zh, "用途・機能が矛盾するとの前提の下、互換可能な用地の類型を明確化する。")
    passes("negation", zh, "用途・機能が矛盾しないとの前提の下、互換可能な用地の類型を明確化する。")
    fails("negation", "境外投资者持股比例不受限制。", "国外投資家の持株比率は制限される。")
    passes("negation", "境外投资者持股比例不受限制。", "国外投資家の持株比率は制限されない。")


def test_a_comparison_needs_a_negation_or_a_bound():
    fails("negation", "外资股比不超过50%。", "外資出資比率は50%を超えるものとする。")
    passes("negation", "外资股比不超过50%。", "外資出資比率は50%を超えないものとする。")
    passes("negation", "外方出资比例不低于25%。", "外国側の出資比率は25%以上とする。")


def test_each_negation_of_the_source_needs_one_in_the_target():
    zh = "单笔金额不超过等值5万美元的，无需办理备案手续。"
    (f,) = fails("negation", zh, "1件当たりの金額が5万米ドル相当を超える場合、届出手続きは不要とする。")
    assert "2×" in f.message
    passes("negation", zh, "1件当たりの金額が5万米ドル相当を超えない場合、届出手続きは不要とする。")
    passes("negation", zh, "1件当たりの金額が5万米ドル相当以下の場合、届出手続きは不要とする。")


def test_obligation_is_not_a_negation():
    # しなければならない ('must') ends in ない but negates nothing; てはならない ('must not') does.
    zh = "对不符合条件的申请，应当在5个工作日内书面告知申请人。"
    fails("negation", zh, "条件に合致する申請については、5営業日以内に申請者に書面で通知しなければならない。")
    passes("negation", zh, "条件に合致しない申請については、5営業日以内に申請者に書面で通知しなければならない。")
    passes("negation", "外资股比不得超过百分之五十。", "外資出資比率は50%を超えてはならない。")
