"""aligner's own JSONL (or a gold file) given as a document: told apart by content, whatever its name.

Its lines are JSON objects carrying `zh`/`ja` fields; read as text they hold both languages
in one line each, and a reader would fail on a symptom ("only Japanese text") instead of
saying that this is an output of the tool, not a document it reads.
"""
from __future__ import annotations

import json

from ..errors import InputError

SAMPLE_LINES = 5  # non-blank lines looked at: the output writes one object per line from the first


def _record(line: str) -> dict | None:
    try:
        obj = json.loads(line)
    except ValueError:
        return None
    return obj if isinstance(obj, dict) else None


def is_aligned_jsonl(text: str) -> bool:
    """Do the first lines read as JSON objects, one a line, with fields named for the languages (`zh`, `ja_ids`…)?"""
    lines = [line for line in text.lstrip("\ufeff").split("\n") if line.strip()][:SAMPLE_LINES]
    if not lines or not lines[0].lstrip().startswith("{"):
        return False
    records = [_record(line) for line in lines]
    if any(r is None for r in records):
        return False
    return any(str(k).startswith(("zh", "ja")) for r in records for k in r)


def refuse_aligned_jsonl(text: str, path: str) -> None:
    if is_aligned_jsonl(text):
        raise InputError("is a JSONL file of aligned units (aligner's output, or a gold file), "
                         "which is not an input format", path=path,
                         hint="give the original document, one bilingual file or the Chinese file and its Japanese "
                              "translation, or a TSV or TMX of the units as 'aligner align DOCUMENT -o units.tsv' writes")
