"""QA benchmark: recall of aligner's checks against hand-annotated defects in the seed, next to pofilter.

Usage: .venv/bin/python benchmarks/qa_bench.py [--gold corpora/gold/seed_defects.csv] [--no-pofilter] [--show]

--show prints each missed defect and each finding with no defect behind it, with the excerpt of
the unit's texts around it, for reading them side by side.

Both tools see the same aligned paragraph pairs: the seed is read and aligned once, the pairs
are checked by aligner's registry and written as a PO file (translate-toolkit) for
`pofilter --language=ja`. A defect is found when a finding of a compatible category sits on
the defect's paragraph and, where both name the faulty text, the spans overlap. A finding
with no defect behind it is one that matches no annotated defect (by the same rule).
Figures are printed, never asserted: the gold is one annotator's list, not ground truth.
"""
from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aligner.align import align  # noqa: E402
from aligner.checks import run_checks  # noqa: E402
from aligner.checks.base import CheckContext  # noqa: E402
from aligner.glossary import load_glossaries  # noqa: E402
from aligner.readers import read_bilingual, read_monolingual  # noqa: E402

SEED = ROOT / "corpora" / "001_27f565d3809ec41b.txt"
OLD = ROOT / "corpora" / "000_0103695f7d59380a.txt"
GOLD = ROOT / "corpora" / "gold" / "seed_defects.csv"

# Which gold categories a finding category can stand for.
COMPATIBLE = {
    "script": {"script"},
    # A glossary rendering is a consistency rule across documents: "十九大 should be 第十九回" is the fix
    # for "十九大 is 第十九回 elsewhere but 第十九次 here" (spans must still overlap).
    "glossary": {"terminology", "mistranslation", "consistency", "omission"},  # omission: see SPAN_ONLY
    "numbers": {"numbers"},
    "omission": {"omission", "mistranslation"},
    "consistency": {"consistency", "terminology"},
    "punctuation": {"punctuation"},
    "drift": {"drift"},
    "alignment": set(),
    "mistranslation": {"mistranslation"},
    "grammar": {"mistranslation"},
}
# Checks whose findings stand for more than their category: a Chinese run copied into the Japanese is
# both an untranslated stretch (omission) and Chinese script in the Japanese.
CHECK_COMPATIBLE = {"untranslated": {"omission", "script", "mistranslation"}}
# pofilter test → the gold categories it can stand for.
POFILTER = {
    "numbers": {"numbers"}, "brackets": {"punctuation"}, "doublequoting": {"punctuation"},
    "singlequoting": {"punctuation"}, "endpunc": {"punctuation"}, "startpunc": {"punctuation"},
    "puncspacing": {"punctuation"}, "purepunc": {"punctuation"},
    "long": {"omission", "mistranslation"}, "short": {"omission", "mistranslation"},
    "untranslated": {"omission"}, "unchanged": {"omission", "script"}, "blank": {"omission"},
    "sentencecount": {"omission"}, "acronyms": {"terminology"}, "validchars": {"script"},
}
# Categories judged per paragraph: the defect is the paragraph's state, not one string in it.
UNIT_LEVEL = {"drift", "omission"}
# A glossary term with no rendering in its sentence can be an omission (金融科技 → 科学技術 lost 金融),
# but only where it names the omitted text: these pairs match on overlapping spans, never per paragraph.
SPAN_ONLY = {("glossary", "omission")}


def flat(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or ""))


def overlap(a: str, b: str) -> bool:
    a, b = flat(a), flat(b)
    return bool(a and b) and (a in b or b in a)


def load_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def locate(defect: dict, units) -> set[int]:
    jc, zc = flat(defect["ja_context"]), flat(defect["zh_context"])
    hit = {u.index for u in units if jc and jc in flat(u.ja)}
    return hit or {u.index for u in units if zc and zc in flat(u.zh)}


