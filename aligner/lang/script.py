"""Script facts about Han, kana and Latin text, and folding Chinese and Japanese onto one script.

Chinese and Japanese share most Han characters but spell many of them differently
(务/務, 总/総, 发/発). Folding both sides to simplified Chinese makes those meet, which
is the strongest cheap signal that two segments translate each other.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

_s2t = opencc.OpenCC("s2t")
_t2s = opencc.OpenCC("t2s")
_t2jp = opencc.OpenCC("t2jp")
_jp2t = opencc.OpenCC("jp2t")


def is_han(ch: str) -> bool:
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3134F or o == 0x3007)


def is_kana(ch: str) -> bool:
    o = ord(ch)
    # Hiragana, katakana (incl. ー), halfwidth katakana, katakana phonetic extensions.
    return 0x3041 <= o <= 0x309F or 0x30A0 <= o <= 0x30FF or 0xFF66 <= o <= 0xFF9F or 0x31F0 <= o <= 0x31FF


def kana_count(text: str) -> int:
    return sum(1 for c in text if is_kana(c) and c not in "ー・")


def han_count(text: str) -> int:
    return sum(1 for c in text if is_han(c))


def fold_zh(text: str) -> str:
    """Chinese onto simplified (traditional or Japanese forms in a Chinese text fold too)."""
    return _t2s.convert(text)


def fold_ja(text: str) -> str:
    """Japanese shinjitai onto simplified Chinese: 務→务, 総→总, 発→发."""
    return _t2s.convert(_jp2t.convert(text))


def fold(text: str, lang: str) -> str:
    return fold_zh(text) if lang == "zh" else fold_ja(text)


@lru_cache(maxsize=65536)
def is_simplified_only(ch: str) -> bool:
    """A character Chinese writes but Japanese does not (务, 开, 实): simplified, and Japanese spells it otherwise."""
    if not is_han(ch):
        return False
    trad = _s2t.convert(ch)
    if trad == ch:
        return False
    return _t2jp.convert(trad) != ch


@lru_cache(maxsize=65536)
def japanese_form(ch: str) -> str:
    """The Japanese spelling of a Chinese character (务→務, 國→国); the character itself if none differs."""
    return _t2jp.convert(_s2t.convert(ch))


@lru_cache(maxsize=65536)
def is_japanese_only(ch: str) -> bool:
    """A character Japanese writes but simplified Chinese does not (務, 総, 発); 国 is shared, so not."""
    if not is_han(ch):
        return False
    return _t2s.convert(_jp2t.convert(ch)) != ch


@lru_cache(maxsize=65536)
def is_old_form(ch: str) -> bool:
    """A traditional/kyūjitai character where Japanese uses shinjitai (國→国, 來→来, 經→経)."""
    if not is_han(ch):
        return False
    return _t2jp.convert(ch) != ch


def script_evidence(text: str) -> float:
    """Positive for Japanese, negative for Chinese, near zero when the text could be either.

    Kana is decisive; Han spelling forms (務 vs 务) are weaker, since either language's text
    leaks the other's forms in real documents.
    """
    kana = kana_count(text)
    ja_forms = sum(1 for c in text if is_japanese_only(c))
    zh_forms = sum(1 for c in text if is_simplified_only(c))
    score = 3.0 * min(kana, 10) + 1.0 * min(ja_forms, 10) - 1.0 * min(zh_forms, 10)
    if "・" in text:
        score += 1.0
    return score


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)
