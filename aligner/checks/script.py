"""Script leakage: Chinese-only character forms left in the Japanese, and the reverse."""
from __future__ import annotations

from ..lang.script import is_simplified_only, japanese_form
from .base import Check, register


@register
class SimplifiedInJapanese(Check):
    name = "simplified-in-ja"
    category = "script"
    severity = "major"
    title = "Simplified-Chinese character left in the Japanese"

    def run(self, unit, ctx):
        seen = set()
        for ch in unit.ja:
            if ch not in seen and is_simplified_only(ch):
                seen.add(ch)
                yield self.finding(unit, ja_span=ch, suggestion=japanese_form(ch),
                                   message=f"'{ch}' is a simplified-Chinese form; Japanese writes '{japanese_form(ch)}'")
