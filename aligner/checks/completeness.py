"""Omission and addition: unmatched units, length ratios far from the document's own, copied source.

The length ratio of a faithful zh→ja translation varies by document and translator (Japanese
runs roughly 1.2–1.8× the Chinese in characters), so the yardstick is the document itself:
the median and MAD of log(len ja / len zh) over its matched units, computed in prepare().
"""
from __future__ import annotations

import math
import re
import statistics

from ..glossary import fold_text
from ..lang.script import is_han, is_kana
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


def _zh_pos(text: str) -> list[tuple[str, str]]:
    from ..glossary import _nlp
    _nlp("zh")  # configures jieba's logging once
    import jieba.posseg
    return [(w.word, w.flag) for w in jieba.posseg.cut(text)]


@register
class SkippedWord(Check):
    name = "skipped-word"
    category = "omission"
    severity = "minor"
    title = "A source word between two translated neighbours has no counterpart (职业教育国际 → 職業国際)"
    matched_only = True

    def run(self, unit, ctx):
        fz = fold_text(unit.zh, "zh")
        fj = fold_text(unit.ja, "ja")
        words = _zh_pos(unit.zh)
        reported = set()
        pad = [("", "")] + words + [("", "")]
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
            window = fj[max(0, at - 12):at + len(joined) + 12]
            if any(ch in window for ch in fb if is_han(ch)):
                continue
            reported.add(b)
            yield self.finding(unit, zh_span=a + b + c, ja_span=unit.ja[_orig(unit.ja, at):_orig(unit.ja, at + len(joined))],
                               message=f"'{b}' in '{a}{b}{c}' has no counterpart: the target joins its neighbours "
                                       "directly (possible omission)",
                               suggestion=f"translate '{b}' between them")


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
        import unicodedata

        source = unicodedata.normalize("NFKC", unit.zh).lower()
        for m in _LATIN_RUN.finditer(unicodedata.normalize("NFKC", unit.ja)):
            phrase = m.group()
            # Three words or more: an acronym (VPN, QFLP) or a brand is not a phrase; one copied from the
            # source (an English title cited in the Chinese) is not the translator's.
            if phrase.lower() in source:
                continue
            yield self.finding(unit, ja_span=phrase, suggestion="translate it (katakana or kanji term)",
                               message=f"'{phrase}' is English in the Japanese and not in the source: a term left "
                                       "untranslated?")
