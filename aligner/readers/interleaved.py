"""One file, a Chinese paragraph followed by its Japanese: languages alternate paragraph by paragraph.

The Japanese may be hard-wrapped over several lines like a PDF column, and the translation
may sit right under its source with no blank line between (blank lines only between
pairs). Alternation, not each paragraph's script alone, settles paragraphs that carry no
script evidence (a date, a document number).
"""
from __future__ import annotations

from ..model import Bilingual, Segment
from . import langid
from .paragraphs import Block, Para, join_pieces, paragraphs, split_blocks, strip_markup

PAIR_SHARE = 0.6  # blocks that must each hold a source and its translation for the file to be read that way


def _split_pair(block: Block, *, clear: bool = True, ev_of=langid.evidence) -> int | None:
    """The line where a block turns from one language to the other; with `clear`, only if it clearly holds both."""
    if len(block.lines) < 2:
        return None
    ev = [ev_of(strip_markup(line)) for line in block.lines]
    langs = langid.two_blocks(ev)
    k = next((i for i in range(1, len(langs)) if langs[i] != langs[0]), None)
    if k is None or not clear:
        return k
    first, second = sum(ev[:k]), sum(ev[k:])
    if (first > 0) == (second > 0) or min(abs(first), abs(second)) < 1.0:
        return None
    return k


def _pairs(blocks: list[Block], ev_of=langid.evidence) -> list[Para] | None:
    """Paragraphs when (most) blocks are a source paragraph with its translation directly under it."""
    if len(blocks) < 2:
        return None
    splits = [_split_pair(b, ev_of=ev_of) for b in blocks]
    if sum(1 for s in splits if s) < PAIR_SHARE * len(blocks):
        return None
    # The file is pairs: a block whose two halves carry little script (two short headings) is a pair too.
    splits = [s if s else _split_pair(b, clear=False, ev_of=ev_of) for b, s in zip(blocks, splits)]
    out = []
    for b, s in zip(blocks, splits):
        parts = [(0, len(b.lines))] if s is None else [(0, s), (s, len(b.lines))]
        for a, z in parts:
            text = join_pieces([strip_markup(line) for line in b.lines[a:z]])
            if text:
                out.append(Para(text, b.first_line + a, b.first_line + z - 1, False))
    return out


def pairs_of(text: str, *, forms: bool | None = None) -> list[Para] | None:
    if forms is None:
        forms = langid.forms_tell(text)
    return _pairs(split_blocks(text.split("\n")), langid.scorer(forms))


def parse(text: str, *, file: str, encoding: str) -> Bilingual:
    forms = langid.forms_tell(text)
    ev = langid.scorer(forms)
    paras = pairs_of(text, forms=forms) or paragraphs(text, cut=langid.cutter(forms))
    langs = langid.alternating([ev(p.text) for p in paras])
    segs = {lang: tuple(Segment(p.text, lang, file, p.first_line, p.last_line)
                        for p, l in zip(paras, langs) if l == lang) for lang in (langid.ZH, langid.JA)}
    return Bilingual(segs["zh"], segs["ja"], "interleaved", encoding, (file,))
