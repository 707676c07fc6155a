"""The banded bead search of dp.py, vectorised with numpy along each row of the band.

Same model, same costs, same min-marginal confidence as `dp._run` (tests check that both
give the same path); this one exists because a pure-Python inner loop spends microseconds
per (cell, bead) and a long document has millions of them. Each row of the band is one
set of array operations per bead type; the 0-1 bead, which chains inside a row, becomes a
running minimum (F[j] = min(X[j], F[j-1] + skip) is a cumulative min of X[j] - j*skip).
Pairwise similarities come from dense matrix products over small blocks of the band.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

import numpy as np

from .dp import PARAGRAPH_BEADS, Params, Step, _band
from .features import SegmentFeatures, key_ids

INF = np.inf
BLOCK = 48


def _arrays(feats: list[SegmentFeatures], vocab: dict[str, int]) -> list[tuple[np.ndarray, np.ndarray]]:
    # Keys by id (features.key_ids): distinct integers are all the products need, taken
    # once over the whole side (one call per segment cost more).
    lens = [len(f.keys) for f in feats]
    ids = key_ids(feats, sum(lens))
    out = []
    at = 0
    for f, k in zip(feats, lens):
        out.append((ids[at:at + k], f.vals))
        at += k
    return out


def _span(za, ja, limit: int = 1 << 22) -> int | None:
    """1 + the largest id when every id of both sides is in range(limit), else None."""
    lo, hi = 0, -1
    for arrs in (za, ja):
        if arrs:
            flat = np.concatenate([a[0] for a in arrs])
            if len(flat):
                lo, hi = min(lo, int(flat.min())), max(hi, int(flat.max()))
    return hi + 1 if lo >= 0 and hi < limit else None


def banded_dots(za, ja, qlo: np.ndarray, qhi: np.ndarray, pad: int, span: int | None = None) -> np.ndarray:
    """D[p, pad + q - qlo[p]] = dot(zh p, ja q) for q in [qlo[p], qhi[p]); zero elsewhere.

    `span`: when every id of both sides lies in range(span) (the Idf's numbers), a lookup
    table of that size finds a zh feature's row in a block instead of a binary search.
    """
    n = len(za)
    width = int((qhi - qlo).max()) if n else 0
    D = np.zeros((n, width + 2 * pad))
    slot = np.empty(span, dtype=np.int64) if span is not None else None
    for p0 in range(0, n, BLOCK):
        p1 = min(n, p0 + BLOCK)
        q0, q1 = int(qlo[p0:p1].min()), int(qhi[p0:p1].max())
        if q1 <= q0:
            continue
        jid = [ja[q][0] for q in range(q0, q1)]
        local, inverse = np.unique(np.concatenate(jid), return_inverse=True)
        J = np.zeros((len(local) + 1, q1 - q0))   # last row: features absent from this ja block
        # Every entry of the block's segments at once (a key occurs once per segment).
        cols = np.repeat(np.arange(q1 - q0), [len(x) for x in jid])
        J[inverse.ravel(), cols] = np.concatenate([ja[q][1] for q in range(q0, q1)])
        if slot is not None:
            slot.fill(len(local))
            slot[local] = np.arange(len(local))
        for p in range(p0, p1):
            ids, vals = za[p]
            # Matrix-vector products only: a BLAS matrix product would start threads for
            # blocks this small and cost far more than it saves.
            if slot is not None:
                where = slot[ids]
            else:
                where = np.searchsorted(local, ids)
                where[(where >= len(local)) | (local[np.minimum(where, len(local) - 1)] != ids)] = len(local)
            a, b = int(qlo[p]), int(qhi[p])
            if b > a:
                D[p, pad:pad + b - a] = (vals @ J[where])[a - q0:b - q0]
    return D


class _Prepared:
    """Everything about the two sides that does not depend on the band or the length model."""

    def __init__(self, zh: list[SegmentFeatures], ja: list[SegmentFeatures], max_run: int,
                 zcap: list[float] | None = None, jcap: list[float] | None = None):
        vocab: dict[str, int] = {}
        self.za = _arrays(zh, vocab)
        self.ja = _arrays(ja, vocab)
        # Size of the id range when all ids are small non-negative numbers (banded_dots).
        self.span = _span(self.za, self.ja)
        self.zh, self.jaf = zh, ja
        self.n, self.m = len(zh), len(ja)
        self.zlen = np.array([f.length for f in zh], dtype=np.float64)
        self.jlen = np.array([f.length for f in ja], dtype=np.float64)
        self.zn1 = np.array([f.norm2 for f in zh])
        self.jn1 = np.array([f.norm2 for f in ja])
        self.zcap = self.zn1 if zcap is None else np.asarray(zcap, dtype=np.float64)
        self.jcap = self.jn1 if jcap is None else np.asarray(jcap, dtype=np.float64)
        markers: dict[str, int] = {}
        self.zmark = np.array([markers.setdefault(f.marker, len(markers)) if f.marker else -1 for f in zh])
        self.jmark = np.array([markers.setdefault(f.marker, len(markers)) if f.marker else -1 for f in ja])
        # Same-side dot products of neighbours (for norms of merged runs).
        self.zself = self._near_all(self.za, max_run)
        self.jself = self._near_all(self.ja, max_run)
        self.max_run = max_run
        self.dots: dict = {}

    @staticmethod
    def _near_all(arrs, max_run: int) -> list[np.ndarray]:
        """[d] -> dot(segment s, segment s + d) for every s (0 past the end; d = 0 all zero).

        One sort of all the side's entries by (feature, segment) puts the entries a
        feature has in segments s and s + d at most d places apart, so every product of
        every pair comes out of a few array operations (not one intersection per pair).
        """
        n = len(arrs)
        out = [np.zeros(n) for _ in range(max_run)]
        if n < 2 or max_run < 2:
            return out
        lens = [len(ids) for ids, _ in arrs]
        ids = np.concatenate([a[0] for a in arrs])
        vals = np.concatenate([a[1] for a in arrs])
        seg = np.repeat(np.arange(n), lens)
        if len(ids) and ids.min() >= 0 and int(ids.max()) < (1 << 62) // max(n, 1):
            # Ids from the Idf are small: one sort of a combined key (unique, as a key occurs
            # once per segment) gives lexsort's order at about half its cost.
            order = np.argsort(ids * n + seg)
        else:
            order = np.lexsort((seg, ids))
        ids, vals, seg = ids[order], vals[order], seg[order]
        for o in range(1, max_run):
            same = np.flatnonzero(ids[o:] == ids[:-o])
            gap = seg[same + o] - seg[same]
            for d in range(o, max_run):
                k = same[gap == d]
                if len(k):
                    out[d] += np.bincount(seg[k], weights=vals[k] * vals[k + o], minlength=n)
        return out

    def run_norms(self, side: str, r: int) -> np.ndarray:
        """Squared norm of the run of r segments starting at each index (0 past the end)."""
        n1 = self.zn1 if side == "zh" else self.jn1
        near = self.zself if side == "zh" else self.jself
        n = len(n1)
        out = np.zeros(n)
        for s in range(n - r + 1):
            total = n1[s:s + r].sum()
            for a in range(r):
                for b in range(a + 1, r):
                    total += 2.0 * near[b - a][s + a]
            out[s] = total
        return out


def search(zh: list[SegmentFeatures], ja: list[SegmentFeatures], params: Params, *,
           beads: tuple[tuple[int, int], ...] = PARAGRAPH_BEADS, width: int = 6,
           prepared: _Prepared | None = None, zcap: list[float] | None = None,
           jcap: list[float] | None = None) -> list[Step]:
    """Drop-in for dp.search; pass `prepared` from `prepare()` to reuse work across calls."""
    n, m = len(zh), len(ja)
    if n == 0 or m == 0:
        return ([Step((i,), (), params.skip, 0.0, 0.0, 0.0) for i in range(n)]
                + [Step((), (j,), params.skip, 0.0, 0.0, 0.0) for j in range(m)])
    if (0, 1) not in beads or any(a == 0 and b != 1 for a, b in beads):
        raise ValueError("the vectorised search supports 0-1 as the only bead with an empty zh side")
    width = max(width, math.ceil(max(m / n, n / m)) + 2)
    max_run = max(max(a, b) for a, b in beads)
    prep = prepared or prepare(zh, ja, beads, zcap, jcap)
    while True:
        steps, touched = _run(prep, params, beads, width)
        if not touched or width >= max(n, m):
            return steps
        width *= 2


def prepare(zh, ja, beads, zcap=None, jcap=None) -> _Prepared:
    return _Prepared(zh, ja, max(max(a, b) for a, b in beads), zcap, jcap)


def _run(P: _Prepared, params: Params, beads, width: int) -> tuple[list[Step], bool]:
    n, m = P.n, P.m
    lo_l, hi_l = _band(n, m, width)
    lo, hi = np.array(lo_l), np.array(hi_l)
    A = max(a for a, _ in beads)
    Bm = max(b for _, b in beads)
    Wc = int((hi - lo).max()) + 1
    step_max = math.ceil(m / n) + 1
    PAD = Wc + A * step_max + Bm + 2
    ar = np.arange(Wc)

    # Pairwise dots over the band (cached per width on the prepared object).
    key = ("dots", width)
    if key not in P.dots:
        qlo = np.array([max(0, lo_l[min(p + 1, n)] - Bm) for p in range(n)])
        qhi = np.array([min(m, hi_l[min(p + A, n)]) for p in range(n)])
        P.dots[key] = (qlo, banded_dots(P.za, P.ja, qlo, qhi, PAD, P.span))
    qlo, D = P.dots[key]

    # Padded per-ja-index arrays, indexed by j + PAD.
    def padj(values, fill=0.0):
        out = np.full(m + 1 + 2 * PAD, fill, dtype=np.float64)
        out[PAD:PAD + len(values)] = values
        return out

    jprefix = padj(np.concatenate([[0.0], np.cumsum(P.jlen)]))
    jprefix[:PAD] = 0.0
    jprefix[PAD + m + 1:] = jprefix[PAD + m]
    zprefix = np.concatenate([[0.0], np.cumsum(P.zlen)])
    jruns = {b: padj(P.run_norms("ja", b)) for b in range(1, Bm + 1)}
    zruns = {a: P.run_norms("zh", a) for a in range(1, A + 1)}
    jcap = padj(P.jcap)
    jmark = padj(P.jmark.astype(np.float64), fill=-1.0)

    ratio, var = params.ratio, params.var
    skip, lw, cap, rel2 = params.skip, params.len_weight, params.len_cap, params.rel_sd ** 2
    slack = params.merge_slack
    T = len(beads)
    t01 = beads.index((0, 1))

    F = np.full((n + 1, Wc + 2 * PAD), INF)
    BT = np.full((n + 1, Wc), -1, dtype=np.int64)
    C = np.full((T, n + 1, Wc + 2 * PAD), INF)     # bead cost by its end cell
    S = np.zeros((T, n + 1, Wc))                    # bead similarity by its end cell

    def jslice(arr, i, k):
        """arr[j - k] for the columns of row i (j = lo[i] + c)."""
        s = PAD + lo_l[i] - k
        return arr[s:s + Wc]

    def drow(p, i, k):
        """D[p][j - k] for the columns of row i."""
        s = PAD + lo_l[i] - k - int(qlo[p])
        return D[p, s:s + Wc]

    # Bead costs do not depend on the path, so they are computed for the whole band at once
    # (one array operation per term over all rows); only the recursion below goes row by row.
    rows = np.arange(n + 1)
    J = np.array(lo_l)[:, None] + ar[None, :]                 # j of every band cell
    for t, (a, b) in enumerate(beads):
        if t == t01:
            continue
        live = (rows >= a)[:, None]
        start = np.clip(rows - a, 0, max(n - 1, 0))            # first zh segment of the bead
        if b == 0:
            cost = np.full((n + 1, Wc), skip * a)
            sim = np.zeros((n + 1, Wc))
        else:
            lz = (zprefix[rows] - zprefix[np.maximum(rows - a, 0)])[:, None]
            lj = jprefix[PAD + J] - jprefix[PAD + J - b]
            if params.content:
                parts_z = []
                for off in range(a):
                    prow = np.clip(rows - a + off, 0, max(n - 1, 0))
                    base = PAD + J - qlo[prow][:, None]
                    parts_z.append(sum(D[prow[:, None], base - k] for k in range(1, b + 1)))
                d = sum(parts_z)
                nz = zruns[a][start][:, None]
                nj = jruns[b][PAD + J - b]
                with np.errstate(divide="ignore", invalid="ignore"):
                    sim = np.where((nz > 0) & (nj > 0), d / np.sqrt(np.maximum(nz * nj, 1e-300)), 0.0)
                    if a > 1 or b > 1:
                        worst = np.full((n + 1, Wc), INF)
                        if a > 1:
                            for off in range(a):
                                n2 = P.zcap[np.clip(rows - a + off, 0, max(n - 1, 0))][:, None]
                                worst = np.minimum(worst, np.where(n2 > 0, parts_z[off] / np.maximum(n2, 1e-300), INF))
                        if b > 1:
                            for k in range(1, b + 1):
                                col = 0.0
                                for off in range(a):
                                    prow = np.clip(rows - a + off, 0, max(n - 1, 0))
                                    col = col + D[prow[:, None], PAD + J - qlo[prow][:, None] - k]
                                n2 = jcap[PAD + J - k]
                                worst = np.minimum(worst, np.where(n2 > 0, col / np.maximum(n2, 1e-300), INF))
                        sim = np.minimum(sim, np.where(np.isfinite(worst), slack * worst, sim))
            else:
                sim = np.full((n + 1, Wc), 0.5)
            mean = np.maximum(0.5 * (lz + lj / ratio), 1.0)
            delta = (lj - ratio * lz) / np.sqrt(var * mean + rel2 * mean * mean)
            cost = (1.0 - sim) * (a + b) * 0.5 + np.minimum(cap, lw * delta * delta) + params.priors.get((a, b), 0.3)
            mz = P.zmark[start][:, None]
            mj = jmark[PAD + J - b]
            both = (mz >= 0) & (mj >= 0)
            cost = cost + np.where(both & (mj != mz), params.marker_penalty, 0.0)
            cost = cost + np.where((mz >= 0) != (mj >= 0), params.marker_one_sided, 0.0)
        C[t, :, PAD:PAD + Wc] = np.where(live, cost, INF)
        S[t] = np.where(live, sim, 0.0)

    # Where each bead ending in a cell starts, as flat indexes into F (and, for the backward
    # pass, where each bead starting in a cell ends): one gather per row replaces a few array
    # operations per bead and row, which cost more in calls than in arithmetic.
    FW = Wc + 2 * PAD
    lo_a = np.array(lo_l)
    av = np.array([a for a, _ in beads])
    bv = np.array([b for _, b in beads])
    start_row = rows[:, None] - av[None, :]                                    # (n+1, T)
    ok = start_row >= 0
    sr = np.maximum(start_row, 0)
    shift = lo_a[:, None] - lo_a[sr] - bv[None, :]
    # A bead that cannot end in a row points at F[0, 0], a padding cell that stays INF.
    thidx = np.where(ok[:, :, None], sr[:, :, None] * FW + PAD + shift[:, :, None] + ar[None, None, :], 0)
    ts = [t for t in range(T) if t != t01]
    tsa = np.array(ts)
    fidx = np.ascontiguousarray(thidx[:, ts, :])                                # (n+1, T', Wc)
    crow = np.ascontiguousarray(C[ts][:, :, PAD:PAD + Wc].transpose(1, 0, 2))  # (n+1, T', Wc)
    end_row = rows[:, None] + av[None, ts]
    ok_end = end_row <= n
    er = np.minimum(end_row, n)
    eshift = lo_a[:, None] - lo_a[er] + bv[None, ts]
    bidx = np.where(ok_end[:, :, None], er[:, :, None] * FW + PAD + eshift[:, :, None] + ar[None, None, :], 0)
    cidx = bidx + (tsa * (n + 1) * FW)[None, :, None]      # the same cells in C's bead planes
    spans = np.array(hi_l) - lo_a
    invalid = ar[None, :] > spans[:, None]                                     # (n+1, Wc)
    C[t01, :, PAD:PAD + Wc] = np.where(ar >= 1, skip, INF)
    Ff = F.reshape(-1)
    ramp = ar * skip
    for i in range(n + 1):
        tot = Ff[fidx[i]] + crow[i]
        k = tot.argmin(axis=0)       # first cheapest bead, in bead order (as a strict < scan)
        X = tot[k, ar]
        arg = tsa[k]
        if i == 0:
            X[0] = 0.0
        bad = invalid[i]
        X[bad] = INF
        # 0-1 beads chain along the row: a running minimum.
        G = np.minimum.accumulate(X - ramp) + ramp
        from01 = G < X - 1e-9   # not a rounding echo of X itself
        G = np.where(from01, G, X)
        G[bad] = INF
        F[i, PAD:PAD + Wc] = G
        BT[i] = np.where(from01, t01, arg)
    total_cost = F[n, PAD + m - lo_l[n]]

    # Backward pass and the cost of the best path through every edge.
    Bk = np.full((n + 1, FW), INF)
    Bf = Bk.reshape(-1)
    Cf = C.reshape(-1)
    for i in range(n, -1, -1):
        Y = (Cf[cidx[i]] + Bf[bidx[i]]).min(axis=0)
        if i == n:
            Y[m - lo_l[n]] = 0.0
        bad = invalid[i]
        Y[bad] = INF
        Brow = np.minimum.accumulate((Y + ramp)[::-1])[::-1] - ramp
        Brow[bad] = INF
        Bk[i, PAD:PAD + Wc] = Brow
    # Best full path through every edge: path to its start + its cost + rest from its end.
    TH = Ff[thidx.transpose(1, 0, 2)] + C[:, :, PAD:PAD + Wc] + Bk[None, :, PAD:PAD + Wc]
    TH[~ok.T] = INF
    with np.errstate(invalid="ignore"):
        TH = np.where(np.isnan(TH), INF, TH)
    # Each (bead, row)'s two cheapest cells and where the cheapest is: the best path through
    # another edge ending in a row is one of these (read per step, not searched per step).
    two = np.partition(TH, 1, axis=-1)[..., :2] if Wc >= 2 else np.concatenate([TH, np.full_like(TH, INF)], axis=-1)
    rowmin = (two[..., 0].tolist(), two[..., 1].tolist(), TH.argmin(axis=-1).tolist())

    # Backtrace with margins.
    steps: list[Step] = []
    touched = False
    i, j = n, m
    tau = params.tau
    while i > 0 or j > 0:
        c = j - lo_l[i]
        t = int(BT[i, c])
        a, b = beads[t]
        if (j == lo_l[i] and lo_l[i] > 0) or (j == hi_l[i] and hi_l[i] < m):
            touched = True
        other = _best_other(TH, beads, lo_l, hi_l, i, j, t, n, rowmin)
        margin = max(0.0, other - total_cost)
        conf = 1.0 - math.exp(-margin / tau) if margin < INF else 1.0
        cost = float(C[t, i, PAD + c])
        steps.append(Step(tuple(range(i - a, i)), tuple(range(j - b, j)), cost, float(S[t, i, c]), margin, conf))
        i, j = i - a, j - b
    steps.reverse()
    return steps, touched


def _best_other(TH, beads, lo, hi, i, j, t, n, rowmin=None) -> float:
    """Cheapest full path through any other edge covering the same first segment.

    `rowmin`: (cheapest, second cheapest, column of the cheapest) of every TH[bead, row],
    as lists; without it the rows are searched.
    """
    a, b = beads[t]
    best = INF
    if a:
        k = i - a
        c = j - lo[i]
        for tt, (aa, bb) in enumerate(beads):
            if aa == 0:
                continue
            for ii in range(k + 1, min(k + aa, n) + 1):
                if rowmin is not None:
                    first, second, at = rowmin
                    v = second[tt][ii] if tt == t and ii == i and at[tt][ii] == c else first[tt][ii]
                else:
                    row = TH[tt, ii]
                    if tt == t and ii == i:
                        v = min(row[:c].min(initial=INF), row[c + 1:].min(initial=INF))
                    else:
                        v = row.min()
                if v < best:
                    best = v
        return best
    q = j - 1
    # Rows whose band reaches columns q+1 .. q+3 (lo and hi never decrease).
    first = bisect_left(hi, q + 1)
    last = bisect_right(lo, q + 3)
    for ii in range(first, last):
        for tt, (aa, bb) in enumerate(beads):
            for jj in range(q + 1, q + bb + 1):
                c = jj - lo[ii]
                if c < 0 or jj > hi[ii] or (tt == t and ii == i and jj == j):
                    continue
                best = min(best, TH[tt, ii, c])
    return best
