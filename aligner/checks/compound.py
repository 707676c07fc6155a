"""Compounds split by a conjunction: one thing of the source made into two in the target.

Chinese stacks nouns into one compound (电力大数据 'big data of the power sector'); a translator
who reads the stack as a list writes 電力およびビッグデータ ('electric power and big data'),
which names two things. The check looks for two words the source writes side by side, with
no 和/与/及/、 between them, whose renderings the target joins with および, 及び, 並びに, と
or や. The check starts from the target, which is cheap: the kanji or katakana run on either
side of each conjunction stands for a source word by its own characters (folded onto one
script: 電力 for 电力) or, a katakana run, by the glossary terms it renders (ビッグデータ for
大数据); only a pair the source writes side by side is looked at further (jieba: both nouns).
"""
from __future__ import annotations

import re

from ..glossary import all_terms, fold_map, fold_term, zh_pos
from ..lang.script import is_han
from .base import Check, register

_CONJ = ("および", "及び", "並びに", "ならびに", "と", "や")
_CONJ_RE = re.compile("|".join(_CONJ))


def _is_kata(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch == "ー"


def _run(text: str, i: int, step: int) -> str:
    """The kanji or katakana run of text that ends just before i (step -1) or starts at i (step 1)."""
    j = i if step > 0 else i - 1
    if not (0 <= j < len(text)) or not (is_han(text[j]) or _is_kata(text[j])):
        return ""
    kind = is_han(text[j])
    k = j
    while 0 <= k + step < len(text) and (is_han(text[k + step]) if kind else _is_kata(text[k + step])):
        k += step
    return text[j:k + 1] if step > 0 else text[k:j + 1]


def _sources(run: str, end: bool, by_rendering: dict[str, set[str]]) -> set[str]:
    """Folded Chinese words a Japanese run next to the conjunction may render: a kanji run's own
    characters (the 2–4 nearest the conjunction), or the glossary terms a katakana run renders."""
    if run and is_han(run[0]):
        return {run[-n:] if end else run[:n] for n in range(2, min(4, len(run)) + 1)}
    return set(by_rendering.get(run, ()))


@register
class SplitCompound(Check):
    name = "split-compound"
    category = "mistranslation"
    severity = "minor"
    title = "Two words the source writes as one compound (电力大数据) joined by および/と in the target"
    matched_only = True

    def prepare(self, alignment, ctx):
        # folded katakana rendering → folded Chinese terms it renders (大数据 for ビッグデータ)
        self.by_rendering: dict[str, set[str]] = {}
        for t in all_terms(ctx.glossaries):
            for r in t.ja:
                fr = fold_term(r, "ja")
                if fr and all(_is_kata(c) for c in fr):
                    self.by_rendering.setdefault(fr, set()).add(fold_term(t.zh, "zh"))

    def run(self, unit, ctx):
        zh, ja = unit.zh, unit.ja
        fj, offsets = fold_map(ja, "ja")
        fz, zoff = fold_map(zh, "zh")
        seen = set()
        for m in _CONJ_RE.finditer(fj):
            left, right = _run(fj, m.start(), -1), _run(fj, m.end(), 1)
            if not left or not right:
                continue
            found = False
            for x in sorted(_sources(left, True, self.by_rendering), key=len):
                for y in sorted(_sources(right, False, self.by_rendering), key=len):
                    at = fz.find(x + y)
                    if found or at < 0 or (x + y) in seen:
                        continue
                    a, b, c = zoff[at], zoff[at + len(x)], zoff[at + len(x) + len(y)]
                    if not _nouns(zh, a, b, c, known=(not is_han(left[0]), not is_han(right[0]))):
                        continue
                    found = True
                    seen.add(x + y)
                    s = m.start() - len(left) + (len(left) - len(x) if is_han(left[0]) else 0)
                    e = m.end() + (len(y) if is_han(right[0]) else len(right))
                    span = ja[offsets[s]:offsets[e]]
                    first, second = zh[a:b], zh[b:c]
                    yield self.finding(unit, zh_span=first + second, ja_span=span,
                                       suggestion=ja[offsets[s]:offsets[m.start()]] + ja[offsets[m.end()]:offsets[e]],
                                       message=f"'{first}{second}' is one compound in the source ('{second}' of "
                                               f"'{first}') but '{span}' makes it two things")


def _nouns(zh: str, a: int, b: int, c: int, known: tuple[bool, bool] = (False, False)) -> bool:
    """zh[a:b] and zh[b:c] are nouns of their own in jieba's reading, side by side (参与提供 'take part in and
    provide' is two verbs, coordinated); a part known from the glossary (大数据, which jieba may cut as
    大|数据) only needs to start and end on word boundaries."""
    i, words = 0, []
    for w, pos in zh_pos(zh):
        words.append((i, i + len(w), pos))
        i += len(w)

    def noun(s: int, e: int) -> bool:
        inside = [p for a, b, p in words if a < e and b > s]
        whole = [p for a, b, p in words if a <= s and b >= e]
        return bool(inside) and (all(p.startswith("n") for p in inside) or (whole and whole[0].startswith("n")))
    starts = {a for a, _, _ in words} | {len(zh)}
    if not {a, b, c} <= starts:
        return False
    return (known[0] or noun(a, b)) and (known[1] or noun(b, c))
