"""Monotone, banded dynamic programming over beads, with a confidence for every bead.

The search runs inside a band around the length-proportional diagonal so that work grows
linearly with the document; when the best path touches the band's edge the band is
doubled and the search repeated, since the true path might lie outside.

Confidence comes from min-marginals: a forward and a backward pass give, for every
candidate bead, the cost of the best complete path that uses it. Every path covers a
given segment with exactly one bead, so the best path *without* the chosen bead is the
cheapest other bead covering the same segment. The gap between that and the best path
(the margin) says how much the evidence had to be ignored to align differently.

This module holds the model (Params, the bead cost) and its plain-Python search, which is
the reference and the fastest choice for small problems (it computes every pairwise
similarity up front). Long documents go through dp_vector (numpy along band rows) and the
many small sentence problems through dp_batch (numpy across problems); both are tested to
give this search's results.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
import numpy as np

from .bags import unique_counts
from .features import SegmentFeatures, _segment_sums, dot

INF = float("inf")

PARAGRAPH_BEADS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
SENTENCE_BEADS = PARAGRAPH_BEADS + ((1, 3), (3, 1))


@dataclass(frozen=True)
class Params:
    """Scoring settings. `ratio` and `var` are calibrated on each document (see align())."""

    ratio: float = 1.0            # expected ja chars per zh char
    var: float = 4.0              # variance of the length residual per zh char (Gale-Church s²)
    skip: float = 0.62            # cost of leaving one segment unmatched (1-0 / 0-1)
    len_weight: float = 0.05      # weight of the squared length z-score
    len_cap: float = 1.0          # a wildly wrong length is bad, but not infinitely so
    rel_sd: float = 0.15          # relative spread of long segments (translators expand unevenly)
    marker_penalty: float = 0.8   # both sides open with a list marker, and they differ
    marker_one_sided: float = 0.3  # only one side opens with a list marker (numbering is kept in translation)
    content: bool = True          # False: length-only baseline (no text overlap)
    merge_slack: float = 1.5      # a merged part may match this much less well than the whole
    one_sided: float = 0.6        # weight, in a part's containment, of features only one language has (one_sided())
    priors: dict = field(default_factory=lambda: {
        (1, 1): 0.0, (2, 1): 0.1, (1, 2): 0.1, (2, 2): 0.5, (1, 3): 0.45, (3, 1): 0.45,
    })
    tau: float = 0.35             # margin (in cost units) at which confidence reaches 1-1/e


@dataclass(frozen=True, eq=False)
class Containment:
    """Features the document has on one language's side only (keys ascending), and their weight in containment."""

    keys: np.ndarray
    weight: float


def one_sided(zkeys, jkeys, weight: float) -> Containment:
    """Containment weights: a feature the document has on one side only gets `weight`.

    Such a feature (a Han bigram straddling two words, 现批 in 现批复如下, that the other
    language never writes) can be matched by no segment at all, so its absence opposite a
    merged part says nothing about whether the part belongs there; counted in full, it
    makes a short part look unexplained and the merge lose to a deletion.

    `zkeys`/`jkeys`: each side's keys (arrays or any collection of integers).
    """
    return Containment(np.setxor1d(_key_array(zkeys), _key_array(jkeys), assume_unique=True), weight)


def _key_array(keys) -> np.ndarray:
    """Distinct keys as an array (np.unique would take a slower hashing path here)."""
    if not isinstance(keys, np.ndarray):
        keys = np.fromiter(keys, dtype=np.int64, count=len(keys))
    return unique_counts(keys.astype(np.int64, copy=False))[0]


def caps(feats: list[SegmentFeatures], containment: Containment | None, idf=None) -> list[float] | None:
    """Each segment's matchable mass: its squared norm with one-sided features down-weighted.

    `idf`: the idf.Idf the segments were featurized with; their key ids then say
    which keys are one-sided by one lookup per distinct key, not per occurrence.
    """
    if containment is None:
        return None
    keys, shrink = containment.keys, 1.0 - containment.weight ** 2
    if not feats:
        return []
    # One membership test over all segments' keys, and one sum per segment over the flat
    # arrays (a numpy call per segment cost more than the arithmetic).
    if idf is not None and all(f.ids is not None for f in feats):
        ids = np.concatenate([f.ids for f in feats])
        inside = idf.known(keys)[np.maximum(ids, 0)] if len(idf.keys) else np.zeros(len(ids), dtype=bool)
        unknown = np.flatnonzero(ids < 0)
        if len(unknown):  # keys the idf never saw: asked by key (few, if any)
            inside[unknown] = np.isin(np.concatenate([f.keys for f in feats])[unknown], keys)
    else:
        inside = np.isin(np.concatenate([np.asarray(f.keys, dtype=np.int64) for f in feats]), keys)
    vals = np.concatenate([f.vals for f in feats])
    sizes = np.fromiter((len(f.keys) for f in feats), dtype=np.int64, count=len(feats))
    one = _segment_sums(np.where(inside, vals * vals, 0.0), sizes)
    return (np.fromiter((f.norm2 for f in feats), dtype=np.float64, count=len(feats)) - shrink * one).tolist()


