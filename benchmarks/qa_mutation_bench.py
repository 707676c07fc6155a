"""QA mutation benchmark: translator errors injected into the seed's clean sentence pairs, per kind of error.

Usage: .venv/bin/python benchmarks/qa_mutation_bench.py [--seeds 0 1 2 3 4] [--share 0.5] [--no-pofilter]
                                                       [--extra FILE] [--show KIND]

The seed is aligned at sentence level; every pair that a hand-annotated defect of
corpora/gold/seed_defects.csv touches is removed (the defect's paragraph, narrowed to the
sentences holding its span when one does), so what is left has no known defect. The seed
states few figures and negations, so benchmarks/qa_mutation_pairs.tsv adds 20 hand-made clean
pairs that do (--extra '' leaves them out). For each
random seed, a share of the pairs gets one error each (aligner/checks/mutate.py: the kind is
drawn among those the pair allows, the rarest so far first, so kinds stay balanced); the rest
are left untouched. The whole document (mutated and untouched pairs together) is then
checked by aligner's registry with the default glossary, and by `pofilter --language=ja`.

Per kind of error:
- detected: the mutated pair has a finding of the kind's family (mutate.FAMILY, finding
  categories) that the same pair did not have before it was mutated;
- false alarms: the share of untouched pairs with a finding of that family (these pairs carry
  no annotated defect, so a finding there is at best a defect the annotator missed);
- pofilter: the same two figures for pofilter's tests, mapped onto the same families.
Rates are the mean over the random seeds (n: mutated pairs over all seeds). Figures are
printed, never asserted. --show KIND lists each missed mutation of that kind with its text.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from qa_bench import GOLD, SEED, flat, load_gold, locate, run_pofilter  # noqa: E402

from aligner.align import align  # noqa: E402
from aligner.checks import run_checks  # noqa: E402
from aligner.checks.base import CheckContext  # noqa: E402
from aligner.checks.mutate import FAMILY, KINDS, Env, mutate  # noqa: E402
from aligner.glossary import all_terms, load_glossaries  # noqa: E402
from aligner.model import Alignment, Bilingual, Segment, Unit  # noqa: E402
from aligner.readers import read_bilingual  # noqa: E402

EXTRA = ROOT / "benchmarks" / "qa_mutation_pairs.tsv"
# pofilter test → the finding families it stands for.
POFILTER = {
    "numbers": {"numbers"}, "brackets": {"punctuation"}, "doublequoting": {"punctuation"},
    "singlequoting": {"punctuation"}, "endpunc": {"punctuation"}, "startpunc": {"punctuation"},
    "puncspacing": {"punctuation"}, "purepunc": {"punctuation"},
    "long": {"omission"}, "short": {"omission"}, "untranslated": {"omission"}, "blank": {"omission"},
    "sentencecount": {"omission"}, "unchanged": {"omission", "script"}, "validchars": {"script"},
}


def clean_pairs(gold: list[dict]) -> tuple[list[tuple[str, str]], int]:
    """The seed's matched sentence pairs that no annotated defect touches; and how many pairs there were."""
    doc = read_bilingual([str(SEED)])
    paragraphs = align(doc).units
    sentences = [u for u in align(doc, level="sentence").units if u.matched]
    dirty: set[int] = set()
    for d in gold:
        where = locate(d, paragraphs)
        inside = [u for u in sentences if u.parent in where]
        js, zs = flat(d["ja_span"]), flat(d["zh_span"])
        hit = [u for u in inside if (js and js in flat(u.ja)) or (zs and zs in flat(u.zh))]
        dirty.update(u.index for u in (hit or inside))
    return [(u.zh, u.ja) for u in sentences if u.index not in dirty], len(sentences)


def extra_pairs(path: Path) -> list[tuple[str, str]]:
    """Hand-made clean pairs (zh TAB ja) for the kinds of error the seed's clean pairs hardly allow."""
    rows = [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(r[0], r[1]) for r in rows if len(r) == 2]


def document(pairs: list[tuple[str, str]]) -> Alignment:
    units = tuple(Unit(i, (Segment(z, "zh", "mutated.txt", i + 1, i + 1),), (Segment(j, "ja", "mutated.txt", i + 1, i + 1),),
                       1.0) for i, (z, j) in enumerate(pairs))
    doc = Bilingual(tuple(u.zh_segments[0] for u in units), tuple(u.ja_segments[0] for u in units), "bench",
                    "utf-8", ("mutated.txt",))
    return Alignment(units, "sentence", doc)


def assign(pairs, env: Env, rng: random.Random, share: float) -> dict[int, object]:
    """Pair index → Mutation, for a random share of the pairs; the rarest applicable kind first."""
    order = list(range(len(pairs)))
    rng.shuffle(order)
    target = round(len(pairs) * share)
    counts = defaultdict(int)
    out = {}
    for i in order:
        if len(out) >= target:
            break
        zh, ja = pairs[i]
        options = {}
        for k in KINDS:
            m = mutate(k, zh, ja, random.Random(rng.random()), env)
            if m is not None:
                options[k] = m
        if not options:
            continue
        least = min(counts[k] for k in options)
        k = rng.choice(sorted(k for k in options if counts[k] == least))
        counts[k] += 1
        out[i] = options[k]
        if options[k].key:
            env.taken.add(options[k].key)
    return out


def families(findings) -> dict[int, dict[str, set]]:
    """unit → family → {(check, zh_span, ja_span)}: what a unit was flagged for."""
    out: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for f in findings:
        out[f.unit][f.category].add((f.check, f.zh_span, f.ja_span))
    return out


