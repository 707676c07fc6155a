"""split_features (one pass over a document) must equal the per-text reference exactly.

The reference is what alignment used to do: split each paragraph with split_text, then
raw_features on the paragraph (plus the list markers of its inner sentences) and on each
sentence. Equality includes the order of the keys (ascending), so that the weighted vectors
and the sums over them stay bit for bit the same. The alphabet is chosen to hit the places where
a one-pass shortcut could go wrong: features next to terminators, brackets and titles
straddling a sentence end, list markers opening inner sentences, characters NFKC changes
or composes (fullwidth forms, ①, ⑴, halfwidth kana with a voicing mark, a combining
accent), Japanese forms OpenCC folds, document codes, and newlines inside a text.
"""
import re
from collections import Counter

from hypothesis import example, given, settings, strategies as st

from aligner.align.anchors import _CODE, _LATIN, _TITLE, MARKER_START, _marker, list_marker, numbers
from aligner.align.bags import Bag
from aligner.align.features import raw_features, split_features
from aligner.align.keys import key_of
from aligner.align.lengths import char_length
from aligner.lang.script import fold, is_han, nfkc
from aligner.lang.sentences import split_text

ALPHABET = ("务務総总発发国國经経一二（）()《》「」“”。！？!?；;、.．,，:：号函〔〕[]2020１２３"
            "①⑴⒈㈠第条 \u3000\n\tabcXYZ-…ｶﾞﾟ\u0301\u3099e学習\U00020000\u3007")


def reference_raw(text: str, lang: str) -> Counter:
    """raw_features written the plain way, by readable name: every character and every adjacent pair looked at."""
    norm = nfkc(text)
    folded = fold(norm, lang)
    feats = Counter(ch for ch in folded if is_han(ch))
    feats.update(a + b for a, b in zip(folded, folded[1:]) if is_han(a) and is_han(b))
    for num in numbers(text):
        feats["#n" + num] += 1
    for word in _LATIN.findall(norm):
        feats["#l" + word.lower()] += 1
    for code in _CODE.findall(folded):
        feats["#c" + "|".join(code)] += 1
    if _TITLE.findall(norm):
        feats["#title"] += len(_TITLE.findall(norm))
    marker = _marker(norm)
    if marker:
        feats["#m" + marker] += 1
    return feats


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=50), st.sampled_from(["zh", "ja"]))
def test_raw_features_equal_the_plain_count(text, lang):
    assert raw_features(text, lang).items() == Bag.of(reference_raw(text, lang)).items()


def reference(text: str, lang: str, terminators: str = "。！？!?；;"):
    parts = split_text(text, terminators=terminators) or [text]
    raw = raw_features(text, lang)
    if len(parts) == 1:
        return parts, raw, [raw]
    inner = Counter("#m" + m for m in map(list_marker, parts[1:]) if m)
    if inner:
        raw = raw.plus(Bag.of(inner))
    return parts, raw, [raw_features(p, lang) for p in parts]


def assert_same(texts, lang, terminators="。！？!?；;"):
    got = split_features(texts, lang, terminators)
    assert len(got) == len(texts)
    for text, sf in zip(texts, got):
        parts, raw, raws = reference(text, lang, terminators)
        assert list(sf.parts) == parts, text
        assert sf.raw.items() == raw.items(), text
        assert [r.items() for r in sf.sentence_raws] == [r.items() for r in raws], text
        # Length and marker carried along must be those of the text (featurize trusts them).
        for t, r in [(text, sf.raw)] + list(zip(parts, sf.sentence_raws)):
            facts = r.facts(t) if isinstance(r, Bag) else None
            assert facts is None or facts == (char_length(t), list_marker(t)), t


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=40), max_size=6), st.sampled_from(["zh", "ja"]))
def test_one_pass_equals_reference(texts, lang):
    assert_same(texts, lang)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=30), max_size=4), st.sampled_from(["。", "。.", "、；"]))
