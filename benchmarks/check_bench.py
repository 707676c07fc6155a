"""QA checks: CPU time per check and units per second, on the seed and on long documents.

A document is the seed's blocks repeated k times, every copy a different perturbation
(adjacent characters swapped in every line of every block, so no two copies share a unit's
text and no cache keyed on text can make the long runs cheaper). The alignment is done
first and not timed; then the checks run over it as `aligner check` runs them (run_checks,
with the default glossary), and once more with a clock around each check's prepare() and
run() for the breakdown (its shares include the clock calls, and a text's Sudachi and jieba
readings count for the first check that asks for them: consistency-terms' prepare(), mostly).

The figure that matters to a user is units per CPU second over all checks, and whether it
holds as the document grows (time linear in length).

    .venv/bin/python benchmarks/check_bench.py               # seed, then 5x and 20x
    .venv/bin/python benchmarks/check_bench.py --sizes 1,10

Figures, 2026-11-23 (CPU s of run_checks; the machine shared with other jobs, so +-20 %):

    before: x1 0.52 s (9.4 ms/unit), x5 2.42 s (9.2), x20 9.57 s (9.1)
    after:  x1 0.28 s (5.0 ms/unit), x5 1.34 s (5.1), x20 6.26 s (6.0)
    (unit by unit through all checks with small shared caches of folded text and tokens;
    Japanese tokens straight from Sudachi with spaCy's token rules; terms found by a
    substring test before the matcher; findings identical on the seed and a 5x document)

Then, run alongside the code before on the same machine (ms/unit, medians of 3 runs):

    before: x1 5.9, x5 6.8, x20 6.4    (--level sentence: x1 1.6, x5 1.6)
    after:  x1 3.5, x5 3.3, x20 3.2    (--level sentence: x1 1.0, x5 0.7)
    (each text tokenized by Sudachi, cut by jieba and tagged by jieba once for the whole run, where
    the prepare() passes had read every unit before the walk read them all again, and folded once;
    Chinese tokens, glued-function-char's words and consistency-terms' search-mode words from one
    jieba.cut; jieba's part-of-speech pass only where skipped-word's test of the text allows a
    report; findings identical on the seed, x20, and the sentence level x1 and x5)
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aligner.align import align  # noqa: E402
from aligner.checks import REGISTRY, run_checks  # noqa: E402
from aligner.checks.base import CheckContext  # noqa: E402
from aligner.glossary import load_glossaries  # noqa: E402
from aligner.lang.readings import shared_readings  # noqa: E402
from aligner.readers import read_bilingual  # noqa: E402

SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"


def _swap_every_line(block: str, rng: random.Random) -> str:
    out = []
    for line in block.split("\n"):
        if len(line) >= 4 and not line.startswith("<") and "\t" not in line:
            i = rng.randrange(len(line) - 1)
            line = line[:i] + line[i + 1] + line[i] + line[i + 2:]
        out.append(line)
    return "\n".join(out)


def long_document(k: int, folder: Path, rng: random.Random) -> Path:
    blocks = [b for b in SEED.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    copies = ["\n\n".join(_swap_every_line(b, rng) for b in blocks) for _ in range(k)]
    path = folder / f"seed_x{k}.txt"
    path.write_text("\n\n".join(copies) + "\n", encoding="utf-8")
    return path


def time_checks(alignment, ctx) -> tuple[dict[str, float], int]:
    """CPU seconds per check (prepare, then run unit by unit as run_checks walks) and the findings."""
    with shared_readings():  # as run_checks: each text tokenized once, by the first check that asks
        return _time_checks(alignment, ctx)


def _time_checks(alignment, ctx) -> tuple[dict[str, float], int]:
    spent: dict[str, float] = defaultdict(float)
    checks = []
    for name, cls in REGISTRY.items():
        c0 = time.process_time()
        check = cls()
        check.prepare(alignment, ctx)
        spent[name] += time.process_time() - c0
        checks.append((name, check))
    n = 0
    clock = time.process_time
    for unit in alignment.units:
        for name, check in checks:
            if check.matched_only and not unit.matched:
                continue
            c0 = clock()
            n += len(list(check.run(unit, ctx)))
            spent[name] += clock() - c0
    return spent, n


def total_time(alignment, ctx) -> tuple[float, int]:
    """CPU seconds of run_checks itself (what `aligner check` spends on QA) and its findings."""
    c0 = time.process_time()
    findings = run_checks(alignment, context=ctx)
    return time.process_time() - c0, len(findings)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,5,20", help="copies of the seed per document")
    ap.add_argument("--level", default="paragraph", choices=("paragraph", "sentence"))
    ap.add_argument("--top", type=int, default=8, help="checks listed by time")
    args = ap.parse_args()
    import tempfile
    rng = random.Random(7)
    glossaries = load_glossaries([], use_default=True)
    # Start-up (tokenizers, OpenCC, glossary folding) is paid once, on the unperturbed seed.
    warm = align(read_bilingual([str(SEED)]), level=args.level)
    total_time(warm, CheckContext(glossaries=glossaries))
    rates = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in [int(x) for x in args.sizes.split(",")]:
            path = long_document(k, Path(tmp), rng)
            alignment = align(read_bilingual([str(path)]), level=args.level)
            ctx = CheckContext(glossaries=glossaries)
            total, n = total_time(alignment, ctx)
            spent, _ = time_checks(alignment, CheckContext(glossaries=glossaries))
            units = len(alignment.units)
            rates[k] = units / total
            print(f"\n## seed x{k}: {units} units, {n} findings, {total:.2f} CPU s, "
                  f"{units / total:.0f} units/s, {1000 * total / units:.1f} ms/unit")
            shares = sum(spent.values())
            for name, s in sorted(spent.items(), key=lambda kv: -kv[1])[:args.top]:
                print(f"  {name:30} {s:7.2f} s  {100 * s / shares:5.1f} %")
    ks = sorted(rates)
    if len(ks) >= 2:
        print(f"\nunits/s at x{ks[-1]} / at x{ks[0]}: {rates[ks[-1]] / rates[ks[0]]:.2f} (1.0 = linear)")


if __name__ == "__main__":
    main()
