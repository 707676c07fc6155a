"""Compounds split by a conjunction: one thing of the source made into two in the target.

Chinese stacks nouns into one compound (电力大数据 'big data of the power sector'); a translator
who reads the stack as a list writes 電力およびビッグデータ ('electric power and big data'),
which names two things. The check looks for two words the source writes side by side, with
no 和/与/及/、 between them, whose renderings the target joins with および, 及び, 並びに, と
or や. A word's rendering is its kanji cognate (folded onto one script) or, for a glossary
term, any of its glossary renderings (大数据 → ビッグデータ).
"""
from __future__ import annotations

import re

from ..glossary import all_terms, find_all, fold_map, fold_term, fold_text
from ..lang.script import is_han
from .base import Check, register

_CONJ = ("および", "及び", "並びに", "ならびに", "と", "や")


def _renderings(word: str, terms) -> set[str]:
    """Folded Japanese forms a word may take: its kanji cognate and its glossary renderings."""
    out = {fold_text(word, "zh")}
    for t in terms:
        if fold_term(t.zh, "zh") == fold_text(word, "zh"):
            out.update(fold_term(r, "ja") for r in t.ja)
    return {r for r in out if len(r) >= 2}


def _words(zh: str, terms) -> list[tuple[int, int, str]]:
    """Spans and parts of speech of the source's words: jieba's, with glossary terms kept whole as nouns
    (大数据, not 大|数据)."""
    from .completeness import _zh_pos
    spans, i = [], 0
    for w, pos in _zh_pos(zh):
        spans.append((i, i + len(w), pos))
        i += len(w)
    fz = fold_map(zh, "zh")
    for t in terms:
        for s, e in find_all(t.zh, zh, "zh", folded=fz):
            spans = [(a, b, p) for a, b, p in spans if b <= s or a >= e] + [(s, e, "n")]
    return sorted(spans)


@register
class SplitCompound(Check):
    name = "split-compound"
    category = "mistranslation"
    severity = "minor"
    title = "Two words the source writes as one compound (电力大数据) joined by および/と in the target"
    matched_only = True

    def prepare(self, alignment, ctx):
        self.terms = [t for t in all_terms(ctx.glossaries) if t.ja]

    def run(self, unit, ctx):
        zh, ja = unit.zh, unit.ja
        fj, offsets = fold_map(ja, "ja")
        if not any(c in fj for c in _CONJ):
            return
        spans = _words(zh, self.terms)
        seen = set()
        for (a, b, p1), (c, d, p2) in zip(spans, spans[1:]):
            first, second = zh[a:b], zh[c:d]
            if b != c or len(first) < 2 or len(second) < 2 or not all(is_han(x) for x in first + second):
                continue
            if not (p1.startswith("n") and p2.startswith("n")):
                continue  # two verbs side by side (参与提供 'take part in and provide') are coordinated
            for r1 in _renderings(first, self.terms):
                for r2 in _renderings(second, self.terms):
                    m = re.search(re.escape(r1) + "(" + "|".join(map(re.escape, _CONJ)) + ")" + re.escape(r2), fj)
                    if not m or (r1 + r2) in fj or (first + second) in seen:
                        continue
                    seen.add(first + second)
                    span = ja[offsets[m.start()]:offsets[m.end()]]
                    yield self.finding(unit, zh_span=first + second, ja_span=span,
                                       suggestion=ja[offsets[m.start()]:offsets[m.start(1)]]
                                       + ja[offsets[m.end(1)]:offsets[m.end()]],
                                       message=f"'{first}{second}' is one compound in the source ('{second}' of "
                                               f"'{first}') but '{span}' makes it two things")
