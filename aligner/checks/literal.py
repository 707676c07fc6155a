"""Literal carry-over: a Chinese function character kept in the Japanese as if it were part of a name.

Official Chinese uses single characters as verbs and prepositions inside long noun phrases
(财政部商有关部门确定: 'the Ministry of Finance decides *in consultation with* the departments
concerned'). A literal translation keeps the character and glues it to the next noun
(商関連部門, 'the commerce-related departments'), which reads as a plausible but wrong name.
The check looks for such a character that is a word of its own in the Chinese (jieba) and
stands alone before a noun in the Japanese (Sudachi finds no Japanese word containing it).
"""
from __future__ import annotations

from ..glossary import tokens, zh_words
from ..lang.script import is_han, japanese_form
from .base import Check, register

# Characters that official Chinese uses as a verb or preposition on their own (商 consult, 经 via,
# 由 by, 按/据/凭 according to, 拟 intend, 须 must) but that Japanese does not use as a one-character
# noun or prefix in prose. 对, 同, 与, 各 are left out: Japanese 対外, 同部門, 与党, 各部門 are real.
FUNCTION_CHARS = {
    "商": "consult with (商有关部门 = in consultation with the departments concerned)",
    "经": "through / after approval by (经国务院批准)",
    "由": "by (由财政部确定 = decided by the Ministry of Finance)",
    "按": "according to (按规定)",
    "据": "based on (据实)",
    "凭": "by virtue of (凭证件)",
    "拟": "intend to (拟设立)",
    "须": "must (须由中方控股)",
}


def _zh_function_chars(text: str) -> set[str]:
    return {w for w in zh_words(text) if w in FUNCTION_CHARS}


@register
class GluedFunctionChar(Check):
    name = "glued-function-char"
    category = "mistranslation"
    severity = "major"
    title = "A Chinese verb or preposition (商, 经, 由) kept in the Japanese, glued to the next noun"
    matched_only = True

    def run(self, unit, ctx):
        ja = unit.ja
        # Cheap test first: tokenizing is only needed when one of the characters is in the Japanese at all.
        present = [c for c in FUNCTION_CHARS if _ja_forms(c) & set(ja)]
        if not present:
            return
        chars = _zh_function_chars(unit.zh) & set(present)
        if not chars:
            return
        toks = list(tokens(ja, "ja"))
        seen = set()
        for i, tok in enumerate(toks):
            c = next((z for z in chars if tok.text in _ja_forms(z)), None)
            if c is None or c in seen or i + 1 >= len(toks):
                continue
            prev = ja[tok.idx - 1] if tok.idx else ""
            nxt = toks[i + 1]
            # Alone between a non-Han character and a noun: 〜の商関連部門, not 商業 or 協商.
            if (prev and is_han(prev)) or not nxt.tag_.startswith("名詞") or not is_han(nxt.text[0]):
                continue
            seen.add(c)
            span = ja[tok.idx:nxt.idx + len(nxt.text)]
            yield self.finding(unit, zh_span=c, ja_span=span,
                               message=f"'{tok.text}' in '{span}' looks like the Chinese '{c}' carried over: there it "
                                       f"means {FUNCTION_CHARS[c]}, not part of a name",
                               suggestion=f"translate '{c}' as a verb or particle")


def _ja_forms(c: str) -> set[str]:
    """The character as a Japanese text may show it: itself or its Japanese form (经 → 経)."""
    return {c, japanese_form(c)}