def test_other_terminators_equal_reference(texts, terminators):
    assert_same(texts, "zh", terminators)


def test_cases_a_shortcut_gets_wrong():
    texts = [
        "（《标题）。其余》部分。",            # title straddles an unprotected sentence end
        "前文。(二) 后文。⑴ 再后。",          # inner list markers, one NFKC-only
        "国函〔2020〕123号。国发〔2019〕5号！",  # document codes in two sentences
        "数字1,000。2.5倍！ＡＢＣ－1。",       # numbers and Latin words at sentence ends
        "ｶﾞ。\u3099后。",                      # composition at a sentence start
        "一行\n二行。三行。",                  # a newline inside a text
        "",
    ]
    assert_same(texts, "zh")
    assert_same(texts, "ja")
    sf = split_features(["甲。(二) 乙。"], "zh")[0]
    assert sf.raw["#mparen:二"] == 1 and len(sf.sentence_raws) == 2
    assert split_features(texts[:1], "zh")[0].raw["#title"] == 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="第一二十条章（）()、.．１２3 \u3000\t①⑴甲乙。ｶﾞ\u0301A", min_size=20, max_size=70))
@example("第十二条" + "一" * 30 + "。")
@example("（" + "\u3000" * 30 + "一）")
def test_list_marker_reads_only_as_much_as_it_needs(text):
    # The plain definition: normalise the whole text, match at its start.
    expected = _marker(nfkc(text)) if text.lstrip()[:1] in MARKER_START else None
    assert list_marker(text) == expected


def test_featurize_uses_carried_facts_only_for_their_own_text():
    sf = split_features(["1. 深化改革 ABC。支持发展 2020。"], "zh")[0]
    assert sf.raw.facts("1. 深化改革 ABC。支持发展 2020。") == (char_length("1. 深化改革 ABC。支持发展 2020。"), "arabic:1")
    assert sf.raw.facts("another text") is None
    assert sf.raw.copy().facts("1. 深化改革 ABC。支持发展 2020。") is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET + "abcdefghij0123456789 \u00a0\u2003", max_size=60))
def test_char_length_counts_non_space_characters_and_latin_words(text):
    # The definition: a Latin/digit word counts 1 + len // 5, whitespace nothing, the rest 1 each.
    words = re.findall(r"[A-Za-z0-9]+", text)
    rest = re.sub(r"\s+", "", re.sub(r"[A-Za-z0-9]+", "", text))
    assert char_length(text) == sum(1 + len(w) // 5 for w in words) + len(rest)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET + "ＡＺａｚ０９～！＂\uff5e\u0300\u0308ｳﾞ", max_size=30))
@example("Ａ\u0301（１）")      # a fullwidth letter with a combining accent: composes after NFKC
@example("か\u3099\u3000ｶﾞ")    # a combining voicing mark and halfwidth kana keep the full pass
def test_nfkc_fast_is_nfkc(text):
    from aligner.align.features import nfkc_fast
    assert nfkc_fast(text) == nfkc(text)


# Han unigrams and bigrams, the plain way: each character, and each adjacent pair, tested
# with lang.script.is_han. Text drawn from every Han block the extraction knows (CJK
# unified, extension A, compatibility ideographs, astral extensions, 〇) and from the
# characters around them, so runs start and end at block edges, kana and punctuation.
HAN_EDGES = ("\u4e00\u9fff\u4dff\u3400\u4dbf\u33ff\uf900\ufaff\uf8ff\ufb00\u3007\u3006"
             "\U00020000\U0003134f\U0001ffff\U00031350国務总発あア。、 \n1a")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(HAN_EDGES), st.characters(min_codepoint=0x3000, max_codepoint=0xfaff),
                                  st.characters(min_codepoint=0x1ff00, max_codepoint=0x31400)), max_size=40))
