"""Which language a block is in, decided for the whole sequence at once.

Kana alone is not enough: Japanese headings, dates and document numbers often carry none
(`付属文書`, `2020年8月28日`), and Japanese text quotes Chinese names in simplified form
(`国务院`). So each block gets a script score, and a two-state Viterbi pass over the block
sequence weighs those scores against how the layout switches language: rarely in page
chunks, at every block when interleaved, once when the languages come in two blocks.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import partial

from ..lang.script import is_japanese_only, is_simplified_only
from .paragraphs import ends_sentence, is_bold, starts_list_item, strip_markup

ZH, JA = "zh", "ja"


# Kana as `kana_count` counts it: hiragana, katakana, halfwidth and phonetic extensions, less ー and ・.
_KANA = re.compile("[\u3041-\u309f\u30a0-\u30fa\u30fd-\u30ff\uff66-\uff9f\u31f0-\u31ff]")
_HAN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")  # as is_han
KANALESS_FREE = 12  # Han characters a kana-less Japanese heading, date or name list may run to
KANALESS_WEIGHT = 0.25  # evidence for Chinese per Han character beyond that, in a block with no kana...
KANALESS_SENTENCE = 4  # Han characters from which a kana-less sentence ending in 。！？ counts as Chinese
_FULL_STOP = re.compile(r"[。！？][」』）)”’]*\s*$")
KANALESS_CAP = 4.0  # ...up to this much: Japanese prose of any length has kana, Chinese prose never does
# A sentence: at least two Han characters (not kana-less Japanese `以上。`) up to its stop.
_SENTENCE = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][^。！？；]*?"
                       "[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][」』）)”’]*[。！？；]")
KANALESS_PER_SENTENCE = 1.5  # evidence for Chinese per finished kana-less sentence...
KANALESS_SENTENCES = 3  # ...for up to this many


def evidence(text: str, *, forms: bool = True) -> float:
    """Positive for Japanese, negative for Chinese: script, punctuation habits and kana-less length.

    Chinese writes the fullwidth comma (，) and curly quotes (“”) where Japanese writes
    、 and 「」; each is weak alone, so each is capped. A long run of Han text without a
    single kana is Chinese. With `forms=False` Japanese-only Han forms (務, 総) do not count
    for Japanese: see `forms_tell`.
    """
    # script_evidence's weights (kana 3, each form 1, ・ 1), counted here at C speed: this runs
    # on every block and line of every layout.
    kana = len(_KANA.findall(text))
    han = _HAN.findall(text)
    score = 3.0 * min(kana, 10) - 1.0 * min(sum(1 for c in han if is_simplified_only(c)), 10)
    if forms:
        score += 1.0 * min(sum(1 for c in han if is_japanese_only(c)), 10) + (1.0 if "・" in text else 0.0)
    zh_punct = text.count("，") + text.count("“") + text.count("”") + text.count("；")
    ja_punct = text.count("「") + text.count("」") + text.count("『") + text.count("』")
    score += 0.5 * min(ja_punct, 6) - 0.5 * min(zh_punct, 6)
    if kana == 0:
        score -= min(KANALESS_WEIGHT * max(0, len(han) - KANALESS_FREE), KANALESS_CAP)
        if len(han) >= KANALESS_SENTENCE:
            # Finished sentences with no kana at all: Japanese grammar would need some in each.
            # A heading, a date or a name list (what Japanese writes without kana) finishes none.
            finished = len(_SENTENCE.findall(text))
            if finished == 0 and _FULL_STOP.search(text):
                finished = 1
            score -= KANALESS_PER_SENTENCE * min(finished, KANALESS_SENTENCES)
    return score


FORMS_RATIO = 4.0  # Japanese-only forms per simplified-only form beyond which the former stop telling


def forms_tell(text: str) -> bool:
    """Do Japanese-only Han forms (務, 総, 発) mark Japanese in this document?

    Not when they far outnumber simplified-only forms (务, 总, 发): a Shift_JIS/CP932 file
    cannot encode most simplified forms, so its Chinese is spelled 務, 開 like the Japanese
    (keeping only the few simplified forms JIS happens to hold, 于, 范, 机), and a
    traditional-Chinese source looks the same. There kana, punctuation, length and the
    simplified forms left decide. In a simplified-Chinese document both kinds occur in
    comparable numbers.
    """
    zh = ja = 0
    for ch, n in Counter(text).items():
        if ch < "\u3400":
            continue
        if is_simplified_only(ch):
            zh += n
        elif is_japanese_only(ch):
            ja += n
    return ja <= FORMS_RATIO * zh


def scorer(forms: bool = True):
    """`evidence` for a document whose forms do (or do not) tell, as a one-argument function."""
    return evidence if forms else partial(evidence, forms=False)


def viterbi(scores: list[float], *, stay: float = 0.0, switch: float = 0.0,
            allow: tuple[tuple[str, str], ...] = ((ZH, ZH), (ZH, JA), (JA, ZH), (JA, JA)),
            start: tuple[str, ...] = (ZH, JA)) -> tuple[list[str], float]:
    """The best language sequence: block i scores +s_i as Japanese, -s_i as Chinese.

    `stay`/`switch` are added on each transition; a disallowed transition is impossible.
    Ties go to Chinese at the start and to staying put afterwards.
    """
    if not scores:
        return [], 0.0
    states = (ZH, JA)
    emit = {ZH: lambda s: -s, JA: lambda s: s}
    best = {st: (emit[st](scores[0]) if st in start else -math.inf) for st in states}
    back: list[dict[str, str]] = []
    for s in scores[1:]:
        new, ptr = {}, {}
        for st in states:
            cands = []
            for prev in states:
                if (prev, st) not in allow or best[prev] == -math.inf:
                    continue
                trans = stay if prev == st else switch
                # Prefer staying on ties: tiny bonus that never outweighs real evidence.
                cands.append((best[prev] + trans + (1e-9 if prev == st else 0.0), prev))
            if cands:
                val, prev = max(cands)
                new[st], ptr[st] = val + emit[st](s), prev
            else:
                new[st], ptr[st] = -math.inf, ZH
        best = new
        back.append(ptr)
    last = ZH if best[ZH] >= best[JA] else JA
    total = best[last]
    path = [last]
    for ptr in reversed(back):
        last = ptr[last]
        path.append(last)
    return path[::-1], total


def alternating(scores: list[float], *, stay_cost: float = 2.5) -> list[str]:
    """Languages alternating block by block (a paragraph, then its translation)."""
    return viterbi(scores, stay=-stay_cost)[0]


def two_blocks(scores: list[float]) -> list[str]:
    """One language, then the other: a single switch, placed where the evidence says.

    Either language may come first. Blocks with no evidence either way at the switch
    (`附件`, a date) are shared out so the two sides come closest to equal counts, since a
    translation runs paragraph for paragraph.
    """
    n = len(scores)
    total = sum(scores)
    cands: list[tuple[float, int, str]] = []
    prefix = 0.0
    for k in range(n + 1):  # first k blocks in the first language
        if k:
            prefix += scores[k - 1]
        for first, sign in ((ZH, -1.0), (JA, 1.0)):
            cands.append((sign * prefix - sign * (total - prefix), k, first))
    best = max(c[0] for c in cands)
    tied = [c for c in cands if c[0] >= best - 1e-9]
    _, k, first = min(tied, key=lambda c: (abs(2 * c[1] - n), c[2] != ZH))
    second = JA if first == ZH else ZH
    return [first] * k + [second] * (n - k)


def layout_of(scores: list[float], *, switch_cost: float = 2.5) -> str:
    """'blocks', 'interleaved' or 'mixed': which switching habit explains the evidence best.

    Chunks that switch exactly once are the two-block layout. Otherwise the chunk model
    (switches cost) competes with the alternating model (staying costs).
    """
    if len(scores) <= 2:  # one paragraph each: every layout reads it the same way
        return "blocks"
    path, chunk_score = viterbi(scores, switch=-switch_cost)
    switches = sum(1 for a, b in zip(path, path[1:]) if a != b)
    _, alt_score = viterbi(scores, stay=-switch_cost)
    if alt_score > chunk_score + 1e-9:
        return "interleaved"
    return "blocks" if switches <= 1 else "mixed"


CUT_EVIDENCE = 5.0  # one of the two lines must be this clearly in its language...
CUT_SUPPORT = 2.0  # ...and the other at least this clearly in the other one


def language_cut(line: str, nxt: str, *, forms: bool = True) -> bool:
    """Does a paragraph end between two adjacent lines because the language changes?

    Only when the lines are clearly in opposite languages and the first could end a
    paragraph (full stop, heading, or the next line opens a list item): a Japanese paragraph
    wrapped around a quoted Chinese title must not be cut.
    """
    a, b = strip_markup(line).strip(), strip_markup(nxt).strip()
    ea, eb = evidence(a, forms=forms), evidence(b, forms=forms)
    if (ea > 0) == (eb > 0) or max(abs(ea), abs(eb)) < CUT_EVIDENCE or min(abs(ea), abs(eb)) < CUT_SUPPORT:
        return False
    return ends_sentence(a) or is_bold(line) or starts_list_item(b)


def cutter(forms: bool = True):
    """`language_cut` for a document whose forms do (or do not) tell."""
    return language_cut if forms else partial(language_cut, forms=False)
