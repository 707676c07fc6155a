"""Script leakage: Chinese-only character forms left in the Japanese, and the reverse.

A translator working from a Chinese source with a Chinese IME easily leaves 务 for 務 or
开 for 開; a copy-paste of a traditional source leaves 國 for 国. Each distinct offending
character is reported once per unit, with the surrounding word as the span so a reviewer
can find it.
"""
from __future__ import annotations

from functools import lru_cache

from ..lang.script import fold_zh, is_han, is_japanese_only, is_kana, is_old_form, is_simplified_only, japanese_form
from .base import Check, register


def _context(text: str, i: int) -> str:
    """The Han run around position i (the word a reviewer searches for), at most 8 characters."""
    s = i
    while s > 0 and is_han(text[s - 1]) and i - s < 4:
        s -= 1
    e = i + 1
    while e < len(text) and is_han(text[e]) and e - i < 4:
        e += 1
    return text[s:e]


def _to_japanese(word: str) -> str:
    return "".join(japanese_form(c) if is_simplified_only(c) or is_old_form(c) else c for c in word)


@lru_cache(maxsize=65536)
def is_common_japanese(ch: str) -> bool:
    """In JIS X 0208 level 1, the everyday kanji set: 准 (批准), 干 (若干), 淀 (海淀), 机 (desk) are Japanese
    words in their own right even though Chinese also uses them as simplifications of 準, 幹, 澱, 機."""
    try:
        b = ch.encode("euc_jp")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xCF


@lru_cache(maxsize=65536)
def is_simplified_chinese(ch: str) -> bool:
    """In GB 2312, the simplified-Chinese set: 予, 研, 沪, 慎 are ordinary Chinese even if Japanese shares them."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def is_chinese_form(ch: str) -> bool:
    """A form modern Chinese writes and Japanese does not: simplified-only (务), or shared by simplified and
    traditional Chinese while Japanese simplified it its own way (步/歩, 涉/渉, 黑/黒)."""
    return (is_simplified_only(ch) or (is_old_form(ch) and fold_zh(ch) == ch)) and not is_common_japanese(ch)


def _word_with(text: str, i: int):
    """The Sudachi token of text that holds position i."""
    from ..glossary import tokens
    for tok in tokens(text, "ja"):
        if tok.idx <= i < tok.idx + len(tok.text):
            return tok
    return None


def is_simplified_in_word(text: str, i: int) -> bool:
    """A simplified form that is also an everyday Japanese character (筑, 干, 机), used where Japanese writes
    the full form: alone it makes no word (建|筑), with its Japanese form it makes one (建築). 筑波, 若干,
    批准 are words as written, and 机の上 is 机 either way, so those stay."""
    ch = text[i]
    if not (is_simplified_only(ch) and is_common_japanese(ch)):
        return False
    s = i
    while s > 0 and is_han(text[s - 1]) and i - s < 4:
        s -= 1
    e = i + 1
    while e < len(text) and is_han(text[e]) and e - i < 4:
        e += 1
    if e - s < 2:
        return False
    run = text[s:e]
    as_is = _word_with(run, i - s)
    fixed = _word_with(run[:i - s] + japanese_form(ch) + run[i - s + 1:], i - s)
    return (as_is is not None and len(as_is.text) == 1 and fixed is not None and len(fixed.text) >= 2
            and not fixed.tag_.startswith("名詞-固有名詞"))


@register
class SimplifiedInJapanese(Check):
    name = "simplified-in-ja"
    category = "script"
    severity = "major"
    title = "Chinese character form (务, 开, 步) left in the Japanese"

    def run(self, unit, ctx):
        seen_chars, seen_words = set(), set()
        text = unit.ja
        for i, ch in enumerate(text):
            if ch in seen_chars:
                continue
            if not is_chinese_form(ch) and not is_simplified_in_word(text, i):
                continue
            word = _context(text, i)
            bad = [c for c in dict.fromkeys(word) if is_chinese_form(c) or c == ch]
            seen_chars.update(bad)
            if word in seen_words:
                continue
            seen_words.add(word)
            forms = ", ".join(f"'{c}'→'{japanese_form(c)}'" for c in bad)
            yield self.finding(unit, ja_span=word, suggestion=_to_japanese(word),
                               message=f"Chinese character form(s) in the Japanese: {forms}")


# Old forms Japanese keeps in proper names (澤田, 渡邊, 齋藤, 麗澤大学): in a name they are the spelling,
# not a leak, and a translation may follow an established Japanese name. 國, 來, 經, 發 are not
# among them: Japanese prose and names alike write 国, 来, 経, 発.
NAME_FORMS = frozenset("澤濱邊邉齋齊髙﨑嶋櫻廣瀧眞德彌壽榮惠穗瀨")


@register
class OldFormInJapanese(Check):
    name = "old-form-in-ja"
    category = "script"
    severity = "minor"
    title = "Traditional/old character form where Japanese uses shinjitai"

    def run(self, unit, ctx):
        seen = set()
        text = unit.ja
        for i, ch in enumerate(text):
            if ch in seen or ch in NAME_FORMS or is_chinese_form(ch) or not is_old_form(ch):
                continue
            seen.add(ch)
            word = _context(text, i)
            yield self.finding(unit, ja_span=word, suggestion=_to_japanese(word),
                               message=f"'{ch}' is an old/traditional form; Japanese writes '{japanese_form(ch)}'")


@register
class JapaneseInSource(Check):
    name = "japanese-in-zh"
    category = "script"
    severity = "minor"
    title = "Japanese-only character forms or kana in the Chinese source"

    def run(self, unit, ctx):
        text = unit.zh
        kana = [c for c in text if is_kana(c) and c not in "ー・"]
        if len(kana) >= 2:
            i = text.index(kana[0])
            yield self.finding(unit, zh_span=text[max(0, i - 2):i + 6],
                               message=f"the source contains kana ({''.join(kana[:6])}…): Japanese text in the "
                                       "Chinese column, or a misalignment")
            return
        seen = set()
        for i, ch in enumerate(text):
            if ch not in seen and is_japanese_only(ch) and not is_simplified_chinese(ch):
                seen.add(ch)
                yield self.finding(unit, zh_span=_context(text, i),
                                   message=f"'{ch}' is a Japanese (or traditional) form in the simplified-Chinese source")
