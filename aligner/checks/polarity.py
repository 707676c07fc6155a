"""Polarity: a negated or prohibited statement in the source that reads as affirmative in the target.

Dropping 不得 ('must not') or 未经 ('without approval') turns a rule into its opposite, and
no length or number check notices. Chinese 不 is also a plain morpheme (不同 'different', 不断
'continuously', 不动产 'real estate'), so only words that really negate are looked for, and
comparisons that Japanese writes without a negation (不超过 → 以下, 不低于 → 以上) are left out.
The judgement is made per sentence when the paragraph's sentences pair up believably, and on
the whole paragraph when it is a single sentence.
"""
from __future__ import annotations

import re

from ..lang.sentences import split_text
from .base import Check, register
from .glossary import sentence_pairs

_ZH_NEGATION = re.compile(r"不得|不予|不能|不可|不含|不包括|不属于|不符合|不涉及|不纳入|不允许|不适用|未经|尚未|"
                          r"无须|无需|无法|没有|禁止|严禁")
# Japanese negation and exclusion: verb endings (ない, ず, ぬ, ません), kanji prefixes (不, 未, 無, 非) and the
# words a translator uses for 不含/禁止 (除く, 以外, 禁).
_JA_NEGATION = re.compile(r"ない|なく|なし|ず|ぬ|ません|不|未|無|非|禁|除|以外")


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
            m = _ZH_NEGATION.search(z)
            if m and not _JA_NEGATION.search(j):
                yield self.finding(unit, zh_span=m.group(), ja_span="",
                                   message=f"'{m.group()}' negates '{z.strip()[:30]}…' but the target sentence "
                                           f"'{j.strip()[:30]}…' has no negation (ない, 不, 未, 禁止 …)",
                                   suggestion="check that the negation was translated")
