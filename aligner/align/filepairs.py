"""A file that pairs its text itself (a table row, a TMX unit, an XLIFF segment): its pairs judged by the aligner.

The reviewer fixes the file pair by pair, so its pairs are the units; the aligner's own path over
the same text says which of them it would make otherwise (`Unit.paired_elsewhere`).
"""
from __future__ import annotations

from dataclasses import replace

from ..lang.script import fold
from ..model import Bilingual
from .dp import UNMATCHED_CAP, Step

# A file's pair the aligner would make otherwise gets at most this confidence: below LOW_CONFIDENCE and
# below the low-confidence check's 0.3, so it is reported even where no partner can be named.
DISPUTED_CAP = 0.25


def file_pairs(doc: Bilingual, steps: list[Step], confs: list[float],
               free_path: tuple[list[Step], list[float]] | None = None) -> tuple[list[Step], list[float], list[tuple[str, str]]]:
    """The file's own pairs as the paragraph path, each judged by the aligner's path.

    A pair the aligner makes too keeps the aligner's confidence. One it would make otherwise (a
    target in the row below, two rows' targets swapped, a row translating its neighbour) keeps
    the file's pairing, since that is what the reviewer must fix, but its confidence is the
    share of it the aligner agrees with, capped at DISPUTED_CAP, and it says where the aligner
    finds its text translated. The aligner's beads are compared with the file's pairs leaving out
    the text the file leaves unmatched. Text the file does not pair at all (a title above a table)
    is paired as `free_path`, the aligner's path over that text alone, pairs it, between the
    file's pairs it stands between (_free_units).
    """
    in_z = {i for gz, _ in doc.pairs for i in gz}
    in_j = {j for _, gj in doc.pairs for j in gj}
    # A bead is compared leaving out text the file leaves unmatched too (a row with no target): the
    # aligner joining it to the row next to it does not put that row's pairing in doubt.
    two_z = {i for gz, gj in doc.pairs if gj for i in gz}
    two_j = {j for gz, gj in doc.pairs if gz for j in gj}
    paired = [(tuple(i for i in s.zh if i in two_z), tuple(j for j in s.ja if j in two_j)) for s in steps]
    by_beads = {key: (s, c) for key, s, c in zip(paired, steps, confs) if key[0] and key[1]}
    by_beads.update({(s.zh, s.ja): (s, c) for s, c in zip(steps, confs)})
    owner_zh = {i: k for k, s in enumerate(steps) for i in s.zh}
    owner_ja = {j: k for k, s in enumerate(steps) for j in s.ja}
    free = _free_units(doc, *free_path, in_z, in_j) if free_path else {}
    out_steps, out_confs, out_where = [], [], []
    for g, (gz, gj) in enumerate(doc.pairs):
        for step, conf in free.get(g, ()):
            out_steps.append(step)
            out_confs.append(conf)
            out_where.append(("", ""))
        if (gz, gj) in by_beads:
            step, conf = by_beads[(gz, gj)]
            out_steps.append(replace(step, zh=gz, ja=gj))
            out_confs.append(conf)
            out_where.append(("", ""))
            continue
        mine = {("z", i) for i in gz} | {("j", j) for j in gj}
        best_share, best_sim = 0.0, 0.0
        for k in {owner_zh[i] for i in gz} | {owner_ja[j] for j in gj}:
            theirs = {("z", i) for i in steps[k].zh} | {("j", j) for j in steps[k].ja}
            share = len(mine & theirs) / len(mine | theirs)
            if share * confs[k] > best_share:
                best_share, best_sim = share * confs[k], steps[k].similarity
        cap = DISPUTED_CAP if gz and gj else min(DISPUTED_CAP, UNMATCHED_CAP)
        out_steps.append(Step(gz, gj, cost=0.0, similarity=best_sim, margin=0.0, confidence=min(cap, best_share)))
        out_confs.append(min(cap, best_share))
        out_where.append(_partners(doc, g, owner_zh, owner_ja, steps))
    for step, conf in free.get(len(doc.pairs), ()):
        out_steps.append(step)
        out_confs.append(conf)
        out_where.append(("", ""))
    return out_steps, out_confs, out_where


