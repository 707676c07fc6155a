"""Sentence splitting: lossless, bracket- and quote-aware, provenance kept."""
from hypothesis import given, settings, strategies as st

from aligner.lang.sentences import split_segment, split_text
from aligner.model import Segment


def test_splits_after_chinese_terminators():
    assert split_text("第一句。第二句！第三句？最后") == ["第一句。", "第二句！", "第三句？", "最后"]


def test_no_split_inside_quotes_and_brackets():
    text = "他说：“好。走吧！”然后走了。《关于。若干意见》已印发。「引用です。」次の文。"
    assert split_text(text) == ["他说：“好。走吧！”然后走了。", "《关于。若干意见》已印发。", "「引用です。」次の文。"]


def test_nested_and_parenthesised_semicolons_stay_whole():
    text = "（外资股比不超过50%；含港澳）继续开放；再开放。"
    assert split_text(text) == ["（外资股比不超过50%；含港澳）继续开放；", "再开放。"]


def test_unmatched_opening_bracket_does_not_swallow_the_paragraph():
    assert split_text("未闭合（括号。后面。") == ["未闭合（括号。", "后面。"]


def test_closing_marks_and_spaces_stay_with_their_sentence():
    assert split_text("真的吗？！  是的。 ") == ["真的吗？！  ", "是的。 "]


def test_terminators_are_configurable():
    assert split_text("甲；乙。") == ["甲；", "乙。"]
    assert split_text("甲；乙。", terminators="。") == ["甲；乙。"]


def test_numbered_item_period_is_not_a_sentence_end():
    assert split_text("1. 深化改革。支持发展。") == ["1. 深化改革。", "支持发展。"]


def test_segments_keep_paragraph_provenance():
    seg = Segment("一句。两句。", "zh", "doc.txt", 3, 5)
    parts = split_segment(seg)
    assert [p.text for p in parts] == ["一句。", "两句。"]
    assert all((p.file, p.first_line, p.last_line, p.lang) == ("doc.txt", 3, 5, "zh") for p in parts)


ALPHABET = "甲乙丙丁。！？!?；「」『』（）()《》“”\"  ab1"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_split_is_lossless_and_never_empty(text):
    parts = split_text(text)
    assert "".join(parts) == text
    assert all(p for p in parts)
    # No piece other than possibly the first is whitespace only.
    assert all(p.strip() for p in parts[1:])
