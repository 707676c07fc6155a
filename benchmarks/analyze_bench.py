"""TM analysis speed against a 100,000-unit memory synthesised from the corpora.

The memory is every Chinese sentence of the corpora plus perturbed copies (characters swapped,
dropped, replaced or inserted; neighbouring sentences joined; clauses cut), so lookups meet
many near-duplicates, as in a real memory, and the index cannot get by on exact hits alone.
The new documents are 003 and 004, analysed as `aligner analyze` would.

Prints index build time, TMX read time, segments per second for the index, the band
counts, and (with --check N) agreement with a brute-force scan on N segments.

    .venv/bin/python benchmarks/analyze_bench.py
    .venv/bin/python benchmarks/analyze_bench.py --units 20000 --check 50
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aligner.analyze import BAND_LABELS, MIN_FUZZY, band_of, load_memory, segment_document  # noqa: E402
from aligner.fuzzy import FuzzyIndex, brute_force_best, normalize  # noqa: E402

CORPORA = ROOT / "corpora"
NEW_DOCS = sorted(CORPORA.glob("003_*.txt")) + sorted(CORPORA.glob("004_*.txt"))


def sentences(files) -> list[str]:
    out = []
    for p in files:
        try:
            out.extend(normalize(s.text) for s in segment_document(p))
        except Exception:  # the bilingual seed reads fine as text too; skip anything unreadable
            continue
    return [s for s in out if 4 <= len(s) <= 300]


def perturb(s: str, pool: str, rng: random.Random, neighbours: list[str]) -> str:
    op = rng.random()
    chars = list(s)
    k = max(1, int(len(chars) * rng.choice((0.02, 0.05, 0.1, 0.2, 0.35))))
    if op < 0.25:
        for _ in range(k):
            chars[rng.randrange(len(chars))] = rng.choice(pool)
    elif op < 0.45:
        for _ in range(min(k, len(chars) - 2)):
            del chars[rng.randrange(len(chars))]
    elif op < 0.6:
        for _ in range(k):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(pool))
    elif op < 0.75 and len(chars) > 3:
        for _ in range(k):
            i = rng.randrange(len(chars) - 1)
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif op < 0.9:
        return s + rng.choice(neighbours)
    else:
        cut = rng.randrange(1, len(chars))
        return "".join(chars[:cut] if rng.random() < 0.5 else chars[cut:])
    return "".join(chars)


def synth_memory(n: int, rng: random.Random) -> list[str]:
    """Other documents' sentences as they are, plus perturbed copies of every document's sentences.

    The new documents' own sentences are kept out unchanged (the memory would otherwise answer
    everything at 100 %), but their perturbed copies stay in, giving realistic fuzzy matches.
    """
    new = set(sentences(NEW_DOCS))
    others = sentences(p for p in sorted(CORPORA.glob("0*.txt")) if p not in NEW_DOCS)
    base = others + sorted(new)
    pool = "".join(base)
    seen: set[str] = set(new)
    out: list[str] = []
    for s in others:
        if s not in seen:
            seen.add(s)
            out.append(s)
    while len(out) < n:
        s = perturb(rng.choice(base), pool, rng, base)
        if s and s not in seen:
            seen.add(s)
            out.append(s)
    return out[:n]


def write_tmx(units: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="bench" '
                'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="zh-CN" '
                'datatype="plaintext"/><body>\n')
        for i, u in enumerate(units):
            f.write(f'<tu><tuv xml:lang="zh-CN"><seg>{escape(u)}</seg></tuv>'
                    f'<tuv xml:lang="ja-JP"><seg>訳{i}</seg></tuv></tu>\n')
        f.write("</body></tmx>\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=100_000, help="memory size")
    ap.add_argument("--check", type=int, default=20, help="segments to verify against a brute-force scan (0: skip)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print(f"cpus={os.cpu_count()}; load average {os.getloadavg()[0]:.1f}")

    t0 = time.perf_counter()
    units = synth_memory(args.units, rng)
    print(f"synthesised {len(units)} memory units in {time.perf_counter() - t0:.1f} s "
          f"(mean {sum(map(len, units)) / len(units):.0f} chars)")

    with tempfile.TemporaryDirectory(prefix="aligner-analyze-bench-") as tmp:
        tmx = Path(tmp) / "memory.tmx"
        write_tmx(units, tmx)
        t0, c0 = time.perf_counter(), time.process_time()
        memory = load_memory([tmx])
        print(f"read TMX ({tmx.stat().st_size / 1e6:.1f} MB) and built the index: {time.perf_counter() - t0:.2f} s "
              f"wall, {time.process_time() - c0:.2f} CPU s ({len(memory.units)} distinct units)")
    t0, c0 = time.perf_counter(), time.process_time()
    index = FuzzyIndex(units)
    print(f"index build alone: {time.perf_counter() - t0:.2f} s wall, {time.process_time() - c0:.2f} CPU s "
          f"for {len(index)} units")

    segments = [normalize(s.text) for d in NEW_DOCS for s in segment_document(d)]
    segments = [s for s in segments if s]
    t0, c0 = time.perf_counter(), time.process_time()
    hits = [index.best(s, cutoff=MIN_FUZZY) for s in segments]
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    chars = sum(map(len, segments))
    # CPU seconds are the load-independent figure; wall time includes whatever else the machine runs.
    print(f"{len(segments)} segments ({chars} chars) from {', '.join(p.name for p in NEW_DOCS)}: "
          f"{dt:.2f} s wall → {len(segments) / dt:.0f} segments/s; {cpu:.2f} CPU s → "
          f"{len(segments) / cpu:.0f} segments/s, {chars / cpu:.0f} chars/s of CPU")
    counts = {b: 0 for b in BAND_LABELS}
    for h in hits:
        counts[band_of(h.score if h else None)] += 1
    print("bands: " + ", ".join(f"{b} {n}" for b, n in counts.items()))

    if args.check:
        sample = rng.sample(range(len(segments)), min(args.check, len(segments)))
        t0 = time.perf_counter()
        agree = sum(1 for i in sample
                    if (lambda w, g: (w is None and g is None) or (w and g and w.unit == g.unit))(
                        brute_force_best(units, segments[i], cutoff=MIN_FUZZY), hits[i]))
        bt = (time.perf_counter() - t0) / len(sample)
        print(f"brute force: {bt:.2f} s per segment ({1 / bt:.1f} segments/s); index agrees on {agree}/{len(sample)}; "
              f"speed-up ×{bt / (dt / len(segments)):.0f}")


if __name__ == "__main__":
    main()
