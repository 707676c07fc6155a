"""Review decisions, keyed by finding fingerprint, persisted between runs.

A reviewer's verdict must survive a re-run: the fingerprint leaves out positions, so a
decision follows its finding as long as the finding itself still exists.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import InputError, OutputError

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


def save_decisions(path: str | Path, decisions: dict[str, Decision], *,
                   archived: dict[str, Decision] | None = None) -> None:
    """Write decisions; `archived` keeps verdicts on findings that no longer occur, out of the live set."""
    payload: dict = {"decisions": {fp: asdict(d) for fp, d in sorted(decisions.items())}}
    if archived:
        payload["archived"] = {fp: asdict(d) for fp, d in sorted(archived.items())}
    try:
        Path(path).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write decisions: {exc.strerror}", path=str(path),
                          hint="check the folder exists and is writable") from None


def load_archived(path: str | Path) -> dict[str, Decision]:
    """Verdicts set aside by earlier runs (their findings had disappeared); empty when there are none."""
    p = Path(path)
    if not p.exists():
        return {}
    try:
        raw = json.loads(p.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    items = raw.get("archived", {}) if isinstance(raw, dict) else {}
    return {fp: Decision(status=d.get("status", "open"), reviewer=str(d.get("reviewer", "")),
                         comment=str(d.get("comment", "")))
            for fp, d in items.items() if isinstance(d, dict) and d.get("status") in STATUSES}


def reconcile(decisions: dict[str, Decision], fingerprints, archived: dict[str, Decision] | None = None
              ) -> tuple[dict[str, Decision], dict[str, Decision]]:
    """Split decisions into (live, archived) for the findings of this run.

    A verdict whose finding reappears (e.g. an edit was reverted) comes back from the archive.
    """
    fps = set(fingerprints)
    pool = {**(archived or {}), **decisions}
    live = {fp: d for fp, d in pool.items() if fp in fps}
    stale = {fp: d for fp, d in pool.items() if fp not in fps}
    return live, stale


def status_of(decisions: dict[str, Decision], fingerprint: str) -> str:
    d = decisions.get(fingerprint)
    return d.status if d else "open"


def is_open(decisions: dict[str, Decision], fingerprint: str) -> bool:
    return status_of(decisions, fingerprint) == "open"


REOPEN_NOTE = "reopened: marked fixed, but the unchanged text still produces this finding"


def reopen_unfixed(live: dict[str, Decision]) -> dict[str, Decision]:
    """Reopen 'fixed' verdicts whose finding this run still produces.

    The fingerprint covers the unit's text, so a real fix changes it and the old verdict is
    archived; the same fingerprint coming back means the text was not changed after all.
    """
    out = {}
    for fp, d in live.items():
        if d.status == "fixed":
            comment = f"{d.comment} ({REOPEN_NOTE})" if d.comment else REOPEN_NOTE
            d = Decision("open", d.reviewer, comment)
        out[fp] = d
    return out
