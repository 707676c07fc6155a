"""What a reader saw, as plain data: the basis of `aligner inspect` and of its JSON output.

Kept apart from the CLI so that a user can check a reading (layout, encoding, counts,
where each paragraph came from) before aligning, and scripts can do the same with JSON.
"""
from __future__ import annotations

from ..model import Bilingual, Segment
from .langid import forms_tell


def _seg(seg: Segment) -> dict:
    return {"location": seg.location, "file": seg.file, "first_line": seg.first_line, "last_line": seg.last_line,
            "text": seg.text}


def summarize(doc: Bilingual, *, preview: int = 5) -> dict:
    zh_chars = sum(len(s.text) for s in doc.zh)
    ja_chars = sum(len(s.text) for s in doc.ja)
    notes = []
    if doc.zh and doc.ja:
        ratio = len(doc.ja) / len(doc.zh)
        if not 0.8 <= ratio <= 1.25:
            notes.append(f"paragraph counts differ ({len(doc.zh)} vs {len(doc.ja)}): expect 1-2/2-1 beads or "
                         "unmatched paragraphs; check the layout with --layout")
    # Only where the language of each block was guessed from its script; a pair, a table or a TMX says it.
    if doc.layout in ("mixed", "interleaved", "blocks") and doc.zh and doc.ja and not forms_tell("".join(seg.text for seg in (*doc.zh, *doc.ja))):
        notes.append("the Chinese has (almost) no simplified characters (a Shift_JIS file, or a traditional "
                     "source): languages were told by kana, punctuation and length; check the preview")
    if doc.layout == "xlsx":
        # The reader puts the sheet and columns where a text file's encoding goes.
        notes.append(f"workbook: read {doc.encoding} (the first visible sheet with a Chinese and a Japanese "
                     "column; other sheets are not read); locations are row numbers")
    if doc.layout == "xliff":
        notes.append("XLIFF: each unit's (or segment's) source is a Chinese paragraph and its target a Japanese one; "
                     "locations are the lines of those elements in the XLIFF file")
    if doc.layout == "docx":
        notes.append(("Word table: a row's location is its row number, in 'name.docx (table N)'; a paragraph outside the "
                      "table is located by its paragraph number in 'name.docx' and paired by the aligner; headers, "
                      "footers and footnotes are not read")
                     if doc.encoding.startswith("table") else
                     "Word body paragraphs: locations are paragraph numbers (every paragraph of the body counted from 1, "
                     "empty ones and those in table cells included); headers, footers and footnotes are not read")
    return {
        "files": list(doc.files),
        "layout": doc.layout,
        "encoding": doc.encoding,
        "paragraphs": {"zh": len(doc.zh), "ja": len(doc.ja)},
        "characters": {"zh": zh_chars, "ja": ja_chars},
        "notes": notes,
        "preview": {"zh": [_seg(s) for s in doc.zh[:preview]], "ja": [_seg(s) for s in doc.ja[:preview]]},
    }
