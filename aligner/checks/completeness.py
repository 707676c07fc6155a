"""Omission and addition: unmatched units, length ratios far from the document's own, copied source.

The length ratio of a faithful zh→ja translation varies by document and translator (Japanese
runs roughly 1.2–1.8× the Chinese in characters), so the yardstick is the document itself:
the median and MAD of log(len ja / len zh) over its matched units, computed in prepare().
"""
from __future__ import annotations

import math
import re
import statistics

from ..glossary import fold_map, fold_text, zh_pos
from ..lang.script import is_han, is_kana, nfkc
from .script import is_chinese_form
from .base import Check, register


def _size(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


@register
class UnmatchedUnit(Check):
    name = "unmatched"
    category = "omission"
    severity = "major"
    title = "Source paragraph without translation (1-0) or target without source (0-1)"

    def run(self, unit, ctx):
        if unit.zh_segments and not unit.ja_segments and unit.zh.strip():
            yield self.finding(unit, zh_span=unit.zh[:40], message="source text has no translation (1-0 unit)")
        elif unit.ja_segments and not unit.zh_segments and unit.ja.strip():
            yield self.finding(unit, ja_span=unit.ja[:40],
                               message="target text has no source (0-1 unit): an addition or a misalignment")


@register
class LengthRatio(Check):
    name = "length-ratio"
    category = "omission"
    severity = "minor"
    title = "Target much shorter or longer than usual for this document"
    matched_only = True
    defaults = {"length_ratio_z": 3.5, "length_ratio_min_chars": 20.0}

    def prepare(self, alignment, ctx):
        self.min_chars = ctx.setting("length_ratio_min_chars", 20)
        logs = [math.log(_size(u.ja) / _size(u.zh)) for u in alignment.units
                if u.matched and _size(u.zh) >= self.min_chars and _size(u.ja) >= 1]
        self.ok = len(logs) >= 5
        if self.ok:
            self.median = statistics.median(logs)
            mad = statistics.median(abs(x - self.median) for x in logs)
            # A floor on the spread: a very uniform document must not flag a 10% deviation.
            self.scale = max(1.4826 * mad, 0.12)
        self.z = ctx.setting("length_ratio_z", 3.5)

    def run(self, unit, ctx):
        if not self.ok:
            return
        zs, js = _size(unit.zh), _size(unit.ja)
        if zs < self.min_chars:
            return
        x = math.log(max(js, 1) / zs)
        z = (x - self.median) / self.scale
        if abs(z) < self.z:
            return
        typical = math.exp(self.median)
        if z < 0:
            yield self.finding(unit, message=f"target is {js / zs:.2f}× the source length; this document's typical "
                                             f"ratio is {typical:.2f}× (possible omission)")
        else:
            yield self.finding(unit, message=f"target is {js / zs:.2f}× the source length; this document's typical "
                                             f"ratio is {typical:.2f}× (possible addition)")


@register
class UntranslatedRun(Check):
    name = "untranslated"
    category = "omission"
    severity = "major"
    title = "A long stretch of the Chinese source copied into the Japanese"
    matched_only = True
    defaults = {"untranslated_min_chars": 8.0}

    def run(self, unit, ctx):
        n = int(ctx.setting("untranslated_min_chars", 8))
        ja = unit.ja
        fz = fold_text(unit.zh, "zh")
        i = 0
        while i < len(ja):
            if not is_han(ja[i]):
                i += 1
                continue
            # A run of Han and Chinese punctuation with no kana: what a pasted Chinese sentence looks like.
            j = i
            while j < len(ja) and (is_han(ja[j]) or ja[j] in "，、；：“”") and not is_kana(ja[j]):
                j += 1
            run = ja[i:j].rstrip("，、；：“”")
            chinese = sum(1 for c in run if is_chinese_form(c)) or ("，" in run)
            long_enough = len(run) >= n if chinese else len(run) >= 2 * n
            if long_enough and fold_text(run, "ja") in fz:
                yield self.finding(unit, ja_span=run, zh_span=run,
                                   message=f"{len(run)} characters of the source appear untranslated in the target")
            i = max(j, i + 1)


# Parts of speech (jieba) of words whose loss is an omission: nouns, verbs, verbal nouns, adjectives.
_CONTENT_POS = ("n", "v", "a")
# Words a translation folds away without losing anything: measure words, "进一步", "相关", "等".
_LIGHT = frozenset("的 地 得 之 和 与 及 或 并 等 各 其 该 此 有关 相关 进一步 一批 一些 有序 依法 积极".split())


@register
class SkippedWord(Check):
    name = "skipped-word"
    category = "omission"
    severity = "minor"
    title = "A source word between two translated neighbours has no counterpart (职业教育国际 → 職業国際)"
    matched_only = True

    def run(self, unit, ctx):
        fj = fold_text(unit.ja, "ja")
        if not may_skip_word(unit.zh, fj):
            return  # no report is possible: spare jieba's part-of-speech pass, the costly part
        fz = fold_text(unit.zh, "zh")
        words = zh_pos(unit.zh)
        reported = set()
        pad = [("", ""), *words, ("", "")]
        for (p, _), (a, _), (b, pos), (c, _), (n, _) in zip(pad, pad[1:], pad[2:], pad[3:], pad[4:]):
            if not (len(a) >= 2 and len(c) >= 2 and all(is_han(ch) for ch in a + b + c)):
                continue
            if b in _LIGHT or not pos.startswith(_CONTENT_POS) or b in reported:
                continue
            fb = fold_text(b, "zh")
            # The neighbours meet in the target (their kanji are the same words) and the source never writes
            # them side by side itself, so the word between them was dropped rather than moved. Where the
            # source does write them together elsewhere (投资基金 beside 投资贷基金), one more word of
            # context on either side tells the places apart.
            left = p if p and all(is_han(ch) for ch in p) else ""
            right = n if n and all(is_han(ch) for ch in n) else ""
            at, joined = -1, ""
            for x, y in ((a, c), (left + a, c), (a, c + right)):
                j = fold_text(x + y, "zh")
                if j in fj and j not in fz:
                    at, joined = fj.find(j), j
                    break
            if at < 0:
                continue
            window = fj[max(0, at - _WINDOW):at + len(joined) + _WINDOW]
            if any(ch in window for ch in fb if is_han(ch)):
                continue
            reported.add(b)
            yield self.finding(unit, zh_span=a + b + c, ja_span=unit.ja[_orig(unit.ja, at):_orig(unit.ja, at + len(joined))],
                               message=f"'{b}' in '{a}{b}{c}' has no counterpart: the target joins its neighbours "
                                       "directly (possible omission)",
                               suggestion=f"translate '{b}' between them")


# A run of Han characters (is_han) long enough for three words, two of them of two characters or more.
_HAN_RUN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{5,}")
# How far around the joined neighbours the target is searched for the skipped word (run()).
_WINDOW = 12


def may_skip_word(zh: str, fj: str) -> bool:
    """False when SkippedWord cannot report on a source `zh` and a folded target `fj`, by its text alone.

    A report needs Han words a, b, c in a row in zh (a and c of two characters or more) such that
    the target holds the folded a+c (with one more word on a side, or not), and none of b's characters
    within _WINDOW of it. A Han character folds to one character, so the target then holds the last
    two characters of a followed by the first two of c, and lacks b's characters near there: in one
    run of Han characters of zh, a pair of characters, a gap of one or more (b), and a pair, the two
    pairs side by side somewhere in fj with none of the gap's characters around them. Looking for
    that costs far less than jieba's part-of-speech pass, and most units have none.
    """
    for run in _HAN_RUN.findall(zh):
        f = fold_text(run, "zh")
        if len(f) != len(run):
            return True  # not one character for one: no shortcut
        for left in range(len(f) - 4):
            pair = f[left:left + 2]
            m = fj.find(pair)
            while m >= 0:
                then = fj[m + 2:m + 4]
                right = f.find(then, left + 3) if len(then) == 2 else -1
                while right >= 0:
                    gap = {c for c in f[left + 2:right] if is_han(c)}
                    if gap.isdisjoint(fj[max(0, m - _WINDOW):m + 4 + _WINDOW]):
                        return True
                    right = f.find(then, right + 1)
                m = fj.find(pair, m + 1)
    return False


def _orig(text: str, folded_index: int) -> int:
    """Offset in text of a position in fold_text(text, 'ja')."""
    from ..glossary import fold_map
    return fold_map(text, "ja")[1][folded_index]


_ZH_TITLE = re.compile(r"《([^《》]{2,80})》")
_JA_TITLE = re.compile(r"《([^《》]{1,120})》|「([^「」]{1,120})」|『([^『』]{1,120})』|〈([^〈〉]{1,120})〉")


def _han(text: str, lang: str) -> set[str]:
    return {c for c in fold_text(text, lang) if is_han(c)}


@register
class MissingTitle(Check):
    name = "missing-title"
    category = "omission"
    severity = "minor"
    title = "A 《title》 of the source has no bracketed counterpart in the target"
    matched_only = True

    def run(self, unit, ctx):
        titles = list(dict.fromkeys(_ZH_TITLE.findall(unit.zh)))
        if not titles:
            return
        ja_titles = [next(g for g in m.groups() if g is not None) for m in _JA_TITLE.finditer(unit.ja)]
        ja_sets = [_han(t, "ja") for t in ja_titles]
        for t in titles:
            han = _han(t, "zh")
            if not han:
                continue
            # A Japanese title in 《》「」『』〈〉 sharing a good part of the kanji (業務方案 for 工作方案 shares 方案);
            # a title translated into katakana shares none, so a bracketed title of any content is accepted
            # when there are as many of them as source titles.
            if any(len(han & s) >= max(1, len(han) * 0.3) for s in ja_sets) or len(ja_titles) >= len(titles):
                continue
            yield self.finding(unit, zh_span=f"《{t}》",
                               message=f"the source cites 《{t}》 but the target has no bracketed title for it "
                                       "(title dropped, or its brackets)",
                               suggestion="keep the title, in 《》 or 「」")


_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z\-']+(?:[ \u3000]+[A-Za-z][A-Za-z\-']+){2,}")


