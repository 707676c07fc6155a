"""Consistency: one source term, several renderings; one rendering, several source terms.

Two sources of evidence, both deliberately conservative (severity info):
- glossary terms: which of a term's allowed renderings each unit used;
- frequent source words (jieba tokens of 2+ Han characters seen in 3+ units): the target
  token most associated with each (Dice over units). A unit that contains the word but not
  its usual rendering, while the usual rendering is very consistent elsewhere, is reported.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from ..glossary import _nlp, all_terms, find_all, fold_map, fold_text
from ..lang.script import is_han, is_kana
from .base import Check, register
from .glossary import _present_terms


@register
class GlossaryConsistency(Check):
    name = "consistency-glossary"
    category = "consistency"
    severity = "info"
    title = "A glossary term rendered in different allowed ways in one document"

    def prepare(self, alignment, ctx):
        terms = [t for t in all_terms(ctx.glossaries) if len(t.ja) > 1]
        self.usage: dict[str, Counter] = defaultdict(Counter)       # zh term → rendering → units
        self.unit_use: dict[int, list[tuple[str, str]]] = defaultdict(list)
        self.rendering_sources: dict[str, set] = defaultdict(set)  # rendering → zh terms
        all_t = all_terms(ctx.glossaries)
        for u in alignment.units:
            if not u.matched:
                continue
            fj = fold_map(u.ja, "ja")
            for t in _present_terms(u, all_t):
                for r in t.ja:
                    if find_all(r, u.ja, "ja", folded=fj):
                        self.rendering_sources[r].add(t.zh)
            for t in _present_terms(u, terms):
                used = [r for r in t.ja if find_all(r, u.ja, "ja", folded=fj)]
                if len(used) == 1:
                    self.usage[t.zh][used[0]] += 1
                    self.unit_use[u.index].append((t.zh, used[0]))
        self.reported_shared: set[str] = set()

    def run(self, unit, ctx):
        for zh, used in self.unit_use.get(unit.index, []):
            counts = self.usage[zh]
            if len(counts) < 2:
                continue
            main, n = counts.most_common(1)[0]
            if used != main and n > counts[used]:
                yield self.finding(unit, zh_span=zh, ja_span=used, suggestion=main,
                                   message=f"'{zh}' is rendered '{used}' here but '{main}' in {n} other unit(s)")


def _content(tok: str) -> bool:
    """Kanji words and katakana words; hiragana-only tokens are grammar (する, として)."""
    return len(tok) >= 2 and (any(is_han(c) for c in tok) or all(is_kana(c) for c in tok) and
                              not any("\u3041" <= c <= "\u309f" for c in tok))


def _ja_tokens(text: str) -> set[str]:
    return {t.text for t in _nlp("ja")(text) if _content(t.text)}


def _zh_words(text: str) -> set[str]:
    """jieba's search mode: compounds and the words inside them (试点工作 gives 试点 and 工作 too)."""
    _nlp("zh")  # configures jieba's logging once
    import jieba
    return {w for w in jieba.cut_for_search(text) if len(w) >= 2 and all(is_han(c) for c in w)}


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
        for w, c in co.items():
            # Ties broken on the token itself, so the result does not depend on set order.
            best, both = max(c.items(), key=lambda kv: (2 * kv[1] / (df_zh[w] + df_ja[kv[0]]), kv[1], kv[0]))
            dice = 2 * both / (df_zh[w] + df_ja[best])
            # Only words whose rendering is both frequent with them and specific to them.
            if both >= min_units - 1 and both / df_zh[w] >= share and dice >= 0.75:
                self.usual[w] = (best, both, df_zh[w])

    def run(self, unit, ctx):
        if unit.index not in self.zh_words:
            return
        toks = self.ja_toks[unit.index]
        fj = fold_text(unit.ja, "ja")
        for w in sorted(self.zh_words[unit.index]):
            if w not in self.usual:
                continue
            best, both, total = self.usual[w]
            if best in toks or fold_text(best, "ja") in fj:
                continue
            yield self.finding(unit, zh_span=w, suggestion=best,
                               message=f"'{w}' is rendered '{best}' in {both} of {total} units, but not here")
