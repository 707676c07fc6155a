"""The main job as one library call: read → align → check → write. Never prints, never exits."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .align import align
from .checks import run_checks
from .checks.base import CheckContext
from .decisions import load_decisions
from .formats import tmx
from .model import SEVERITY_RANK, Alignment, Finding
from .readers import read_bilingual
from .signature import signature
from .writers import report


@dataclass(frozen=True)
class CheckOptions:
    layout: str = "auto"
    encoding: str | None = None
    level: str = "paragraph"
    glossaries: tuple[str, ...] = ()
    use_default_glossary: bool = True
    against: str | None = None
    include_unmatched: bool = False
    decisions: str | None = None          # path; default DIR/decisions.json
    enabled_checks: tuple[str, ...] | None = None   # None = all registered checks
    severities: tuple[tuple[str, str], ...] = ()     # (check name, severity) overrides
    thresholds: tuple[tuple[str, float], ...] = ()   # named numeric settings for checks/aligner


@dataclass(frozen=True)
class CheckResult:
    alignment: Alignment
    findings: tuple[Finding, ...]
    signature: dict
    outputs: dict = field(default_factory=dict)

    def worst(self) -> int:
        return max((SEVERITY_RANK[f.severity] for f in self.findings), default=-1)


def gate_exit_code(findings, fail_on: str) -> int:
    """1 when a finding is at or above the gate, 0 otherwise."""
    if fail_on == "never":
        return 0
    gate = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[f.severity] >= gate for f in findings) else 0


def run_check(paths: list[str], out_dir: str | Path, *, options: CheckOptions = CheckOptions()) -> CheckResult:
    doc = read_bilingual(paths, layout=options.layout, encoding=options.encoding)
    alignment = align(doc, level=options.level)
    findings = run_checks(alignment, context=CheckContext())
    sig = signature({"level": options.level, "layout": doc.layout})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    decisions = load_decisions(options.decisions or out / "decisions.json")
    outputs = report.write_reports(alignment, findings, sig, out, decisions=decisions)
    outputs["aligned.tmx"] = out / "aligned.tmx"
    tmx.write(alignment, outputs["aligned.tmx"], signature=sig, findings=findings,
              include_unmatched=options.include_unmatched)
    return CheckResult(alignment, tuple(findings), sig, outputs)
