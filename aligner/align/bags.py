"""Bags: the feature counts of one text, keys ascending, as two arrays (a sparse vector)."""
from __future__ import annotations

import numpy as np

from .keys import key_of

NO_KEYS = np.zeros(0, dtype=np.int64)
NO_COUNTS = np.zeros(0, dtype=np.float64)


class Bag:
    """Feature counts of one text: keys ascending (each once) and their counts, as arrays.

    It may also carry its text's length and list marker: split_features knows both for
    free (a paragraph's are its sentences'); featurize uses them when handed the same text,
    and computes them otherwise. Derived bags (copies, sums) carry none, so they never
    describe a text they no longer count; dictionary.add keeps them, as its term features
    leave the text as it was.
    """

    __slots__ = ("keys", "counts", "text", "length", "marker")

    def __init__(self, keys: np.ndarray = NO_KEYS, counts: np.ndarray = NO_COUNTS):
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
