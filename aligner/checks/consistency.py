"""Consistency: one source term, several renderings; one rendering, several source terms.

Two sources of evidence, both deliberately conservative (severity info):
- glossary terms: which of a term's allowed renderings each unit used (a minority rendering
  is reported, and so is a unit that renders a repeated term two ways);
- frequent source words (jieba search-mode words of 2+ Han characters in 4+ units): the target
  token most associated with each (Dice over units), kept only when it is a plausible
  rendering (a shared kanji or a katakana loanword). A unit that shows a competing rendering
  instead is reported, and so is one rendering carrying two unrelated source words.
Whole paragraphs co-occur with everything frequent, so every association is filtered hard:
missing a real inconsistency costs less than burying the report in noise.
"""
from __future__ import annotations

import weakref
from collections import Counter, defaultdict

from ..glossary import all_terms, find_all, fold_map, fold_text, jieba_module, tokens, zh_words
from ..lang.script import is_han, is_kana
from .base import Check, register
from .glossary import _present_terms, term_needles


@register
class GlossaryConsistency(Check):
    name = "consistency-glossary"
    category = "consistency"
    severity = "info"
    title = "A glossary term rendered in different allowed ways in one document"

    def prepare(self, alignment, ctx):
        self.usage: dict[str, Counter] = defaultdict(Counter)       # zh term → rendering → units
        self.unit_use: dict[int, list[tuple[str, str]]] = defaultdict(list)
        self.mixed: dict[int, list[tuple[str, list[str]]]] = defaultdict(list)
        all_t = all_terms(ctx.glossaries)
        needles = term_needles(all_t)
        for u in alignment.units:
            if not u.matched:
                continue
            fj = fold_map(u.ja, "ja")
            present = _present_terms(u, all_t, needles)
            # Parallel to present: one entry per source term (all_terms merges rows of the same term).
            found = [{r: find_all(r, u.ja, "ja", folded=fj) for r in t.ja} for t in present]
            for k, t in enumerate(present):
                if len(t.ja) < 2:
                    continue
                # A rendering found only inside another present term's rendering belongs to that term
                # (モデル inside モデル区 renders 示范区, not 试点).
                others = [sp for j, rs in enumerate(found) if present[j].zh != t.zh
                          for sps in rs.values() for sp in sps]
                spans = {r: [(a, b) for a, b in sps if not any(c <= a and b <= d and (c, d) != (a, b)
                                                             for c, d in others)]
                         for r, sps in found[k].items()}
                used = _distinct([r for r in t.ja if spans[r]])
                if len(used) == 1:
                    self.usage[t.zh][used[0]] += 1
                    self.unit_use[u.index].append((t.zh, used[0]))
                elif len(used) > 1 and _really_mixed(t.zh, u.zh, used, spans):
                    self.mixed[u.index].append((t.zh, used))

        # A minority rendering is one inconsistency however many units repeat it: one note, on its first unit.
        self.minority: dict[int, list[tuple[str, str, str, int, list[int]]]] = defaultdict(list)
        for zh, counts in self.usage.items():
            if len(counts) < 2:
                continue
            main, n = counts.most_common(1)[0]
            for used, m in counts.items():
                if used == main or n <= m:
                    continue
                where = [i for i, uses in sorted(self.unit_use.items()) if (zh, used) in uses]
                self.minority[where[0]].append((zh, used, main, n, where[1:]))

    def run(self, unit, ctx):
        for zh, used in self.mixed.get(unit.index, []):
            yield self.finding(unit, zh_span=zh, ja_span=used[1], suggestion=used[0],
                               message=f"'{zh}' is rendered both '{used[0]}' and '{used[1]}' in this unit")
        for zh, used, main, n, also in self.minority.get(unit.index, []):
            more = f" (also in unit(s) {', '.join(str(i) for i in also)})" if also else ""
            yield self.finding(unit, zh_span=zh, ja_span=used, suggestion=main,
                               message=f"'{zh}' is rendered '{used}' here{more} but '{main}' in {n} other unit(s)")


def _shares_han(a: str, b: str) -> bool:
    fa, fb = fold_text(a, "ja"), fold_text(b, "zh")
    return any(is_han(c) and c in fb for c in fa)


def _katakana(tok: str) -> bool:
    return all("\u30a0" <= c <= "\u30ff" for c in tok)


def _content(tok: str) -> bool:
    """Kanji words and katakana words; hiragana-only tokens are grammar (する, として)."""
    return len(tok) >= 2 and (any(is_han(c) for c in tok) or all(is_kana(c) for c in tok) and
                              not any("\u3041" <= c <= "\u309f" for c in tok))


