"""Alignment confidence as a finding: a reviewer should look twice at units the aligner doubted."""
from __future__ import annotations

from .base import Check, register


@register
class LowConfidence(Check):
    name = "low-confidence"
    category = "alignment"
    severity = "info"
    title = "The aligner is unsure these segments translate each other"
    defaults = {"min_confidence": 0.3}

    def run(self, unit, ctx):
        if unit.matched and unit.confidence < ctx.setting("min_confidence", 0.3):
            yield self.finding(unit, message=f"alignment confidence {unit.confidence:.2f} is below "
                                             f"{ctx.setting('min_confidence', 0.3):.2f}; check the pairing")