def matches(defect: dict, where: set[int], unit: int, cats: set[str], zh_span: str, ja_span: str,
            *, spans_only: bool = False) -> bool:
    if unit not in where or defect["category"] not in cats:
        return False
    if defect["category"] in UNIT_LEVEL and not spans_only:
        return True
    if defect["ja_span"] and ja_span:
        return overlap(defect["ja_span"], ja_span)
    if defect["zh_span"] and zh_span:
        return overlap(defect["zh_span"], zh_span)
    return False


def run_pofilter(units, workdir: Path) -> list[tuple[int, str]] | None:
    """(unit index, pofilter test) for each failure; None when pofilter is not installed."""
    exe = shutil.which("pofilter") or str(Path(sys.executable).with_name("pofilter"))
    if not Path(exe).exists():
        return None
    from translate.storage import po

    store = po.pofile()
    for u in units:
        if not u.matched:
            continue
        pu = store.addsourceunit(u.zh)
        pu.target = u.ja
        pu.setcontext(f"unit-{u.index}")  # msgctxt keeps repeated source strings apart
    src, out = workdir / "pairs.po", workdir / "pofilter.po"
    src.write_bytes(bytes(store))
    subprocess.run([exe, "--language=ja", "--progress=none", "-i", str(src), "-o", str(out)],
                   check=True, capture_output=True)
    flagged = []
    for pu in po.pofile(out.read_bytes()).units:
        ctx = pu.getcontext()
        if not ctx.startswith("unit-"):
            continue
        idx = int(ctx.split("-", 1)[1])
        for note in pu.getnotes("translator").splitlines():
            m = re.match(r"\(pofilter\) (\w+):", note.strip())
            if m:
                flagged.append((idx, m.group(1)))
    return flagged


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--no-pofilter", action="store_true")
    ap.add_argument("--show", action="store_true", help="print missed defects and unbacked findings with their texts")
    args = ap.parse_args()

    gold = load_gold(args.gold)
    doc = read_bilingual([str(SEED)])
    alignment = align(doc)
    units = alignment.units
    where = {d["id"]: locate(d, units) for d in gold}
    unlocated = [d["id"] for d in gold if not where[d["id"]]]

    t0 = time.process_time()  # CPU seconds: wall time on a shared machine measures the neighbours
    ctx = CheckContext(glossaries=load_glossaries([], use_default=True), against=read_monolingual(str(OLD)))
    findings = run_checks(alignment, context=ctx)
    t_checks = time.process_time() - t0

    found = defaultdict(bool)
    backed = []
    for f in findings:
        cats = CHECK_COMPATIBLE.get(f.check) or COMPATIBLE.get(f.category, set())
        hit = [d for d in gold if matches(d, where[d["id"]], f.unit, cats, f.zh_span, f.ja_span,
                                          spans_only=(f.category, d["category"]) in SPAN_ONLY)]
        for d in hit:
            found[d["id"]] = True
        backed.append(bool(hit))

    with tempfile.TemporaryDirectory() as tmp:
        pof = None if args.no_pofilter else run_pofilter(units, Path(tmp))
    pfound = defaultdict(bool)
    pbacked = []
    if pof is not None:
        for idx, test in pof:
            cats = POFILTER.get(test, set())
            hit = [d for d in gold if matches(d, where[d["id"]], idx, cats, "", "")]
            for d in hit:
                pfound[d["id"]] = True
            pbacked.append(bool(hit))
    # pofilter's sentencecount fires on most zh/ja paragraph pairs; recall without it, to see what it adds.
    pfound_strict = defaultdict(bool)
    for idx, test in (pof or []):
        if test == "sentencecount":
            continue
        for d in gold:
            if matches(d, where[d["id"]], idx, POFILTER.get(test, set()), "", ""):
                pfound_strict[d["id"]] = True
    # Lenient view: any finding at all on the defect's paragraph.
    on_unit = {f.unit for f in findings}
    pof_units = {i for i, _ in (pof or [])}

    cats = sorted({d["category"] for d in gold})
    print(f"seed: {len(units)} units ({alignment.settings.get('aligner', '?')} aligner); gold: {len(gold)} defects "
          f"from {args.gold.relative_to(ROOT) if args.gold.is_relative_to(ROOT) else args.gold}")
    if unlocated:
        print(f"  {len(unlocated)} gold defects not located in any unit (alignment/reader): {', '.join(unlocated)}")
    print(f"checks: {len(findings)} findings in {t_checks:.2f} CPU s (loading glossaries and tokenizers included)")
    hdr = f"{'category':<15}{'gold':>5}  {'aligner':>8}{'recall':>8}   {'pofilter':>8}{'recall':>8}"
    print(hdr)
    print("-" * len(hdr))
    tot = tot_a = tot_p = 0
    for c in cats:
        ids = [d["id"] for d in gold if d["category"] == c]
        a = sum(found[i] for i in ids)
        p = sum(pfound[i] for i in ids)
        tot, tot_a, tot_p = tot + len(ids), tot_a + a, tot_p + p
        pr = f"{p:>8}{p / len(ids):>8.0%}" if pof is not None else f"{'n/a':>8}{'':>8}"
        print(f"{c:<15}{len(ids):>5}  {a:>8}{a / len(ids):>8.0%}   {pr}")
    print("-" * len(hdr))
    pr = f"{tot_p:>8}{tot_p / tot:>8.0%}" if pof is not None else f"{'n/a':>8}"
    print(f"{'all':<15}{tot:>5}  {tot_a:>8}{tot_a / tot:>8.0%}   {pr}")
    lenient_a = sum(bool(where[d['id']] & on_unit) for d in gold)
    lenient_p = sum(bool(where[d['id']] & pof_units) for d in gold)
    print(f"{'any flag on the paragraph':<26}{lenient_a:>4}{lenient_a / tot:>8.0%}   "
          + (f"{lenient_p:>8}{lenient_p / tot:>8.0%}" if pof is not None else "n/a"))
    if pof is not None:
        print(f"{'pofilter without sentencecount':<30}{'':>8}   {sum(pfound_strict.values()):>8}"
              f"{sum(pfound_strict.values()) / tot:>8.0%}")
    print()
    unbacked = Counter(f.check for f, b in zip(findings, backed) if not b)
    print(f"aligner findings with no defect behind them: {sum(unbacked.values())} of {len(findings)}")
    for name, n in unbacked.most_common():
        sev = Counter(f.severity for f, b in zip(findings, backed) if not b and f.check == name)
        print(f"  {name:<22}{n:>4}  ({', '.join(f'{k} {v}' for k, v in sev.most_common())})")
    if pof is not None:
        pun = Counter(t for (i, t), b in zip(pof, pbacked) if not b)
        print(f"pofilter flags with no defect behind them: {sum(pun.values())} of {len(pof)}")
        for name, n in pun.most_common():
            print(f"  {name:<22}{n:>4}")
    else:
        print("pofilter: not run (not installed or --no-pofilter)")
    if args.show:
        show(gold, where, found, findings, backed, units)


