"""Readings of a text (Sudachi tokens, jieba words, jieba parts of speech), each made once per check run.

A reading costs far more than anything a check does with it, and a check run asks for the
same one many times: the checks that gather document statistics in prepare() read every
unit before the unit-by-unit walk reads them all again. The small caches of the reading
functions would have forgotten the first units by then; keeping a document's every reading
for good would grow without end in a batch. So run_checks opens shared_readings() for
its run: inside, every reading is kept until the run ends; outside, read_once is the
reading function itself.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")

_RUNS: list[dict] = []   # the readings of the runs under way, innermost last


@contextmanager
def shared_readings() -> Iterator[None]:
    """Keep every reading made inside the block (by read_once) until the block ends."""
    _RUNS.append({})
    try:
        yield
    finally:
        _RUNS.pop()


def read_once(read: Callable[..., T], *args) -> T:
    """read(*args), made once inside a shared_readings() block; callers must not change what it returns."""
    if not _RUNS:
        return read(*args)
    kept = _RUNS[-1]
    key = (read, *args)
    got = kept.get(key, kept)
    if got is kept:
        got = kept[key] = read(*args)
    return got
