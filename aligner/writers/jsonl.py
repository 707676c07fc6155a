"""The alignment file contract: one JSON object per unit (JSONL), or two TSV columns."""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import OutputError
from ..model import Alignment, Unit


def unit_record(unit: Unit) -> dict:
    return {
        "id": unit.index,
        "zh": unit.zh,
        "ja": unit.ja,
        "bead": unit.kind,
        "confidence": round(unit.confidence, 4),
        "zh_location": unit.zh_location,
        "ja_location": unit.ja_location,
        "zh_lines": [[s.first_line, s.last_line] for s in unit.zh_segments],
        "ja_lines": [[s.first_line, s.last_line] for s in unit.ja_segments],
        **({"parent": unit.parent} if unit.parent is not None else {}),
        # A pair the input file made that the aligner would make otherwise: where its translation reads.
        **({"paired_elsewhere": unit.paired_elsewhere} if unit.paired_elsewhere else {}),
    }


def _write_text(path: str | Path, text: str, what: str) -> None:
    """Write the whole file at once, so a failure leaves no half-written alignment behind."""
    p = Path(path)
    if p.is_dir():
        raise OutputError("is a folder", path=str(p), hint=f"give a file name for the {what} output")
    try:
        p.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise OutputError(f"cannot write {what}: {exc.strerror}", path=str(p),
                          hint="check the folder exists and is writable") from None


def write_jsonl(alignment: Alignment, path: str | Path) -> None:
    _write_text(path, "".join(json.dumps(unit_record(u), ensure_ascii=False) + "\n" for u in alignment.units),
                "JSONL")


def _tsv_cell(text: str) -> str:
    # A TAB or line break inside a cell would break the two-column contract.
    return " ".join(text.replace("\t", " ").splitlines())


def write_tsv(alignment: Alignment, path: str | Path) -> None:
    _write_text(path, "".join(f"{_tsv_cell(u.zh)}\t{_tsv_cell(u.ja)}\n" for u in alignment.units), "TSV")
