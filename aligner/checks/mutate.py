"""Realistic translator errors injected into a clean zh/ja pair, to measure what the checks catch.

One hand-annotated document says how the checks do on that document; errors injected at
random into many pairs say how they do on each kind of error, with a known answer for every
pair. Each mutator takes a pair and returns the changed Japanese (and what it changed), or
None when the pair offers nothing to change that way (no figure, no bracket, no negation …).
A mutation must change the text the way its name says: the tests check each one.

`family` is the set of finding categories that count as noticing the error; an error that
several families describe (Chinese copied into the Japanese is untranslated text and Chinese
script at once) lists them all.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Callable

from ..glossary import all_terms, find_all, fold_map
from ..lang.script import fold_ja, is_han, is_simplified_only, japanese_form


@dataclass(frozen=True)
class Mutation:
    kind: str
    ja: str          # the mutated Japanese
    before: str      # the Japanese it was made from
    detail: str      # what changed, for a reader of the benchmark's listing
    key: str = ""    # inconsistent-term: the term made inconsistent (one per document, see Env.taken)


@dataclass
class Env:
    """What mutators may consult beyond the pair: the glossary and every pair of the document."""

    terms: list
    pairs: list[tuple[str, str]]
    _usage: dict | None = None
    # Terms already made inconsistent in this document: a second minority rendering of the same term
    # is the same inconsistency (consistency-glossary notes it once), so it is not made twice.
    taken: set = field(default_factory=set)

    def usage(self) -> dict:
        """term zh → {rendering: pairs using only that one of the term's renderings} over the document."""
        if self._usage is None:
            out: dict = {}
            for zh, ja in self.pairs:
                fj = fold_map(ja, "ja")
                for t in self.terms:
                    if len(t.ja) < 2 or not find_all(t.zh, zh, "zh"):
                        continue
                    used = [r for r in t.ja if find_all(r, ja, "ja", folded=fj)]
                    used = [r for r in used if not any(r != o and r in o for o in used)]
                    if len(used) == 1:
                        out.setdefault(t.zh, {}).setdefault(used[0], 0)
                        out[t.zh][used[0]] += 1
            self._usage = out
        return self._usage


# (mutated Japanese, detail[, key]) or None.
Mutator = Callable[[str, str, random.Random, Env], "tuple[str, ...] | None"]
MUTATORS: dict[str, Mutator] = {}
FAMILY: dict[str, frozenset[str]] = {}


def mutator(kind: str, *family: str):
    def deco(fn):
        MUTATORS[kind] = fn
        FAMILY[kind] = frozenset(family)
        return fn
    return deco


def mutate(kind: str, zh: str, ja: str, rng: random.Random, env: Env) -> Mutation | None:
    got = MUTATORS[kind](zh, ja, rng, env)
    if got is None or got[0] == ja:
        return None
    return Mutation(kind, got[0], ja, got[1], *got[2:])


def _replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


# ------------------------------------------------------------------ numbers

_LIST_HEAD = re.compile(r"^\s*(?:[(（]\s*(?:[一二三四五六七八九十]+|\d+)\s*[)）]|[一二三四五六七八九十]+\s*、|\d+\s*[.．、])")


def _body_start(ja: str) -> int:
    """Where the text after a leading list marker begins: the marker's number is list-marker's business."""
    m = _LIST_HEAD.match(ja)
    return m.end() if m else 0


def _other_digit(d: str, rng: random.Random) -> str:
    return rng.choice([x for x in "0123456789" if x != d])


@mutator("number-digit", "numbers")
def number_digit(zh, ja, rng, env):
    """One digit of a figure changed (500 → 800): a typing slip."""
    start = _body_start(ja)
    spots = [m for m in re.finditer(r"[0-9０-９]+", ja) if m.start() >= start
             and not re.match(r"\s*[年月日%％]", ja[m.end():])]
    if not spots:
        return None
    m = rng.choice(spots)
    i = rng.randrange(m.start(), m.end())
    d = ja[i]
    new = _other_digit(d, rng)
    if i == m.start() and new == "0" and m.end() - m.start() > 1:
        new = "9" if d != "9" else "1"   # a leading zero would read as the same figure
    return _replace(ja, i, i + 1, new), f"{ja[m.start():m.end()]} → {_replace(ja, i, i + 1, new)[m.start():m.end()]}"


@mutator("number-scale", "numbers")
def number_scale(zh, ja, rng, env):
    """万 and 億 confused (500万 → 500億), or a figure's magnitude dropped (500万元 → 500元)."""
    spots = list(re.finditer(r"(?<=[0-9０-９])\s*([万億千])", ja))
    if not spots:
        return None
    m = rng.choice(spots)
    mag = m.group(1)
    new = {"万": "億", "億": "万", "千": "万"}[mag] if rng.random() < 0.7 else ""
    return _replace(ja, m.start(1), m.end(1), new), f"{mag} → {new or '(none)'}"


@mutator("number-percent", "numbers")
def number_percent(zh, ja, rng, env):
    """A percentage changed (50% → 5%) or its sign dropped (50% → 50)."""
    spots = list(re.finditer(r"([0-9０-９]+(?:\.[0-9]+)?)(\s*)([%％]|パーセント)", ja))
    if not spots:
        return None
    m = rng.choice(spots)
    num = m.group(1)
    if rng.random() < 0.5:
        return _replace(ja, m.end(2), m.end(3), ""), f"{m.group(0)} → {num}"
    if "." in num:
        new = num.replace(".", "")          # 1.5% → 15%: the decimal point lost
    elif len(num) > 1 and num[-1] == "0":
        new = num[:-1]                      # 50% → 5%
    else:
        new = num + "0"                     # 5% → 50%
    return _replace(ja, m.start(1), m.end(1), new), f"{num}% → {new}%"


@mutator("number-date", "numbers")
def number_date(zh, ja, rng, env):
    """A year, month or day of a date changed (2020年8月28日 → 2020年8月18日)."""
    spots = list(re.finditer(r"([0-9０-９]+)\s*[年月日]", ja))
    if not spots:
        return None
    m = rng.choice(spots)
    num = m.group(1)
    i = m.start(1) + rng.randrange(len(num))
    new = _other_digit(ja[i], rng)
    if i == m.start(1) and new == "0":
        new = "1" if ja[i] != "1" else "2"
    return _replace(ja, i, i + 1, new), f"{m.group(0)} → {_replace(ja, i, i + 1, new)[m.start():m.end()]}"


@mutator("list-marker", "numbers")
def list_marker(zh, ja, rng, env):
    """The paragraph's list number changed (3. → 4., （二） → （三）): an item renumbered on one side only."""
    m = re.match(r"^(\s*[(（]?\s*)(\d+|[一二三四五六七八九])(\s*[)）.．、])", ja)
    if not m:
        return None
    num = m.group(2)
    kanji = "一二三四五六七八九十"
    new = str(int(num) + 1) if num.isdigit() else kanji[kanji.index(num) + 1]
    return _replace(ja, m.start(2), m.end(2), new), f"{m.group(0).strip()} → {m.group(1).strip()}{new}{m.group(3).strip()}"


# ------------------------------------------------------------------ glossary

def _rendered_terms(zh: str, ja: str, env: Env):
    """(term, rendering, span in ja) for each glossary term of the source whose rendering the target shows."""
    fz, fj = fold_map(zh, "zh"), fold_map(ja, "ja")
    out = []
    for t in env.terms:
        if not t.ja or not find_all(t.zh, zh, "zh", folded=fz):
            continue
        for r in sorted(t.ja, key=len, reverse=True):
            spans = find_all(r, ja, "ja", folded=fj)
            if spans:
                out.append((t, r, spans))
                break
    return out


def _shows_rendering(t, ja: str) -> bool:
    fj = fold_map(ja, "ja")
    return any(find_all(r, ja, "ja", folded=fj) for r in t.ja)


@mutator("glossary-forbidden", "glossary")
def glossary_forbidden(zh, ja, rng, env):
    """A glossary term's approved rendering replaced by the rendering the glossary forbids (股息 → 利息)."""
    cands = [(t, r, sp) for t, r, sp in _rendered_terms(zh, ja, env) if t.forbidden]
    if not cands:
        return None
    t, r, spans = rng.choice(cands)
    bad = rng.choice(t.forbidden)
    out = ja
    for s, e in reversed(spans):
        out = _replace(out, s, e, bad)
    return out, f"{r} → {bad} ({t.zh})"


def _near_miss(t, r: str, rng: random.Random) -> str | None:
    """A rendering a translator could believe right: the source's kanji carried over (试点 → 試点), else one
    character of the approved rendering dropped (知的財産権 → 知的財権)."""
    literal = "".join(japanese_form(c) for c in t.zh)
    options = []
    if literal not in t.ja and all(is_han(c) for c in literal):
        options.append(literal)
    han = [i for i, c in enumerate(r) if is_han(c)]
    if len(r) >= 3 and len(han) >= 3:
        i = rng.choice(han[1:])
        options.append(r[:i] + r[i + 1:])
    options = [o for o in options if o and o not in t.ja]
    return rng.choice(options) if options else None


@mutator("glossary-near-miss", "glossary")
def glossary_near_miss(zh, ja, rng, env):
    """A glossary term rendered close to, but not as, any approved rendering."""
    cands = _rendered_terms(zh, ja, env)
    rng.shuffle(cands)
    for t, r, spans in cands:
        miss = _near_miss(t, r, rng)
        if miss is None:
            continue
        out = ja
        for s, e in reversed(spans):
            out = _replace(out, s, e, miss)
        if _shows_rendering(t, out):
            continue  # another approved rendering is still there: nothing a reader would see as wrong
        return out, f"{r} → {miss} ({t.zh})"
    return None


@mutator("inconsistent-term", "consistency")
def inconsistent_term(zh, ja, rng, env):
    """A term the document renders one way everywhere rendered another allowed way here (試行 → パイロット)."""
    usage = env.usage()
    cands = []
    for t, r, spans in _rendered_terms(zh, ja, env):
        counts = usage.get(t.zh, {})
        if len(t.ja) < 2 or counts.get(r, 0) < 3 or len(counts) > 1 or t.zh in env.taken:
            continue  # only a term the document renders consistently in three pairs or more
        if any(o.zh != t.zh and t.zh in o.zh and find_all(o.zh, zh, "zh") for o in env.terms):
            continue  # inside a longer term here (试点 in 综合试点): that term's renderings rule the spot
        others = [a for a in t.ja if a != r and a not in counts and r not in a and a not in r]
        if others:
            cands.append((t, r, spans, others))
    if not cands:
        return None
    t, r, spans, others = rng.choice(cands)
    alt = rng.choice(others)
    out = ja
    for s, e in reversed(spans):
        out = _replace(out, s, e, alt)
    return out, f"{r} → {alt} ({t.zh}; {r} in {usage[t.zh][r]} pairs)", t.zh


# ------------------------------------------------------------------ omission and untranslated text

def _clauses(text: str, marks: str) -> list[tuple[int, int]]:
    """(start, end) of each clause, the end including its closing mark."""
    out, s = [], 0
    for m in re.finditer(f"[{marks}]", text):
        out.append((s, m.end()))
        s = m.end()
    if s < len(text):
        out.append((s, len(text)))
    return out


def _size(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


@mutator("omission", "omission")
def omission(zh, ja, rng, env):
    """A clause (between 、) or a whole sentence of the Japanese dropped, the rest left as it was."""
    total = _size(ja)
    sentences = _clauses(ja, "。！？")
    if len(sentences) >= 2:
        s, e = rng.choice(sentences)
        if 0.15 <= _size(ja[s:e]) / total <= 0.7:
            return _replace(ja, s, e, ""), f"sentence dropped: {ja[s:e]}"
    clauses = _clauses(ja, "、，")
    if len(clauses) < 3:
        return None
    # Not the first (a topic or list marker) nor the last (the main verb): a middle clause of some weight.
    middle = [(s, e) for s, e in clauses[1:-1] if _size(ja[s:e]) >= 8 and _size(ja[s:e]) / total <= 0.6]
    if not middle:
        return None
    s, e = rng.choice(middle)
    return _replace(ja, s, e, ""), f"clause dropped: {ja[s:e]}"


@mutator("untranslated", "omission", "script")
def untranslated(zh, ja, rng, env):
    """A clause of the Chinese pasted into the Japanese in place of its translation (simplified forms and all)."""
    zc = [(s, e) for s, e in _clauses(zh, "，、；：") if sum(is_han(c) for c in zh[s:e]) >= 4]
    jc = _clauses(ja, "、，")
    if not zc or len(jc) < 2:
        return None
    s, e = rng.choice(zc)
    src = zh[s:e].rstrip("，、；：")
    # The Japanese clause at the same relative place is the one the pasted text stands for.
    mid = (s + e) / 2 / max(len(zh), 1)
    k = min(range(len(jc)), key=lambda i: abs((jc[i][0] + jc[i][1]) / 2 / len(ja) - mid))
    js, je = jc[k]
    tail = ja[je - 1] if ja[je - 1] in "、，。" else ""
    simp = "".join(c for c in src if is_simplified_only(c))
    return (_replace(ja, js, je, src + tail),
            f"{ja[js:je]} → {src}" + (f" (simplified {simp})" if simp else ""))


# ------------------------------------------------------------------ script

def _simplified(ch: str) -> str | None:
    s = fold_ja(ch)
    return s if len(s) == 1 and s != ch and is_simplified_only(s) else None


@mutator("simplified", "script")
def simplified(zh, ja, rng, env):
    """One kanji written in its simplified Chinese form (務 → 务, 開 → 开): a Chinese IME slip."""
    spots = [i for i, c in enumerate(ja) if is_han(c) and _simplified(c)]
    if not spots:
        return None
    i = rng.choice(spots)
    new = _simplified(ja[i])
    return _replace(ja, i, i + 1, new), f"{ja[i]} → {new}"


# ------------------------------------------------------------------ punctuation

_OPEN_CLOSE = {"（": "）", "「": "」", "『": "』", "《": "》", "【": "】", "〔": "〕", "(": ")"}


@mutator("bracket", "punctuation")
def bracket(zh, ja, rng, env):
    """A bracket of a pair dropped, or closed with the wrong kind (「…） )."""
    spots = [(m.start(), m.end() - 1) for o, c in _OPEN_CLOSE.items()
             for m in re.finditer(re.escape(o) + "[^" + re.escape(o + c) + "]*" + re.escape(c), ja)]
    if not spots:
        return None
    s, e = rng.choice(spots)
    how = rng.choice(["open", "close", "mismatch"])
    if how == "open":
        return _replace(ja, s, s + 1, ""), f"opening {ja[s]} dropped"
    if how == "close":
        return _replace(ja, e, e + 1, ""), f"closing {ja[e]} dropped"
    wrong = rng.choice([c for c in "）」』》】〕" if c != ja[e] and not (ja[e] == ")" and c == "）")])
    return _replace(ja, e, e + 1, wrong), f"{ja[s]}…{ja[e]} → {ja[s]}…{wrong}"


# ------------------------------------------------------------------ polarity

# Japanese negative forms and the affirmative a slip turns them into. Obligation (しなければならない) and
# prohibition (してはならない) end in ない too, but are not negated statements: they are left out.
_NEGATIVES = [("できない", "できる"), ("されない", "される"), ("しない", "する"), ("含まない", "含む"),
              ("超えない", "超える"), ("がない", "がある"), ("のない", "のある"), ("ません", "ます"),
              ("わない", "う"), ("らない", "る"), ("せず", "して"), ("禁止", "許可"), ("不可", "可能")]
_OBLIGATION = re.compile(r"(?:なければ|ては|では|くて)な?$")
_ZH_NEG = re.compile(r"不|未|无|没|禁|非|勿|免")


@mutator("negation", "mistranslation")
def negation(zh, ja, rng, env):
    """A negation of the Japanese turned affirmative (超えない → 超える) where the source negates."""
    if not _ZH_NEG.search(zh):
        return None
    spots = []
    for neg, pos in _NEGATIVES:
        for m in re.finditer(re.escape(neg), ja):
            if neg.endswith("ない") and _OBLIGATION.search(ja, 0, m.start()):
                continue
            if any(s <= m.start() < e for s, e, _, _ in spots):
                continue
            spots.append((m.start(), m.end(), neg, pos))
    if not spots:
        return None
    s, e, neg, pos = rng.choice(spots)
    return _replace(ja, s, e, pos), f"{neg} → {pos}"


KINDS = tuple(MUTATORS)
