"""Glossary compliance: required renderings present, forbidden renderings absent.

Required renderings are checked per occurrence count: a unit whose source uses a term twice
but whose target shows its rendering once is not flagged (Japanese often elides a repeated
noun), only a unit where no allowed rendering appears at all. That keeps strict-looking
glossaries from drowning the report in false alarms.
"""
from __future__ import annotations

from ..glossary import all_terms, find_all, fold_map
from .base import Check, register


def _present_terms(unit, terms):
    """Terms whose source appears in the unit; a term inside a longer matching term is left to the longer one."""
    zh = unit.zh
    fz = fold_map(zh, "zh")
    hits = []
    for t in terms:
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


@register
class GlossaryRequired(Check):
    name = "glossary-required"
    category = "glossary"
    severity = "minor"
    title = "Glossary term in the source, none of its renderings in the target"
    matched_only = True

    def prepare(self, alignment, ctx):
        self.terms = [t for t in all_terms(ctx.glossaries) if t.ja]

    def run(self, unit, ctx):
        if not self.terms:
            return
        ja = unit.ja
        fj = fold_map(ja, "ja")
        for t in _present_terms(unit, self.terms):
            if any(find_all(r, ja, "ja", folded=fj) for r in t.ja):
                continue
            if any(find_all(b, ja, "ja", folded=fj) for b in t.forbidden):
                continue  # glossary-forbidden reports it, more precisely (it names the wrong rendering)
            note = f" ({t.note})" if t.note else ""
            yield self.finding(unit, zh_span=t.zh, suggestion=" | ".join(t.ja),
                               message=f"'{t.zh}' should be rendered as {' or '.join(t.ja)} "
                                       f"[{t.origin}]{note}")


@register
class GlossaryForbidden(Check):
    name = "glossary-forbidden"
    category = "glossary"
    severity = "major"
    title = "Forbidden rendering of a glossary term in the target"
    matched_only = True

    def prepare(self, alignment, ctx):
        self.terms = [t for t in all_terms(ctx.glossaries) if t.forbidden]

    def run(self, unit, ctx):
        if not self.terms:
            return
        ja = unit.ja
        fj = fold_map(ja, "ja")
        for t in _present_terms(unit, self.terms):
            for bad in t.forbidden:
                spans = find_all(bad, ja, "ja", folded=fj)
                if not spans:
                    continue
                s, e = spans[0]
                yield self.finding(unit, zh_span=t.zh, ja_span=ja[s:e], suggestion=" | ".join(t.ja),
                                   message=f"'{ja[s:e]}' is a forbidden rendering of '{t.zh}'"
                                           + (f"; use {' or '.join(t.ja)}" if t.ja else "")
                                           + f" [{t.origin}]")
