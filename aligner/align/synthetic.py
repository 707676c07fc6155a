"""Harder variants of a gold-aligned document: merged, deleted and split paragraphs.

One hand-made gold is not enough to see how the aligner copes with what real documents
do (a translator merging two paragraphs, dropping one, splitting one), so these variants
are derived programmatically, with their gold derived alongside, for tests and benchmarks.
"""
from __future__ import annotations

import random
from dataclasses import replace

from ..lang.sentences import split_text
from ..model import Bilingual, Segment

BeadT = tuple[tuple[int, ...], tuple[int, ...]]
OPERATIONS = ("merge_ja", "merge_zh", "delete_ja", "delete_zh", "split_ja", "split_zh")


def _join(segs: list[Segment]) -> Segment:
    first, last = segs[0], segs[-1]
    return Segment("".join(s.text for s in segs), first.lang, first.file, first.first_line, last.last_line)


def _split(seg: Segment) -> list[Segment] | None:
    parts = split_text(seg.text)
    if len(parts) < 2:
        return None
    cut = len(parts) // 2
    return [replace(seg, text="".join(parts[:cut])), replace(seg, text="".join(parts[cut:]))]


def variant(doc: Bilingual, gold: list[BeadT], ops: tuple[str, ...], *, rate: float = 0.1,
            seed: int = 0) -> tuple[Bilingual, list[BeadT]]:
    """Apply each operation in `ops` to about `rate` of the gold's 1-1 beads (never the same bead twice)."""
    rng = random.Random(seed)
    beads = [([doc.zh[i] for i in z], [doc.ja[j] for j in ja]) for z, ja in gold]
    eligible = [k for k, (z, ja) in enumerate(beads) if len(z) == 1 and len(ja) == 1]
    rng.shuffle(eligible)
    used: set[int] = set()
    per_op = max(1, int(len(beads) * rate))
    plan: dict[int, str] = {}
    for op in ops:
        count = 0
        for k in eligible:
            if count >= per_op:
                break
            if k in used:
                continue
            if op.startswith("merge"):
                if k + 1 >= len(beads) or k + 1 in used or k + 1 not in eligible:
                    continue
                used.add(k + 1)
            elif op.startswith("split"):
                side = beads[k][1 if op.endswith("ja") else 0]
                if _split(side[0]) is None:
                    continue
            used.add(k)
            plan[k] = op
            count += 1
    out: list[tuple[list[Segment], list[Segment]]] = []
    k = 0
    while k < len(beads):
        z, ja = beads[k]
        op = plan.get(k)
        if op == "merge_ja":
            z2, ja2 = beads[k + 1]
            out.append((z + z2, [_join(ja + ja2)]))
            k += 2
            continue
        if op == "merge_zh":
            z2, ja2 = beads[k + 1]
            out.append(([_join(z + z2)], ja + ja2))
            k += 2
            continue
        if op == "delete_ja":
            out.append((z, []))
        elif op == "delete_zh":
            out.append(([], ja))
        elif op == "split_ja":
            out.append((z, _split(ja[0]) or ja))
        elif op == "split_zh":
            out.append((_split(z[0]) or z, ja))
        else:
            out.append((z, ja))
        k += 1
    zh_all: list[Segment] = []
    ja_all: list[Segment] = []
    new_gold: list[BeadT] = []
    for z, ja in out:
        new_gold.append((tuple(range(len(zh_all), len(zh_all) + len(z))),
                         tuple(range(len(ja_all), len(ja_all) + len(ja)))))
        zh_all.extend(z)
        ja_all.extend(ja)
    return replace(doc, zh=tuple(zh_all), ja=tuple(ja_all), pairs=None), new_gold


def repeat(doc: Bilingual, gold: list[BeadT], times: int) -> tuple[Bilingual, list[BeadT]]:
    """The document `times` over, for scaling runs (gold shifted accordingly)."""
    nz, nj = len(doc.zh), len(doc.ja)
    g = [(tuple(i + r * nz for i in z), tuple(j + r * nj for j in ja)) for r in range(times) for z, ja in gold]
    return replace(doc, zh=doc.zh * times, ja=doc.ja * times, pairs=None), g


STANDARD_VARIANTS: dict[str, tuple[str, ...]] = {
    "merged": ("merge_ja", "merge_zh"),
    "deleted": ("delete_ja", "delete_zh"),
    "split": ("split_ja", "split_zh"),
    "mixed": OPERATIONS,
}
