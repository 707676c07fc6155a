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

from collections import defaultdict

import numpy as np

from .bags import Bag, unique_counts
from .keys import is_bigram, key_of

LEX_PREFIX = "#x"
MIN_DICE = 0.5
MAX_PARTNERS = 3
MAX_PRODUCT = 300


def _bigrams(bags: list[Bag]) -> tuple[np.ndarray, np.ndarray]:
    """(bag number, key) of every Han bigram of some bags, bag by bag."""
    keys = np.concatenate([b.keys for b in bags])
    owner = np.repeat(np.arange(len(bags)), [len(b.keys) for b in bags])
    bigram = is_bigram(keys)
    return owner[bigram], keys[bigram]


def _document_frequency(words: np.ndarray, raws: list[Bag]) -> np.ndarray:
    """How many of the segments hold each of `words` (ascending; a key occurs once per bag)."""
    if not len(words) or not raws:
        return np.zeros(len(words), dtype=np.int64)
    keys = np.concatenate([r.keys for r in raws])
    # A binary search in the few thousand words (they stay in cache) beats np.isin's sort
    # of the whole document's keys.
    at = np.minimum(np.searchsorted(words, keys), len(words) - 1)
    return np.bincount(at[words[at] == keys], minlength=len(words))


def learn(pairs: list[tuple[Bag, Bag]], zraws: list[Bag], jraws: list[Bag], *,
          stride: int = 1) -> tuple[dict[int, list[int]], dict[int, int]]:
    """zh bigram -> ja bigrams it translates to, from (zh raw, ja raw) feature counts of sure pairs.

    `stride`: the pairs are every stride-th sure pair, so each co-occurrence stands for
    that many.

    Also returns the document frequency of each lexicon feature (segments of either side
    holding its word), for its idf. Every step runs over all pairs' bigrams at once.
    """
    if not pairs:
        return {}, {}
    zq, zw = _bigrams([z for z, _ in pairs])
    jq, jv = _bigrams([j for _, j in pairs])
    # A pair's residues: the bigrams of one side that the other side of the pair lacks.
    zpacked, jpacked = zq << _PAIR_SHIFT | zw, jq << _PAIR_SHIFT | jv
    zlone, jlone = ~_among(zpacked, jpacked), ~_among(jpacked, zpacked)
    zq, zw, jq, jv = zq[zlone], zw[zlone], jq[jlone], jv[jlone]
    words = unique_counts(np.concatenate((zw, jv)))[0]
    zdf, jdf = _document_frequency(words, zraws), _document_frequency(words, jraws)
    zi, ji = np.searchsorted(words, zw), np.searchsorted(words, jv)
    # Only words seen in two segments or more on their side, and never on the other.
    zq, zi = _where(zq, zi, ((zdf >= 2) & (jdf == 0))[zi])
    jq, ji = _where(jq, ji, ((jdf >= 2) & (zdf == 0))[ji])
    # Dice can reach MIN_DICE only for a word whose residue count keeps up with its
    # frequency (c <= its count, Dice <= 2c/df): prune the others before pairing.
    zq, zi = _where(zq, zi, (2.0 * stride * np.bincount(zi, minlength=len(words)) >= MIN_DICE * zdf)[zi])
    jq, ji = _where(jq, ji, (2.0 * stride * np.bincount(ji, minlength=len(words)) >= MIN_DICE * jdf)[ji])
    # Too many unexplained words on both sides of a pair to tell which pairs with which.
    nz, nj = np.bincount(zq, minlength=len(pairs)), np.bincount(jq, minlength=len(pairs))
    small = nz * nj <= MAX_PRODUCT
    zq, zi = _where(zq, zi, small[zq])
    jq, ji = _where(jq, ji, small[jq])
    w, v, c = _co_occurrences(zq, zi, jq, ji, len(pairs), len(words))
    dice = 2.0 * c * stride / (zdf[w] + jdf[v])
    cand: dict[int, list[tuple[float, int]]] = defaultdict(list)
    found = dice >= MIN_DICE
    for wk, vk, d in zip(words[w[found]].tolist(), words[v[found]].tolist(), dice[found].tolist()):
        cand[wk].append((d, vk))
    lex = {w: [v for _, v in sorted(vs, reverse=True)[:MAX_PARTNERS]] for w, vs in cand.items()}
    zdf_of = dict(zip(words.tolist(), zdf.tolist()))
    jdf_of = dict(zip(words.tolist(), jdf.tolist()))
    df = {key(w, v): zdf_of[w] + jdf_of[v] for w, vs in lex.items() for v in vs}
    return lex, df


