"""Paragraph boundaries of the Chinese-only corpora against a hand-made gold (corpora/gold/zh_paragraph_starts.tsv).

A boundary is the first line of a paragraph. Inside each gold stretch, precision is the share
of the reader's paragraph starts that the gold has, recall the share of gold starts the reader
finds. A wrong join (organisations of a signature block run together) costs recall; a wrong
cut (a wrapped line left as a paragraph of its own) costs precision.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from aligner.readers import read_monolingual

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpora" / "gold" / "zh_paragraph_starts.tsv"


def corpus_file(doc: str) -> Path:
    return next((ROOT / "corpora").glob(f"{doc}_*.txt"))


def load_gold(path: Path = GOLD) -> dict[str, tuple[tuple[int, int], list[tuple[int, str]]]]:
    """doc -> ((first line, last line) of the stretch, [(paragraph start line, its first characters)])."""
    ranges: dict[str, tuple[int, int]] = {}
    starts: dict[str, list[tuple[int, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[0] == "range":
            ranges[cols[1]] = (int(cols[2]), int(cols[3]))
        else:
            starts.setdefault(cols[0], []).append((int(cols[1]), cols[2]))
    return {doc: (ranges[doc], starts.get(doc, [])) for doc in ranges}


def reader_starts(doc: str) -> set[int]:
    return {s.first_line for s in read_monolingual(str(corpus_file(doc)))}


def boundary_pr(predicted: set[int], gold: set[int], lo: int, hi: int) -> tuple[int, int, int]:
    """(starts both have, reader starts in the stretch, gold starts in the stretch)."""
    pred = {n for n in predicted if lo <= n <= hi}
    want = {n for n in gold if lo <= n <= hi}
    return len(pred & want), len(pred), len(want)


GOLD_DATA = load_gold()


def test_gold_lines_still_hold_their_text():
    # The gold names lines; if a corpus file changed under it, the scores would be meaningless.
    for doc, (_, starts) in GOLD_DATA.items():
        lines = corpus_file(doc).read_text(encoding="utf-8").split("\n")
        for no, head in starts:
            assert lines[no - 1].strip().startswith(head), (doc, no)


@pytest.mark.parametrize("doc", sorted(GOLD_DATA))
def test_boundaries_against_the_gold(doc):
    (lo, hi), starts = GOLD_DATA[doc]
    hit, pred, want = boundary_pr(reader_starts(doc), {n for n, _ in starts}, lo, hi)
    precision, recall = hit / pred, hit / want
    assert precision >= MIN_PRECISION[doc] and recall >= MIN_RECALL[doc], (doc, precision, recall)


# A little under what the reader reaches (benchmarks/read_bench.py prints the figures): a drop is a regression.
# Before the list, signature, bracket, indent, page-number and opening-title rules: 002 P 0.93, R 0.86; 004 P 0.97.
MIN_PRECISION = {"002": 0.98, "003": 1.0, "004": 0.99}
MIN_RECALL = {"002": 0.98, "003": 1.0, "004": 1.0}


def test_signature_block_is_one_organisation_per_paragraph():
    # 002 lines 6796-6806: five issuing bodies, one per line, then the date (read by hand).
    paras = {s.first_line: s.text for s in read_monolingual(str(corpus_file("002")))}
    for no in (6796, 6798, 6800, 6802, 6804, 6806):
        assert no in paras, no
    assert paras[6798] == "国家税务总局北京市税务局"
