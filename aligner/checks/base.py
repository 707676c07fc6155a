"""The check contract: a name, a category, a default severity, a title, and a run() per unit."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Iterable

from ..model import Alignment, Finding, Unit

REGISTRY: dict[str, type["Check"]] = {}


def register(cls: type["Check"]) -> type["Check"]:
    if cls.name in REGISTRY and REGISTRY[cls.name] is not cls:
        raise ValueError(f"two checks are named {cls.name!r}")
    REGISTRY[cls.name] = cls
    return cls


@dataclass
class CheckContext:
    """What checks may consult beyond the unit: glossaries, an older source, settings.

    `against` is the older version of the source as a tuple of Segments (or None);
    `settings` holds named numeric thresholds (see each check's `defaults`).
    """

    glossaries: list = field(default_factory=list)
    against: object = None
    settings: dict = field(default_factory=dict)

    def setting(self, name: str, default: float) -> float:
        return float(self.settings.get(name, default))


class Check:
    name: ClassVar[str] = ""
    category: ClassVar[str] = ""
    severity: ClassVar[str] = "minor"
    title: ClassVar[str] = ""
    # Named thresholds the check reads through ctx.setting(); listed so the CLI can validate names.
    defaults: ClassVar[dict[str, float]] = {}
    # Comparing source with target means nothing on a 1-0/0-1 unit (the omission checks report those),
    # so run_checks hands such checks matched units only.
    matched_only: ClassVar[bool] = False

    def prepare(self, alignment: Alignment, ctx: CheckContext) -> None:
        """Hook for whole-document statistics (length ratios, term usage) before units are checked."""

    def run(self, unit: Unit, ctx: CheckContext) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, unit: Unit, *, message: str, zh_span: str = "", ja_span: str = "", suggestion: str = "",
                severity: str | None = None) -> Finding:
        return Finding.make(check=self.name, category=self.category, severity=severity or self.severity, unit=unit,
                            zh_span=zh_span, ja_span=ja_span, message=message, suggestion=suggestion)
