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

import hashlib
import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from typing import Callable

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


_HAN_RANGES = ((0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
_SPACE = re.compile(r"\s+")
_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")

# Feature keys are integers, so that counting, summing and weighting run over arrays. A Han
# unigram is its code point; a Han bigram packs both code points under the BIGRAM bit; an
# anchor (number, Latin word, document code, title, list marker, dictionary term, lexicon
# pair) is a 48-bit digest of its readable name (key_of) under the ANCHOR bit, with its
# family in between so that the family's weight can be read off the key. Keys ascend by
# family: unigrams < bigrams < anchors.
HAN_BITS = 21
BIGRAM = 1 << 42
ANCHOR = 1 << 56
_FAMILY_SHIFT = 48
_FAMILY_CODE = {"n": 1, "l": 2, "c": 3, "t": 4, "m": 5, "d": 6, "x": 7}
_FAMILY_WEIGHT = np.array([1.0, W_NUM, W_LATIN, W_CODE, W_TITLE, W_MARK, 1.0, 1.0])


def key_of(name: str) -> int:
    """The key of a feature named the readable way: 国, 国务, #n2020, #ltmx, #marabic:1, #d附件, #title.

    Anchors are hashed, not numbered, so that the same name has the same key in every call
    and every process without a shared table; a collision of two of a document's anchors
    (48 bits) would only make them count as one feature.
    """
    if name[0] != "#":
        return ord(name) if len(name) == 1 else BIGRAM | ord(name[0]) << HAN_BITS | ord(name[1])
    digest = int.from_bytes(hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=6).digest(), "little")
    return ANCHOR | _FAMILY_CODE.get(name[1], 0) << _FAMILY_SHIFT | digest


def family_weights(keys: np.ndarray) -> np.ndarray:
    """The family weight of each key (before inverse document frequency)."""
    out = np.where(keys < BIGRAM, W_UNI, W_BI)
    anchor = keys >= ANCHOR
    if anchor.any():
        out[anchor] = _FAMILY_WEIGHT[(keys[anchor] >> _FAMILY_SHIFT) & 0xFF]
    return out


def is_bigram(keys: np.ndarray) -> np.ndarray:
    return (keys >= BIGRAM) & (keys < ANCHOR)


_NO_KEYS = np.zeros(0, dtype=np.int64)
_NO_COUNTS = np.zeros(0, dtype=np.float64)


class Bag:
    """Feature counts of one text: keys ascending (each once) and their counts, as arrays.

    It may also carry its text's length and list marker: split_features knows both for
    free (a paragraph's are its sentences'); featurize uses them when handed the same text,
    and computes them otherwise. Derived bags (copies, sums) carry none, so they never
    describe a text they no longer count; dictionary.add keeps them, as its term features
    leave the text as it was.
    """

    __slots__ = ("keys", "counts", "text", "length", "marker")

    def __init__(self, keys: np.ndarray = _NO_KEYS, counts: np.ndarray = _NO_COUNTS):
        self.keys = keys
        self.counts = counts

    @staticmethod
    def of(named: dict) -> "Bag":
        """A bag from counts by readable name (key_of) or by key."""
        return Bag.from_counts({key_of(k) if isinstance(k, str) else k: v for k, v in named.items()})

    @staticmethod
    def from_counts(counts: dict[int, float]) -> "Bag":
        keys = sorted(counts)
        return Bag(np.array(keys, dtype=np.int64), np.array([counts[k] for k in keys], dtype=np.float64))

    @staticmethod
    def total(bags: list["Bag"]) -> "Bag":
        """The sum of some bags (one pass over all their entries)."""
        if len(bags) == 1:
            return bags[0].copy()
        keys = np.concatenate([b.keys for b in bags])
        counts = np.concatenate([b.counts for b in bags])
        return Bag(*_summed(keys, counts))

    def plus(self, other: "Bag") -> "Bag":
        """This bag with another's counts added (no facts carried).

        Keys sort by family, so added dictionary terms or lexicon pairs usually all come
        after this bag's keys: then the arrays are only joined.
        """
        if len(other.keys) == 0 or len(self.keys) == 0 or self.keys[-1] < other.keys[0]:
            return Bag(np.concatenate((self.keys, other.keys)), np.concatenate((self.counts, other.counts)))
        return Bag.total([self, other])

    def copy(self) -> "Bag":
        return Bag(self.keys, self.counts)

    def describe(self, text: str, length: int, marker: str | None) -> None:
        self.text, self.length, self.marker = text, length, marker

    def facts(self, text: str) -> tuple[int, str | None] | None:
        """(length, marker) of `text`, if this bag was described as its counts."""
        try:
            return (self.length, self.marker) if self.text == text else None
        except AttributeError:
            return None

    def __len__(self) -> int:
        return len(self.keys)

    def items(self) -> list[tuple[int, float]]:
        return list(zip(self.keys.tolist(), self.counts.tolist()))

    def as_dict(self) -> dict[int, float]:
        return dict(self.items())

    def __getitem__(self, key: int | str) -> float:
        """The count of a key (or of a readable name), 0 when absent."""
        k = key_of(key) if isinstance(key, str) else key
        at = int(np.searchsorted(self.keys, k))
        return float(self.counts[at]) if at < len(self.keys) and self.keys[at] == k else 0.0

    def __contains__(self, key: int | str) -> bool:
        return self[key] != 0.0

    def __repr__(self) -> str:
        return f"Bag({self.as_dict()})"


def _summed(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keys ascending and each once, with the counts of equal keys added."""
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    if len(keys) < 2:
        return keys, counts
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    if len(starts) == len(keys):
        return keys, counts
    return keys[starts], np.add.reduceat(counts, starts)


def unique_counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys ascending and how often each occurs (a plain sort: np.unique is slower here)."""
    keys = np.sort(keys)
    if len(keys) == 0:
        return keys, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], np.diff(np.append(starts, len(keys)))


_NOT_HAN = _HAN_RANGES[-1][1] + 1
_IS_HAN = np.zeros(_NOT_HAN + 1, dtype=bool)
for _lo, _hi in _HAN_RANGES:
    _IS_HAN[_lo:_hi + 1] = True


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


def _han_at(cp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions and keys of the Han unigrams (in text order), then of the Han bigrams.

    A bigram never spans a non-Han character, so none crosses a separator between texts.
    """
    han = _IS_HAN[np.minimum(cp, _NOT_HAN)]
    uni = np.flatnonzero(han)
    bi = np.flatnonzero(han[:-1] & han[1:])
    keys = np.concatenate((cp[uni], BIGRAM | cp[bi] << HAN_BITS | cp[bi + 1]))
    return np.concatenate((uni, bi)), keys


def han_keys(folded: str) -> np.ndarray:
    """Keys of a text's Han unigrams in text order, then of its Han bigrams."""
    return _han_at(_code_points(folded))[1]


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
        return [0] * (n + 1), _NO_KEYS, _NO_COUNTS
    starts = np.flatnonzero(np.concatenate(([True], (keys[1:] != keys[:-1]) | (owner[1:] != owner[:-1]))))
    counts = np.diff(np.append(starts, len(keys))).astype(np.float64)
    offsets = np.searchsorted(owner[starts], np.arange(n + 1)).tolist()
    return offsets, keys[starts], counts


def _anchor_names(norm: str, folded: str) -> list[str]:
    """Names of the anchors of one text, given its NFKC form and its folded form."""
    names = ["#n" + num for num in _numbers(norm)]
    names += ["#l" + word.lower() for word in _LATIN.findall(norm)]
    names += _code_and_title_names(norm, folded)
    marker = _marker(norm)
    if marker:
        names.append("#m" + marker)
    return names


def _code_and_title_names(norm: str, folded: str) -> list[str]:
    names = _code_names(folded) if "号" in folded else []
    if "《" in norm:
        names += ["#title"] * len(_TITLE.findall(norm))
    return names


def _code_names(folded: str) -> list[str]:
    return ["#c" + "|".join(code) for code in _CODE.findall(folded)]


class _Keys(dict):
    """key_of with memory, for one call: a document names the same anchors again and again."""

    def __missing__(self, name: str) -> int:
        key = self[name] = key_of(name)
        return key


def _bag(keys: np.ndarray, counts: np.ndarray, names: list[str], known: _Keys) -> Bag:
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
    return _bag(keys, counts.astype(np.float64), _anchor_names(norm, folded), _Keys())


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
    cp = _code_points(folded_doc)
    pos, keys = _han_at(cp)
    sentence = np.cumsum(cp == ord(_SEP))[pos]
    paragraph = np.repeat(np.arange(len(sizes)), sizes)
    multi = np.array(sizes) > 1
    s_anchors, p_anchors, markers = _anchors(norm_doc, norms, folded, sizes, splits, terms)
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
            r.describe(part, lengths[s], marker if marker and part.lstrip()[:1] in _MARKER_START else None)
            raws.append(r)
        raw = Bag(p_keys[p_off[p]:p_off[p + 1]], p_counts[p_off[p]:p_off[p + 1]])
        # Lengths add up (no Latin word or space run crosses a sentence end), and the
        # paragraph opens with its first sentence's marker.
        raw.describe(text, sum(lengths[at:at + size]), raws[0].marker)
        out.append(SplitFeatures(tuple(parts), raw, tuple(raws)))
        at += size
    return out


def _anchors(norm_doc: str, norms: list[str], folded: list[str], sizes: list[int], splits: list[list[str]],
             terms: list) -> tuple[tuple[list[int], list[int]], tuple[list[int], list[int]], list[str | None]]:
    """The anchors of every sentence and of every multi-sentence paragraph, as (owners, keys), and
    each sentence's list marker (of its normal form).

    A paragraph's anchors are its sentences' (no number, word, code or dictionary term
    crosses a sentence end), except that a 《》 title is counted over the whole paragraph
    (the splitter may not have seen it as a pair), the paragraph opens with its first
    sentence's marker, and the markers opening its inner sentences count too.
    """
    known = _Keys()
    shared_of = _document_anchor_keys(norm_doc, norms, known)
    title = known["#title"]
    s_owner: list[int] = []
    s_keys: list[int] = []
    p_owner: list[int] = []
    p_keys: list[int] = []
    markers: list[str | None] = []
    at = 0
    for p, (size, parts) in enumerate(zip(sizes, splits)):
        for s in range(at, at + size):
            shared = shared_of[s]
            if "号" in folded[s]:
                shared += [known[n] for n in _code_names(folded[s])]
            if terms[s]:
                shared += terms[s]
            if shared:
                s_keys += shared
                s_owner += [s] * len(shared)
                if size > 1:
                    p_keys += shared
                    p_owner += [p] * len(shared)
            sn = norms[s]
            if "《" in sn:
                titles = len(_TITLE.findall(sn))
                s_keys += [title] * titles
                s_owner += [s] * titles
            marker = _marker(sn) if _may_open_marker(sn) else None
            markers.append(marker)
            if marker:
                s_keys.append(known["#m" + marker])
                s_owner.append(s)
        if size > 1:
            joined = "".join(norms[at:at + size])
            own = [title] * len(_TITLE.findall(joined)) if "《" in joined else []
            if markers[at]:
                own.append(known["#m" + markers[at]])
            # The inner sentences' markers, as list_marker gives them (from the normal form).
            own += [known["#m" + markers[s]] for s, part in zip(range(at + 1, at + size), parts[1:])
                    if markers[s] and part.lstrip()[:1] in _MARKER_START]
            p_keys += own
            p_owner += [p] * len(own)
        at += size
    return (s_owner, s_keys), (p_owner, p_keys), markers


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


def _document_anchor_keys(norm_doc: str, norms: list[str], known: _Keys) -> list[list[int]]:
    """Number and Latin word anchors of each text of the joined document (none crosses a separator)."""
    starts = list(accumulate((len(n) + 1 for n in norms[:-1]), initial=0))
    keys: list[list[int]] = [[] for _ in norms]
    for m in _NUM.finditer(norm_doc):
        keys[bisect_right(starts, m.start()) - 1].append(known["#n" + _THOUSANDS.sub("", m.group())])
    for m in _LATIN.finditer(norm_doc):
        keys[bisect_right(starts, m.start()) - 1].append(known["#l" + m.group().lower()])
    return keys


# The first character (after spaces) of every list marker _MARKER reads, or a digit.
_MARKER_HEAD = frozenset(_CN_NUM + "第（(") | {chr(c) for c in range(0x2460, 0x2474)}


def _may_open_marker(norm: str) -> bool:
    """False when `norm` certainly opens with no list marker (most text): _marker need not run."""
    head = norm.lstrip()[:1]
    return head in _MARKER_HEAD or head.isdecimal()


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


_IS_ALNUM = np.zeros(128, dtype=bool)
for _c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789":
    _IS_ALNUM[ord(_c)] = True
# Whitespace as the regex \s sees it (str.isspace); none lies above U+3000.
_IS_SPACE = np.array([chr(c).isspace() for c in range(0x3001)] + [False])


def char_lengths(texts: list[str]) -> list[int]:
    """[char_length(t) for t in texts], over the texts' code points at once.

    Each text ends with one separator position (joined by a newline, which is then not
    counted as space), so that no Latin word runs from one text into the next.
    """
    if not texts:
        return []
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    cp = _code_points(_SEP.join(texts) + _SEP)
    owner = np.repeat(np.arange(len(texts)), lens + 1)
    ends = np.cumsum(lens + 1) - 1
    alnum = _IS_ALNUM[np.minimum(cp, 127)] & (cp < 128)
    space = _IS_SPACE[np.minimum(cp, 0x3001)]
    space[ends] = False
    # Latin/digit runs: each counts 1 + len // 5 instead of len.
    edge = np.diff(np.concatenate(([0], alnum.view(np.int8), [0])))
    starts, stops = np.flatnonzero(edge == 1), np.flatnonzero(edge == -1)
    runs = stops - starts
    delta = np.bincount(owner[starts], weights=1 + runs // 5 - runs, minlength=len(texts))
    spaces = np.bincount(owner, weights=space, minlength=len(texts))
    return (lens + delta.astype(np.int64) - spaces.astype(np.int64)).tolist()


@dataclass(frozen=True, eq=False)
class Idf:
    """Inverse document frequency over the document's own segments (both languages).

    `keys`: every key the fit saw, ascending; `weights`: theirs (family weight times idf).
    A key's number, its place in `keys`, is the id the searches use.
    """

    keys: np.ndarray
    weights: np.ndarray
    default: float

    @staticmethod
    def fit(bags: list[Bag]) -> "Idf":
        n = max(1, len(bags))
        keys, df = unique_counts(np.concatenate([b.keys for b in bags]) if bags else _NO_KEYS)
        return Idf(keys, _idf(n, df) * family_weights(keys), math.log(1.0 + n))

    def extended(self, df: dict[int, int], n: int) -> "Idf":
        """This idf plus new keys with their document frequencies (over n segments)."""
        if not df:
            return self
        new = np.fromiter(df, dtype=np.int64, count=len(df))
        weights = _idf(n, np.maximum(1, np.fromiter(df.values(), dtype=np.int64, count=len(df)))) * family_weights(new)
        keep = ~np.isin(self.keys, new)
        keys = np.concatenate((self.keys[keep], new))
        order = np.argsort(keys, kind="stable")
        return Idf(keys[order], np.concatenate((self.weights[keep], weights))[order], self.default)

    def number(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(ids, weights) of keys: what the searches need of a key.

        A key the fit never saw (a sentence folded differently on its own) is rare in the
        document by definition, so it gets the highest idf, the default, and an id below
        every number made from the key itself, so that the same key gets the same id in
        every call and two such keys never meet.
        """
        if len(self.keys) == 0:
            return -2 - keys, np.full(len(keys), self.default)
        at = self._places(keys)
        found = self.keys[at] == keys
        if found.all():
            return at, self.weights[at]
        return np.where(found, at, -2 - keys), np.where(found, self.weights[at], self.default)

    def _places(self, keys: np.ndarray) -> np.ndarray:
        """Where each key is or would be in `keys` (clipped to the last place; callers check equality).

        Han unigrams, the first keys, are looked up by code point in a table; the others by
        binary search, which costs several times more per key.
        """
        small, table = self._code_point_table
        at = np.empty(len(keys), dtype=np.int64)
        low = keys < _NOT_HAN
        at[low] = table[keys[low]]
        high = ~low
        at[high] = small + np.searchsorted(self.keys[small:], keys[high])
        return np.minimum(at, len(self.keys) - 1)

    @cached_property
    def _code_point_table(self) -> tuple[int, np.ndarray]:
        """How many keys are below _NOT_HAN (Han unigrams), and each one's place by its value (else 0)."""
        small = int(np.searchsorted(self.keys, _NOT_HAN))
        table = np.zeros(_NOT_HAN, dtype=np.int64)
        table[self.keys[:small]] = np.arange(small)
        return small, table

    def known(self, keys: np.ndarray) -> np.ndarray:
        """Which numbered keys (Idf.number) are among `keys` (ascending), by number."""
        return np.isin(self.keys, keys, assume_unique=True)


def _idf(n: int, df: np.ndarray) -> np.ndarray:
    """log(1 + n / df): divisions elementwise (IEEE, as one by one), logarithms through math.log."""
    ratios = (1.0 + n / df.astype(np.float64)).tolist()
    return np.fromiter(map(math.log, ratios), dtype=np.float64, count=len(ratios))


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
    keys = np.concatenate([r.keys for r in raws]) if raws else _NO_KEYS
    ids, weights = idf.number(keys)
    vals = np.concatenate([r.counts for r in raws]) * weights if raws else _NO_COUNTS
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