# Unmatched (1-0 / 0-1) beads never look sure: they are what a reviewer must check.
UNMATCHED_CAP = 0.25


@dataclass(frozen=True)
class Step:
    """One bead of the best path, with the evidence behind it."""

    zh: tuple[int, ...]
    ja: tuple[int, ...]
    cost: float
    similarity: float
    margin: float
    confidence: float


class _Side:
    """Prefix sums and merged-run norms for one language, so merged beads cost O(1) extra."""

    def __init__(self, feats: list[SegmentFeatures], max_run: int, cap: list[float] | None = None):
        self.feats = feats
        n = len(feats)
        self.cap = [f.norm2 for f in feats] if cap is None else list(cap)
        self.prefix = [0]
        for f in feats:
            self.prefix.append(self.prefix[-1] + f.length)
        # norm2[r][s]: squared norm of segments s..s+r-1 added together.
        near = [[dot(feats[s].vec, feats[s + d].vec) if s + d < n else 0.0 for s in range(n)]
                for d in range(max_run)]
        self.norm2 = [[0.0] * n]
        for r in range(1, max_run + 1):
            row = []
            for s in range(n):
                if s + r > n:
                    row.append(0.0)
                    continue
                total = sum(feats[s + k].norm2 for k in range(r))
                for a in range(r):
                    for b in range(a + 1, r):
                        total += 2.0 * near[b - a][s + a]
                row.append(total)
            self.norm2.append(row)


def _band(n: int, m: int, width: int) -> tuple[list[int], list[int]]:
    lo, hi = [], []
    for i in range(n + 1):
        c = i * m / n if n else 0.0
        lo.append(max(0, math.floor(c) - width))
        hi.append(min(m, math.ceil(c) + width))
    lo[0] = 0
    hi[n] = m
    return lo, hi


def search(zh: list[SegmentFeatures], ja: list[SegmentFeatures], params: Params, *,
           beads: tuple[tuple[int, int], ...] = PARAGRAPH_BEADS, width: int = 6,
           cache: dict | None = None, zcap: list[float] | None = None,
           jcap: list[float] | None = None) -> list[Step]:
    """Best monotone path from (0,0) to (len(zh), len(ja)); every segment in exactly one bead.

    `cache` holds pairwise dot products; pass the same dict to a second search over the same
    segments (with other length parameters) to skip recomputing them.

    `zcap`/`jcap`: each segment's mass that a translation could match (the denominator of a
    merged part's containment); by default its squared norm. See caps().
    """
    n, m = len(zh), len(ja)
    if n == 0 or m == 0:
        return ([Step((i,), (), params.skip, 0.0, 0.0, 0.0) for i in range(n)]
                + [Step((), (j,), params.skip, 0.0, 0.0, 0.0) for j in range(m)])
    width = max(width, math.ceil(max(m / n, n / m)) + 2)
    max_run = max(max(a, b) for a, b in beads)
    zs, js = _Side(zh, max_run, zcap), _Side(ja, max_run, jcap)
    if cache is None:
        cache = {}
    while True:
        steps, touched = _run(zs, js, n, m, params, beads, width, cache)
        if not touched or width >= max(n, m):
            return steps
        width *= 2


