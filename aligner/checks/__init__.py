"""QA checks: one small class per check, one registry, run over an Alignment."""
from __future__ import annotations

from ..model import Alignment, Finding
from .base import REGISTRY, Check, CheckContext
from . import script  # noqa: F401  (registers)


def run_checks(alignment: Alignment, *, context: CheckContext | None = None,
               enabled: list[str] | None = None) -> list[Finding]:
    ctx = context or CheckContext()
    findings: list[Finding] = []
    for name, cls in REGISTRY.items():
        if enabled is not None and name not in enabled:
            continue
        check = cls()
        check.prepare(alignment, ctx)
        for unit in alignment.units:
            findings.extend(check.run(unit, ctx))
    return findings