def _really_mixed(zh: str, source: str, used: list[str], spans: dict) -> bool:
    """Two renderings of one term in one unit, attributable to separate occurrences of it.

    Not when the term occurs once (the other rendering belongs to another word: モデル for 示范),
    not when a rendering occurs more often than the term, not for compounds of two renderings
    (審査批准 for 审批) and not for an acronym glossed in brackets (QFLP).
    """
    n = len(find_all(zh, source, "zh"))
    if n < 2 or any(len(spans[r]) > n or r.isascii() for r in used):
        return False
    a, b = spans[used[0]], spans[used[1]]
    return not any(e1 >= s2 - 1 and e2 >= s1 - 1 for s1, e1 in a for s2, e2 in b)


def _distinct(renderings: list[str]) -> list[str]:
    """Drop a rendering contained in another that was also found (試行 inside 総合試行)."""
    return [r for r in renderings if not any(r != o and r in o for o in renderings)]


def _ja_tokens(text: str) -> set[str]:
    return {t.text for t in tokens(text, "ja") if _content(t.text)}


def _zh_words(text: str) -> set[str]:
    """jieba's search mode: compounds and the words inside them (试点工作 gives 试点 and 工作 too).

    jieba.cut_for_search, made from the words of jieba.cut that other checks read as well: each word,
    and for a longer one the two- and three-character words of jieba's dictionary inside it.
    """
    known = jieba_module().dt.FREQ
    out = set()
    for w in zh_words(text):
        if len(w) > 2:
            out.update(g for g in (w[i:i + 2] for i in range(len(w) - 1)) if known.get(g))
        if len(w) > 3:
            out.update(g for g in (w[i:i + 3] for i in range(len(w) - 2)) if known.get(g))
        out.add(w)
    return {w for w in out if len(w) >= 2 and all(is_han(c) for c in w)}


# consistency-shared-rendering reads the statistics consistency-terms has just computed for the same
# alignment: computing them twice (Sudachi and jieba over every unit, glossary lookups) cost about a
# fifth of a document's QA time in a batch. Only the last alignment's are kept, none across documents.
_LAST_PREPARED: list = []   # [(weakref to alignment, weakref to context, settings, prepared check)]


def _prepared_terms(alignment, ctx) -> "TermConsistency":
    key = (ctx.setting("consistency_min_units", 4), ctx.setting("consistency_min_share", 0.8))
    if _LAST_PREPARED:
        a, c, k, terms = _LAST_PREPARED[0]
        if a() is alignment and c() is ctx and k == key:
            return terms
    terms = TermConsistency()
    terms.prepare(alignment, ctx)
    return terms


