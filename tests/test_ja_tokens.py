"""The checks' Japanese tokens are spaCy's Japanese tokens, without spaCy's Doc.

aligner.lang.ja_tokens runs Sudachi directly and applies spaCy's rules for empty surfaces and
whitespace; these tests hold it to spaCy's own tokenizer (still installed: the Chinese
pipeline is spaCy's) on the seed's Japanese and on generated text full of whitespace.
"""
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from aligner.lang.ja_tokens import tokenize
from aligner.lang.sentences import split_text

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "corpora").glob("001_*.txt"))


@pytest.fixture(scope="module")
def spacy_ja():
    import spacy
    return spacy.blank("ja")


def _view(tokens):
    return [(t.text, t.idx, t.tag_, t.lemma_) for t in tokens]


def test_seed_japanese_tokens_equal_spacys(spacy_ja):
    from aligner.readers import read_bilingual
    doc = read_bilingual([str(SEED)])
    texts = [s.text for s in doc.ja]
    texts += [x for t in texts for x in split_text(t)]
    assert len(texts) > 100
    for text in texts:
        assert _view(tokenize(text)) == _view(spacy_ja(text)), text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="制度を構築する。サービス業の開放 \u3000\t\n…ﾊﾟｿｺﾝ2,000円ABC😀", max_size=40))
def test_generated_text_with_whitespace_tokens_equal_spacys(spacy_ja, text):
    assert _view(tokenize(text)) == _view(spacy_ja(text))


def test_tokens_sit_at_their_offsets_and_leave_out_only_single_spaces_after_words():
    text = "北京市は　サービス業の開放を拡大する。 2020年 8月  末"
    toks = tokenize(text)
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in toks)
    covered = set()
    for a, b in zip(toks, toks[1:]):
        assert a.idx + len(a.text) <= b.idx  # in order, no overlap
    for t in toks:
        covered |= set(range(t.idx, t.idx + len(t.text)))
    assert {text[k] for k in set(range(len(text))) - covered} <= {" "}
    assert any(t.tag_.startswith("助詞") and t.text == "を" for t in toks)
    assert any(t.lemma_ == "する" for t in toks)
    assert any(t.tag_ == "空白" and t.text == "\u3000" for t in toks)


def test_the_glossary_has_no_spacy_pipeline_for_japanese():
    from aligner.glossary import _nlp
    with pytest.raises(ValueError):
        _nlp("ja")


def test_a_paragraph_longer_than_sudachi_accepts_is_tokenized_in_pieces():
    # Sudachi refuses more than 49,149 bytes; one long table line or a page without a full stop can be that.
    sentence = "北京市はサービス業の開放を拡大し、制度を構築する。"
    text = sentence * 3000  # 75,000 characters, 225,000 bytes
    toks = tokenize(text)
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in toks)
    assert "".join(t.text for t in toks) == text
    # Cut at sentence ends: every piece is read as the short text is.
    one = [(t.text, t.tag_) for t in tokenize(sentence)]
    assert len(toks) == 3000 * len(one)
    assert [(t.text, t.tag_) for t in toks] == one * 3000