def _run(zs: _Side, js: _Side, n: int, m: int, params: Params, beads, width: int, cache) -> tuple[list[Step], bool]:
    lo, hi = _band(n, m, width)
    zf, jf = zs.feats, js.feats
    zp, jp = zs.prefix, js.prefix
    znorm, jnorm = zs.norm2, js.norm2
    zcap, jcap = zs.cap, js.cap
    ratio, var = params.ratio, params.var
    skip, lw, cap, rel2 = params.skip, params.len_weight, params.len_cap, params.rel_sd ** 2
    mpen, mone, content, priors = params.marker_penalty, params.marker_one_sided, params.content, params.priors
    merge_slack = params.merge_slack
    sqrt = math.sqrt

    # Every pairwise dot product the band can ask for, once (shared across passes via cache).
    DM = cache.get("matrix")
    if DM is None:
        DM = cache["matrix"] = [[dot(z.vec, y.vec) for y in jf] for z in zf]
    prior = {ab: priors.get(ab, 0.3) for ab in beads}

    def cost(a: int, b: int, i: int, j: int) -> tuple[float, float]:
        """Cost and similarity of the bead zh[i-a:i] ~ ja[j-b:j]."""
        if a == 0 or b == 0:
            return skip * (a + b), 0.0
        si, sj = i - a, j - b
        if content:
            if a == 1 and b == 1:
                d = DM[si][sj]
                nz, nj = zf[si].norm2, jf[sj].norm2
                sim = d / sqrt(nz * nj) if nz > 0.0 and nj > 0.0 else 0.0
            else:
                rows = [DM[p][sj:j] for p in range(si, i)]
                parts = [sum(r) for r in rows]
                d = sum(parts)
                nz, nj = znorm[a][si], jnorm[b][sj]
                sim = d / sqrt(nz * nj) if nz > 0.0 and nj > 0.0 else 0.0
                # Cosine of sums hardly notices a small part with no counterpart (附件 merged
                # into its neighbour), so every part of a merge must be found on the other side:
                # its containment (share of its own mass matched there) caps the similarity.
                worst = INF
                if a > 1:
                    for k in range(a):
                        n2 = zcap[si + k]
                        if n2 > 0.0:
                            v = parts[k] / n2
                            if v < worst:
                                worst = v
                if b > 1:
                    for k in range(b):
                        n2 = jcap[sj + k]
                        if n2 > 0.0:
                            v = sum(r[k] for r in rows) / n2
                            if v < worst:
                                worst = v
                if worst < INF and merge_slack * worst < sim:
                    sim = merge_slack * worst
        else:
            sim = 0.5
        lz = zp[i] - zp[si]
        lj = jp[j] - jp[sj]
        # Symmetric Gale-Church residual: neither side is privileged as "the source".
        mean = 0.5 * (lz + lj / ratio)
        if mean < 1.0:
            mean = 1.0
        # Gale-Church variance (grows with length) plus a relative term: long paragraphs
        # vary by a share of their length, not by its square root.
        delta = (lj - ratio * lz) / sqrt(var * mean + rel2 * mean * mean)
        lp = lw * delta * delta
        c = (1.0 - sim) * (a + b) * 0.5 + (lp if lp < cap else cap) + prior[(a, b)]
        mz, mj = zf[si].marker, jf[sj].marker
        if mz is not None and mj is not None:
            if mz != mj:
                c += mpen
        elif mz is not None or mj is not None:
            c += mone
        return c, sim

    # Forward pass; per end cell keep each bead's (cost, sim) for the backward pass.
    F: list[list[float]] = []
    back: list[list[int]] = []
    edges: list[list[list]] = []
    for i in range(n + 1):
        l, h = lo[i], hi[i]
        frow = [INF] * (h - l + 1)
        brow = [-1] * (h - l + 1)
        erow: list[list] = [None] * (h - l + 1)  # type: ignore[list-item]
        for j in range(l, h + 1):
            if i == 0 and j == 0:
                frow[0] = 0.0
                erow[0] = []
                continue
            best, arg = INF, -1
            cell = []
            for t, (a, b) in enumerate(beads):
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                if pi == i:
                    if pj < l:
                        continue
                    prev = frow[pj - l]
                else:
                    if pj < lo[pi] or pj > hi[pi]:
                        continue
                    prev = F[pi][pj - lo[pi]]
                if prev == INF:
                    continue
                c, sim = cost(a, b, i, j)
                cell.append((t, c, sim))
                if prev + c < best:
                    best, arg = prev + c, t
            frow[j - l] = best
            brow[j - l] = arg
            erow[j - l] = cell
        F.append(frow)
        back.append(brow)
        edges.append(erow)
    total = F[n][m - lo[n]]

    # Backward pass (push style, reverse order) and min-marginals per covered segment.
    B = [[INF] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    B[n][m - lo[n]] = 0.0
    zbest = [[INF, None, INF] for _ in range(n)]   # best value, its edge, second best
    jbest = [[INF, None, INF] for _ in range(m)]

    def note(track, k, val, edge):
        rec = track[k]
        if val < rec[0]:
            rec[2] = rec[0]
            rec[0], rec[1] = val, edge
        elif val < rec[2]:
            rec[2] = val

    for i in range(n, -1, -1):
        l = lo[i]
        for j in range(hi[i], l - 1, -1):
            bend = B[i][j - l]
            if bend == INF:
                continue
            for t, c, _sim in edges[i][j - l]:
                a, b = beads[t]
                pi, pj = i - a, j - b
                pl = lo[pi]
                val = c + bend
                if val < B[pi][pj - pl]:
                    B[pi][pj - pl] = val
                through = F[pi][pj - pl] + val
                if through == INF:
                    continue
                edge = (i, j, t)
                for k in range(pi, i):
                    note(zbest, k, through, edge)
                for k in range(pj, j):
                    note(jbest, k, through, edge)

    # Backtrace.
    steps: list[Step] = []
    touched = False
    i, j = n, m
    tau = params.tau
    while i > 0 or j > 0:
        t = back[i][j - lo[i]]
        a, b = beads[t]
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched = True
        c, sim = next((c, s) for tt, c, s in edges[i][j - lo[i]] if tt == t)
        rec = zbest[i - a] if a else jbest[j - b]
        other = rec[2] if rec[1] == (i, j, t) else rec[0]
        margin = max(0.0, other - total)
        conf = 1.0 - math.exp(-margin / tau) if margin < INF else 1.0
        steps.append(Step(tuple(range(i - a, i)), tuple(range(j - b, j)), c, sim, margin, conf))
        i, j = i - a, j - b
    steps.reverse()
    return steps, touched
