"""The seed's layout: Chinese and Japanese interleaved in page-sized chunks of a PDF extraction."""
from __future__ import annotations

import re

from ..lang.script import script_evidence
from ..model import Bilingual, Segment

_CELL = re.compile(r"<p>(.*?)</p>", re.S)
_MARKUP = re.compile(r"\*\*|</?b>")


def _clean(text: str) -> str:
    return _MARKUP.sub("", text).strip()


def parse(text: str, *, file: str, encoding: str) -> Bilingual:
    zh, ja = [], []
    lines = text.split("\n")
    block, start = [], 0
    blocks = []
    for no, line in enumerate(lines + [""], start=1):
        if "\t" in line and "<p>" in line:
            left, right = line.split("\t", 1)
            for cell in _CELL.findall(left):
                blocks.append(("zh", _clean(cell), no, no))
            for cell in _CELL.findall(right):
                blocks.append(("ja", _clean(cell), no, no))
            continue
        if re.fullmatch(r"\s*-+\s*\t\s*-+\s*", line):
            continue
        if line.strip():
            if not block:
                start = no
            block.append(line.strip())
        elif block:
            t = _clean("".join(block))
            blocks.append(("zh" if script_evidence(t) <= 0 else "ja", t, start, no - 1))
            block = []
    for lang, t, a, b in blocks:
        if t:
            (zh if lang == "zh" else ja).append(Segment(t, lang, file, a, b))
    return Bilingual(tuple(zh), tuple(ja), "mixed", encoding, (file,))
