"""Japanese particle slips: two case particles in a row that no sentence allows (をの, がを, をを).

An edit that replaces a verb phrase with a noun (メカニズムを構築する → メカニズムの構築) easily
leaves the old particle behind: メカニズムをの構築. Sudachi tags the particles; only pairs that
Japanese grammar never produces are reported, so compound particles (からの, での, への, には)
are safe.
"""
from __future__ import annotations

from ..glossary import tokens
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
        toks = list(tokens(ja, "ja"))
        for a, b in zip(toks, toks[1:]):
            if (a.tag_.startswith("助詞") and b.tag_.startswith("助詞") and b.idx == a.idx + len(a.text)
                    and _impossible(a.text, b.text)):
                s = max(0, a.idx - 6)
                yield self.finding(unit, ja_span=a.text + b.text,
                                   suggestion=f"keep one of '{a.text}' and '{b.text}'",
                                   message=f"'{a.text}{b.text}' in '…{ja[s:b.idx + len(b.text) + 4]}…': two particles "
                                           "that cannot follow each other (a leftover from an edit?)")


def _verbal_noun(tok) -> bool:
    return tok.tag_.startswith("名詞") and "サ変" in tok.tag_


@register
class CaseMarking(Check):
    name = "case-marking"
    category = "grammar"
    severity = "minor"
    title = "A verbal noun that takes を and is marked by を itself (制度を構築を研究する), or の before a verb (政策の研究する)"
    matched_only = True

    def run(self, unit, ctx):
        ja = unit.ja
        if "を" not in ja and "の" not in ja:
            return
        toks = list(tokens(ja, "ja"))
        n = len(toks)
        for i, tok in enumerate(toks):
            if tok.text not in ("を", "の") or not tok.tag_.startswith("助詞"):
                continue
            # The verbal nouns (構築・完備) right after the particle, joined by ・.
            j = i + 1
            while j < n and (_verbal_noun(toks[j]) or (toks[j].text == "・" and j > i + 1)):
                j += 1
            if j == i + 1 or not _verbal_noun(toks[j - 1]) or j >= n:
                continue
            nxt = toks[j]
            end = nxt.idx + len(nxt.text)
            s = toks[max(0, i - 2)].idx
            if tok.text == "を" and nxt.text == "を" and nxt.tag_.startswith("助詞"):
                # Double を: the first object belongs to the verbal noun, which is then the object of the verb.
                yield self.finding(unit, ja_span=ja[tok.idx:end], suggestion=f"{ja[s:tok.idx]}の{ja[tok.idx + 1:end]}",
                                   message=f"'…{ja[s:end]}…': two を objects for one verb; the first should be の")
            elif (tok.text == "の" and nxt.lemma_ == "する" and nxt.tag_.startswith("動詞")
                  and (j + 1 >= n or toks[j + 1].tag_.startswith("補助記号"))):
                # の before a verb that ends the clause: the object needs を (の + する is only right in a
                # relative clause, 彼の勉強する姿, where a noun follows).
                yield self.finding(unit, ja_span=ja[tok.idx:end], suggestion=f"{ja[s:tok.idx]}を{ja[tok.idx + 1:end]}",
                                   message=f"'…{ja[s:end]}…': の marks the object of a verb that ends the clause; "
                                           "it should be を")
