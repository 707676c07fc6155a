"""Fuzzy matching against a translation memory: the best match by character edit distance.

The score is what CAT tools show as a match percentage: 1 - Levenshtein distance / length of
the longer string, on NFKC-normalised text with white space removed (CJK text has no word
spaces, and extraction spaces must not cost a match).

Scanning 100,000 memory units per segment is too slow, so the index narrows the field
without ever losing the true best match:

- An inverted index maps each character to the units containing it, with counts.
- For a query, the shared-character count `c` (multiset intersection) bounds the score from
  above: every character the two strings do not share costs at least one edit, so
  distance >= max(len) - c and score <= c / max(len). Units whose bound is below the cut-off
  are never scored.
- The rest are scored exactly (rapidfuzz, in C) in order of decreasing bound, stopping as soon
  as the next bound cannot beat the best score found. The result is therefore identical to a
  brute-force scan (ties go to the lowest unit number), just faster.
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable, Sequence

import numpy as np
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

_CHUNK = 512


def normalize(text: str) -> str:
    """What is compared: NFKC (full-width digits/Latin = half-width) without white space.

    str.split() drops exactly the characters `\\s` matches (str.isspace), at a third of the cost
    of a regular expression; it matters when a 100,000-unit memory is loaded.
    """
    return "".join(unicodedata.normalize("NFKC", text).split())


def similarity(a: str, b: str) -> float:
    """Match score in [0, 1] of two already-normalised strings."""
    if not a and not b:
        return 1.0
    return 1.0 - Levenshtein.distance(a, b) / max(len(a), len(b))


def _exact_score(dist: int, a: int, b: int) -> Fraction:
    m = max(a, b)
    return Fraction(m - dist, m) if m else Fraction(1)


@dataclass(frozen=True)
class Hit:
    unit: int          # index into the strings the index was built from
    score: float       # 0..1
    distance: int


class FuzzyIndex:
    """Best-match search over a fixed list of (already normalised) strings."""

    def __init__(self, texts: Sequence[str]):
        self.texts = list(texts)
        n = len(self.texts)
        self.lengths = np.fromiter((len(t) for t in self.texts), dtype=np.int32, count=n)
        # Postings built in one vectorised pass: sort (code point, unit) pairs and count runs.
        # A per-character Python loop takes seconds at 100,000 units; this takes a fraction.
        self._ids = np.zeros(0, dtype=np.int32)
        self._cnts = np.zeros(0, dtype=np.int32)
        self._span: dict[int, tuple[int, int]] = {}
        total = int(self.lengths.sum())
        if total:
            cps = np.frombuffer("".join(self.texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
            uids = np.repeat(np.arange(n, dtype=np.uint64), self.lengths)
            keys, counts = np.unique((cps << np.uint64(32)) | uids, return_counts=True)
            key_cp = (keys >> np.uint64(32)).astype(np.int64)
            self._ids = (keys & np.uint64(0xFFFFFFFF)).astype(np.int32)
            self._cnts = counts.astype(np.int32)
            starts = np.flatnonzero(np.r_[True, key_cp[1:] != key_cp[:-1]])
            ends = np.r_[starts[1:], key_cp.size]
            self._span = {int(key_cp[a]): (int(a), int(b)) for a, b in zip(starts, ends)}

    def __len__(self) -> int:
        return len(self.texts)

    def _shared(self, query: str) -> np.ndarray:
        """Shared-character count (multiset intersection) of the query with every unit.

        Characters occurring once in the query (most of them) contribute 1 per unit that has
        them, so they take the cheaper unweighted count.
        """
        n = len(self.texts)
        ones, ids_parts, w_parts = [], [], []
        for ch, qc in Counter(query).items():
            span = self._span.get(ord(ch))
            if span is None:
                continue
            a, b = span
            if qc == 1:
                ones.append(self._ids[a:b])
            else:
                ids_parts.append(self._ids[a:b])
                w_parts.append(np.minimum(self._cnts[a:b], qc))
        out = np.bincount(np.concatenate(ones), minlength=n) if ones else np.zeros(n, dtype=np.int64)
        if ids_parts:
            out += np.bincount(np.concatenate(ids_parts), weights=np.concatenate(w_parts),
                               minlength=n).astype(np.int64)
        return out

    def best(self, query: str, *, cutoff: float = 0.5) -> Hit | None:
        """The highest-scoring unit with score >= cutoff (lowest unit number on ties), or None."""
        if not query or not self.texts:
            return None
        lq = len(query)
        shared = self._shared(query)
        longer = np.maximum(self.lengths, lq)
        bound = shared / longer
        bound[self.lengths == 0] = -1.0   # empty units never match (as in the brute-force scan)
        cand = np.nonzero(bound >= cutoff - 1e-12)[0]
        if cand.size == 0:
            return None
        # Highest bound first; among equal bounds, lower unit number first.
        order = np.lexsort((cand, -bound[cand]))
        cand = cand[order]
        best: tuple[Fraction, int, int] | None = None   # (score, -unit, distance)
        limit = Fraction(cutoff).limit_denominator(10**6)
        for start in range(0, cand.size, _CHUNK):
            chunk = cand[start:start + _CHUNK]
            if best is not None and bound[chunk[0]] < float(best[0]) - 1e-12:
                break
            dists = cdist([query], [self.texts[i] for i in chunk], scorer=Levenshtein.distance,
                          dtype=np.int32, workers=1)[0]
            approx = 1.0 - dists / longer[chunk]
            top = approx.max()
            if top < float(limit) - 1e-9:
                continue
            for j in np.nonzero(approx >= top - 1e-9)[0]:
                uid = int(chunk[j])
                score = _exact_score(int(dists[j]), lq, int(self.lengths[uid]))
                if score < limit:
                    continue
                key = (score, -uid, int(dists[j]))
                if best is None or key[:2] > best[:2]:
                    best = key
        if best is None:
            return None
        return Hit(unit=-best[1], score=float(best[0]), distance=best[2])

    def best_many(self, queries: Iterable[str], *, cutoff: float = 0.5) -> list[Hit | None]:
        return [self.best(q, cutoff=cutoff) for q in queries]


def brute_force_best(texts: Sequence[str], query: str, *, cutoff: float = 0.5) -> Hit | None:
    """Reference scan over every unit; the index must agree with it (used by tests and benchmarks)."""
    if not query:
        return None
    best: tuple[Fraction, int, int] | None = None
    limit = Fraction(cutoff).limit_denominator(10**6)
    for uid, t in enumerate(texts):
        if not t:
            continue
        d = Levenshtein.distance(query, t)
        score = _exact_score(d, len(query), len(t))
        if score >= limit and (best is None or (score, -uid) > best[:2]):
            best = (score, -uid, d)
    return None if best is None else Hit(unit=-best[1], score=float(best[0]), distance=best[2])
