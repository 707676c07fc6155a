"""Scoring an alignment against a gold one: strict and lax precision/recall/F1 over beads.

The definitions follow vecalign's score.py, so figures are comparable with published ones:

* a bead is a pair (zh indices, ja indices); indices are paragraph (or sentence) numbers in
  reading order, so a bead survives any change of text or writer format;
* strict: a predicted bead counts only if the gold has exactly the same bead;
* lax: a predicted bead also counts if it shares a zh index with some gold bead whose ja side
  shares an index with it (overlap on both sides);
* precision is over every predicted bead (a 1-0 / 0-1 counts, and is right only if the gold
  has that exact deletion); recall is over the gold's matched beads, with the prediction's
  deletions set aside, as vecalign does. Deletions are also reported on their own.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

BeadT = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Score:
    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float
    gold_beads: int
    predicted_beads: int
    gold_unmatched: int
    predicted_unmatched: int
    unmatched_correct: int

    def to_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def _counts(gold: list[BeadT], test: list[BeadT]) -> tuple[int, int, int, int]:
    """(strict tp, strict fp, lax tp, lax fp) of `test` judged against `gold`."""
    gold_set = {b for b in gold if b[0] or b[1]}
    tgt_of_src: dict[int, set[int]] = {}
    for src, tgt in gold_set:
        for s in src:
            tgt_of_src.setdefault(s, set()).update(tgt)
    tps = fps = tpl = fpl = 0
    for bead in {b for b in test if b[0] or b[1]}:
        if bead in gold_set:
            tps += 1
            tpl += 1
            continue
        fps += 1
        reachable = set()
        for s in bead[0]:
            reachable |= tgt_of_src.get(s, set())
        if reachable & set(bead[1]):
            tpl += 1
        else:
            fpl += 1
    return tps, fps, tpl, fpl


def _ratio(a: int, b: int) -> float:
    return a / (a + b) if a + b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: list[BeadT], test: list[BeadT]) -> Score:
    gold = [_norm(b) for b in gold]
    test = [_norm(b) for b in test]
    tps, fps, tpl, fpl = _counts(gold, test)
    matched = lambda beads: [b for b in beads if b[0] and b[1]]  # noqa: E731
    rtps, rfps, rtpl, rfpl = _counts(matched(test), matched(gold))
    sp, sr = _ratio(tps, fps), _ratio(rtps, rfps)
    lp, lr = _ratio(tpl, fpl), _ratio(rtpl, rfpl)
    gold_del = {b for b in gold if not (b[0] and b[1])}
    test_del = {b for b in test if not (b[0] and b[1])}
    return Score(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr), len(gold), len(test),
                 len(gold_del), len(test_del), len(gold_del & test_del))


def _norm(bead) -> BeadT:
    zh, ja = bead
    return tuple(sorted(int(i) for i in zh)), tuple(sorted(int(j) for j in ja))


def beads_from_records(records: list[dict], *, path: str = "") -> list[BeadT]:
    """Beads from JSONL records: explicit `zh_ids`/`ja_ids`, else counted off `bead` ("2-1").

    The aligner's own JSONL has no indices, but every segment sits in exactly one unit in
    order, so a running count over the bead kinds gives them back.
    """
    beads: list[BeadT] = []
    zi = ji = 0
    for no, rec in enumerate(records, start=1):
        if "zh_ids" in rec and "ja_ids" in rec:
            beads.append(_norm((rec["zh_ids"], rec["ja_ids"])))
            continue
        kind = rec.get("bead")
        try:
            a, b = (int(x) for x in str(kind).split("-"))
        except ValueError:
            raise InputError(f"record {no} has neither zh_ids/ja_ids nor a bead like '1-1'", path=path or None,
                             line=no, hint="give the JSONL written by `aligner align -o X.jsonl`, or a gold file") from None
        beads.append((tuple(range(zi, zi + a)), tuple(range(ji, ji + b))))
        zi += a
        ji += b
    return beads


def read_records(path: str | Path) -> list[dict]:
    p = Path(path)
    if not p.is_file():
        raise InputError("file not found", path=str(p), hint="give a JSONL alignment file")
    out = []
    with open(p, encoding="utf-8") as fh:
        for no, line in enumerate(fh, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON ({exc.msg})", path=str(p), line=no,
                                 hint="one JSON object per line") from None
    return out


def restrict(test: list[BeadT], gold: list[BeadT]) -> list[BeadT]:
    """Predicted beads touching the part of the document the gold covers.

    Sentence gold may cover only some paragraphs; beads wholly outside it are not judged,
    but a bead that straddles the edge is (it is an error the gold can see).
    """
    zs = {i for b in gold for i in b[0]}
    js = {j for b in gold for j in b[1]}
    return [b for b in test if any(i in zs for i in b[0]) or any(j in js for j in b[1])]


def evaluate_files(pred: str | Path, gold: str | Path, *, partial: bool | None = None) -> Score:
    """Score a predicted JSONL against a gold JSONL; `partial` limits to the gold's coverage.

    By default a gold file whose header says `"partial": true` is scored on its coverage only.
    """
    grecs = read_records(gold)
    header = grecs[0] if grecs and "header" in grecs[0] else None
    if header:
        grecs = grecs[1:]
    gbeads = beads_from_records(grecs, path=str(gold))
    precs = read_records(pred)
    if precs and "header" in precs[0]:  # a gold file as the prediction (one annotator against another)
        precs = precs[1:]
    tbeads = beads_from_records(precs, path=str(pred))
    if partial is None:
        partial = bool(header and header.get("header", {}).get("partial"))
    if partial:
        tbeads = restrict(tbeads, gbeads)
    return score(gbeads, tbeads)


def read_gold(path: str | Path) -> tuple[dict, list[dict]]:
    """Header and bead records of a gold file (see corpora/gold/README.md)."""
    recs = read_records(path)
    if not recs or "header" not in recs[0]:
        raise InputError("gold file has no header line", path=str(path),
                         hint='start it with {"header": {"level": "paragraph", ...}}')
    return recs[0]["header"], recs[1:]


def alignment_beads(alignment) -> list[BeadT]:
    """Beads of an Alignment as index lists (units are in order and cover every segment once)."""
    return beads_from_records([{"bead": u.kind} for u in alignment.units])
