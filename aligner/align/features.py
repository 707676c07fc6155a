"""Cheap, offline evidence that a Chinese and a Japanese segment translate each other.

Chinese and Japanese share most Han characters, and a translation keeps most of the
Han compounds of its source (服务业 → サービス業 keeps 业, 开放 → 開放 keeps both). After
folding both sides onto simplified Chinese, weighted Han unigram/bigram overlap is a
strong signal; anchors that survive translation unchanged (numbers, list markers,
document codes, 《》 titles) sharpen it. Everything is a sparse vector so that the score
of a merged bead (1-2, 2-1, ...) follows from pairwise dot products without re-reading
any text.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, _count_elements
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, repeat

import numpy as np

from ..lang.script import fold, nfkc
from ..lang.sentences import DEFAULT_TERMINATORS, split_text


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


_NUM = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")
_CN_NUM = "〇零一二三四五六七八九十百千两"
# A list marker that opens a paragraph or sentence: 一、 （一） (一) 1. 1、 第三条 ① ...
_MARKER = re.compile(
    r"^\s*(?:"
    rf"(?P<ord>第[{_CN_NUM}\d]+[条章节款项部分篇])"
    rf"|(?P<cn>[{_CN_NUM}]+)[、.．]"
    rf"|[（(](?P<paren>[{_CN_NUM}\d]+)[)）]"
    r"|(?P<arabic>\d+)(?:[.．、](?!\d)|\s)"
    r"|(?P<circled>[\u2460-\u2473])"
    r")"
)
# Document codes like 国函〔2020〕123号 / 国发[2019]5号 (brackets vary after NFKC).
_CODE = re.compile(r"([\u4e00-\u9fff]{1,4})\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d+)\s*号")
_TITLE = re.compile(r"《[^《》]{1,80}》")

# Relative weights of the feature families (before inverse document frequency).
W_UNI = 0.4
W_BI = 1.0
W_NUM = 2.5
W_LATIN = 1.5
W_MARK = 3.0
W_CODE = 4.0
W_TITLE = 1.0


_MARKER_START = set("第〇零一二三四五六七八九十百千两（(") | set("0123456789０１２３４５６７８９") | {
    chr(c) for c in range(0x2460, 0x2474)}


def list_marker(text: str) -> str | None:
    """The normalised list marker a segment opens with (一、 and 1. differ; （一） and (一) agree)."""
    head = text.lstrip()[:1]
    if head not in _MARKER_START:
        return None  # most text opens with no marker: skip the normalisation
    # Normalise only a prefix when that is certain to decide: cut before a Han or ASCII
    # character (NFKC never joins one to what precedes it), and only trust the prefix if
    # it holds a character no marker can contain (the match can look no further).
    for k in range(_PREFIX, min(len(text), 2 * _PREFIX)):
        c = text[k]
        if c.isascii() or "\u4e00" <= c <= "\u9fff":
            norm = nfkc(text[:k])
            if _NOT_MARKER.search(norm):
                return _marker(norm)
            break
    return _marker(nfkc(text))


_PREFIX = 24
_NOT_MARKER = re.compile(rf"[^\s\d{_CN_NUM}第条章节款项部分篇()（）、.．\u2460-\u2473]")


def _marker(norm: str) -> str | None:
    m = _MARKER.match(norm)
    if not m:
        return None
    for kind in ("ord", "cn", "paren", "arabic", "circled"):
        if m.group(kind):
            return f"{kind}:{m.group(kind)}"
    return None


_THOUSANDS = re.compile(r",(?=\d{3}(?:\D|$))")


def numbers(text: str) -> list[str]:
    """Digits after NFKC with thousands separators dropped, so 2,000 and ２０００ both give 2000."""
    return _numbers(nfkc(text))


def _numbers(norm: str) -> list[str]:
    return [_THOUSANDS.sub("", tok) for tok in _NUM.findall(norm)]


_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_CHAR = re.compile(f"[{_HAN}]")
_HAN_BIGRAM = re.compile(f"(?=([{_HAN}]{{2}}))")
_SPACE = re.compile(r"\s+")
_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


def raw_features(text: str, lang: str) -> Counter:
    """Feature counts of one sentence (keys are prefixed by family; weights come with the Idf).

    Counts add up: a paragraph's features are the sum of its sentences' (no Han bigram
    crosses a terminator), so the text is analysed once for both levels (split_features).
    """
    norm = nfkc_fast(text)
    folded = fold(norm, lang)
    return _count(*_han(folded), _numbers(norm), _LATIN.findall(norm), _CODE.findall(folded),
                  len(_TITLE.findall(norm)), _marker(norm))


def _han(folded: str) -> tuple[list[str], list[str]]:
    """Han unigrams and bigrams in text order; bigrams never span a non-Han character."""
    return _HAN_CHAR.findall(folded), _HAN_BIGRAM.findall(folded)


def _count(unigrams: list[str], bigrams: list[str], nums: list, latin: list, codes: list, titles: int,
           marker: str | None) -> Counter:
    """The counts of one text from its extracted pieces, keys in a fixed order of families.

    Han unigrams, then Han bigrams, then the anchors. Counting runs in C; the fixed key
    order keeps the weighted vectors, and every sum over them, the same whichever path
    built the counts.
    """
    feats = _new_counts(Counts)  # Counter.__init__ would run a Python update() for nothing
    _count_elements(feats, unigrams)
    _count_elements(feats, bigrams)
    for num in nums:
        feats["#n" + num] += 1
    for word in latin:
        feats["#l" + word.lower()] += 1
    for code in codes:
        feats["#c" + "|".join(code)] += 1
    if titles:
        feats["#title"] += titles
    # The marker opening this sentence. Summed over a paragraph's sentences, inner markers
    # count too: when paragraphs are merged on one side, "2." or "(二)" still finds its match.
    if marker:
        feats["#m" + marker] += 1
    return feats


_new_counts = Counter.__new__


class Counts(Counter):
    """Raw feature counts that may also carry their text's length and list marker.

    split_features knows both for free (a paragraph's are its sentences'); featurize uses
    them when handed the same text, and computes them otherwise. Derived counts (copies,
    sums) are plain, so they never carry facts about a text they no longer describe; the
    one exception is dictionary.add, whose added term features leave the text as it was.
    """

    __slots__ = ("text", "length", "marker")

    def describe(self, text: str, length: int, marker: str | None) -> None:
        self.text, self.length, self.marker = text, length, marker

    def facts(self, text: str) -> tuple[int, str | None] | None:
        """(length, marker) of `text`, if these counts were described as its counts."""
        try:
            return (self.length, self.marker) if self.text == text else None
        except AttributeError:
            return None


@dataclass(frozen=True)
class SplitFeatures:
    """A paragraph cut into sentences, with the raw counts of each sentence and of the whole.

    The paragraph's counts also hold the list markers opening its inner sentences (a
    merged paragraph still shows the "2." or "(二)" of the part that was its own paragraph).
    """

    parts: tuple[str, ...]
    raw: Counter
    sentence_raws: tuple[Counter, ...]
    # Each part after NFKC and folding (fold()), when the fast path had them at hand: the
    # dictionary features read the same folded text instead of folding it again.
    folded: tuple[str, ...] | None = None


# Terminators whose sentence boundaries no feature can straddle: none of them is a digit,
# letter, Han character, bracket of a document code or piece of a list marker, and none
# composes under NFKC or sits inside an OpenCC phrase. With others, each text is analysed
# on its own (the reference path).
_ADDITIVE_TERMINATORS = frozenset(DEFAULT_TERMINATORS)
_SEP = "\n"


def split_features(texts: list[str], lang: str, terminators: str = DEFAULT_TERMINATORS) -> list[SplitFeatures]:
    """Sentences and raw counts of many paragraphs, each text normalised and folded once.

    Equal to splitting each paragraph with split_text and calling raw_features on the
    paragraph and on each sentence (tests/test_features_split.py checks it), but a
    paragraph's counts are assembled from its sentences' pieces instead of re-reading the
    text, and OpenCC runs once over the whole document instead of once per text.
    """
    splits = [split_text(t, terminators=terminators) or [t] for t in texts]
    out: list[SplitFeatures | None] = [None] * len(texts)
    fast = [k for k, t in enumerate(texts) if _SEP not in t] if set(terminators) <= _ADDITIVE_TERMINATORS else []
    norms = [nfkc_fast(_SEP.join(splits[k])) for k in fast]
    folded = fold(_SEP.join(norms), lang).split(_SEP) if fast else []
    if len(folded) != sum(len(splits[k]) for k in fast):
        fast = []  # the folding did not keep the separators: take the reference path
    at = 0
    for k, norm in zip(fast, norms):
        parts = splits[k]
        sn = norm.split(_SEP)
        sf = folded[at:at + len(parts)]
        at += len(parts)
        if len(parts) == 1:
            raw = _count(*_pieces(norm, sf[0]))
            raw.describe(parts[0], char_length(parts[0]), list_marker(parts[0]))
            out[k] = SplitFeatures(tuple(parts), raw, (raw,), tuple(sf))
            continue
        pieces = [_pieces(n, f) for n, f in zip(sn, sf)]
        raws = tuple(_count(*p) for p in pieces)
        for part, p, r in zip(parts, pieces, raws):
            # list_marker(part), from the sentence's normal form already at hand
            r.describe(part, char_length(part), p[6] if p[6] and part.lstrip()[:1] in _MARKER_START else None)
        # The paragraph's pieces are its sentences' pieces in a row: no feature crosses a
        # sentence end, except a 《》 title the splitter did not see as a pair.
        # (The strings counted are the sentences' own objects, their hashes already known.)
        raw = _count(list(chain.from_iterable(p[0] for p in pieces)), list(chain.from_iterable(p[1] for p in pieces)),
                     [x for p in pieces for x in p[2]], [x for p in pieces for x in p[3]],
                     [x for p in pieces for x in p[4]],
                     len(_TITLE.findall(norm.replace(_SEP, ""))) if "《" in norm else 0, pieces[0][6])
        for r in raws[1:]:
            if r.marker:
                raw["#m" + r.marker] += 1
        # Lengths add up (no Latin word or space run crosses a sentence end), and the
        # paragraph opens with its first sentence's marker.
        raw.describe(texts[k], sum(r.length for r in raws), raws[0].marker)
        out[k] = SplitFeatures(tuple(parts), raw, raws, tuple(sf))
    for k, t in enumerate(texts):
        if out[k] is None:
            out[k] = _reference_split(splits[k], t, lang)
    return out


def _pieces(norm: str, folded: str) -> tuple:
    """What raw_features extracts from one sentence, given its NFKC form and its folded form."""
    return (*_han(folded), _numbers(norm), _LATIN.findall(norm),
            _CODE.findall(folded) if "号" in folded else [], len(_TITLE.findall(norm)) if "《" in norm else 0,
            _marker(norm))


def _reference_split(parts: list[str], text: str, lang: str) -> SplitFeatures:
    """Each text analysed on its own: the definition split_features must agree with."""
    raw = raw_features(text, lang)
    if len(parts) <= 1:
        return SplitFeatures(tuple(parts), raw, (raw,))
    for part in parts[1:]:
        marker = list_marker(part)
        if marker:
            raw["#m" + marker] += 1
    return SplitFeatures(tuple(parts), raw, tuple(raw_features(p, lang) for p in parts))


def _family_weight(key: str) -> float:
    if key[0] != "#":
        return W_UNI if len(key) == 1 else W_BI
    return _FAMILY.get(key[1], 1.0)


_FAMILY = {"n": W_NUM, "l": W_LATIN, "c": W_CODE, "t": W_TITLE, "m": W_MARK}


def char_length(text: str) -> int:
    """Length for the length model: non-space characters, a Latin/digit word counting as one or two.

    A Japanese rendering may spell a Han term out in English ("Internet of Vehicles" for
    车联网); counting its letters one by one would make the translation look three times
    too long.
    """
    n = len(text)
    words = _ASCII_RUN.findall(text)
    if words:
        n += sum([1 + len(w) // 5 - len(w) for w in words])
    if _SPACE.search(text):  # most CJK text has none: count only when there is one
        n -= len(text) - len(_SPACE.sub("", text))
    return n


@dataclass(frozen=True)
class Idf:
    """Inverse document frequency over the document's own segments (both languages)."""

    weights: dict[str, float]
    default: float

    @staticmethod
    def fit(feature_sets: list[dict[str, float]]) -> "Idf":
        n = max(1, len(feature_sets))
        df: Counter = Counter()
        _count_elements(df, chain.from_iterable(feature_sets))  # every set's keys, counted in C
        # Divisions and products elementwise (IEEE, so the same numbers as one by one), the
        # logarithms through math.log as before, without a Python frame per key.
        counts = np.fromiter(df.values(), dtype=np.float64, count=len(df))
        logs = np.fromiter(map(math.log, (1.0 + n / counts).tolist()), dtype=np.float64, count=len(df))
        family = np.fromiter(map(_family_weight, df), dtype=np.float64, count=len(df))
        weights = dict(zip(df, (logs * family).tolist()))
        return Idf(weights, math.log(1.0 + n))

    def extended(self, df: dict[str, int], n: int) -> "Idf":
        """This idf plus new keys with their document frequencies (over n segments)."""
        weights = dict(self.weights)
        weights.update({k: math.log(1.0 + n / max(1, c)) * _family_weight(k) for k, c in df.items()})
        return Idf(weights, self.default)

    @cached_property
    def _index(self) -> tuple[dict[str, int], np.ndarray]:
        """Each known key's number, and the weights by number (the default last, at -1)."""
        index = {k: i for i, k in enumerate(self.weights)}
        table = np.fromiter(chain(self.weights.values(), (self.default,)), dtype=np.float64,
                            count=len(self.weights) + 1)
        return index, table

    def number(self, keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(ids, weights) of keys in one dictionary pass: what the searches need of a key.

        A key the fit never saw (a sentence folded differently on its own) is rare in the
        document by definition, so it gets the highest idf, the default. A known key's id is its number in the fit; a key the fit never saw gets an id from
        its hash, below every number, so the same unknown key gets the same id in every
        call and two of them never meet by accident (short of a 62-bit hash collision).
        """
        index, table = self._index
        ids = np.fromiter(map(index.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))
        weights = table[ids]
        unknown = np.flatnonzero(ids < 0)
        if len(unknown):
            ids[unknown] = [-2 - (hash(keys[k]) & _HASH_MASK) for k in unknown.tolist()]
        return ids, weights

    def known(self, keys: frozenset) -> np.ndarray:
        """Which numbered keys (Idf.number) are in `keys`, by number; the last entry (-1) False.

        Kept per key set: the same containment keys are asked about for every batch of
        segments, and one lookup per known key beats one per feature occurrence.
        """
        cache = self.__dict__.setdefault("_known", {})
        mask = cache.get(keys)
        if mask is None:
            index, _ = self._index
            mask = np.zeros(len(index) + 1, dtype=bool)
            at = [index[k] for k in keys if k in index]
            mask[at] = True
            cache[keys] = mask
        return mask


_HASH_MASK = (1 << 62) - 1


class SegmentFeatures:
    """What the search needs of one segment: weighted features, squared norm, length, marker.

    Weights are kept as an array (the numpy searches use keys and values directly); the
    dictionary form `vec` for the pure-Python dot products is built on first use, after
    which it is a plain attribute (no property call on each of the many dot products).
    """

    __slots__ = ("keys", "vals", "norm2", "length", "marker", "vec", "ids")

    def __init__(self, keys: list[str], vals: np.ndarray, length: int, marker: str | None,
                 ids: np.ndarray | None = None, norm2: float | None = None):
        self.keys = keys
        self.vals = vals
        self.norm2 = float(vals @ vals) if norm2 is None else norm2
        self.length = length
        self.marker = marker
        # Integer ids of the keys (Idf.number), for the numpy searches: equal ids, equal keys.
        self.ids = ids

    def __getattr__(self, name: str):
        # Only reached while the `vec` slot is still empty.
        if name == "vec":
            vec = self.vec = dict(zip(self.keys, self.vals.tolist()))
            return vec
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


def featurize(texts: list[str], lang: str, idf: Idf, raws: list[dict[str, float]] | None = None) -> list[SegmentFeatures]:
    """Weighted features of many segments: all weights looked up and multiplied in one go.

    Segments are small (a sentence has a few dozen features), so per-segment numpy calls
    would cost more than the arithmetic; the segments' arrays are views of one array.
    """
    raws = raws if raws is not None else [raw_features(t, lang) for t in texts]
    keys = list(chain.from_iterable(raws))
    total = len(keys)
    ids, weights = idf.number(keys)
    vals = np.fromiter(chain.from_iterable(r.values() for r in raws), dtype=np.float64, count=total) * weights
    sizes = np.fromiter(map(len, raws), dtype=np.int64, count=len(raws))
    ends = np.cumsum(sizes).tolist()
    # Squared norms of all segments at once (a dot product per segment costs a call each).
    norms = _segment_sums(vals * vals, sizes).tolist()
    out = []
    at = 0
    for text, raw, end, norm2 in zip(texts, raws, ends, norms):
        known = raw.facts(text) if type(raw) is Counts else None
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
    """The segments' key ids in a row (featurize's; by hash for features built without them)."""
    if feats and all(f.ids is not None for f in feats):
        return np.concatenate([f.ids for f in feats]) if total else np.zeros(0, dtype=np.int64)
    return np.fromiter(map(hash, chain.from_iterable(f.keys for f in feats)), dtype=np.int64, count=total)


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    return sum([a[k] * b[k] for k in a.keys() & b.keys()])
