"""A tiny bilingual lexicon learned from the document's own sure pairs (hunalign's realign idea).

Shared Han characters find most counterparts, but not all: 附件 is 付属文書 in Japanese, 相关
is 関連. Once a first pass has aligned the document, the pairs it was sure of show which
Han bigrams of one side keep turning up opposite which bigrams of the other *without*
being shared. Each such association becomes one extra feature present on both sides
(zh segments holding the zh word, ja segments holding the ja word), so the second pass
scores them like any shared character, merged beads included, and the search itself is
unchanged.

Only words seen in at least two segments on their side can help anywhere else, so only
those are considered. A pair is kept when its Dice coefficient is high, counting co-occurrence
in sure pairs against each word's frequency in the whole document: a word repeated everywhere
(a title's bigrams) co-occurs with everything and must not pair with anything.
"""
from __future__ import annotations

from collections import Counter, _count_elements, defaultdict

import numpy as np

from .features import Bag, is_bigram, key_of

LEX_PREFIX = "#x"
MIN_DICE = 0.5
MAX_PARTNERS = 3
MAX_PRODUCT = 300


def _bigrams(raw: Bag) -> set[int]:
    return set(raw.keys[is_bigram(raw.keys)].tolist())


def _document_frequency(words: set[int], raws: list[Bag]) -> Counter:
    """How many of the segments hold each of `words` (a key occurs once per bag): one pass over all keys."""
    if not words or not raws:
        return Counter()
    keys = np.concatenate([r.keys for r in raws])
    wanted = np.sort(np.fromiter(words, dtype=np.int64, count=len(words)))
    # A binary search in the few thousand words (they stay in cache) beats np.isin's sort
    # of the whole document's keys.
    at = np.minimum(np.searchsorted(wanted, keys), len(wanted) - 1)
    df = np.bincount(at[wanted[at] == keys], minlength=len(wanted))
    held = np.flatnonzero(df)
    return Counter(dict(zip(wanted[held].tolist(), df[held].tolist())))


def learn(pairs: list[tuple[Bag, Bag]], zraws: list[Bag], jraws: list[Bag], *,
          stride: int = 1) -> tuple[dict[int, list[int]], dict[int, int]]:
    """zh bigram -> ja bigrams it translates to, from (zh raw, ja raw) feature counts of sure pairs.

    `stride`: the pairs are every stride-th sure pair, so each co-occurrence stands for
    that many.

    Also returns the document frequency of each lexicon feature (segments of either side
    holding its word), for its idf.
    """
    residues = []
    words: set[int] = set()
    for zr, jr in pairs:
        zb, jb = _bigrams(zr), _bigrams(jr)
        residues.append((zb - jb, jb - zb))
        words |= zb ^ jb
    # Document frequencies of the candidate words only.
    zdf = _document_frequency(words, zraws)
    jdf = _document_frequency(words, jraws)
    zonly = {w for w, c in zdf.items() if c >= 2 and w not in jdf}
    jonly = {v for v, c in jdf.items() if c >= 2 and v not in zdf}
    zres_all = [[w for w in zb if w in zonly] for zb, _ in residues]
    jres_all = [[v for v in jb if v in jonly] for _, jb in residues]
    # Dice can reach MIN_DICE only for a word whose residue count keeps up with its
    # frequency (c <= its count, Dice <= 2c/df): prune the others before pairing.
    cz: Counter = Counter()
    for ws in zres_all:
        _count_elements(cz, ws)
    cj: Counter = Counter()
    for vs in jres_all:
        _count_elements(cj, vs)
    zkeep = {w for w, c in cz.items() if 2.0 * stride * c >= MIN_DICE * zdf[w]}
    jkeep = {v for v, c in cj.items() if 2.0 * stride * c >= MIN_DICE * jdf[v]}
    cw: Counter = Counter()
    for zres, jres in zip(zres_all, jres_all):
        zres = [w for w in zres if w in zkeep]
        jres = [v for v in jres if v in jkeep]
        if len(zres) * len(jres) > MAX_PRODUCT:
            continue  # too many unexplained words on both sides to tell which pairs with which
        for w in zres:
            for v in jres:
                cw[w, v] += 1
    cand: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (w, v), c in cw.items():
        dice = 2.0 * c * stride / (zdf[w] + jdf[v])
        if dice >= MIN_DICE:
            cand[w].append((dice, v))
    lex = {w: [v for _, v in sorted(vs, reverse=True)[:MAX_PARTNERS]] for w, vs in cand.items()}
    df = {key(w, v): zdf[w] + jdf[v] for w, vs in lex.items() for v in vs}
    return lex, df


def key(w: int, v: int) -> int:
    """The key of the pair feature of zh bigram w and ja bigram v."""
    return key_of(f"{LEX_PREFIX}{w}|{v}")


def augment(zraws: list[Bag], jraws: list[Bag], lex: dict[int, list[int]]) -> tuple[list[Bag], list[Bag]]:
    """Copies of the raw counts with one shared pair feature per lexicon pair present."""
    rev: dict[int, list[int]] = defaultdict(list)
    for w, vs in lex.items():
        for v in vs:
            rev[v].append(w)
    return ([_with_pairs(r, lex, key) for r in zraws],
            [_with_pairs(r, rev, lambda v, w: key(w, v)) for r in jraws])


def _with_pairs(raw: Bag, links: dict[int, list[int]], pair_key) -> Bag:
    """A copy of one side's counts plus, for each word it links to, the shared pair feature."""
    held = links.keys() & set(raw.keys.tolist())
    if not held:
        return raw.copy()
    extra: dict[int, float] = {}
    for w in held:
        for v in links[w]:
            k = pair_key(w, v)
            extra[k] = extra.get(k, 0.0) + raw[w]
    return raw.plus(Bag.from_counts(extra))
