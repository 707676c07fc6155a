from test_checks_helpers import fails, passes

# A document where 试点 is always 試行 and 开放 always 開放 … except in the unit under test.
DOC = [("开展试点工作", "試行業務を実施する"), ("扩大试点范围", "試行範囲を拡大する"),
       ("深化试点改革", "試行改革を深化する"), ("推进试点建设", "試行建設を推進する"),
       ("总结试点经验", "試行経験を総括する")]


def test_frequent_word_without_its_usual_rendering_is_info():
    (f,) = [x for x in fails("consistency-terms", "试点政策落实", "パイロット政策を実施する", extra=DOC)
            if x.zh_span == "试点"]
    assert f.suggestion == "試行" and f.severity == "info"


def test_usual_rendering_present_passes():
    passes("consistency-terms", "试点政策落实", "試行政策を実施する", extra=DOC)


def test_rare_words_are_left_alone():
    passes("consistency-terms", "试点政策落实", "パイロット政策を実施する", extra=DOC[:2])
