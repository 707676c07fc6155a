"""Cheap, offline evidence that a Chinese and a Japanese segment translate each other.

Chinese and Japanese share most Han characters, and a translation keeps most of the
Han compounds of its source (服务业 → サービス業 keeps 业, 开放 → 開放 keeps both). After
folding both sides onto simplified Chinese, weighted Han unigram/bigram overlap is a
strong signal; anchors that survive translation unchanged (numbers, list markers,
document codes, 《》 titles) sharpen it. Everything is a sparse vector so that the score
of a merged bead (1-2, 2-1, ...) follows from pairwise dot products without re-reading
any text.

This module extracts them: it normalises and folds the text and counts its features
(keys.py names them, anchors.py finds the anchors, lengths.py measures the text), and
weights the counts with the document's Idf (idf.py) for the search.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..lang.script import fold, nfkc
from ..lang.sentences import DEFAULT_TERMINATORS, split_text
from .anchors import MARKER_START, anchor_names, document_anchors, list_marker
from .bags import NO_COUNTS, NO_KEYS, Bag, unique_counts
from .idf import Idf
from .keys import BIGRAM, KeyMemo, code_points, han_at, han_keys
from .lengths import char_length, char_lengths


def nfkc_fast(text: str) -> str:
    """nfkc(text), without the full normalisation pass CJK text nearly always needs.

    Chinese and Japanese prose is full of fullwidth punctuation (，：（）), which NFKC maps
    to ASCII; one such character makes unicodedata decompose and recompose the whole text.
    Replacing those characters by their NFKC images first (they decompose to one ASCII
    character each, so the text's full decomposition is unchanged) usually leaves a text
    the quick check passes as already normal; anything else is normalised as before.
    """
    if not _FULLWIDTH.search(text):
        return nfkc(text)
    text = _FULLWIDTH.sub(_ascii_of, text)
    return text if unicodedata.is_normalized("NFKC", text) else nfkc(text)


_FULLWIDTH_TABLE = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {0x3000: " "}
_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]+")


def _ascii_of(m: re.Match) -> str:
    return m.group().translate(_FULLWIDTH_TABLE)


_OWNER_SHIFT = 43  # every Han key is below 2**43


def _tally(owner: np.ndarray, keys: np.ndarray, n: int) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Counts of Han keys per text: (each text's start in the arrays, keys, counts).

    One sort of (text, key) packed into one integer groups every text's equal keys; each
    text's keys come out ascending.
    """
    if n < 1 << (63 - _OWNER_SHIFT):
        packed = np.sort(owner << _OWNER_SHIFT | keys)
        owner, keys = packed >> _OWNER_SHIFT, packed & ((1 << _OWNER_SHIFT) - 1)
    else:
        order = np.lexsort((keys, owner))
        owner, keys = owner[order], keys[order]
    if len(keys) == 0:
        return [0] * (n + 1), NO_KEYS, NO_COUNTS
    starts = np.flatnonzero(np.concatenate(([True], (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1]))))
    counts = np.diff(np.append(starts, len(keys))).astype(np.float64)
    offsets = np.searchsorted(owner[starts], np.arange(n + 1)).tolist()
    return offsets, keys[starts], counts


def _bag(keys: np.ndarray, counts: np.ndarray, names: list[str], known: KeyMemo) -> Bag:
    """A bag of Han counts (keys ascending) plus anchors by name (they sort after every Han key)."""
    if not names:
        return Bag(keys, counts)
    extra: dict[int, int] = {}
    for name in names:
        k = known[name]
        extra[k] = extra.get(k, 0) + 1
    ks = sorted(extra)
    return Bag(np.concatenate((keys, np.array(ks, dtype=np.int64))),
               np.concatenate((counts, np.array([extra[k] for k in ks], dtype=np.float64))))


def raw_features(text: str, lang: str) -> Bag:
    """Feature counts of one text (weights come with the Idf): the reference split_features agrees with.

    Counts add up: a paragraph's features are the sum of its sentences' (no Han bigram
    crosses a terminator), so split_features analyses the text once for both levels.
    """
    norm = nfkc_fast(text)
    folded = fold(norm, lang)
    keys, counts = unique_counts(han_keys(folded))
    return _bag(keys, counts.astype(np.float64), anchor_names(norm, folded), KeyMemo())


@dataclass(frozen=True)
class SplitFeatures:
    """A paragraph cut into sentences, with the raw counts of each sentence and of the whole.

    The paragraph's counts also hold the list markers opening its inner sentences (a
    merged paragraph still shows the "2." or "(二)" of the part that was its own paragraph).
    """

    parts: tuple[str, ...]
    raw: Bag
    sentence_raws: tuple[Bag, ...]


