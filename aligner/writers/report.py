"""Reports for reviewers: findings.json now; HTML, XLSX and CSV beside it."""
from __future__ import annotations

import html
import json
from pathlib import Path

from ..model import Alignment, Finding


def write_findings_json(findings: list[Finding], signature: dict, path: Path) -> None:
    payload = {"signature": signature, "findings": [f.to_dict() for f in findings]}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


def write_html(alignment: Alignment, findings: list[Finding], signature: dict, path: Path) -> None:
    rows = []
    by_unit: dict[int, list[Finding]] = {}
    for f in findings:
        by_unit.setdefault(f.unit, []).append(f)
    for u in alignment.units:
        notes = "".join(f"<li>{html.escape(f.check)}: {html.escape(f.message)}</li>" for f in by_unit.get(u.index, []))
        rows.append(f"<tr><td>{u.index}</td><td lang=zh>{html.escape(u.zh)}</td><td lang=ja>{html.escape(u.ja)}</td>"
                    f"<td><ul>{notes}</ul></td></tr>")
    path.write_text("<!doctype html><meta charset=utf-8><title>aligner report</title>"
                    f"<p>{html.escape(signature['text'])}</p><table>{''.join(rows)}</table>", encoding="utf-8")


def write_reports(alignment: Alignment, findings: list[Finding], signature: dict, out_dir: Path, *,
                  decisions: dict | None = None) -> dict[str, Path]:
    """Write every review report into out_dir; returns name → path. The TMX is written by the caller."""
    out_dir = Path(out_dir)
    outputs = {"findings.json": out_dir / "findings.json", "report.html": out_dir / "report.html"}
    write_findings_json(findings, signature, outputs["findings.json"])
    write_html(alignment, findings, signature, outputs["report.html"])
    return outputs
