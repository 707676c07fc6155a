"""One file, a Chinese paragraph followed by its Japanese: languages alternate block by block.

The Japanese may be hard-wrapped over several lines like a PDF column; a blank-line block
is one paragraph either way. Alternation, not each block's script alone, settles blocks
that carry no script evidence (a date, a document number).
"""
from __future__ import annotations

from ..model import Bilingual, Segment
from . import langid
from .paragraphs import paragraphs


def parse(text: str, *, file: str, encoding: str) -> Bilingual:
    paras = paragraphs(text, cut=langid.language_cut)
    langs = langid.alternating([langid.evidence(p.text) for p in paras])
    segs = {lang: tuple(Segment(p.text, lang, file, p.first_line, p.last_line)
                        for p, l in zip(paras, langs) if l == lang) for lang in (langid.ZH, langid.JA)}
    return Bilingual(segs["zh"], segs["ja"], "interleaved", encoding, (file,))
