"""The data that flows one way through the pipeline: read → align → check → write.

All records are frozen so that a stage can never change what an earlier stage produced.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["zh", "ja"]


@dataclass(frozen=True)
class Segment:
    """A paragraph or sentence of one language, with where it came from.

    Provenance is kept per segment because a reviewer must be able to go back to
    the exact lines of a messy extraction where a problem sits.
    """

    text: str
    lang: str
    file: str
    first_line: int
    last_line: int

    @property
    def location(self) -> str:
        if self.first_line == self.last_line:
            return f"{self.file}:{self.first_line}"
        return f"{self.file}:{self.first_line}-{self.last_line}"


@dataclass(frozen=True)
class Bilingual:
    """What every reader returns: the paragraphs of each language, in document order."""

    zh: tuple[Segment, ...]
    ja: tuple[Segment, ...]
    layout: str
    encoding: str
    files: tuple[str, ...]
    # The file's own pairing, where it has one (a table row, a TMX unit, an XLIFF segment): groups of
    # zh and ja indices, in order, every segment in at most one group. A reviewer fixes the file
    # pair by pair, so QA reports it as the file pairs it; the aligner then judges each pair
    # instead of pairing anew (a target in the wrong row is flagged, not silently repaired).
    # A segment in no group is text the file does not pair (a title above a table): the aligner
    # pairs it with such text between the same pairs of the file.
    pairs: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] | None = None


def pairs_by_lines(zh: tuple[Segment, ...], ja: tuple[Segment, ...]) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """Groups of segments whose line ranges overlap: the rows of a table (a merged cell spans its rows)."""
    items = sorted([(s.first_line, s.last_line, 0, i) for i, s in enumerate(zh)]
                   + [(s.first_line, s.last_line, 1, j) for j, s in enumerate(ja)])
    groups: list[tuple[list[int], list[int]]] = []
    end = None
    for first, last, side, k in items:
        if end is None or first > end:
            groups.append(([], []))
            end = last
        groups[-1][side].append(k)
        end = max(end, last)
    return split_unmatched((tuple(z), tuple(j)) for z, j in groups)


def split_unmatched(groups) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """Groups with one side empty become one group per segment: an unmatched unit is one paragraph."""
    out = []
    for z, j in groups:
        if z and j:
            out.append((tuple(z), tuple(j)))
        else:
            out += [((i,), ()) for i in z] + [((), (k,)) for k in j]
    return tuple(out)


@dataclass(frozen=True)
class Bead:
    """One step of an alignment path: which source and target items go together.

    Indices point into the segment lists the aligner was given; an empty side is a
    1-0 or 0-1 bead (unmatched text, flagged downstream).
    """

    zh: tuple[int, ...]
    ja: tuple[int, ...]
    confidence: float = 1.0

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.ja)}"


def join_text(segments: tuple[Segment, ...] | list[Segment]) -> str:
    """CJK text joins without spaces; a space is kept only between two Latin/digit ends."""
    out = ""
    for seg in segments:
        t = seg.text
        if out and t and out[-1].isascii() and out[-1].isalnum() and t[0].isascii() and t[0].isalnum():
            out += " "
        out += t
    return out


def _loc(segs: tuple[Segment, ...]) -> str:
    if not segs:
        return ""
    first, last = segs[0], segs[-1]
    if first.file == last.file:
        if first.first_line == last.last_line:
            return f"{first.file}:{first.first_line}"
        return f"{first.file}:{first.first_line}-{last.last_line}"
    return f"{first.location}..{last.location}"


@dataclass(frozen=True)
class Unit:
    """An aligned unit: the segments of each side that translate each other."""

    index: int
    zh_segments: tuple[Segment, ...]
    ja_segments: tuple[Segment, ...]
    confidence: float
    parent: int | None = None  # paragraph unit a sentence unit belongs to
    # For a pair the input file made (Bilingual.pairs) that the aligner would make otherwise: where the
    # aligner finds this unit's source (or target) translated, as locations; empty otherwise.
    paired_elsewhere: str = ""
    elsewhere_side: str = ""  # which of its texts finds its partner there: "source", or "target" (its source)

    @property
    def zh(self) -> str:
        return join_text(self.zh_segments)

    @property
    def ja(self) -> str:
        return join_text(self.ja_segments)

    @property
    def kind(self) -> str:
        return f"{len(self.zh_segments)}-{len(self.ja_segments)}"

    @property
    def matched(self) -> bool:
        return bool(self.zh_segments) and bool(self.ja_segments)

    @property
    def zh_location(self) -> str:
        return _loc(self.zh_segments)

    @property
    def ja_location(self) -> str:
        return _loc(self.ja_segments)

    @property
    def location(self) -> str:
        return self.zh_location or self.ja_location


@dataclass(frozen=True)
class Alignment:
    """The aligned document: every character of both languages sits in exactly one unit."""

    units: tuple[Unit, ...]
    level: str
    source: Bilingual
    settings: dict = field(default_factory=dict, hash=False, compare=False)


Severity = Literal["major", "minor", "info"]
SEVERITY_RANK = {"info": 0, "minor": 1, "major": 2}


@dataclass(frozen=True)
class Finding:
    """A QA finding. `fingerprint` is stable across runs so review decisions can follow it."""

    check: str
    category: str
    severity: str
    unit: int
    zh: str
    ja: str
    zh_span: str = ""
    ja_span: str = ""
    message: str = ""
    suggestion: str = ""
    location: str = ""
    fingerprint: str = ""
    # Other units where the very same finding occurs (same check, same texts: a repeated heading
    # or sentence). One verdict covers them all, but each place must be fixed, so each is named.
    also_units: tuple[int, ...] = ()
    also_at: tuple[str, ...] = ()

    @staticmethod
    def make(*, check: str, category: str, severity: str, unit: Unit, zh_span: str = "", ja_span: str = "",
             message: str, suggestion: str = "") -> "Finding":
        # The fingerprint leaves out unit index and location: re-running after an edit elsewhere
        # in the document must not orphan a reviewer's decision.
        key = "\x1f".join([check, unit.zh, unit.ja, zh_span, ja_span, suggestion])
        fp = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        return Finding(check=check, category=category, severity=severity, unit=unit.index, zh=unit.zh, ja=unit.ja,
                       zh_span=zh_span, ja_span=ja_span, message=message, suggestion=suggestion,
                       location=unit.location, fingerprint=fp)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @property
    def units(self) -> tuple[int, ...]:
        """Every unit the finding occurs in, its own first."""
        return (self.unit, *self.also_units)
