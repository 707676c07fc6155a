"""One file, all Chinese paragraphs and then all Japanese ones (or the other way round).

The single switch point is placed where the script evidence of the blocks on either side
agrees best, so a kana-less Japanese heading right after the switch stays Japanese.
"""
from __future__ import annotations

from ..model import Bilingual, Segment
from . import langid
from .paragraphs import paragraphs


def parse(text: str, *, file: str, encoding: str) -> Bilingual:
    forms = langid.forms_tell(text)
    ev = langid.scorer(forms)
    paras = paragraphs(text, cut=langid.cutter(forms))
    langs = langid.two_blocks([ev(p.text) for p in paras])
    segs = {lang: tuple(Segment(p.text, lang, file, p.first_line, p.last_line)
                        for p, l in zip(paras, langs) if l == lang) for lang in (langid.ZH, langid.JA)}
    return Bilingual(segs["zh"], segs["ja"], "blocks", encoding, (file,))
