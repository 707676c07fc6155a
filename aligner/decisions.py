"""Review decisions, keyed by finding fingerprint, persisted between runs.

A reviewer's verdict must survive a re-run: the fingerprint leaves out positions, so a
decision follows its finding as long as the finding itself still exists.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import InputError

STATUSES = ("open", "accepted", "false-positive", "fixed")


@dataclass(frozen=True)
class Decision:
    status: str
    reviewer: str = ""
    comment: str = ""


def load_decisions(path: str | Path) -> dict[str, Decision]:
    p = Path(path)
    if not p.exists():
        return {}
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"decisions file is not valid JSON: {exc}", path=str(p),
                         hint="fix or delete the file") from None
    items = raw.get("decisions", raw) if isinstance(raw, dict) else None
    if not isinstance(items, dict):
        raise InputError("decisions file must map fingerprints to decisions", path=str(p))
    out = {}
    for fp, d in items.items():
        status = d.get("status", "open") if isinstance(d, dict) else None
        if status not in STATUSES:
            raise InputError(f"decision for {fp} has unknown status {status!r}", path=str(p),
                             hint=f"use one of: {', '.join(STATUSES)}")
        out[fp] = Decision(status=status, reviewer=str(d.get("reviewer", "")), comment=str(d.get("comment", "")))
    return out


def save_decisions(path: str | Path, decisions: dict[str, Decision]) -> None:
    payload = {"decisions": {fp: asdict(d) for fp, d in sorted(decisions.items())}}
    Path(path).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