@register
class TermConsistency(Check):
    name = "consistency-terms"
    category = "consistency"
    severity = "info"
    title = "A frequent source word lacks its usual rendering in this unit"
    defaults = {"consistency_min_units": 4.0, "consistency_min_share": 0.8}

    def prepare(self, alignment, ctx):
        min_units = int(ctx.setting("consistency_min_units", 4))
        share = ctx.setting("consistency_min_share", 0.8)
        units = [u for u in alignment.units if u.matched]
        self.zh_words = {u.index: _zh_words(u.zh) for u in units}
        self.ja_toks = {u.index: _ja_tokens(u.ja) for u in units}
        df_zh = Counter(w for ws in self.zh_words.values() for w in ws)
        df_ja = Counter(t for ts in self.ja_toks.values() for t in ts)
        co: dict[str, Counter] = defaultdict(Counter)
        for u in units:
            for w in self.zh_words[u.index]:
                if df_zh[w] >= min_units:
                    co[w].update(self.ja_toks[u.index])
        self.usual: dict[str, tuple[str, int, int]] = {}
        self.candidates: dict[str, tuple[str, int, int, float]] = {}  # plausible renderings, any dice
        for w, c in co.items():
            if not c:
                continue  # the word's units have no content word in the target at all (figures only)
            # Ties broken on the token itself, so the result does not depend on set order.
            best, both = max(c.items(), key=lambda kv: (2 * kv[1] / (df_zh[w] + df_ja[kv[0]]), kv[1], kv[0]))
            dice = 2 * both / (df_zh[w] + df_ja[best])
            # Only words whose rendering is both frequent with them and specific to them, and plausibly a
            # translation of them (a shared kanji, or a katakana loanword): whole paragraphs co-occur with
            # everything frequent, so 示范 would otherwise be "rendered" 国家.
            if both >= min_units - 1 and both / df_zh[w] >= share and (_shares_han(best, w) or _katakana(best)):
                self.candidates[w] = (best, both, df_zh[w], dice)
                # Only a word whose usual rendering is a loanword (创新 → イノベーション) can be caught falling back
                # to a kanji rendering; where the usual one is a kanji cognate (完善 → 完備), another kanji word
                # sharing a character (改善) is a synonym the translator chose, not an inconsistency.
                if dice >= 0.75 and not _shares_han(best, w):
                    self.usual[w] = (best, both, df_zh[w])
        # Words inside a glossary term are consistency-glossary's to report; reporting them here too doubles the note.
        terms = [t for t in all_terms(ctx.glossaries) if t.ja]
        needles = term_needles(terms)
        self.glossary_words: dict[int, set[str]] = {}
        self.first: dict[tuple[str, str], list[int]] = defaultdict(list)
        for u in units:
            present = [t.zh for t in _present_terms(u, terms, needles)] if terms else []
            self.glossary_words[u.index] = {w for w in self.zh_words[u.index] if any(w in z for z in present)}
            for w, alt, _ in self._competing(u):
                self.first[(w, alt)].append(u.index)
        _LAST_PREPARED[:] = [(weakref.ref(alignment), weakref.ref(ctx),
                              (ctx.setting("consistency_min_units", 4), share), self)]

    def _competing(self, unit):
        toks = self.ja_toks[unit.index]
        fj = fold_text(unit.ja, "ja")
        for w in sorted(self.zh_words[unit.index] - self.glossary_words.get(unit.index, set())):
            if w not in self.usual:
                continue
            best = self.usual[w][0]
            if best in toks or fold_text(best, "ja") in fj:
                continue
            # Report only when the unit shows a competing rendering (刷新 for 创新 where イノベーション is usual);
            # a paraphrase with no trace of the word is left to the reviewer's reading, not flagged.
            alts = sorted(t for t in toks if t != best and _shares_han(t, w) and not _shares_han(t, best))
            if alts:
                yield w, alts[0], best

    def run(self, unit, ctx):
        if unit.index not in self.zh_words:
            return
        for w, alt, best in self._competing(unit):
            where = self.first[(w, alt)]
            if where[0] != unit.index:
                continue  # one note per competing rendering, on the first unit that shows it
            _, both, total = self.usual[w]
            more = f" (also in unit(s) {', '.join(str(i) for i in where[1:])})" if len(where) > 1 else ""
            yield self.finding(unit, zh_span=w, ja_span=alt, suggestion=best,
                               message=f"'{w}' is rendered '{alt}' here{more} but '{best}' in {both} of {total} "
                                       "units")


@register
class SharedRendering(Check):
    name = "consistency-shared-rendering"
    category = "consistency"
    severity = "info"
    title = "One target rendering used for two unrelated source terms"

    def prepare(self, alignment, ctx):
        # The usual renderings come from the same association statistics as consistency-terms.
        terms = _prepared_terms(alignment, ctx)
        by_rendering: dict[str, list[str]] = defaultdict(list)
        # A rendering shared by two words has a lower Dice with each, so the looser candidates are used here.
        for w, (best, _, _, dice) in sorted(terms.candidates.items()):
            if dice >= 0.5:
                by_rendering[best].append(w)
        self.report: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
        for t, words in by_rendering.items():
            # Morphological relatives (示范/示范区) legitimately share a rendering; unrelated words do not.
            for i, a in enumerate(words):
                for b in words[i + 1:]:
                    if _shares_han(a, b):
                        continue
                    # Each word must carry the rendering on its own, in units without the other word;
                    # otherwise one of them only co-occurs with the true source of the rendering.
                    alone = [sum(1 for i, ws in terms.zh_words.items()
                                 if x in ws and y not in ws and t in terms.ja_toks[i]) for x, y in ((a, b), (b, a))]
                    if min(alone) < 2:
                        continue
                    first = next((u for u in alignment.units if u.index in terms.zh_words
                                  and b in terms.zh_words[u.index] and t in terms.ja_toks[u.index]), None)
                    if first is not None:
                        self.report[first.index].append((a, b, t))

    def run(self, unit, ctx):
        for a, b, t in self.report.get(unit.index, []):
            yield self.finding(unit, zh_span=b, ja_span=t,
                               message=f"'{t}' renders both '{a}' and '{b}' in this document")
