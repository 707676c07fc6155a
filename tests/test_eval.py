"""The bead scorer against hand-computed cases, and the `aligner eval` command."""
import json
import subprocess
import sys

import pytest

from aligner.align.evaluate import beads_from_records, restrict, score
from aligner.errors import InputError

GOLD = [((0,), (0,)), ((1,), (1, 2)), ((2,), ())]
# One exact match, one 1-1 that overlaps the gold 1-2, a spurious 0-1, and the gold's deletion.
TEST = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ())]


def test_strict_and_lax_on_hand_computed_case():
    s = score(GOLD, TEST)
    # Precision over all 4 predicted beads: strict hits (0|0) and (2|-); lax adds (1|1).
    assert s.strict_precision == pytest.approx(2 / 4)
    assert s.lax_precision == pytest.approx(3 / 4)
    # Recall over the gold's 2 matched beads: strict finds (0|0); lax also finds (1|1,2) via (1|1).
    assert s.strict_recall == pytest.approx(1 / 2)
    assert s.lax_recall == pytest.approx(2 / 2)
    assert s.strict_f1 == pytest.approx(0.5)
    assert s.lax_f1 == pytest.approx(2 * 0.75 / 1.75)
    assert (s.gold_unmatched, s.predicted_unmatched, s.unmatched_correct) == (1, 2, 1)


def test_perfect_and_disjoint():
    assert score(GOLD, GOLD).strict_f1 == 1.0
    s = score([((0,), (0,)), ((1,), (1,))], [((0,), (1,)), ((1,), (0,))])
    assert s.strict_f1 == 0.0 and s.lax_f1 == 0.0


def test_bead_order_inside_a_side_does_not_matter():
    assert score([((1, 0), (0,))], [((0, 1), (0,))]).strict_f1 == 1.0


def test_beads_counted_off_bead_kinds():
    recs = [{"bead": "1-1"}, {"bead": "2-1"}, {"bead": "0-1"}, {"bead": "1-0"}]
    assert beads_from_records(recs) == [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), ())]
    assert beads_from_records([{"zh_ids": [4], "ja_ids": [5, 6]}]) == [((4,), (5, 6))]
    with pytest.raises(InputError):
        beads_from_records([{"zh": "x"}])


def test_restrict_keeps_beads_touching_gold_coverage():
    gold = [((0,), (0,)), ((1,), (1,))]
    test = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    assert restrict(test, gold) == [((0,), (0,)), ((1, 2), (1,))]


def _write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def test_eval_cli_scores_files(tmp_path):
    pred, gold = tmp_path / "pred.jsonl", tmp_path / "gold.jsonl"
    _write(pred, [{"bead": "1-1", "zh": "甲", "ja": "甲"}, {"bead": "1-1"}, {"bead": "0-1"}, {"bead": "1-0"}])
    _write(gold, [{"header": {"level": "paragraph"}}] + [{"zh_ids": list(z), "ja_ids": list(j)} for z, j in GOLD])
    r = subprocess.run([sys.executable, "-m", "aligner", "eval", str(pred), str(gold), "--json"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["strict_f1"] == 0.5
    assert out["lax_recall"] == 1.0


def test_eval_cli_bad_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "aligner", "eval", str(bad), str(bad)], capture_output=True, text=True)
    assert r.returncode == 2
    assert "bad.jsonl" in r.stderr and "Traceback" not in r.stderr


def test_align_then_eval_on_the_seed(tmp_path):
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "seed.jsonl"
    r = subprocess.run([sys.executable, "-m", "aligner", "align", str(root / "corpora" / "001_27f565d3809ec41b.txt"),
                        "-o", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "low-confidence" in r.stdout and "unmatched" in r.stdout
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert rec["bead"] == "1-1" and 0.0 <= rec["confidence"] <= 1.0
    r = subprocess.run([sys.executable, "-m", "aligner", "eval", str(out),
                        str(root / "corpora" / "gold" / "001_paragraphs.jsonl"), "--json"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["strict_f1"] == 1.0


def _aligner_records(level):
    """Records shaped as `aligner align` writes them; sentence units carry their paragraph."""
    recs = []
    for i in range(3):
        rec = {"id": i, "zh": "甲", "ja": "甲", "bead": "1-1", "confidence": 0.9,
               "zh_location": f"doc.txt:{i + 1}", "ja_location": f"doc.txt:{i + 10}"}
        if level == "sentence":
            rec["parent"] = i // 2
        recs.append(rec)
    return recs


@pytest.mark.parametrize("pred_level,gold_level", [("sentence", "paragraph"), ("paragraph", "sentence")])
def test_eval_refuses_units_of_another_level_than_the_gold(tmp_path, pred_level, gold_level):
    """Sentence units against paragraph gold score near zero, which reads as a broken aligner."""
    pred, gold = tmp_path / "pred.jsonl", tmp_path / "gold.jsonl"
    _write(pred, _aligner_records(pred_level))
    _write(gold, [{"header": {"level": gold_level}}] + [{"zh_ids": [i], "ja_ids": [i]} for i in range(3)])
    r = subprocess.run([sys.executable, "-m", "aligner", "eval", str(pred), str(gold)], capture_output=True, text=True)
    assert r.returncode == 2, r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "pred.jsonl" in lines[0] and f"--level {gold_level}" in lines[0], r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
def test_eval_scores_units_of_the_gold_level(tmp_path, level):
    pred, gold = tmp_path / "pred.jsonl", tmp_path / "gold.jsonl"
    _write(pred, _aligner_records(level))
    _write(gold, [{"header": {"level": level}}] + [{"zh_ids": [i], "ja_ids": [i]} for i in range(3)])
    r = subprocess.run([sys.executable, "-m", "aligner", "eval", str(pred), str(gold), "--json"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["gold_beads"] == 3


def test_a_gold_file_is_accepted_as_the_prediction(tmp_path):
    """Two annotators' gold files score against each other (and a gold file against itself perfectly)."""
    gold, other = tmp_path / "gold.jsonl", tmp_path / "other.jsonl"
    beads = [{"zh_ids": list(z), "ja_ids": list(j)} for z, j in GOLD]
    _write(gold, [{"header": {"level": "paragraph"}}] + beads)
    _write(other, [{"header": {"level": "paragraph", "partial": False}}] + beads[:-1])

    def run(pred):
        r = subprocess.run([sys.executable, "-m", "aligner", "eval", str(pred), str(gold), "--json"],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)
    assert run(gold)["strict_f1"] == 1.0
    assert run(other)["predicted_beads"] == len(beads) - 1 and run(other)["strict_precision"] == 1.0


def test_a_record_without_beads_says_what_to_give(tmp_path):
    pred = tmp_path / "pred.jsonl"
    _write(pred, [{"zh": "甲", "ja": "甲"}])
    gold = tmp_path / "gold.jsonl"
    _write(gold, [{"header": {"level": "paragraph"}}] + [{"zh_ids": list(z), "ja_ids": list(j)} for z, j in GOLD])
    r = subprocess.run([sys.executable, "-m", "aligner", "eval", str(pred), str(gold)], capture_output=True, text=True)
    assert r.returncode == 2 and "pred.jsonl:1:" in r.stderr and "aligner align" in r.stderr