@example("国务院关于")
@example("国a务")
def test_han_keys_equal_the_plain_scan(text):
    from aligner.align.keys import han_keys
    unigrams = [ch for ch in text if is_han(ch)]
    bigrams = [a + b for a, b in zip(text, text[1:]) if is_han(a) and is_han(b)]
    assert han_keys(text).tolist() == [key_of(u) for u in unigrams] + [key_of(b) for b in bigrams]


TERMS = [("附件", ("付属文書",)), ("国务", ("国務",)), ("发展", ("発展",)), ("第一条", ("第一条",))]


def assert_same_with_terms(texts, lang, terminators="。！？!?；;"):
    # With the dictionary's terms counted in: each sentence's counts plus its own terms
    # (Dictionary.counts), each paragraph's plus all of its sentences' terms.
    from aligner.align.dictionary import Dictionary
    d = Dictionary(TERMS)
    got = split_features(texts, lang, terminators, terms=d.term_keys)
    for text, sf in zip(texts, got):
        parts, raw, raws = reference(text, lang, terminators)
        found = d.counts(parts, lang)
        hits = [c for c in found if c is not None]
        expected = raw.plus(Bag.total(hits)) if hits else raw
        assert sf.raw.items() == expected.items(), text
        assert [r.items() for r in sf.sentence_raws] == [(r if c is None else r.plus(c)).items()
                                                         for r, c in zip(raws, found)], text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET + "附件国务发展第一条務發", max_size=40), max_size=6),
       st.sampled_from(["zh", "ja"]), st.sampled_from(["。！？!?；;", "。."]))
def test_dictionary_terms_counted_with_the_sentences(texts, lang, terminators):
    assert_same_with_terms(texts, lang, terminators)


def test_dictionary_terms_in_a_paragraph_are_its_sentences_terms():
    texts = ["附件一。国务院发展附件。", "第一条 发展。", "附件\n国务。", ""]
    assert_same_with_terms(texts, "zh")
    from aligner.align.dictionary import Dictionary
    sf = split_features(texts[:1], "zh", terms=Dictionary(TERMS).term_keys)[0]
    assert sf.raw["#d附件"] == 2 and [r["#d附件"] for r in sf.sentence_raws] == [1, 1]


# Feature names: Han (and other) unigrams and bigrams, including code points past the Han
# table, and number anchors.
NAMES = st.one_of(st.text(alphabet=HAN_EDGES + "ab\U000e0001", min_size=1, max_size=2),
                  st.builds(lambda d: "#n" + d, st.text(alphabet="0123", min_size=1, max_size=3)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(NAMES, max_size=8), min_size=1, max_size=5), st.lists(NAMES, max_size=20))
def test_idf_numbers_keys_by_their_place(fitted, asked):
    # Idf.number: a known key's id is its place among the fitted keys (table or binary
    # search, whichever the key goes through), an unknown one gets the default weight.
    import numpy as np

    from aligner.align.idf import Idf
    bags = [Bag.of({name: 1 for name in names}) for names in fitted]
    idf = Idf.fit(bags)
    keys = np.array([key_of(name) for name in asked], dtype=np.int64)
    ids, weights = idf.number(keys)
    known = {k: i for i, k in enumerate(idf.keys.tolist())}
    for k, i, w in zip(keys.tolist(), ids.tolist(), weights.tolist()):
        assert (i, w) == ((known[k], idf.weights[known[k]]) if k in known else (-2 - k, idf.default))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET + "abcdefghij0123456789 \u00a0\u2003\u0085\x1c", max_size=40), max_size=6))
def test_char_lengths_of_many_texts_equal_char_length_of_each(texts):
    from aligner.align.lengths import char_lengths
    assert char_lengths(texts) == [char_length(t) for t in texts]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="第一二十条章（）()、.．１２3٣ \u3000\t\u2003①⑳⑴甲乙。ｶﾞA", max_size=12))
@example("\u3000٣. 甲")
def test_a_text_the_marker_gate_rejects_has_no_marker(text):
    from aligner.align.anchors import _may_open_marker
    norm = nfkc(text)
    assert _may_open_marker(norm) or _marker(norm) is None
