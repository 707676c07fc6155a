"""Japanese particle slips: two case particles in a row that no sentence allows (をの, がを, をを).

An edit that replaces a verb phrase with a noun (メカニズムを構築する → メカニズムの構築) easily
leaves the old particle behind: メカニズムをの構築. Sudachi tags the particles; only pairs that
Japanese grammar never produces are reported, so compound particles (からの, での, への, には)
are safe.
"""
from __future__ import annotations

from ..glossary import _nlp
from .base import Check, register

# A case particle that marks the object or subject cannot be followed by another case particle,
# and no particle is doubled; から/で/へ/と/まで/より + の/は/も are the grammatical combinations.
_CLOSED = {"を", "が"}
_CASE = {"を", "が", "の", "に", "へ", "で", "と", "から", "より"}


def _impossible(a: str, b: str) -> bool:
    return (a in _CLOSED and b in _CASE) or (a == b and a in _CASE | {"は"})


@register
class ParticleSlip(Check):
    name = "particles"
    category = "grammar"
    severity = "minor"
    title = "Impossible particle sequence in the Japanese (をの, がを, をを)"
    matched_only = True

    def run(self, unit, ctx):
        ja = unit.ja
        # Only texts that contain such a pair of characters at all are tokenized.
        if not any(a + b in ja for a in _CLOSED | _CASE | {"は"} for b in _CASE | {"は"} if _impossible(a, b)):
            return
        toks = list(_nlp("ja")(ja))
        for a, b in zip(toks, toks[1:]):
            if (a.tag_.startswith("助詞") and b.tag_.startswith("助詞") and b.idx == a.idx + len(a.text)
                    and _impossible(a.text, b.text)):
                s = max(0, a.idx - 6)
                yield self.finding(unit, ja_span=a.text + b.text,
                                   suggestion=f"keep one of '{a.text}' and '{b.text}'",
                                   message=f"'{a.text}{b.text}' in '…{ja[s:b.idx + len(b.text) + 4]}…': two particles "
                                           "that cannot follow each other (a leftover from an edit?)")
