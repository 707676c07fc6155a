"""`aligner eval`: score a predicted alignment against a hand-made gold alignment."""
from __future__ import annotations

import json
from typing import Optional

import typer

from . import app
from ..errors import InputError


@app.command("eval")
def eval_cli(
    pred: str = typer.Argument(..., metavar="PRED.jsonl", help="Predicted alignment: JSONL written by `aligner align -o X.jsonl` (or another gold file)."),
    gold: str = typer.Argument(..., metavar="GOLD.jsonl", help="Gold alignment JSONL (records with zh_ids/ja_ids, or bead kinds)."),
    partial: Optional[bool] = typer.Option(None, "--partial/--whole", metavar="",
                                           help="Judge only beads the gold covers (default: as the gold's header says)."),
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print the scores as one JSON object."),
) -> None:
    """Strict and lax precision/recall/F1 over beads, as vecalign's score.py defines them.

    Strict counts a predicted bead only when the gold has exactly that bead; lax also
    counts beads that overlap a gold bead on both sides. 1-0/0-1 beads count towards
    precision only, and are reported separately.
    """
    # Scores of 0.0 against an empty file look like a terrible aligner rather than a wrong path.
    from ..align.evaluate import evaluate_files, read_records
    records = read_records(pred)
    if not records:
        raise InputError("holds no alignment records", path=pred,
                         hint="give the JSONL written by `aligner align -o X.jsonl`")
    _refuse_other_level(records, pred, gold, read_records(gold))
    s = evaluate_files(pred, gold, partial=partial)
    if s.gold_beads == 0:
        raise InputError("holds no gold beads", path=gold,
                         hint="give a gold JSONL with one record per bead, as corpora/gold/README.md describes")
    if as_json:
        typer.echo(json.dumps(s.to_dict()))
        return
    typer.echo(f"strict  P {s.strict_precision:.4f}  R {s.strict_recall:.4f}  F1 {s.strict_f1:.4f}")
    typer.echo(f"lax     P {s.lax_precision:.4f}  R {s.lax_recall:.4f}  F1 {s.lax_f1:.4f}")
    typer.echo(f"beads   gold {s.gold_beads}  predicted {s.predicted_beads}  "
               f"unmatched gold {s.gold_unmatched} / predicted {s.predicted_unmatched} "
               f"({s.unmatched_correct} agree)")


def _level(records: list[dict]) -> str | None:
    """The level of a prediction: a gold file's header says it; `aligner align` sentence units name their paragraph (`parent`)."""
    header = records[0].get("header") if records and isinstance(records[0], dict) else None
    if isinstance(header, dict) and header.get("level") in ("paragraph", "sentence"):
        return header["level"]  # a gold file says its level
    if not all("bead" in r and "zh_location" in r for r in records):
        return None  # not written by `aligner align`: nothing to go by
    return "sentence" if any("parent" in r for r in records) else "paragraph"


def _refuse_other_level(records: list[dict], pred: str, gold: str, gold_records: list[dict]) -> None:
    """Sentence units scored against paragraph gold (or the reverse) give a near-zero F1 that reads
    as a broken aligner; the gold's header says its level, the prediction's records say theirs."""
    header = gold_records[0].get("header") if gold_records and isinstance(gold_records[0], dict) else None
    want = header.get("level") if isinstance(header, dict) else None
    have = _level(records)
    if want in ("paragraph", "sentence") and have and have != want:
        raise InputError(f"holds {have} units but {gold} is {want}-level gold", path=pred,
                         hint=f"align again with --level {want}, or give the {have}-level gold")
