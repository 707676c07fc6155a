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
        # A pair the file makes and the aligner places elsewhere is low too; paired-elsewhere says more.
        if unit.matched and not unit.paired_elsewhere and unit.confidence < ctx.setting("min_confidence", 0.3):
            yield self.finding(unit, message=f"alignment confidence {unit.confidence:.2f} is below "
                                             f"{ctx.setting('min_confidence', 0.3):.2f}; check the pairing")


@register
class PairedElsewhere(Check):
    name = "paired-elsewhere"
    category = "alignment"
    severity = "major"
    title = "The file pairs this text with a partner the aligner finds elsewhere (a target in the wrong row?)"

    def run(self, unit, ctx):
        if not unit.paired_elsewhere:
            return
        side = unit.elsewhere_side or ("source" if unit.zh_segments else "target")
        where = unit.paired_elsewhere
        if side == "source":
            message = (f"the file pairs this source as shown, but its translation reads as the text at {where}: "
                       "a target in the wrong row or unit, or a translation of its neighbour?")
        else:
            message = (f"the file pairs this target as shown, but it reads as the translation of the text at {where}: "
                       "a target in the wrong row or unit?")
        yield self.finding(unit, message=message, suggestion=f"pair it with the text at {where}")
