"""Japanese tokens for the QA checks: Sudachi's analysis, read the way spaCy's Japanese tokenizer reads it.

The checks need four things of a token: its text, its offset, its part-of-speech tag and its
dictionary form. spaCy's `spacy.blank("ja")` computes those from SudachiPy and then builds a
Doc (readings, normalised forms, inflections, POS mapping, morphology objects), which costs
four to five times Sudachi's own analysis; on a long document Japanese tokenizing was the
largest share of QA time. This module runs the same Sudachi dictionary and split mode and
keeps spaCy's rules for what a token is (empty surfaces dropped, runs of whitespace one
token tagged 空白, a single space after a word no token at all), so the tokens are spaCy's
tokens (tests/test_ja_tokens.py compares them), with the same attribute names.
"""
from __future__ import annotations

from dataclasses import dataclass

GAP_TAG = "空白"


@dataclass(frozen=True, slots=True)
class Token:
    """text, idx, tag_ and lemma_ as spaCy's Token has them (the names are spaCy's, so checks read either)."""

    text: str
    idx: int
    tag_: str
    lemma_: str


_TOKENIZER = None


def _sudachi():
    global _TOKENIZER
    if _TOKENIZER is None:
        from sudachipy import dictionary, tokenizer
        # spaCy's default for Japanese: split mode A, the core dictionary.
        _TOKENIZER = dictionary.Dictionary().create(mode=tokenizer.Tokenizer.SplitMode.A)
    return _TOKENIZER


# Sudachi refuses an input over 49,149 bytes of UTF-8. A paragraph that long (a table flattened
# into one line, a whole page without a full stop) is analysed in pieces of at most this many
# characters (4 bytes each at worst), cut after a sentence end, a line end or a space when the
# piece holds one; spaCy would have stopped with an error instead.
MAX_CHARS = 12_000
_CUTS = "。！？!?；;\n \u3000、，"


def tokenize(text: str) -> list[Token]:
    """Sudachi's tokens of text, whitespace handled as spaCy handles it."""
    if len(text) <= MAX_CHARS:
        return _tokenize(text)
    out: list[Token] = []
    at = 0
    while at < len(text):
        end = min(len(text), at + MAX_CHARS)
        if end < len(text):
            cut = max(text.rfind(c, at + MAX_CHARS // 2, end) for c in _CUTS)
            end = cut + 1 if cut >= 0 else end
        out.extend(Token(t.text, t.idx + at, t.tag_, t.lemma_) for t in _tokenize(text[at:end]))
        at = end
    return out


_TAGS: dict[int, str] = {}   # Sudachi's part-of-speech id → the tag, as spaCy writes it


def _tag(morpheme) -> str:
    tag = _TAGS.get(morpheme.part_of_speech_id())
    if tag is None:
        tag = _TAGS[morpheme.part_of_speech_id()] = "-".join([p for p in morpheme.part_of_speech()[:4] if p != "*"])
    return tag


def _tokenize(text: str) -> list[Token]:
    morphs = []
    for m in _sudachi().tokenize(text):
        surface = m.surface()
        if surface:
            lemma = m.dictionary_form()
            # One string for a tag and none for a lemma equal to its surface: a check run keeps its tokens.
            morphs.append((surface, _tag(m), surface if lemma == surface else lemma))
    # Consecutive whitespace tokens: only the first is kept (its gap is measured on the text below).
    morphs = [t for k, t in enumerate(morphs)
              if k == 0 or not (t[0].isspace() and t[1] == GAP_TAG
                                and morphs[k - 1][0].isspace() and morphs[k - 1][1] == GAP_TAG)]
    out: list[Token] = []
    if not any(not s.isspace() for s, _, _ in morphs):
        return [Token(text, 0, GAP_TAG, text)] if morphs else []
    at = 0
    for k, (surface, tag, lemma) in enumerate(morphs):
        if surface.isspace():
            continue
        start = text.index(surface, at)
        if start > at:  # the whitespace before this word, as one token
            gap = text[at:start]
            out.append(Token(gap, at, GAP_TAG, gap))
        out.append(Token(surface, start, tag, lemma or surface))
        at = start + len(surface)
        if k + 1 < len(morphs) and morphs[k + 1][0] == " ":
            at += 1  # one space after a word is that word's trailing space, not a token
    if at < len(text):
        gap = text[at:]
        out.append(Token(gap, at, GAP_TAG, gap))
    return out