@register
class EnglishInJapanese(Check):
    name = "english-in-ja"
    category = "omission"
    severity = "minor"
    title = "An English phrase in the Japanese that the source does not have (a term left untranslated)"
    matched_only = True

    def run(self, unit, ctx):
        source = nfkc(unit.zh).lower()
        for m in _LATIN_RUN.finditer(nfkc(unit.ja)):
            phrase = m.group()
            # Three words or more: an acronym (VPN, QFLP) or a brand is not a phrase; one copied from the
            # source (an English title cited in the Chinese) is not the translator's.
            if phrase.lower() in source:
                continue
            yield self.finding(unit, ja_span=phrase, suggestion="translate it (katakana or kanji term)",
                               message=f"'{phrase}' is English in the Japanese and not in the source: a term left "
                                       "untranslated?")


# Clause ends of the Chinese: a dropped clause runs from one of these to the next. 、 is left out: it lists
# items inside a clause, and a dropped list item is a smaller loss than this check looks for.
_ZH_CLAUSE_END = re.compile(r"[，；：。！？,;:!?]")
# Characters a Japanese translation seldom keeps even when it renders their clause faithfully: particles,
# prepositions, modal verbs and light verbs of official Chinese.
_LIGHT_HAN = frozenset("的地得之和与及或并等各其该此在对为以将把由于从向被所也都而且要可应使让就即已则加进行")