_PAIR_SHIFT = 43  # every Han bigram key is below 2**43, and pairs number far fewer than 2**20


def _among(values: np.ndarray, ascending: np.ndarray) -> np.ndarray:
    """Which values occur in an ascending array (a binary search each)."""
    if len(ascending) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ascending, values), len(ascending) - 1)
    return ascending[at] == values


def _where(owner: np.ndarray, word: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return owner[keep], word[keep]


def _co_occurrences(zq: np.ndarray, zi: np.ndarray, jq: np.ndarray, ji: np.ndarray, n: int,
                    nwords: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(zh word, ja word, number of pairs) for every two words that stand in the same pair.

    Entries come pair by pair (zq, jq ascending): each zh entry is repeated once for
    every ja entry of its pair, and the ja entries are laid out alongside.
    """
    per_pair = np.bincount(jq, minlength=n)
    first = np.cumsum(per_pair) - per_pair
    times = per_pair[zq]
    total = int(times.sum())
    if total == 0:
        return (np.zeros(0, dtype=np.int64),) * 3
    step = np.arange(total) - np.repeat(np.cumsum(times) - times, times)
    partner = ji[np.repeat(first[zq], times) + step]
    codes, counts = unique_counts(np.repeat(zi, times) * nwords + partner)
    return codes // nwords, codes % nwords, counts


def key(w: int, v: int) -> int:
    """The key of the pair feature of zh bigram w and ja bigram v."""
    return key_of(f"{LEX_PREFIX}{w}|{v}")


def augment(zraws: list[Bag], jraws: list[Bag], lex: dict[int, list[int]]) -> tuple[list[Bag], list[Bag]]:
    """The raw counts with one shared pair feature per lexicon pair present.

    A bag holding a lexicon word is replaced by a new one (describing the same text: the
    pair features add no characters); the others are returned as they are.
    """
    rev: dict[int, list[int]] = defaultdict(list)
    for w, vs in lex.items():
        for v in vs:
            rev[v].append(w)
    return _with_pairs(zraws, lex, key), _with_pairs(jraws, rev, lambda v, w: key(w, v))


def _with_pairs(raws: list[Bag], links: dict[int, list[int]], pair_key) -> list[Bag]:
    """One side's bags plus, for each word a bag holds that links to others, the shared pair features.

    The words are found among all the bags' keys at once; only the (few) hits are visited.
    """
    out = list(raws)
    if not links or not raws:
        return out
    keys = np.concatenate([r.keys for r in raws])
    owner = np.repeat(np.arange(len(raws)), [len(r.keys) for r in raws])
    hit = _among(keys, np.array(sorted(links), dtype=np.int64))
    extra: dict[int, dict[int, float]] = defaultdict(dict)
    for b, w, c in zip(owner[hit].tolist(), keys[hit].tolist(), np.concatenate([r.counts for r in raws])[hit].tolist()):
        for v in links[w]:
            extra[b][pair_key(w, v)] = c
    for b, pairs in extra.items():
        bag = raws[b].plus(Bag.from_counts(pairs))
        facts = getattr(raws[b], "text", None), getattr(raws[b], "length", None), getattr(raws[b], "marker", None)
        if facts[0] is not None:
            bag.describe(*facts)
        out[b] = bag
    return out
