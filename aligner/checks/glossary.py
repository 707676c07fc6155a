"""Glossary compliance: required renderings present, forbidden renderings absent.

Both checks walk the same way: the glossary terms found in the unit's source, each judged
against the target. They differ only in which terms they take and in the judgement.

Required renderings are not checked per occurrence count: a unit whose source uses a term twice
but whose target shows its rendering once is not flagged (Japanese often elides a repeated
noun), only a unit where no allowed rendering appears at all. That keeps strict-looking
glossaries from drowning the report in false alarms. Within a paragraph, though, a rendering
elsewhere does not excuse a sentence: when both sides split into the same number of sentences
of plausible relative length, each source sentence with the term must show a rendering in its
own target sentence (机队 rendered nowhere in its sentence is not saved by 航空機 two sentences on).
"""
from __future__ import annotations

from functools import lru_cache

from ..glossary import all_terms, find_all, find_loose, fold_map, fold_term
from ..lang.sentences import split_text
from .base import Check, register


def _present_terms(unit, terms, needles=None):
    """Terms whose source appears in the unit; a term inside a longer matching term is left to the longer one.

    `needles`: the terms' folded forms (term_needles), when the caller walks many units with the same terms.
    """
    zh = unit.zh
    fz = fold_map(zh, "zh")
    ft = fz[0]
    hits = []
    # A plain substring test first: nearly every term is absent from nearly every unit.
    for t, needle in zip(terms, needles if needles is not None else term_needles(terms)):
        if needle and needle in ft:
            spans = find_all(t.zh, zh, "zh", folded=fz)
            if spans:
                hits.append((t, spans))
    longer = []
    for t, spans in hits:
        covered = all(any(o is not t and len(o.zh) > len(t.zh) and any(s2 <= s and e <= e2 for s2, e2 in sp2)
                          for o, sp2 in hits) for s, e in spans)
        if not covered:
            longer.append(t)
    return longer


def term_needles(terms) -> list[str]:
    """Each term's source as find_all looks for it (folded)."""
    return [fold_term(t.zh, "zh") for t in terms]


class GlossaryCheck(Check):
    """The shared walk: the glossary terms present in a unit's source, each judged against its target."""

    matched_only = True

    def wants(self, term) -> bool:
        raise NotImplementedError

    def judge(self, unit, term, folded_ja):
        raise NotImplementedError

    def prepare(self, alignment, ctx):
        self.terms = [t for t in all_terms(ctx.glossaries) if self.wants(t)]
        self.needles = term_needles(self.terms)

    def run(self, unit, ctx):
        if not self.terms:
            return
        fj = fold_map(unit.ja, "ja")
        for t in _present_terms(unit, self.terms, self.needles):
            yield from self.judge(unit, t, fj)


@register
class GlossaryRequired(GlossaryCheck):
    name = "glossary-required"
    category = "glossary"
    severity = "minor"
    title = "Glossary term in the source, none of its renderings in the target"

    def wants(self, term):
        return bool(term.ja)

    def judge(self, unit, t, fj):
        note = f" ({t.note})" if t.note else ""
        if not _rendered(t, unit.ja, fj):
            yield self.finding(unit, zh_span=t.zh, suggestion=" | ".join(t.ja),
                               message=f"'{t.zh}' should be rendered as {' or '.join(t.ja)} [{t.origin}]{note}")
            return
        for z, j in sentence_pairs(unit.zh, unit.ja):
            if find_all(t.zh, z, "zh") and not _rendered(t, j, fold_map(j, "ja")):
                yield self.finding(unit, zh_span=t.zh, suggestion=" | ".join(t.ja),
                                   message=f"'{t.zh}' in '{_clip(z)}' has none of its renderings "
                                           f"({' or '.join(t.ja)}) in the matching sentence '{_clip(j)}' "
                                           f"[{t.origin}]{note}")
                return


def _rendered(t, ja, fj) -> bool:
    """An allowed rendering is there, or a forbidden one (glossary-forbidden reports that, more precisely)."""
    return (any(find_loose(r, ja, folded=fj) for r in t.ja)
            or any(find_all(b, ja, "ja", folded=fj) for b in t.forbidden))


def _clip(text: str, n: int = 30) -> str:
    text = text.strip()
    return text if len(text) <= n else text[:n] + "…"


@lru_cache(maxsize=64)
def sentence_pairs(zh: str, ja: str) -> tuple[tuple[str, str], ...]:
    """Sentences paired by position, only when that pairing is believable; else none.

    Both sides must split into the same number (2+) of sentences, and every pair's length ratio must
    stay within a factor of two of the paragraph's own: a 1-2 split cancelled by a 2-1 split shows up
    as two pairs of very different proportions. (Cached: asked once per term the unit holds.)
    """
    zs, js = split_text(zh), split_text(ja)
    if len(zs) != len(js) or len(zs) < 2:
        return ()
    whole = _size(ja) / max(_size(zh), 1)
    pairs = []
    for z, j in zip(zs, js):
        if _size(z) < 4 or _size(j) < 4:
            return ()
        r = _size(j) / _size(z) / whole
        if not 0.5 <= r <= 2.0:
            return ()
        pairs.append((z, j))
    return tuple(pairs)


def _size(text: str) -> int:
    """Characters other than whitespace."""
    return len(text) - sum(map(str.isspace, text))


@register
class GlossaryForbidden(GlossaryCheck):
    name = "glossary-forbidden"
    category = "glossary"
    severity = "major"
    title = "Forbidden rendering of a glossary term in the target"

    def wants(self, term):
        return bool(term.forbidden)

    def judge(self, unit, t, fj):
        ja = unit.ja
        for bad in t.forbidden:
            spans = find_all(bad, ja, "ja", folded=fj)
            if not spans:
                continue
            s, e = spans[0]
            yield self.finding(unit, zh_span=t.zh, ja_span=ja[s:e], suggestion=" | ".join(t.ja),
                               message=f"'{ja[s:e]}' is a forbidden rendering of '{t.zh}'"
                                       + (f"; use {' or '.join(t.ja)}" if t.ja else "")
                                       + f" [{t.origin}]")
