"""Two files, one per language: paragraphs by blank lines, or one per line when that is how the file is written."""
from __future__ import annotations

from ..errors import InputError
from ..lang.script import kana_count
from ..model import Bilingual, Segment
from . import langid
from .paragraphs import Para, dewrap, paragraphs


def _evidence(paras: list[Para], ev=langid.evidence) -> float:
    return sum(ev(p.text) for p in paras)


def _paragraphs(text: str) -> list[Para]:
    """Paragraphs of one language's file, rejoined where a PDF column cut them line by line.

    An extraction that puts a blank line after every physical line (as corpora/000 does)
    gives one-line blocks; if their lengths show a column width, lines cut at it run on.
    """
    paras = paragraphs(text)
    if paras and all(p.first_line == p.last_line for p in paras):
        return dewrap(paras)
    return paras


def parse(zh_text: str, ja_text: str, *, files: tuple[str, str], encodings: tuple[str, str]) -> Bilingual:
    zh_file, ja_file = files
    zh_enc, ja_enc = encodings
    zh_paras, ja_paras = _paragraphs(zh_text), _paragraphs(ja_text)
    ev = langid.scorer(langid.forms_tell(zh_text + ja_text))
    # Files given the wrong way round are read the right way round rather than refused.
    if _evidence(zh_paras, ev) > _evidence(ja_paras, ev):
        zh_paras, ja_paras, zh_file, ja_file = ja_paras, zh_paras, ja_file, zh_file
        zh_enc, ja_enc = ja_enc, zh_enc
    if not any(kana_count(p.text) for p in ja_paras):
        raise InputError("no Japanese text found in either file (both read as Chinese)", path=ja_file,
                         hint="give the Chinese file first and the Japanese translation second")
    if any(kana_count(p.text) for p in zh_paras) and _evidence(zh_paras, ev) > 0:
        raise InputError("no Chinese text found in either file (both read as Japanese)", path=zh_file,
                         hint="give the Chinese file first and the Japanese translation second")
    zh = tuple(Segment(p.text, "zh", zh_file, p.first_line, p.last_line) for p in zh_paras)
    ja = tuple(Segment(p.text, "ja", ja_file, p.first_line, p.last_line) for p in ja_paras)
    encoding = zh_enc if zh_enc == ja_enc else f"{zh_enc}+{ja_enc}"
    return Bilingual(zh, ja, "pair", encoding, (zh_file, ja_file))
