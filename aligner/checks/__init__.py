"""QA checks: one small class per check, one registry, run over an Alignment."""
from __future__ import annotations

from dataclasses import replace

from ..errors import ConfigError
from ..lang.readings import shared_readings
from ..model import SEVERITY_RANK, Alignment, Finding
from .base import REGISTRY, Check, CheckContext
from . import (script, glossary, numbers, completeness, consistency, punctuation, drift,  # noqa: F401  (register)
               literal, grammar, polarity, compound, alignment as alignment_checks)


def known_settings() -> dict[str, float]:
    out: dict[str, float] = {}
    for cls in REGISTRY.values():
        out.update(cls.defaults)
    return out


def validate(enabled=None, severities=None, settings=None) -> None:
    """Unknown check names, severities or settings are a usage error, not a silent no-op."""
    names = set(REGISTRY)
    for n in list(enabled or []) + [n for n, _ in (severities or {}).items()]:
        if n not in names and n not in {c.category for c in REGISTRY.values()}:
            raise ConfigError(f"unknown check '{n}'", hint=f"known checks: {', '.join(sorted(names))}")
    for n, s in (severities or {}).items():
        if s not in SEVERITY_RANK:
            raise ConfigError(f"unknown severity '{s}' for check '{n}'", hint="use major, minor or info")
    known = known_settings()
    for n in (settings or {}):
        if n not in known:
            raise ConfigError(f"unknown threshold '{n}'", hint=f"known thresholds: {', '.join(sorted(known))}")


def run_checks(alignment: Alignment, *, context: CheckContext | None = None,
               enabled: list[str] | None = None, severities: dict[str, str] | None = None) -> list[Finding]:
    """Run every registered check (or the enabled ones, by name or category) over all units.

    Severity overrides are keyed by check name or category; the check name wins.
    """
    ctx = context or CheckContext()
    severities = dict(severities or {})
    validate(enabled, severities, ctx.settings)
    checks: list[tuple[Check, str | None]] = []
    # Each text is tokenized, cut, tagged and folded once for the whole run: the prepare() passes
    # that gather document statistics read every unit before the walk reads them all again.
    with shared_readings():
        for name, cls in REGISTRY.items():
            if enabled is not None and name not in enabled and cls.category not in enabled:
                continue
            check = cls()
            check.prepare(alignment, ctx)
            checks.append((check, severities.get(name) or severities.get(cls.category)))
        found, where = _walk(alignment, [check for check, _ in checks], ctx)
    by_index = {u.index: u for u in alignment.units}
    out = []
    for (_, override), fs in zip(checks, found):
        for f in fs:
            again = where[f.fingerprint][1:]
            if again:
                f = replace(f, also_units=tuple(again), also_at=tuple(by_index[i].location for i in again))
            out.append(replace(f, severity=override) if override else f)
    return out


def _walk(alignment: Alignment, checks: list[Check], ctx: CheckContext
          ) -> tuple[list[list[Finding]], dict[str, list[int]]]:
    """Each check's findings, one per fingerprint, and the units each fingerprint occurs in (document order).

    Unit by unit, every check in turn: what small caches hold of a unit (token boundaries, folded
    pieces) serves all checks, where a check-by-check walk over a long document would have evicted
    it before the next check asked again. Findings still come out check by check. One finding per
    fingerprint (one verdict for the same problem in the same texts); the other units where it
    recurs are listed on it, so that every place is still named.
    """
    found: list[list[Finding]] = [[] for _ in checks]
    where: dict[str, list[int]] = {}
    for unit in alignment.units:
        for k, check in enumerate(checks):
            if check.matched_only and not unit.matched:
                continue
            for f in check.run(unit, ctx):
                units = where.get(f.fingerprint)
                if units is None:
                    where[f.fingerprint] = [f.unit]
                    found[k].append(f)
                elif units[-1] != f.unit:
                    units.append(f.unit)
    return found, where
