"""One row per finding with the reviewer's verdict beside it: the table behind the CSV, JSON and XLSX.

The reports share one column list so that a reviewer who filters the spreadsheet, a script
reading the CSV and the JSON consumer all see the same fields with the same names.
"""
from __future__ import annotations

import unicodedata

import pandas as pd

from ..decisions import STATUSES, Decision
from ..model import SEVERITY_RANK, Finding

# Reviewer-facing order: verdict first, then what to look at, then where it is.
COLUMNS = ["status", "comment", "severity", "check", "message", "suggestion", "zh_span", "ja_span",
           "zh", "ja", "location", "unit", "category", "reviewer", "fingerprint", "also_at", "also_units"]
SEVERITIES = ("major", "minor", "info")
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV/formula injection):
# document text is data and must never be evaluated, so the CSV quotes it and the XLSX stores it as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value):
    """A CSV cell Excel opens as text: OWASP's remedy, an apostrophe before a formula-looking string."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def untext_cell(value):
    """The reverse of text_cell, for a CSV read back (Excel keeps the apostrophe it was given)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def decision_for(finding: Finding, decisions: dict[str, Decision] | None) -> Decision:
    return (decisions or {}).get(finding.fingerprint) or Decision(status="open")


def sorted_findings(findings) -> list[Finding]:
    """Document order, most severe first within a unit: the order a reviewer reads in."""
    return sorted(findings, key=lambda f: (f.unit, -SEVERITY_RANK.get(f.severity, 0)))


def columns_for(findings) -> list[str]:
    """COLUMNS, then any field a newer Finding carries, so no report silently drops it."""
    extra = []
    for f in findings:
        extra += [k for k in f.to_dict() if k not in COLUMNS and k not in extra]
    return COLUMNS + extra


def finding_rows(findings, decisions: dict[str, Decision] | None = None) -> list[dict]:
    columns = columns_for(findings)
    rows = []
    for f in sorted_findings(findings):
        d = decision_for(f, decisions)
        row = f.to_dict()
        row.update(status=d.status, comment=d.comment, reviewer=d.reviewer,
                   also_units=", ".join(map(str, f.also_units)), also_at="; ".join(f.also_at))
        rows.append({c: row.get(c, "") for c in columns})
    return rows


def findings_frame(findings, decisions: dict[str, Decision] | None = None) -> pd.DataFrame:
    return pd.DataFrame(finding_rows(findings, decisions), columns=columns_for(findings))


def status_counts(findings, decisions: dict[str, Decision] | None = None) -> dict[str, int]:
    counts = {s: 0 for s in STATUSES}
    for f in findings:
        counts[decision_for(f, decisions).status] += 1
    return counts


def locate_span(text: str, span: str) -> tuple[int, int] | None:
    """First occurrence of span in text; failing that, compare both after NFKC.

    Checks often look at NFKC-folded text (full-width digits, compatibility forms), so a
    span may not occur verbatim; the fold is done character by character to map the match
    back onto the original text.
    """
    if not span:
        return None
    i = text.find(span)
    if i >= 0:
        return i, i + len(span)
    folded, owner = [], []
    for pos, ch in enumerate(text):
        piece = unicodedata.normalize("NFKC", ch)
        folded.append(piece)
        owner += [pos] * len(piece)
    target = unicodedata.normalize("NFKC", span)
    j = "".join(folded).find(target) if target else -1
    if j < 0:
        return None
    return owner[j], owner[j + len(target) - 1] + 1