# Terminators whose sentence boundaries no feature can straddle: none of them is a digit,
# letter, Han character, bracket of a document code or piece of a list marker, and none
# composes under NFKC or sits inside an OpenCC phrase. With others, each text is analysed
# on its own (the reference path).
_ADDITIVE_TERMINATORS = frozenset(DEFAULT_TERMINATORS)
_SEP = "\n"


def split_features(texts: list[str], lang: str, terminators: str = DEFAULT_TERMINATORS,
                   terms: Callable[[list[str], str], list[list[int]]] | None = None) -> list[SplitFeatures]:
    """Sentences and raw counts of many paragraphs, the document normalised and folded once.

    Equal to splitting each paragraph with split_text and calling raw_features on the
    paragraph and on each sentence (tests/test_features_split.py checks it), but the whole
    document is one string: OpenCC runs once, the Han features of every sentence and every
    paragraph are counted by two sorts of one array, and numbers and Latin words are found
    by one regex pass each.

    `terms`: the dictionary's term keys of texts already folded (dictionary.Dictionary.
    term_keys), counted with each sentence's features; a paragraph's are its sentences'.
    """
    splits = [split_text(t, terminators=terminators) or [t] for t in texts]
    out: list[SplitFeatures | None] = [None] * len(texts)
    fast = [k for k, t in enumerate(texts) if _SEP not in t] if set(terminators) <= _ADDITIVE_TERMINATORS else []
    if fast:
        # NFKC never composes across a newline, so the document normalises as its texts do.
        norm_doc = nfkc_fast(_SEP.join(_SEP.join(splits[k]) for k in fast))
        folded_doc = fold(norm_doc, lang)
        norms, folded = norm_doc.split(_SEP), folded_doc.split(_SEP)
        sizes = [len(splits[k]) for k in fast]
        if len(folded) == len(norms) == sum(sizes):
            found = terms(folded, lang) if terms else [()] * len(folded)
            for k, sf in zip(fast, _split_document(norm_doc, folded_doc, norms, folded, sizes,
                                                   [splits[k] for k in fast], [texts[k] for k in fast], found)):
                out[k] = sf
        # else: the folding did not keep the separators: take the reference path
    for k, t in enumerate(texts):
        if out[k] is None:
            out[k] = _reference_split(splits[k], t, lang, terms)
    return out


def _split_document(norm_doc: str, folded_doc: str, norms: list[str], folded: list[str], sizes: list[int],
                    splits: list[list[str]], texts: list[str], terms: list) -> list[SplitFeatures]:
    """split_features of paragraphs whose sentences, NFKC'd and folded, are joined by the separator.

    Every sentence's and every multi-sentence paragraph's counts, anchors included, come
    out of one tally each (_tally_all); the bags are slices of its arrays.
    """
    cp = code_points(folded_doc)
    pos, keys = han_at(cp)
    sentence = np.cumsum(cp == ord(_SEP))[pos]
    paragraph = np.repeat(np.arange(len(sizes)), sizes)
    multi = np.array(sizes) > 1
    s_anchors, p_anchors, markers = document_anchors(norm_doc, norms, folded, sizes, splits, terms)
    s_off, s_keys, s_counts = _tally_all(sentence, keys, s_anchors, len(norms))
    in_multi = multi[paragraph[sentence]]
    p_off, p_keys, p_counts = _tally_all(paragraph[sentence[in_multi]], keys[in_multi], p_anchors, len(sizes))
    lengths = char_lengths([part for parts in splits for part in parts])
    out = []
    at = 0
    for p, (parts, size, text) in enumerate(zip(splits, sizes, texts)):
        if size == 1:
            raw = Bag(s_keys[s_off[at]:s_off[at + 1]], s_counts[s_off[at]:s_off[at + 1]])
            raw.describe(parts[0], lengths[at], list_marker(parts[0]))
            out.append(SplitFeatures(tuple(parts), raw, (raw,)))
            at += 1
            continue
        raws = []
        for s, part in zip(range(at, at + size), parts):
            r = Bag(s_keys[s_off[s]:s_off[s + 1]], s_counts[s_off[s]:s_off[s + 1]])
            # list_marker(part), from the sentence's normal form already at hand
            marker = markers[s]
            r.describe(part, lengths[s], marker if marker and part.lstrip()[:1] in MARKER_START else None)
            raws.append(r)
        raw = Bag(p_keys[p_off[p]:p_off[p + 1]], p_counts[p_off[p]:p_off[p + 1]])
        # Lengths add up (no Latin word or space run crosses a sentence end), and the
        # paragraph opens with its first sentence's marker.
        raw.describe(text, sum(lengths[at:at + size]), raws[0].marker)
        out.append(SplitFeatures(tuple(parts), raw, tuple(raws)))
        at += size
    return out


# Anchors go through the Han tally under stand-in keys above every Han key, numbered in
# the order of their real keys, so that each text's keys still come out ascending.
_STAND_IN = BIGRAM + (1 << 40)


