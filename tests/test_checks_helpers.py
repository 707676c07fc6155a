"""Helpers for per-check tests: build a one-unit alignment from a zh/ja pair and run one check."""
from __future__ import annotations

from aligner.checks import run_checks
from aligner.checks.base import CheckContext
from aligner.model import Alignment, Bilingual, Segment, Unit


def unit(zh: str, ja: str, index: int = 0, confidence: float = 1.0) -> Unit:
    zs = (Segment(zh, "zh", "t.txt", index + 1, index + 1),) if zh else ()
    js = (Segment(ja, "ja", "t.txt", index + 1, index + 1),) if ja else ()
    return Unit(index, zs, js, confidence)


def alignment(pairs, confidences=None) -> Alignment:
    units = tuple(unit(z, j, i, (confidences or {}).get(i, 1.0)) for i, (z, j) in enumerate(pairs))
    doc = Bilingual(tuple(s for u in units for s in u.zh_segments), tuple(s for u in units for s in u.ja_segments),
                    "test", "utf-8", ("t.txt",))
    return Alignment(units, "paragraph", doc)


def findings(check: str, zh: str, ja: str, *, ctx: CheckContext | None = None, extra=()):
    """Findings of one check on a unit; extra pairs give document-level checks some context."""
    return run_checks(alignment([(zh, ja), *extra]), context=ctx or CheckContext(), enabled=[check])


def fails(check: str, zh: str, ja: str, **kw):
    got = [f for f in findings(check, zh, ja, **kw) if f.unit == 0]
    assert got, f"{check} should flag: {zh!r} / {ja!r}"
    return got


def passes(check: str, zh: str, ja: str, **kw):
    got = [f for f in findings(check, zh, ja, **kw) if f.unit == 0]
    assert not got, f"{check} should not flag {zh!r} / {ja!r}, got: {[f.message for f in got]}"