def _clause_spans(zh: str) -> list[tuple[int, int]]:
    spans, s = [], 0
    for m in _ZH_CLAUSE_END.finditer(zh):
        spans.append((s, m.end()))
        s = m.end()
    if s < len(zh):
        spans.append((s, len(zh)))
    return spans


def _content(ch: str) -> bool:
    return is_han(ch) or ("\u30a1" <= ch <= "\u30fa")


_ANY_BRACKET = re.compile(r"[（(]")
_JA_GLOSS = re.compile(r"[（(][^（()）]*[）)]")


def unexplained_ratio(zh: str, ja: str) -> float | None:
    """Target characters the source does not have (katakana, reworded kanji) per source character the
    target does not have: how much rewording stands for each unmatched source character. A document's
    translator is consistent in it; a unit far below the document's usual ratio has source words with
    nothing in the target to stand for them. None when every source character is matched."""
    if not _ANY_BRACKET.search(zh):
        ja = _JA_GLOSS.sub("", ja)  # a gloss the translator added in brackets (「単一窓口（ワンストップ窓口）」)
    fz, fj = fold_text(zh, "zh"), fold_text(ja, "ja")
    sz, sj = set(fz), set(fj)
    unmatched = sum(1 for c in fz if is_han(c) and c not in _LIGHT_HAN and c not in sj)
    if not unmatched:
        return None
    return sum(1 for c in fj if _content(c) and c not in sz) / unmatched


# A unit whose unexplained ratio is below this share of the document's usual one is missing words.
THIN = 0.65


