"""The shape every read-and-write format shares, after translate-toolkit's storage classes.

A format is a class with `parse` (bytes → Bilingual) and `serialize` (Alignment → bytes),
so that one round-trip test base (tests/roundtrip_base.py) can exercise each of them and a
new format only has to say how its bytes look.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Alignment, Bilingual, Finding


@dataclass(frozen=True)
class IllegalCharacter:
    """A character the format cannot carry, and what the writer put in its place.

    Returned rather than logged: library code never prints, and a silently altered
    segment in a translation memory is exactly what a reviewer needs to be told about.
    """

    unit: int          # Unit.index
    lang: str          # "zh" or "ja"
    offset: int        # position in the unit's text
    char: str
    replacement: str   # "" when the writer refused (strict policy)

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"

    def describe(self) -> str:
        done = f"replaced by U+{ord(self.replacement):04X}" if self.replacement else "refused"
        return f"{self.lang} offset {self.offset}: {self.codepoint} is not allowed in XML 1.0, {done}"


@dataclass(frozen=True)
class Serialized:
    """Bytes of one serialized document plus every character the writer had to change."""

    data: bytes
    illegal: tuple[IllegalCharacter, ...] = ()


class BilingualFormat:
    """Base class: subclasses set `name`/`extensions` and implement parse and serialize."""

    name: str = ""
    extensions: tuple[str, ...] = ()

    def parse(self, data: bytes, *, path: str = "<bytes>") -> Bilingual:
        raise NotImplementedError

    def serialize(self, alignment: Alignment, *, signature: dict | None = None,
                  findings: list[Finding] | tuple[Finding, ...] | None = None,
                  include_unmatched: bool = False) -> Serialized:
        raise NotImplementedError
