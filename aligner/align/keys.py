"""Feature keys: every feature of a text is an integer, so that counting, summing and weighting run over arrays.

A Han unigram is its code point; a Han bigram packs both code points under the BIGRAM bit; an
anchor (number, Latin word, document code, title, list marker, dictionary term, lexicon
pair) is a 48-bit digest of its readable name (key_of) under the ANCHOR bit, with its
family in between so that the family's weight can be read off the key. Keys ascend by
family: unigrams < bigrams < anchors.
"""
from __future__ import annotations

import hashlib

import numpy as np

# Relative weights of the feature families (before inverse document frequency).
W_UNI = 0.4
W_BI = 1.0
W_NUM = 2.5
W_LATIN = 1.5
W_MARK = 3.0
W_CODE = 4.0
W_TITLE = 1.0

HAN_RANGES = ((0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))

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

NOT_HAN = HAN_RANGES[-1][1] + 1
_IS_HAN = np.zeros(NOT_HAN + 1, dtype=bool)
for _lo, _hi in HAN_RANGES:
    _IS_HAN[_lo:_hi + 1] = True


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


def han_at(cp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions and keys of the Han unigrams (in text order), then of the Han bigrams.

    A bigram never spans a non-Han character, so none crosses a separator between texts.
    """
    han = _IS_HAN[np.minimum(cp, NOT_HAN)]
    uni = np.flatnonzero(han)
    bi = np.flatnonzero(han[:-1] & han[1:])
    keys = np.concatenate((cp[uni], BIGRAM | cp[bi] << HAN_BITS | cp[bi + 1]))
    return np.concatenate((uni, bi)), keys


def han_keys(folded: str) -> np.ndarray:
    """Keys of a text's Han unigrams in text order, then of its Han bigrams."""
    return han_at(code_points(folded))[1]


class KeyMemo(dict):
    """key_of with memory, for one call: a document names the same anchors again and again."""

    def __missing__(self, name: str) -> int:
        key = self[name] = key_of(name)
        return key

