"""TM leverage analysis: how much of a new Chinese document an existing memory already covers.

This is the "analysis" CAT tools run before a job is quoted: each new segment gets its best
fuzzy match in the memory, and segments and characters are counted per match band. Characters
(not words) are the unit for Chinese, as translation agencies count them.
"""
from __future__ import annotations

import csv
import html
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from .errors import InputError, OutputError
from .fuzzy import FuzzyIndex, normalize
from .model import Segment

# (label, lowest percentage) from the top; a segment falls in the first band it reaches.
BANDS: tuple[tuple[str, int], ...] = (
    ("100%", 100), ("95-99%", 95), ("85-94%", 85), ("75-84%", 75), ("50-74%", 50), ("no match", 0),
)
BAND_LABELS = tuple(b for b, _ in BANDS)
MIN_FUZZY = 0.5
# An output folder named like a report file is a user expecting one file: say so rather than
# creating a folder called "analysis.html".
FILE_LIKE_SUFFIXES = (".html", ".htm", ".csv", ".json", ".xlsx", ".txt", ".tmx")


def percent(score: float) -> int:
    """Whole percent, rounded down as CAT tools do: 99.9 % is not a 100 % match."""
    return 100 if score >= 1.0 else min(99, math.floor(score * 100 + 1e-9))


def band_of(score: float | None) -> str:
    if score is None:
        return "no match"
    p = percent(score)
    for label, low in BANDS:
        if p >= low:
            return label
    return "no match"


@dataclass(frozen=True)
class TMUnit:
    source: str
    target: str
    file: str
    line: int


@dataclass(frozen=True)
class Memory:
    """Memory units with a fuzzy index over their normalised sources (duplicates kept once)."""

    units: tuple[TMUnit, ...]
    index: FuzzyIndex = field(repr=False, compare=False)
    files: tuple[str, ...] = ()
    multi_sentence_share: float = 0.0  # of (a sample of) units whose source holds several sentences


@dataclass(frozen=True)
class SegmentResult:
    doc: str
    number: int            # 1-based within the document
    text: str
    location: str
    chars: int             # normalised characters (no white space)
    score: float | None
    band: str
    match: TMUnit | None
    repetition: bool = False  # same text as an earlier segment of this analysis: translated once, reused


@dataclass(frozen=True)
class DocAnalysis:
    path: str
    segments: tuple[SegmentResult, ...]

    def bands(self) -> dict[str, dict[str, int]]:
        return _count(self.segments)

    def repetitions(self) -> dict[str, int]:
        return _repeats(self.segments)


@dataclass(frozen=True)
class Analysis:
    documents: tuple[DocAnalysis, ...]
    tm_files: tuple[str, ...]
    tm_units: int
    notes: tuple[str, ...] = ()  # caveats a reader of the figures must know (e.g. a paragraph-level memory)

    def totals(self) -> dict[str, dict[str, int]]:
        return _count([s for d in self.documents for s in d.segments])

    def repetitions(self) -> dict[str, int]:
        return _repeats([s for d in self.documents for s in d.segments])


def _count(segments) -> dict[str, dict[str, int]]:
    out = {b: {"segments": 0, "chars": 0} for b in BAND_LABELS}
    for s in segments:
        out[s.band]["segments"] += 1
        out[s.band]["chars"] += s.chars
    return out


def _repeats(segments) -> dict[str, int]:
    """Repetitions are counted beside the bands (each segment stays in its band), as a reuse hint."""
    reps = [s for s in segments if s.repetition]
    return {"segments": len(reps), "chars": sum(s.chars for s in reps)}


# ---------------------------------------------------------------------------------------------

def load_memory(paths: Sequence[str | Path]) -> Memory:
    """Read TMX memories (zh source, ja target) and index their sources."""
    from .formats.tmx import read_bilingual
    if not paths:
        raise InputError("no translation memory given", hint="pass at least one --tm MEMORY.tmx")
    units: list[TMUnit] = []
    keys: list[str] = []   # normalised sources, computed once (a 100,000-unit memory: a second pass costs ~0.5 s)
    seen: set[str] = set()
    for p in paths:
        doc = read_bilingual(str(p))
        for zh, ja in zip(doc.zh, doc.ja):
            key = normalize(zh.text)
            if not key or key in seen:  # the first occurrence wins, as in a CAT tool's memory order
                continue
            seen.add(key)
            keys.append(key)
            units.append(TMUnit(zh.text, ja.text, zh.file, zh.first_line))
    return Memory(tuple(units), FuzzyIndex(keys), tuple(str(p) for p in paths), _multi_sentence_share(units))


# A memory whose units mostly hold several sentences was aligned by paragraph: new text, looked
# up sentence by sentence, can then hardly reach a high match even when the memory covers it.
PARAGRAPH_MEMORY_SHARE = 0.3
_SHARE_SAMPLE = 2000


