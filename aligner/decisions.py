"""Review decisions, keyed by finding fingerprint, persisted between runs.

A reviewer's verdict must survive a re-run: the fingerprint leaves out positions, so a
decision follows its finding as long as the finding itself still exists.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import InputError, OutputError

STATUSES = ("open", "accepted", "false-positive", "fixed")


@dataclass(frozen=True)
class Decision:
    status: str
    reviewer: str = ""
    comment: str = ""


def load_decisions(path: str | Path) -> dict[str, Decision]:
    """The verdicts of a decisions file; none when it is missing or empty.

    An empty file (or one of whitespace only) is a file that was created, by hand or by a
    tool, before anyone decided anything: it holds no verdicts rather than broken JSON.
    """
    p = Path(path)
    if not p.exists():
        return {}
    try:
        text = p.read_text(encoding="utf-8")
        if not text.lstrip("\ufeff").strip():
            return {}
        raw = json.loads(text)
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


# --- Decisions exported from report.html ------------------------------------------------------
# The page's "Export decisions" button downloads the decisions file's own format, plus a few keys
# load_decisions ignores ("format", "signature", "report", "reviewer", "exported"), so the
# download can be merged by `aligner review import` or, in a pinch, used as decisions.json as is.

EXPORT_FORMAT = "aligner-decisions"


def is_decisions_json(path: str | Path) -> bool:
    """JSON rather than a spreadsheet: by extension, or by content for a download the browser or the
    mail client renamed (an .xlsx starts with 'PK', a CSV with its header row, never with '{')."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        return True
    try:
        with p.open("rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


@dataclass
class MergeSummary:
    rows: int = 0
    changed: int = 0
    statuses: dict = field(default_factory=lambda: {s: 0 for s in STATUSES})
    decisions_path: Path | None = None
    unknown: list = field(default_factory=list)   # fingerprints the last check did not produce
    findings_path: Path | None = None              # the findings.json `unknown` was judged against
    signature_differs: bool = False                # exported from a report of other inputs/settings


def _norm_status(value) -> str:
    """The spreadsheet import's spelling rules ("False positive" → false-positive, empty → open)."""
    text = "" if value is None else str(value).strip().lower()
    return text.replace("_", "-").replace(" ", "-") if text else "open"


def _no_duplicates(pairs):
    out: dict = {}
    for key, value in pairs:
        if key in out and out[key] != value:
            raise ValueError(f"finding {key} appears twice with different decisions")
        out[key] = value
    return out


def read_exported(path: str | Path) -> tuple[dict[str, Decision], dict]:
    """(fingerprint → Decision as exported, the export's other top-level keys).

    Statuses are validated here, before anything is merged, so a bad file changes nothing.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError("file not found", path=str(p), hint="give the JSON downloaded with 'Export decisions'")
    try:
        raw = json.loads(p.read_bytes().decode("utf-8-sig"), object_pairs_hook=_no_duplicates)
    except UnicodeDecodeError:
        raise InputError("decisions export is not UTF-8 text", path=str(p),
                         hint="give the file exactly as the report downloaded it") from None
    except ValueError as exc:  # JSONDecodeError is a ValueError, as is a contradictory duplicate
        raise InputError(f"not a valid decisions export: {exc}", path=str(p),
                         hint="export again from report.html") from None
    if not isinstance(raw, dict):
        raise InputError("a decisions export is a JSON object", path=str(p), hint="export again from report.html")
    if "decisions" not in raw and ("findings" in raw or "documents" in raw):
        # findings.json (or a batch summary.json) sits next to review.xlsx and is the JSON a user
        # reaches for first; it holds findings, not verdicts.
        what = "the findings.json written by aligner check" if "findings" in raw else "a batch summary"
        raise InputError(f"is {what}, not a decisions export", path=str(p),
                         hint="give the review.xlsx with status filled in, or the JSON that report.html's "
                              "'Export decisions' downloads")
    items = raw.get("decisions", raw)
    if not isinstance(items, dict):
        raise InputError("'decisions' must map fingerprints to decisions", path=str(p),
                         hint="export again from report.html")
    meta = {k: v for k, v in raw.items() if k not in ("decisions", "archived")} if "decisions" in raw else {}
    out = {}
    for fp, d in items.items():
        if not isinstance(d, dict):
            raise InputError(f"decision for {fp} is not an object with a status", path=str(p),
                             hint="export again from report.html")
        status = _norm_status(d.get("status"))
        if status not in STATUSES:
            raise InputError(f"decision for {fp} has unknown status {d.get('status')!r}", path=str(p),
                             hint=f"use one of: {', '.join(STATUSES)}")
        fields = {k: d.get(k) for k in ("reviewer", "comment")}
        if any(v is not None and not isinstance(v, str) for v in fields.values()):
            raise InputError(f"decision for {fp}: reviewer and comment must be text", path=str(p))
        out[str(fp).strip()] = Decision(status, (fields["reviewer"] or "").strip(), (fields["comment"] or "").strip())
    return out, meta


def _report_folder(meta: dict) -> Path | None:
    """The folder of the report the export came from, when it is on this machine (file:// URL)."""
    from urllib.parse import unquote, urlparse
    from urllib.request import url2pathname
    url = meta.get("report")
    if not isinstance(url, str) or not url.startswith("file:"):
        return None
    parsed = urlparse(url)
    folder = Path(url2pathname(unquote(parsed.path))).parent
    return folder if folder.is_dir() else None


def _findings_of(path: Path) -> tuple[set[str], str] | None:
    """Fingerprints and signature text of a findings.json; None when there is none to read."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        fps = {str(f["fingerprint"]) for f in raw.get("findings", [])}
        return fps, str((raw.get("signature") or {}).get("text", ""))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def last_check_fingerprints(decisions_path: str | Path) -> tuple[set[str], Path] | None:
    """The fingerprints of the findings.json beside a decisions file (what the last check found
    there), so an import can say which verdicts are for findings that check did not produce."""
    path = Path(decisions_path).parent / "findings.json"
    found = _findings_of(path)
    return (found[0], path) if found is not None else None


def import_decisions_json(path: str | Path, decisions_path: str | Path | None = None, *,
                          reviewer: str = "") -> MergeSummary:
    """Merge a report.html export into the decisions file, by the spreadsheet import's rules.

    The target defaults to decisions.json in the folder of the report the export came from, when
    that folder is on this machine and its findings.json has the export's signature (the usual
    case: report opened from the output folder); otherwise beside the export. Fingerprints the
    last check (that folder's findings.json) did not produce are merged too, and listed, not
    dropped: a verdict on a finding that is gone is archived by the next check, and comes back
    if the finding does.
    """
    src = Path(path)
    incoming, meta = read_exported(src)
    signature = str(meta.get("signature", "") or "")
    if decisions_path:
        target = Path(decisions_path)
    else:
        folder = _report_folder(meta)
        beside = _findings_of(folder / "findings.json") if folder else None
        target = (folder if beside and beside[1] == signature else src.parent) / "decisions.json"
    summary = MergeSummary(decisions_path=target)
    existing = load_decisions(target)
    archived_before = load_archived(target)
    last_run = _findings_of(target.parent / "findings.json")
    if last_run is not None:
        summary.findings_path = target.parent / "findings.json"
        summary.signature_differs = bool(signature) and signature != last_run[1]
    who_default = reviewer or str(meta.get("reviewer", "") or "").strip()
    merged = dict(existing)
    for fp, d in incoming.items():
        if not fp:
            continue
        summary.rows += 1
        summary.statuses[d.status] += 1
        old = existing.get(fp)
        if old is None and d.status == "open" and not d.comment:
            continue  # nothing decided yet: keep the decisions file small
        new = Decision(d.status, d.reviewer or who_default or (old.reviewer if old else ""), d.comment)
        if new != merged.get(fp):
            summary.changed += 1
        if last_run is not None and fp not in last_run[0]:
            summary.unknown.append(fp)
        merged[fp] = new
    archived = {k: v for k, v in archived_before.items() if k not in merged}
    save_decisions(target, merged, archived=archived)
    return summary
