"""Readers: paragraph accuracy on the seed against the hand-made gold, and reading speed at scale.

Run: .venv/bin/python benchmarks/read_bench.py [--quick]

* accuracy: the seed's paragraphs compared with corpora/gold/001_paragraphs.jsonl (made by hand,
  see corpora/gold/README.md): how many gold paragraph starts the reader reproduces, per
  language, for this reader and for a naive baseline (every blank-line block a paragraph,
  language by the sign of its script evidence, no rejoining across page breaks), and for
  the seed saved as Shift_JIS (its Chinese then spelled in Japanese character forms);
* speed: each corpus file, and the seed repeated 1x, 10x, 50x (CPU seconds, lines per second,
  peak Python memory from a second, traced run).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aligner.lang.script import japanese_form, script_evidence  # noqa: E402
from aligner.readers import read_bilingual, read_monolingual  # noqa: E402
from aligner.readers.paragraphs import SEPARATOR_ROW  # noqa: E402

SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"
GOLD = ROOT / "corpora" / "gold" / "001_paragraphs.jsonl"


def naive(path: Path) -> dict[str, list[str]]:
    out = {"zh": [], "ja": []}
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        for line in ([block] if "<p>" not in block else block.split("\n")):
            if SEPARATOR_ROW.match(line):
                continue
            parts = line.split("\t") if "<p>" in line else [line]
            for part in parts:
                for cell in (re.findall(r"<p>(.*?)</p>", part) or [part]):
                    t = re.sub(r"</?b>|\*\*|\s", "", cell)
                    if t:
                        out["zh" if script_evidence(t) <= 0 else "ja"].append(t)
    return out


def gold_heads() -> dict[str, list[str]]:
    heads = {"zh": [], "ja": []}
    for line in GOLD.read_text(encoding="utf-8").splitlines()[1:]:
        rec = json.loads(line)
        # One record per bead; a bead's first paragraph carries the head.
        if rec.get("zh_ids"):
            heads["zh"].append(re.sub(r"\s", "", rec["zh_head"]))
        if rec.get("ja_ids"):
            heads["ja"].append(re.sub(r"\s", "", rec["ja_head"]))
    return heads


def head_match(paras: list[str], heads: list[str]) -> tuple[int, int, int]:
    """(paragraphs that start where a gold paragraph starts, gold paragraphs, paragraphs produced).

    Matched in order, each gold start once: recall is the first over the second, precision
    the first over the third (a page-break fragment left as its own paragraph costs precision).
    """
    starts = [re.sub(r"\s", "", p) for p in paras]
    found, k = 0, 0
    for h in heads:
        j = k
        while j < len(starts) and not starts[j].startswith(h):
            j += 1
        if j < len(starts):
            found, k = found + 1, j + 1
    return found, len(heads), len(paras)


def as_cp932(text: str) -> str:
    """Each character Shift_JIS lacks in its Japanese form (务→務), or 〓 when it has none either."""
    out = []
    for ch in text:
        for cand in (ch, japanese_form(ch), "〓"):
            try:
                cand.encode("cp932")
            except UnicodeEncodeError:
                continue
            out.append(cand)
            break
    return "".join(out)


def shift_jis_seed() -> str:
    return as_cp932(SEED.read_text(encoding="utf-8"))


def timed(fn, repeat: int = 1):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        result = fn()
        best = min(best, time.process_time() - t0)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, best, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip the 50x scaling run")
    args = ap.parse_args()

    heads = gold_heads()
    doc = read_bilingual([str(SEED)])
    base = naive(SEED)
    print("accuracy on the seed: paragraphs starting a gold paragraph, in order / gold paragraphs / produced")
    for name, zh, ja in (("reader", [s.text for s in doc.zh], [s.text for s in doc.ja]),
                         ("naive", base["zh"], base["ja"])):
        fz, nz, pz = head_match(zh, heads["zh"])
        fj, nj, pj = head_match(ja, heads["ja"])
        print(f"  {name:7s} zh {fz}/{nz}/{pz}   ja {fj}/{nj}/{pj}")

    # The seed as a Shift_JIS file must hold it: Chinese in Japanese character forms (务→務),
    # so only kana, punctuation and length tell the languages apart.
    sjis = ROOT / "benchmarks" / ".read_bench_sjis.txt"
    try:
        sjis.write_bytes(shift_jis_seed().encode("cp932"))
        sdoc = read_bilingual([str(sjis)])
        jheads = {lang: [as_cp932(h) for h in hs] for lang, hs in heads.items()}
        fz, nz, pz = head_match([s.text for s in sdoc.zh], jheads["zh"])
        fj, nj, pj = head_match([s.text for s in sdoc.ja], jheads["ja"])
        print(f"  sjis    zh {fz}/{nz}/{pz}   ja {fj}/{nj}/{pj}   (the seed in Shift_JIS, read as {sdoc.encoding})")
    finally:
        sjis.unlink(missing_ok=True)

    print("\nspeed (CPU seconds, best of 3; peak Python memory)")
    for path in sorted((ROOT / "corpora").glob("00*.txt")):
        lines = path.read_text(encoding="utf-8").count("\n") + 1
        if path == SEED:
            res, sec, peak = timed(lambda: read_bilingual([str(path)]), 3)
            n = len(res.zh) + len(res.ja)
        else:
            res, sec, peak = timed(lambda: read_monolingual(str(path), lang="zh"), 3)
            n = len(res)
        print(f"  {path.name[:3]}  {lines:6d} lines  {n:5d} paragraphs  {sec:7.3f} s  "
              f"{lines / max(sec, 1e-9):9.0f} lines/s  {peak / 1e6:6.1f} MB")

    print("\nscaling: the seed repeated (mixed layout)")
    text = SEED.read_text(encoding="utf-8")
    tmp = ROOT / "benchmarks" / ".read_bench_tmp.txt"
    try:
        for k in (1, 10) if args.quick else (1, 10, 50):
            tmp.write_text("\n\n".join([text] * k), encoding="utf-8")
            res, sec, peak = timed(lambda: read_bilingual([str(tmp)]))
            print(f"  {k:3d}x  zh {len(res.zh):5d}  ja {len(res.ja):5d}  {sec:7.3f} s  {peak / 1e6:7.1f} MB")
    finally:
        tmp.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