def _multi_sentence_share(units: Sequence[TMUnit]) -> float:
    if not units:
        return 0.0
    step = max(1, len(units) // _SHARE_SAMPLE)
    sample = units[::step]
    multi = sum(1 for u in sample if len(_split(Segment(u.source, "zh", u.file, u.line, u.line))) > 1)
    return multi / len(sample)


def memory_notes(memory: Memory) -> tuple[str, ...]:
    if memory.multi_sentence_share >= PARAGRAPH_MEMORY_SHARE:
        return (f"{memory.multi_sentence_share:.0%} of the memory's units hold several sentences (a paragraph-level "
                "memory) while new text is matched sentence by sentence, so matches are understated; "
                "for sentence leverage build the memory with `aligner align --level sentence`.",)
    return ()


def _split(seg: Segment) -> tuple[Segment, ...]:
    try:
        from .lang.sentences import split_segment
    except ImportError:  # the shared splitter is optional; fall back to full stops
        import re
        parts = [p for p in re.split(r"(?<=[。！？!?])", seg.text) if p.strip()]
        return tuple(Segment(p, seg.lang, seg.file, seg.first_line, seg.last_line) for p in parts) or (seg,)
    return split_segment(seg)


def segment_document(path: str | Path, *, encoding: str | None = None) -> tuple[Segment, ...]:
    """Sentences of a new Chinese document, the unit a CAT tool would look up.

    Paragraphs that are clearly Japanese (kana) are left out: a bilingual file passed by
    mistake must not inflate the "no match" count with its translation.
    """
    from .lang.script import script_evidence
    from .readers import read_monolingual
    out, japanese = [], 0
    for para in read_monolingual(str(path), lang="zh", encoding=encoding):
        if script_evidence(para.text) > 0:
            japanese += 1
            continue
        out.extend(s for s in _split(para) if normalize(s.text))
    if not out and japanese:
        raise InputError("only Japanese text found: analysis looks up the Chinese source", path=str(path),
                         hint="give the Chinese document to be translated")
    if not out:
        raise InputError("no text to analyse", path=str(path), hint="give a Chinese document with text in it")
    return tuple(out)


def analyze_document(path: str | Path, memory: Memory, *, seen: set[str] | None = None,
                     encoding: str | None = None) -> DocAnalysis:
    """Best match per sentence; `seen` carries normalised texts across documents to mark repetitions."""
    seen = set() if seen is None else seen
    results = []
    cache: dict[str, object] = {}
    for n, seg in enumerate(segment_document(path, encoding=encoding), start=1):
        q = normalize(seg.text)
        if q not in cache:
            cache[q] = memory.index.best(q, cutoff=MIN_FUZZY)
        hit = cache[q]
        score = hit.score if hit else None
        results.append(SegmentResult(str(path), n, seg.text.strip(), seg.location, len(q), score, band_of(score),
                                     memory.units[hit.unit] if hit else None, repetition=q in seen))
        seen.add(q)
    return DocAnalysis(str(path), tuple(results))


def analyze(documents: Sequence[str | Path], tm_paths: Sequence[str | Path], *,
            progress: Callable[[str], None] | None = None, encoding: str | None = None) -> Analysis:
    """Best TM match of every sentence of every document, counted per match band."""
    if not documents:
        raise InputError("no document to analyse", hint="pass one or more Chinese documents")
    memory = load_memory(tm_paths)
    docs = []
    seen: set[str] = set()
    for d in documents:
        docs.append(analyze_document(d, memory, seen=seen, encoding=encoding))
        if progress:
            progress(str(d))
    return Analysis(tuple(docs), memory.files, len(memory.units), memory_notes(memory))


# ---------------------------------------------------------------------------------------------
# Reports

def write_reports(analysis: Analysis, out_dir: str | Path) -> dict[str, Path]:
    """analysis.html (self-contained), analysis.csv (UTF-8 BOM, one row per segment), analysis.json (counts)."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError("is a file, not a folder", path=str(out),
                          hint="give -o a folder for analysis.html, analysis.csv and analysis.json")
    if not out.exists() and out.suffix.lower() in FILE_LIKE_SUFFIXES:
        raise OutputError("-o names a folder, not a report file", path=str(out),
                          hint=f"give a folder such as '{out.with_suffix('')}'; analysis.html, .csv and .json go inside")
    try:
        out.mkdir(parents=True, exist_ok=True)
        outputs = {"analysis.html": out / "analysis.html", "analysis.csv": out / "analysis.csv",
                   "analysis.json": out / "analysis.json"}
        outputs["analysis.json"].write_text(json.dumps(to_json(analysis), ensure_ascii=False, indent=1),
                                            encoding="utf-8")
        outputs["analysis.csv"].write_text("\ufeff" + _csv(analysis), encoding="utf-8", newline="")
        outputs["analysis.html"].write_text(_html(analysis), encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write analysis: {exc.strerror}", path=str(out),
                          hint="check the folder is writable") from None
    return outputs


def to_json(analysis: Analysis) -> dict:
    return {
        "tm_files": list(analysis.tm_files), "tm_units": analysis.tm_units, "bands": list(BAND_LABELS),
        "totals": analysis.totals(), "repetitions": analysis.repetitions(), "notes": list(analysis.notes),
        "documents": [{"path": d.path, "segments": len(d.segments), "bands": d.bands(),
                       "repetitions": d.repetitions()} for d in analysis.documents],
    }


def _pct(score: float | None) -> str:
    return "" if score is None else f"{percent(score)}"


def _csv(analysis: Analysis) -> str:
    from .writers.findings_table import text_cell
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["document", "segment", "location", "chars", "match_percent", "band", "repetition", "text",
                "tm_source", "tm_target", "tm_location"])
    for d in analysis.documents:
        for s in d.segments:
            m = s.match
            # Document and memory text is data: a cell Excel would evaluate as a formula is quoted.
            w.writerow([text_cell(c) for c in (
                d.path, s.number, s.location, s.chars, _pct(s.score), s.band, "yes" if s.repetition else "",
                s.text, m.source if m else "", m.target if m else "", f"{m.file}:{m.line}" if m else "")])
    return buf.getvalue()


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Hiragino Sans",sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;font-size:14px;margin-bottom:1.5em}th,td{border:1px solid #ccc;padding:3px 8px;vertical-align:top}
th{background:#f0f0f0;text-align:left}p.note{background:#fff4d6;border-left:4px solid #c99a00;padding:4px 8px;max-width:60em}td.n{text-align:right;font-variant-numeric:tabular-nums}
.b100{background:#c8e6c9}.b95{background:#dcedc8}.b85{background:#f0f4c3}.b75{background:#fff9c4}.b50{background:#ffe0b2}
.bno{background:#fff}details{margin:.5em 0}
"""
_BAND_CLASS = dict(zip(BAND_LABELS, ("b100", "b95", "b85", "b75", "b50", "bno")))


def _band_table(counts: dict[str, dict[str, int]], reps: dict[str, int]) -> str:
    total_s = sum(c["segments"] for c in counts.values()) or 1
    total_c = sum(c["chars"] for c in counts.values()) or 1
    rows = "".join(
        f'<tr class="{_BAND_CLASS[b]}"><td>{b}</td><td class=n>{c["segments"]}</td>'
        f'<td class=n>{100 * c["segments"] / total_s:.1f}%</td><td class=n>{c["chars"]}</td>'
        f'<td class=n>{100 * c["chars"] / total_c:.1f}%</td></tr>' for b, c in counts.items())
    s = sum(c["segments"] for c in counts.values())
    ch = sum(c["chars"] for c in counts.values())
    return ("<table><tr><th>match</th><th>segments</th><th>%</th><th>characters</th><th>%</th></tr>"
            f"{rows}<tr><th>total</th><th class=n>{s}</th><th></th><th class=n>{ch}</th><th></th></tr>"
            f"<tr><td><i>of which repetitions</i></td><td class=n>{reps['segments']}</td><td></td>"
            f"<td class=n>{reps['chars']}</td><td></td></tr></table>")


def _html(analysis: Analysis) -> str:
    e = html.escape
    parts = ["<!doctype html><html lang=en><meta charset=utf-8><title>aligner TM analysis</title>",
             f"<style>{_CSS}</style><h1>TM leverage analysis</h1>",
             f"<p>Memory: {e(', '.join(analysis.tm_files))} ({analysis.tm_units} distinct source segments). "
             "Score = 1 − edit distance / longer length, on NFKC text without spaces, rounded down.</p>",
             *(f'<p class=note><b>Note:</b> {e(n)}</p>' for n in analysis.notes),
             "<h2>All documents</h2>", _band_table(analysis.totals(), analysis.repetitions())]
    for d in analysis.documents:
        parts.append(f"<h2>{e(d.path)}</h2>{_band_table(d.bands(), d.repetitions())}<details><summary>{len(d.segments)} segments"
                     "</summary><table><tr><th>#</th><th>segment</th><th>%</th><th>best match (source)</th>"
                     "<th>its translation</th><th>memory location</th></tr>")
        for s in d.segments:
            m = s.match
            parts.append(
                f'<tr class="{_BAND_CLASS[s.band]}"><td class=n title="{e(s.location)}">{s.number}</td>'
                f'<td lang=zh>{e(s.text)}</td><td class=n>{_pct(s.score)}</td>'
                f'<td lang=zh>{e(m.source) if m else ""}</td><td lang=ja>{e(m.target) if m else ""}</td>'
                f'<td>{e(f"{Path(m.file).name}:{m.line}") if m else ""}</td></tr>')
        parts.append("</table></details>")
    parts.append("</html>\n")
    return "".join(parts)


def format_totals(analysis: Analysis) -> str:
    """Plain-text band table for the terminal."""
    lines = [f"{'match':<10}{'segments':>10}{'chars':>10}"]
    for b, c in analysis.totals().items():
        lines.append(f"{b:<10}{c['segments']:>10}{c['chars']:>10}")
    tot = analysis.totals().values()
    lines.append(f"{'total':<10}{sum(c['segments'] for c in tot):>10}{sum(c['chars'] for c in tot):>10}")
    reps = analysis.repetitions()
    lines.append(f"{'(repeats)':<10}{reps['segments']:>10}{reps['chars']:>10}")
    return "\n".join(lines)

