"""The review reports of one run, written side by side into one folder, each carrying the signature.

`write_reports` is the pipeline's single entry point; the TMX is written by the caller through
`aligner.formats.tmx`. Every report states each finding's review status so that a reviewer's
earlier verdicts are visible wherever the findings are read.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..decisions import Decision
from ..errors import OutputError
from ..model import Alignment, Finding
from .findings_table import findings_frame, finding_rows, status_counts, text_cell
from .html_report import write_html
from .review_xlsx import write_review_xlsx


def write_findings_json(findings: list[Finding], signature: dict, path: Path, *,
                        decisions: dict[str, Decision] | None = None, alignment: Alignment | None = None) -> None:
    payload = {"signature": signature, "findings": finding_rows(findings, decisions),
               "summary": {"findings": len(findings), "status": status_counts(findings, decisions)}}
    if alignment is not None:
        payload["summary"]["units"] = len(alignment.units)
        payload["unmatched"] = [{"unit": u.index, "bead": u.kind, "location": u.location, "zh": u.zh, "ja": u.ja}
                                for u in alignment.units if not u.matched]
    Path(path).write_text(json.dumps(payload, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def write_findings_csv(findings: list[Finding], signature: dict, path: Path, *,
                       decisions: dict[str, Decision] | None = None) -> None:
    """UTF-8 with BOM: without it Excel guesses a legacy code page and shows CJK as mojibake.

    The columns are review.xlsx's, then the signature (the sheet keeps it on a sheet of its own);
    text that Excel would take for a formula gets an apostrophe in front (see text_cell)."""
    df = findings_frame(findings, decisions)
    df["signature"] = signature.get("text", "")
    df = df.map(text_cell)
    df.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")


def write_reports(alignment: Alignment, findings: list[Finding], signature: dict, out_dir: Path, *,
                  decisions: dict | None = None, include_unmatched: bool = False) -> dict[str, Path]:
    """Write every review report into out_dir; returns name → path. The TMX is written by the caller."""
    out_dir = Path(out_dir)
    findings = list(findings)
    outputs = {name: out_dir / name for name in ("findings.json", "findings.csv", "report.html", "review.xlsx")}
    # The files a reviewer may have open in Excel (which locks them) go first: if one cannot be
    # replaced, the run stops before the other reports move ahead of it.
    write_review_xlsx(findings, signature, outputs["review.xlsx"], decisions=decisions)
    try:
        write_findings_csv(findings, signature, outputs["findings.csv"], decisions=decisions)
        write_findings_json(findings, signature, outputs["findings.json"], decisions=decisions, alignment=alignment)
        write_html(alignment, findings, signature, outputs["report.html"], decisions=decisions,
                   include_unmatched=include_unmatched)
    except OSError as exc:
        raise OutputError(f"cannot write report: {exc.strerror}", path=str(exc.filename or out_dir),
                          hint="close the file if it is open in Excel, and check the folder is writable") from None
    return outputs
