"""Alignment builds millions of small containers (feature counts, key lists, vectors) and no
reference cycles; CPython's cyclic collector would still walk all of them again and again
as they pile up (a quarter of the CPU time of a long document, measured). Reference
counting frees everything alignment drops, so the collector is paused while it runs.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector for the block (or decorated call), then restore it.

    Nesting is safe: only the outermost pause re-enables a collector that was enabled.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