def _free_units(doc: Bilingual, steps: list[Step], confs: list[float], in_z: set[int],
                in_j: set[int]) -> dict[int, list[tuple[Step, float]]]:
    """The aligner's beads over the text the file does not pair, by the file pair each comes before
    (len(doc.pairs): after the last).

    A bead is cut where the file's pairs stand between its pieces, and to the text the file leaves
    unpaired; a piece with one side is an unmatched unit per paragraph, one the cut left with both
    sides keeps at most DISPUTED_CAP (the aligner put it with text of the file's pairs).
    """
    def gaps(in_file: set[int], side: int) -> dict[int, int]:
        """A free index → the first file pair holding a later index on that side."""
        firsts = sorted((min(g[side]), k) for k, g in enumerate(doc.pairs) if g[side])
        out, n = {}, len(doc.zh if side == 0 else doc.ja)
        pos = 0
        for i in range(n):
            while pos < len(firsts) and firsts[pos][0] < i:
                pos += 1
            if i not in in_file:
                out[i] = min((k for _, k in firsts[pos:]), default=len(doc.pairs))
        return out

    gap_z, gap_j = gaps(in_z, 0), gaps(in_j, 1)
    free: dict[int, list[tuple[Step, float]]] = {}
    for s, c in zip(steps, confs):
        pieces: dict[int, tuple[list[int], list[int]]] = {}
        for i in s.zh:
            if i in gap_z:
                pieces.setdefault(gap_z[i], ([], []))[0].append(i)
        for j in s.ja:
            if j in gap_j:
                pieces.setdefault(gap_j[j], ([], []))[1].append(j)
        whole = sum(len(z) + len(j) for z, j in pieces.values()) == len(s.zh) + len(s.ja)
        for g, (z, j) in sorted(pieces.items()):
            if z and j:
                conf = c if whole and len(pieces) == 1 else min(c, DISPUTED_CAP)
                free.setdefault(g, []).append((replace(s, zh=tuple(z), ja=tuple(j)), conf))
            else:
                for i in z:
                    free.setdefault(g, []).append((replace(s, zh=(i,), ja=()), min(c, UNMATCHED_CAP)))
                for k in j:
                    free.setdefault(g, []).append((replace(s, zh=(), ja=(k,)), min(c, UNMATCHED_CAP)))
    return free


def _partners(doc: Bilingual, k: int, owner_zh, owner_ja, steps: list[Step]) -> tuple[str, str]:
    """Where a disputed pair's source finds its translation, or else its target its source: the
    location, and which of the two ("source", "target") finds its partner there; ("", "") for none.

    The candidates are the other side's segments the aligner put with it and those of the two
    pairs either side in the file: a target in the wrong row is near its row. The aligner's path
    is monotone, so two swapped rows come back as a 2-2 bead or as unmatched text, which is why
    the candidate sharing most (folded) Han characters is named rather than the aligner's bead.
    A candidate is named only when it reads more like this text's translation than the partner
    the file gives this text does, and more like it than like the text of the rows around its
    own. Where the source's translation is missing (the last row of a stretch one row off) no
    row holds it; that row's target is then named as the translation of the source it reads as.
    """
    gz, gj = doc.pairs[k]
    for side_name, mine_idx in (("source", gz), ("target", gj)):
        if mine_idx:
            found = _partner(doc, k, 1 if side_name == "source" else 0, owner_zh, owner_ja, steps)
            if found:
                return found, side_name
    return "", ""


def _partner(doc: Bilingual, k: int, side: int, owner_zh, owner_ja, steps: list[Step]) -> str:
    """_partners for one of the pair's texts: side 1 looks for its source's translation, side 0 for its
    target's source."""
    mine_idx = doc.pairs[k][1 - side]
    own_segs, other, owner = (doc.zh, doc.ja, owner_zh) if side == 1 else (doc.ja, doc.zh, owner_ja)
    near = {i for g in doc.pairs[max(0, k - 2):k + 3] if g != doc.pairs[k] for i in g[side]}
    near |= {i for x in mine_idx for i in (steps[owner[x]].ja if side == 1 else steps[owner[x]].zh)}
    near -= set(doc.pairs[k][side])

    def chars(segs, idx) -> set[str]:
        return set(fold("".join(segs[x].text for x in idx), segs[idx[0]].lang)) if idx else set()

    def dice(a: set[str], b: set[str]) -> float:
        return 2 * len(a & b) / (len(a) + len(b) or 1)

    mine = chars(own_segs, mine_idx)
    pair_of = {i: n for n, g in enumerate(doc.pairs) for i in g[side]}
    best, best_score = None, dice(mine, chars(other, doc.pairs[k][side]))
    for i in sorted(near):
        theirs = chars(other, (i,))
        score = dice(mine, theirs)
        if score <= best_score:
            continue
        # Its rivals: this side's text of the pairs around the candidate's own (its row's and the rows
        # either side), one of which holds its partner when it sits in a stretch one row off.
        n = pair_of.get(i, k)
        rivals = {x for g in doc.pairs[max(0, n - 2):n + 3] for x in g[1 - side]} - set(mine_idx)
        if all(score > dice(theirs, chars(own_segs, (x,))) for x in rivals):
            best, best_score = other[i], score
    return best.location if best is not None else ""