def pof_families(flags) -> dict[int, dict[str, set]]:
    out: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for idx, test in flags or []:
        for fam in POFILTER.get(test, ()):
            out[idx][fam].add(test)
    return out


def new_in(fam: frozenset, after: dict, before: dict) -> bool:
    return any(after.get(f, set()) - before.get(f, set()) for f in fam)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--share", type=float, default=0.5, help="share of the pairs that get an error")
    ap.add_argument("--no-pofilter", action="store_true")
    ap.add_argument("--extra", type=Path, default=EXTRA, help="hand-made clean pairs added to the seed's ('' for none)")
    ap.add_argument("--show", metavar="KIND", action="append", default=[],
                    help="list the missed mutations of this kind (repeatable; 'all' for every kind)")
    args = ap.parse_args()

    gold = load_gold(GOLD)
    pairs, total = clean_pairs(gold)
    n_seed = len(pairs)
    if str(args.extra) not in ("", "."):
        pairs += extra_pairs(args.extra)
    glossaries = load_glossaries([], use_default=True)
    env = Env(all_terms(glossaries), pairs)

    t0 = time.process_time()
    base = families(run_checks(document(pairs), context=CheckContext(glossaries=glossaries)))
    t_base = time.process_time() - t0
    with tempfile.TemporaryDirectory() as tmp:
        pof_base = None if args.no_pofilter else run_pofilter(document(pairs).units, Path(tmp))
    use_pof = pof_base is not None
    pbase = pof_families(pof_base)

    det = defaultdict(list)      # kind → per-seed detection rate
    pdet = defaultdict(list)
    fa = defaultdict(list)       # family → per-seed false-alarm rate
    pfa = defaultdict(list)
    any_fa, n = [], defaultdict(int)
    missed = defaultdict(list)
    t_checks = 0.0
    for seed in args.seeds:
        rng = random.Random(seed)
        env.taken.clear()
        muts = assign(pairs, env, rng, args.share)
        mutated = [(z, muts[i].ja if i in muts else j) for i, (z, j) in enumerate(pairs)]
        t0 = time.process_time()
        findings = run_checks(document(mutated), context=CheckContext(glossaries=glossaries))
        t_checks += time.process_time() - t0
        after = families(findings)
        with tempfile.TemporaryDirectory() as tmp:
            pafter = pof_families(run_pofilter(document(mutated).units, Path(tmp)) if use_pof else None)
        hits, phits, seen = defaultdict(int), defaultdict(int), defaultdict(int)
        for i, m in muts.items():
            fam = FAMILY[m.kind]
            seen[m.kind] += 1
            if new_in(fam, after.get(i, {}), base.get(i, {})):
                hits[m.kind] += 1
            else:
                missed[m.kind].append((seed, i, m, pairs[i][0]))
            if new_in(fam, pafter.get(i, {}), pbase.get(i, {})):
                phits[m.kind] += 1
        for k in seen:
            n[k] += seen[k]
            det[k].append(hits[k] / seen[k])
            pdet[k].append(phits[k] / seen[k])
        controls = [i for i in range(len(pairs)) if i not in muts]
        for fam in {f for k in KINDS for f in FAMILY[k]}:
            fa[fam].append(sum(1 for i in controls if after.get(i, {}).get(fam)) / len(controls))
            pfa[fam].append(sum(1 for i in controls if pafter.get(i, {}).get(fam)) / len(controls))
        any_fa.append(sum(1 for i in controls if after.get(i)) / len(controls))

    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")  # noqa: E731
    print(f"seed sentence pairs: {total}; clean (no annotated defect): {n_seed}; hand-made: {len(pairs) - n_seed}; "
          f"share mutated {args.share:.0%}; random seeds {' '.join(map(str, args.seeds))}")
    print(f"checks: {t_checks / len(args.seeds):.2f} CPU s per document (clean document: {t_base:.2f}, "
          "tokenizers loaded)")
    hdr = (f"{'error kind':<20}{'n':>5}  {'aligner':>8}{'false al.':>10}   {'pofilter':>8}{'false al.':>10}"
           f"   family")
    print(hdr)
    print("-" * len(hdr))
    for k in KINDS:
        fam = FAMILY[k]
        f_ours = mean([max(v) for v in zip(*(fa[f] for f in fam))])
        f_pof = mean([max(v) for v in zip(*(pfa[f] for f in fam))])
        p = f"{mean(pdet[k]):>8.0%}{f_pof:>10.0%}" if use_pof else f"{'n/a':>8}{'':>10}"
        d = f"{mean(det[k]):>8.0%}" if det[k] else f"{'-':>8}"
        print(f"{k:<20}{n[k]:>5}  {d}{f_ours:>10.0%}   {p}   {'/'.join(sorted(fam))}")
    print("-" * len(hdr))
    tot = sum(n.values())
    pooled = sum(len(missed[k]) for k in KINDS)
    print(f"{'all kinds':<20}{tot:>5}  {1 - pooled / tot:>8.0%}")
    print(f"untouched pairs with any finding at all: {mean(any_fa):.0%}")
    print("false al. = share of untouched pairs flagged in the kind's family (for two families, the larger)")
    for k in (KINDS if "all" in args.show else args.show):
        print(f"\nmissed {k}:")
        for seed, i, m, zh in missed.get(k, []):
            print(f"- seed {seed} pair {i}: {m.detail}")
            print(f"    zh: {zh[:120]}")
            print(f"    ja: {m.ja[:120]}")


if __name__ == "__main__":
    main()
