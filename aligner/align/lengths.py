"""Segment length for the length model, in characters a translation keeps in proportion."""
from __future__ import annotations

import re

import numpy as np

from .keys import code_points

_SPACE = re.compile(r"\s+")
_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


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


_END = "\n"  # closes each text in char_lengths (not counted as space)


def char_lengths(texts: list[str]) -> list[int]:
    """[char_length(t) for t in texts], over the texts' code points at once.

    Each text ends with one separator position (joined by a newline, which is then not
    counted as space), so that no Latin word runs from one text into the next.
    """
    if not texts:
        return []
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    cp = code_points(_END.join(texts) + _END)
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