def _around(text: str, span: str, width: int = 60) -> str:
    i = text.find(span) if span else -1
    if i < 0:
        return text[:2 * width] + ("…" if len(text) > 2 * width else "")
    return ("…" if i > width else "") + text[max(0, i - width):i + len(span) + width] + "…"


def show(gold, where, found, findings, backed, units) -> None:
    by_index = {u.index: u for u in units}
    print("\nmissed defects:")
    for d in gold:
        if found[d["id"]]:
            continue
        print(f"- {d['id']} {d['category']} units {sorted(where[d['id']])}: {d['description']}")
        print(f"    zh_span {d['zh_span']!r}  ja_span {d['ja_span']!r}  suggestion {d['suggestion']!r}")
        on = [f for f in findings if f.unit in where[d["id"]]]
        for f in on:
            print(f"    (on the unit: {f.check} zh={f.zh_span!r} ja={f.ja_span!r})")
    print("\nfindings with no defect behind them:")
    for f, b in zip(findings, backed):
        if b:
            continue
        u = by_index[f.unit]
        print(f"- unit {f.unit} {f.check} ({f.severity}): {f.message}")
        print(f"    zh: {_around(u.zh, f.zh_span)}")
        print(f"    ja: {_around(u.ja, f.ja_span)}")


if __name__ == "__main__":
    main()
