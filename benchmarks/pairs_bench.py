"""How well wrong pairs in a file that pairs its text itself (a table, a TMX) are found.

The seed's hand-made gold paragraph alignment (corpora/gold/001_paragraphs.jsonl) is written as a
two-column table, one gold bead a row, at paragraph level; and the seed's gold sentence pairs
(corpora/gold/001_sentences.jsonl, the annotated part) likewise at sentence level. Into copies of
it go the errors spreadsheets and memories really have: two rows' targets swapped, and a stretch
of 2-6 targets one row off (the first left empty, the last lost). Printed per error kind: rows
made wrong, how many of them get a `paired-elsewhere` finding, how many name the line holding
their translation (where one still does), and findings on rows left right (false alarms).

    .venv/bin/python benchmarks/pairs_bench.py [--seeds 0 1 2 3 4]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aligner.align import align  # noqa: E402
from aligner.checks import run_checks  # noqa: E402
from aligner.checks.base import CheckContext  # noqa: E402
from aligner.lang.sentences import split_text  # noqa: E402
from aligner.readers import read_bilingual  # noqa: E402

SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"
GOLD = ROOT / "corpora" / "gold"


def paragraph_rows() -> list[tuple[str, str]]:
    doc = read_bilingual([str(SEED)])
    rows = []
    for line in (GOLD / "001_paragraphs.jsonl").read_text(encoding="utf-8").splitlines()[1:]:
        b = json.loads(line)
        rows.append(("".join(doc.zh[i].text for i in b["zh_ids"]), "".join(doc.ja[j].text for j in b["ja_ids"])))
    return [r for r in rows if r[0] and r[1]]


def sentence_rows() -> list[tuple[str, str]]:
    doc = read_bilingual([str(SEED)])
    zs = [s for p in doc.zh for s in split_text(p.text)]
    js = [s for p in doc.ja for s in split_text(p.text)]
    rows = []
    for line in (GOLD / "001_sentences.jsonl").read_text(encoding="utf-8").splitlines()[1:]:
        b = json.loads(line)
        rows.append(("".join(zs[i] for i in b["zh_ids"]), "".join(js[j] for j in b["ja_ids"])))
    return [r for r in rows if r[0] and r[1]]


def corrupt(rows, kind: str, rng: random.Random):
    """A copy of the rows with one error, and the wrong rows, each with the line holding its source's translation."""
    rows = list(rows)
    if kind == "swap":
        a = rng.randrange(1, len(rows) - 2)
        rows[a], rows[a + 1] = (rows[a][0], rows[a + 1][1]), (rows[a + 1][0], rows[a][1])
        return rows, {a: a + 2, a + 1: a + 1}
    n = rng.randint(2, 6)
    lo = rng.randrange(1, len(rows) - n - 1)
    out = rows[:lo] + [(rows[lo][0], "")] + [(rows[k][0], rows[k - 1][1]) for k in range(lo + 1, lo + n)] + rows[lo + n:]
    # Row k (line k+1) holds k-1's target, its own one line down; row lo, left without one, too. The
    # last row's own target is the one lost: no line holds its translation.
    return out, {**{k: k + 2 for k in range(lo, lo + n - 1)}, lo + n - 1: None}


def run(rows, kind: str, seeds: list[int], tmp: Path) -> tuple[int, int, float, int]:
    wrong = caught = named = nameable = alarms = 0
    for seed in seeds:
        bad, truth = corrupt(rows, kind, random.Random(seed))
        path = tmp / f"{kind}-{seed}.tsv"
        path.write_text("".join(f"{z}\t{j}\n" for z, j in bad), encoding="utf-8")
        alignment = align(read_bilingual([str(path)]))
        findings = run_checks(alignment, context=CheckContext(), enabled=["paired-elsewhere"])
        flagged = {f.unit: alignment.units[f.unit].paired_elsewhere for f in findings}
        wrong += len(truth)
        nameable += sum(1 for line in truth.values() if line is not None)
        caught += len(set(flagged) & set(truth))
        alarms += len(set(flagged) - set(truth))
        for k in truth:
            named += truth[k] is not None and flagged.get(k) == f"{path}:{truth[k]}"
    return wrong, caught, named / nameable, alarms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=list(range(10)))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        print(f"{'rows':10} {'error':8} {'wrong rows':>10} {'flagged':>8} {'line named':>10} {'false alarms':>12}")
        for level, rows in (("paragraphs", paragraph_rows()), ("sentences", sentence_rows())):
            for kind in ("swap", "shift"):
                wrong, caught, named, alarms = run(rows, kind, args.seeds, Path(d))
                print(f"{level:10} {kind:8} {wrong:10d} {caught / wrong:8.0%} {named:10.0%} {alarms:12d}")


if __name__ == "__main__":
    main()