def _tally_all(owner: np.ndarray, keys: np.ndarray, anchors: tuple[list[int], list[int]],
               n: int) -> tuple[list[int], np.ndarray, np.ndarray]:
    """_tally of Han keys and anchors together: (each text's start, keys ascending, counts)."""
    a_owner, a_keys = anchors
    if not a_keys:
        return _tally(owner, keys, n)
    distinct, rank = np.unique(np.array(a_keys, dtype=np.int64), return_inverse=True)
    offsets, tallied, counts = _tally(np.concatenate((owner, np.array(a_owner, dtype=np.int64))),
                                      np.concatenate((keys, _STAND_IN + rank.ravel())), n)
    anchor = tallied >= _STAND_IN
    tallied[anchor] = distinct[tallied[anchor] - _STAND_IN]
    return offsets, tallied, counts


def _reference_split(parts: list[str], text: str, lang: str, terms=None) -> SplitFeatures:
    """Each text analysed on its own: the definition split_features must agree with."""
    raw = raw_features(text, lang)
    found = terms([fold(nfkc(p), lang) for p in parts], lang) if terms and parts else [[] for _ in parts]
    if len(parts) <= 1:
        raw = _with_terms(raw, found[0] if found else [])
        return SplitFeatures(tuple(parts), raw, (raw,))
    inner = [m for m in map(list_marker, parts[1:]) if m]
    if inner:
        raw = raw.plus(Bag.of(Counter("#m" + m for m in inner)))
    raw = _with_terms(raw, [k for t in found for k in t])
    return SplitFeatures(tuple(parts), raw, tuple(_with_terms(raw_features(p, lang), t) for p, t in zip(parts, found)))


def _with_terms(raw: Bag, terms: list[int]) -> Bag:
    return raw.plus(Bag.from_counts(Counter(terms))) if terms else raw


class SegmentFeatures:
    """What the search needs of one segment: weighted features, squared norm, length, marker.

    Keys (integers, ascending) and weights are arrays (the numpy searches use them
    directly); the dictionary form `vec` for the pure-Python dot products is built on first
    use, after which it is a plain attribute (no property call on each dot product).
    """

    __slots__ = ("keys", "vals", "norm2", "length", "marker", "vec", "ids")

    def __init__(self, keys: np.ndarray, vals: np.ndarray, length: int, marker: str | None,
                 ids: np.ndarray | None = None, norm2: float | None = None):
        self.keys = keys
        self.vals = vals
        self.norm2 = float(vals @ vals) if norm2 is None else norm2
        self.length = length
        self.marker = marker
        # Numbers of the keys in the Idf (Idf.number), for the numpy searches: small integers.
        self.ids = ids

    def __getattr__(self, name: str):
        # Only reached while the `vec` slot is still empty.
        if name == "vec":
            vec = self.vec = dict(zip(self.keys.tolist(), self.vals.tolist()))
            return vec
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def featurize(texts: list[str], lang: str, idf: Idf, raws: list[Bag] | None = None) -> list[SegmentFeatures]:
    """Weighted features of many segments: all weights looked up and multiplied in one go.

    Segments are small (a sentence has a few dozen features), so per-segment numpy calls
    would cost more than the arithmetic; the segments' arrays are views of one array.
    """
    raws = raws if raws is not None else [raw_features(t, lang) for t in texts]
    sizes = np.fromiter(map(len, raws), dtype=np.int64, count=len(raws))
    keys = np.concatenate([r.keys for r in raws]) if raws else NO_KEYS
    ids, weights = idf.number(keys)
    vals = np.concatenate([r.counts for r in raws]) * weights if raws else NO_COUNTS
    ends = np.cumsum(sizes).tolist()
    # Squared norms of all segments at once (a dot product per segment costs a call each).
    norms = _segment_sums(vals * vals, sizes).tolist()
    out = []
    at = 0
    for text, raw, end, norm2 in zip(texts, raws, ends, norms):
        known = raw.facts(text)
        length, marker = known if known else (char_length(text), list_marker(text))
        out.append(SegmentFeatures(keys[at:end], vals[at:end], length, marker, ids[at:end], norm2))
        at = end
    return out


def _segment_sums(flat: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Sum of each segment's stretch of a flat array (segments in a row; empty ones sum to 0)."""
    out = np.zeros(len(sizes))
    if len(flat) == 0:
        return out
    starts = np.cumsum(sizes) - sizes
    nonempty = sizes > 0
    out[nonempty] = np.add.reduceat(flat, starts[nonempty])
    return out


def key_ids(feats: list[SegmentFeatures], total: int) -> np.ndarray:
    """The segments' key ids in a row (featurize's; the keys themselves for features built without them)."""
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    if feats and all(f.ids is not None for f in feats):
        return np.concatenate([f.ids for f in feats])
    return np.concatenate([np.asarray(f.keys, dtype=np.int64) for f in feats])


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    return sum([a[k] * b[k] for k in a.keys() & b.keys()])
