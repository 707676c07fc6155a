"""Properties of folding and matching that every glossary lookup relies on."""
from hypothesis import given, settings, strategies as st

from aligner.checks.numbers import extract_numbers
from aligner.glossary import find_all, fold_map, fold_term

ALPHABET = "银銀白金融資ｻｰﾋﾞｽサービスーー－・ 国國际際パﾊﾟ0１,.%万億亿的の"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30))
def test_fold_map_offsets_are_monotonic_and_cover_the_text(text):
    folded, offsets = fold_map(text, "ja")
    assert len(offsets) == len(folded) + 1
    assert offsets[-1] == len(text)
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30), st.text(alphabet="銀サービス国際", min_size=3, max_size=6))
def test_every_match_folds_back_to_the_term(text, term):
    for s, e in find_all(term, text, "ja"):
        assert fold_map(text[s:e], "ja")[0] == fold_term(term, "ja")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", "万", "亿", "%"]))
def test_number_form_does_not_change_its_value(n, suffix):
    plain = f"{n}{suffix}"
    grouped = f"{n:,}{suffix}"
    wide = plain.translate(str.maketrans("0123456789%", "０１２３４５６７８９％"))
    assert [v for v, _ in extract_numbers(plain)] == [v for v, _ in extract_numbers(grouped)] \
        == [v for v, _ in extract_numbers(wide)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET + "をがへでに", max_size=30), st.text(alphabet="銀サービス国際市場", min_size=3, max_size=6))
def test_loose_match_finds_every_exact_match_and_only_particle_linked_forms(text, term):
    from aligner.glossary import find_loose
    loose = find_loose(term, text)
    assert set(find_all(term, text, "ja")) <= set(loose)
    # What the loose match adds is the term with case particles between its characters, nothing else
    # (the term's alphabet has no kana of its own to confuse with a particle).
    want = fold_term(term, "ja")
    for s, e in loose:
        got = fold_map(text[s:e], "ja")[0]
        for p in ("への", "での", "の", "を", "が", "に"):
            got = got.replace(p, "")
        assert got == want


def test_a_term_does_not_end_inside_a_kana_joined_with_its_voicing_mark():
    # ﾊﾟ is パ, and サﾟ is サ plus a combining mark: neither contains the kana before the mark.
    assert find_all("ササ", "サササﾟ", "ja") == [(0, 2)]
    assert find_all("ハ", "ﾊﾟ", "ja") == []
    from aligner.glossary import find_loose
    assert find_loose("サササ", "サササﾟ") == []


def test_loose_match_finds_overlapping_occurrences_as_the_exact_match_does():
    from aligner.glossary import find_loose
    assert find_all("サササ", "ササササ", "ja") == [(0, 3), (1, 4)]
    assert find_loose("サササ", "ササササ") == [(0, 3), (1, 4)]
    assert find_loose("市場参入", "市場の参入と市場参入") == [(0, 5), (6, 10)]


def _fold_map_by_piece(text, lang):
    """The definition fold_map must agree with: each character (with a voicing mark after it) folded on its own."""
    from aligner.glossary import _fold_piece
    out, offsets, i = [], [], 0
    while i < len(text):
        j = i + 2 if i + 1 < len(text) and text[i + 1] in "\uff9e\uff9f\u3099\u309a" else i + 1
        for ch in _fold_piece(text[i:j], lang):
            out.append(ch)
            offsets.append(i)
        i = j
    return "".join(out), offsets + [len(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET + "㍿①ｶﾞ\u3099\uff9e", max_size=30), st.sampled_from(["zh", "ja"]))
def test_fold_map_and_fold_text_agree_with_folding_piece_by_piece(text, lang):
    # Covers the shortcut for texts whose characters all fold one for one, and the general walk
    # (a character NFKC expands (㍿ → 株式会社), an ignored one (・, space), a separate voicing mark).
    from aligner.glossary import fold_text
    expected = _fold_map_by_piece(text, lang)
    assert fold_map(text, lang) == expected
    assert fold_text(text, lang) == expected[0]
