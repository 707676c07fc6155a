"""Inverse document frequency: how much a shared feature says that two segments translate each other."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .bags import NO_KEYS, Bag, unique_counts
from .keys import NOT_HAN, family_weights


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
        keys, df = unique_counts(np.concatenate([b.keys for b in bags]) if bags else NO_KEYS)
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
        low = keys < NOT_HAN
        at[low] = table[keys[low]]
        high = ~low
        at[high] = small + np.searchsorted(self.keys[small:], keys[high])
        return np.minimum(at, len(self.keys) - 1)

    @cached_property
    def _code_point_table(self) -> tuple[int, np.ndarray]:
        """How many keys are below NOT_HAN (Han unigrams), and each one's place by its value (else 0)."""
        small = int(np.searchsorted(self.keys, NOT_HAN))
        table = np.zeros(NOT_HAN, dtype=np.int64)
        table[self.keys[:small]] = np.arange(small)
        return small, table

    def known(self, keys: np.ndarray) -> np.ndarray:
        """Which numbered keys (Idf.number) are among `keys` (ascending), by number."""
        return np.isin(self.keys, keys, assume_unique=True)


def _idf(n: int, df: np.ndarray) -> np.ndarray:
    """log(1 + n / df): divisions elementwise (IEEE, as one by one), logarithms through math.log."""
    ratios = (1.0 + n / df.astype(np.float64)).tolist()
    return np.fromiter(map(math.log, ratios), dtype=np.float64, count=len(ratios))