def dropped_clauses(zh: str, ja: str, rendered: set[int] = frozenset(), *, min_chars: int = 5,
                    usual_ratio: float = 1.5) -> list[tuple[str, int, int]]:
    """(clause, distinctive characters, covered) for each source clause the target seems to have dropped.

    A clause's distinctive characters are its Han characters (folded, light ones left out) that no
    other clause of the source has: if the target shows them, they come from this clause. A
    character is covered when the folded target has it, or when it lies in a glossary term whose
    rendering the target has (`rendered`: offsets in zh), which is how a katakana rendering
    (云计算 → クラウドコンピューティング) counts. A clause is reported when at most one in five of its
    distinctive characters is covered while the other clauses' characters are well covered (40%),
    and the target has too little text of its own (unexplained_ratio) to be a rewording of it:
    a clause rendered in katakana or in other kanji leaves that text behind, a dropped one does not.
    """
    ratio = unexplained_ratio(zh, ja)
    if ratio is None or ratio >= THIN * usual_ratio:
        return []
    fz, zoff = fold_map(zh, "zh")
    fj = set(fold_text(ja, "ja"))
    spans = _clause_spans(fz)
    if len(spans) < 2:
        return []
    rendered = {i for i in range(len(fz)) if zoff[i] in rendered}
    chars: list[dict[str, bool]] = [{} for _ in spans]  # folded char -> covered?
    for k, (a, b) in enumerate(spans):
        for i in range(a, b):
            c = fz[i]
            if is_han(c) and c not in _LIGHT_HAN:
                chars[k][c] = chars[k].get(c, False) or c in fj or i in rendered
    owner: dict[str, int] = {}
    for k, cs in enumerate(chars):
        for c in cs:
            owner[c] = k if c not in owner else -1
    out = []
    for k, (a, b) in enumerate(spans):
        own = {c: v for c, v in chars[k].items() if owner.get(c) == k}
        if len(own) < min_chars or sum(own.values()) > len(own) // 5:
            continue
        rest = {c: v for j, cs in enumerate(chars) if j != k for c, v in cs.items() if c not in own}
        if not rest or sum(rest.values()) / len(rest) < 0.4:
            continue  # the unit is not a close translation anywhere: no hole stands out
        out.append((zh[zoff[a]:zoff[b]], len(own), sum(own.values())))
    return out


@register
class DroppedClause(Check):
    name = "dropped-clause"
    category = "omission"
    severity = "minor"
    title = "A clause of the source with no trace in the target while the rest of the unit is rendered"
    matched_only = True
    defaults = {"dropped_clause_min_chars": 5.0}

    def prepare(self, alignment, ctx):
        from ..glossary import all_terms
        self.terms = [t for t in all_terms(ctx.glossaries) if t.ja]
        # Each unit's ratio, also kept by its texts for run(): the texts are read once.
        self.ratios: dict[tuple[str, str], float | None] = {}
        ratios = []
        for u in alignment.units:
            if u.matched:
                texts = (u.zh, u.ja)
                if texts not in self.ratios:
                    self.ratios[texts] = unexplained_ratio(*texts)
                if self.ratios[texts] is not None:
                    ratios.append(self.ratios[texts])
        # The document's own habit; a short document falls back on a zh→ja policy text's usual 1.5.
        self.usual = statistics.median(ratios) if len(ratios) >= 5 else 1.5

    def run(self, unit, ctx):
        from ..glossary import find_all, find_loose
        n = int(ctx.setting("dropped_clause_min_chars", self.defaults["dropped_clause_min_chars"]))
        zh, ja = unit.zh, unit.ja
        if len(_ZH_CLAUSE_END.findall(zh.rstrip("。！？!? "))) < 1:
            return  # one clause: nothing to compare it with (length-ratio and unmatched cover that case)
        ratio = self.ratios[(zh, ja)] if (zh, ja) in self.ratios else unexplained_ratio(zh, ja)
        if ratio is None or ratio >= THIN * self.usual:
            return  # the cheap test first: most units have their share of reworded text
        fz, fj = fold_map(zh, "zh"), fold_map(ja, "ja")
        rendered: set[int] = set()
        for t in self.terms:
            spans = find_all(t.zh, zh, "zh", folded=fz)
            if spans and any(find_loose(r, ja, folded=fj) for r in t.ja):
                rendered.update(i for s, e in spans for i in range(s, e))
        for clause, own, covered in dropped_clauses(zh, ja, rendered, min_chars=n, usual_ratio=self.usual):
            text = clause.strip().rstrip("，；：。！？,;:!?")
            yield self.finding(unit, zh_span=text,
                               message=f"'{_clip(text)}' has no counterpart in the target: {own - covered} of its "
                                       f"{own} characters appear nowhere there, and the target is short of "
                                       "reworded text that could stand for them (clause dropped?)",
                               suggestion="translate the clause")


def _clip(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[:n] + "…"
