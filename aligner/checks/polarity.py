"""Polarity: a negated or prohibited statement in the source that reads as affirmative in the target.

Dropping 不得 ('must not') or 未经 ('without approval') turns a rule into its opposite, and
no length or number check notices. Chinese 不 is also a plain morpheme (不同 'different', 不断
'continuously', 不动产 'real estate'), so only words that really negate are looked for (a list,
and 不 standing alone before a verb in jieba's reading); comparisons that Japanese writes without
a negation (不超过 → 以下, 不低于 → 以上) need a negation or a bound (以下, 以内, 以上, 未満) in the
target. Each negation of the source needs one: a sentence with two whose target has one is flagged.
The judgement is made per sentence when the paragraph's sentences pair up believably, and on
the whole paragraph when it is a single sentence.
"""
from __future__ import annotations

import re

from ..glossary import zh_pos
from ..lang.sentences import split_text
from .base import Check, register
from .glossary import sentence_pairs

_ZH_NEGATION = re.compile(r"不得|不予|不能|不可|不含|不包括|不属于|不符合|不涉及|不纳入|不允许|不适用|不受|未经|尚未|"
                          r"无须|无需|无法|没有|禁止|严禁")
# Comparisons with 不 (不超过 'not over'): Japanese writes them as a negation (超えない) or as a bound (以下).
_ZH_BOUND = re.compile(r"不(?:超过|高于|多于|大于|低于|少于|小于|足)")
# Japanese negation and exclusion: verb endings (ない, ず, ぬ, ません), kanji prefixes (不, 未, 無, 非) and the
# words a translator uses for 不含/禁止 (除く, 以外, 禁).
_JA_NEGATION = re.compile(r"ない|なく|なし|ず|ぬ|ません|不|未|無|非|禁|除|以外")
# Obligation is written with a double negative (しなければならない 'must', なくてはならない): no negation of
# the statement, so it is taken out before negations are counted. てはならない (prohibition) stays one.
_JA_OBLIGATION = re.compile(r"(?:なければ|なくては|なくちゃ|ねば)なら(?:ない|ず|ぬ)")
_JA_BOUND = re.compile(r"以下|以内|以上|未満|上限|下限|まで|を上回らない|を下回らない")


def _zh_bu_verb(text: str) -> list[str]:
    """不 standing alone before a verb (不冲突 'do not conflict', 不收取): a negated statement that the word
    list does not name. jieba keeps 不同, 不断, 不动产 as words of their own, so those never match."""
    if "不" not in text:
        return []
    words = zh_pos(text)
    return ["不" + w for (b, _), (w, pos) in zip(words, words[1:]) if b == "不" and pos.startswith("v")]


def negations(zh: str) -> list[str]:
    """The negations of a Chinese sentence, each once per occurrence; comparisons (不超过) included."""
    found = [m.group() for m in _ZH_NEGATION.finditer(zh)] + [m.group() for m in _ZH_BOUND.finditer(zh)]
    covered = "".join(found)
    return found + [w for w in _zh_bu_verb(zh) if w not in covered]


@register
class NegationLost(Check):
    name = "negation"
    category = "mistranslation"
    severity = "major"
    title = "A negation or prohibition of the source (不得, 未经, 禁止) has no negation in the target"
    matched_only = True

    def run(self, unit, ctx):
        pairs = sentence_pairs(unit.zh, unit.ja)
        if not pairs and len(split_text(unit.zh)) == 1:
            pairs = [(unit.zh, unit.ja)]
        for z, j in pairs:
            negs = negations(z)
            if not negs:
                continue
            plain = _JA_OBLIGATION.sub("", j)
            bounds = sum(1 for n in negs if _ZH_BOUND.fullmatch(n))
            # A bound (以内) stands in only for a comparison of the source: 5个工作日内 → 5営業日以内 negates nothing.
            marks = len(_JA_NEGATION.findall(plain)) + min(bounds, len(_JA_BOUND.findall(plain)))
            bounds_only = bounds == len(negs)
            # Every negation of the source needs a negation or a bound in the target: a sentence with two
            # (不超过…，无需…) whose target keeps one has turned the other around.
            if marks >= len(negs) or (bounds_only and marks):
                continue
            lost = negs[-1] if marks else negs[0]
            yield self.finding(unit, zh_span=lost, ja_span="",
                               message=f"'{z.strip()[:30]}…' negates {len(negs)}× ({', '.join(negs)}) but the "
                                       f"target sentence '{j.strip()[:30]}…' has "
                                       + (f"only {marks} negation(s)" if marks else "no negation")
                                       + " (ない, 不, 未, 禁止, 以下 …)",
                               suggestion="check that the negation was translated")
