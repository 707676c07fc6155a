"""The alignment file contract: one JSON object per unit (JSONL), or two TSV columns."""
from __future__ import annotations

import json
from pathlib import Path

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
    }


def write_jsonl(alignment: Alignment, path: str | Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for unit in alignment.units:
            fh.write(json.dumps(unit_record(unit), ensure_ascii=False) + "\n")


def _tsv_cell(text: str) -> str:
    # A TAB or newline inside a cell would break the two-column contract.
    return text.replace("\t", " ").replace("\n", " ")


def write_tsv(alignment: Alignment, path: str | Path) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for unit in alignment.units:
            fh.write(f"{_tsv_cell(unit.zh)}\t{_tsv_cell(unit.ja)}\n")
