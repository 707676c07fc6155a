"""Many small bead searches at once: the sentence level, one problem per paragraph group.

Sentence alignment is thousands of independent problems of a few sentences each, too small
for per-problem numpy work to pay off and too many for a Python inner loop. Problems of
similar size are stacked and searched in lockstep: every array has a leading problem axis,
so one numpy operation advances a row of hundreds of grids. Same model, costs and
min-marginal confidence as dp.search (tests/test_align_dp.py checks they agree).
"""
from __future__ import annotations

import math
from itertools import chain

import numpy as np

from .dp import SENTENCE_BEADS, Params, Step
from .features import SegmentFeatures, key_ids

INF = np.inf
CHUNK = 256          # problems searched together
MAX_SIDE = 40        # larger problems go to the banded search instead


def search_many(problems: list[tuple], params: Params, *,
                beads: tuple[tuple[int, int], ...] = SENTENCE_BEADS) -> list[list[Step] | None]:
    """Best path of every problem; None for a problem this search leaves to the banded one.

    A problem is (zh features, ja features) or (zh features, ja features, zcap, jcap) with
    the segments' containment denominators (dp.caps; by default their squared norms).
    """
    if (0, 1) not in beads or any(a == 0 and b != 1 for a, b in beads):
        raise ValueError("the batched search supports 0-1 as the only bead with an empty zh side")
    out: list[list[Step] | None] = [None] * len(problems)
    todo = []
    for k, prob in enumerate(problems):
        zh, ja = prob[0], prob[1]
        n, m = len(zh), len(ja)
        if n == 0 or m == 0:
            out[k] = ([Step((i,), (), params.skip, 0.0, 0.0, 0.0) for i in range(n)]
                      + [Step((), (j,), params.skip, 0.0, 0.0, 0.0) for j in range(m)])
        elif max(n, m) <= MAX_SIDE:
            todo.append(k)
    # Stack only problems of one grid size: padding a 2x2 problem to 18x18 would waste the gain.
    by_size: dict[tuple[int, int], list[int]] = {}
    for k in todo:
        by_size.setdefault((_size_class(len(problems[k][0])), _size_class(len(problems[k][1]))), []).append(k)
    for size in sorted(by_size):
        same = by_size[size]
        for start in range(0, len(same), CHUNK):
            chunk = same[start:start + CHUNK]
            for k, steps in zip(chunk, _search_chunk([problems[k] for k in chunk], params, beads)):
                out[k] = steps
    return out


_CLASSES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32, MAX_SIDE)


def _size_class(n: int) -> int:
    """Grid sizes stacked together: each dimension rounded up to one of a few classes."""
    return next(c for c in _CLASSES if c >= n)


def _search_chunk(problems, params: Params, beads) -> list[list[Step]]:
    G = len(problems)
    ns = np.array([len(p[0]) for p in problems])
    ms = np.array([len(p[1]) for p in problems])
    N, M = int(ns.max()), int(ms.max())
    A = max(a for a, _ in beads)
    Bm = max(b for _, b in beads)
    PAD = Bm
    W = M + 1 + 2 * PAD
    T = len(beads)
    t01 = beads.index((0, 1))
    ratio, var = params.ratio, params.var
    skip, lw, cap, rel2 = params.skip, params.len_weight, params.len_cap, params.rel_sd ** 2
    slack = params.merge_slack

    # Per-problem inputs, zero-padded to the chunk's largest grid.
    DM = np.zeros((G, N, M + 2 * PAD))          # DM[g, p, PAD + q] = dot(zh p, ja q)
    zn1 = np.zeros((G, N))
    jn1 = np.zeros((G, W))
    zcap = np.zeros((G, N))                      # containment denominators (dp.caps)
    jcap = np.zeros((G, W))
    zlen = np.zeros((G, N))
    jlen = np.zeros((G, M))
    zmark = np.full((G, N), -1)
    jmark = np.full((G, W), -1)
    znear = np.zeros((A, G, N))                  # znear[d, g, s] = dot(zh s, zh s+d)
    jnear = np.zeros((Bm, G, M))
    markers: dict[str, int] = {}
    grams = _chunk_grams(problems)
    # Every problem's segments in one flat list per side, scattered into the padded arrays
    # with index arrays (a dozen small array operations per problem cost more than the work).
    zsegs = [f for p in problems for f in p[0]]
    jsegs = [f for p in problems for f in p[1]]
    gz, rz = np.repeat(np.arange(G), ns), np.arange(len(zsegs)) - np.repeat(np.cumsum(ns) - ns, ns)
    gj, rj = np.repeat(np.arange(G), ms), np.arange(len(jsegs)) - np.repeat(np.cumsum(ms) - ms, ms)
    zn1[gz, rz] = [f.norm2 for f in zsegs]
    jn1[gj, PAD + rj] = [f.norm2 for f in jsegs]
    if all(len(p) > 2 and p[2] is not None for p in problems):
        zcap[gz, rz] = list(chain.from_iterable(p[2] for p in problems))
        jcap[gj, PAD + rj] = list(chain.from_iterable(p[3] for p in problems))
    else:
        for g, prob in enumerate(problems):
            n, m = len(prob[0]), len(prob[1])
            has_caps = len(prob) > 2 and prob[2] is not None
            zcap[g, :n] = prob[2] if has_caps else zn1[g, :n]
            jcap[g, PAD:PAD + m] = prob[3] if has_caps else jn1[g, PAD:PAD + m]
    zlen[gz, rz] = [f.length for f in zsegs]
    jlen[gj, rj] = [f.length for f in jsegs]
    zmark[gz, rz] = [markers.setdefault(f.marker, len(markers)) if f.marker else -1 for f in zsegs]
    jmark[gj, PAD + rj] = [markers.setdefault(f.marker, len(markers)) if f.marker else -1 for f in jsegs]
    # gram[g] holds zh rows 0..n-1 then ja rows n..n+m-1 (upper triangle).
    gi, pi, qi = np.nonzero((np.arange(N)[None, :, None] < ns[:, None, None])
                            & (np.arange(M)[None, None, :] < ms[:, None, None]))
    DM[gi, pi, PAD + qi] = grams[gi, pi, ns[gi] + qi]
    for d in range(1, A):
        gi, si = np.nonzero(np.arange(N)[None, :] + d < ns[:, None])
        znear[d, gi, si] = grams[gi, si, si + d]
    for d in range(1, Bm):
        gi, si = np.nonzero(np.arange(M)[None, :] + d < ms[:, None])
        jnear[d, gi, si] = grams[gi, ns[gi] + si, ns[gi] + si + d]
    zprefix = np.concatenate([np.zeros((G, 1)), np.cumsum(zlen, axis=1)], axis=1)
    jprefix = np.zeros((G, W))
    jprefix[:, PAD:PAD + M + 1] = np.concatenate([np.zeros((G, 1)), np.cumsum(jlen, axis=1)], axis=1)
    jprefix[:, PAD + M + 1:] = jprefix[:, PAD + M:PAD + M + 1]

    def runs(n1, near, r, length):
        out = np.zeros_like(n1)
        for s in range(length - r + 1):
            total = n1[:, s:s + r].sum(axis=1)
            for x in range(r):
                for y in range(x + 1, r):
                    total = total + 2.0 * near[y - x][:, s + x]
            out[:, s] = total
        return out

    zruns = {a: runs(zn1, znear, a, N) for a in range(1, A + 1)}
    jruns = {}
    for b in range(1, Bm + 1):
        r = np.zeros((G, W))
        r[:, PAD:PAD + M] = runs(jn1[:, PAD:PAD + M], jnear, b, M)
        jruns[b] = r

    cols = np.arange(M + 1)
    valid = [(i <= ns)[:, None] & (cols[None, :] <= ms[:, None]) for i in range(N + 1)]

    def jsl(arr, k):
        """arr at column j - k, for every column j of a row (arr padded by PAD)."""
        return arr[:, PAD - k:PAD - k + M + 1]

    F = np.full((G, N + 1, W), INF)
    BT = np.full((G, N + 1, M + 1), -1, dtype=np.int64)
    C = np.full((T, G, N + 1, W), INF)
    S = np.zeros((T, G, N + 1, M + 1))
    for i in range(N + 1):
        X = np.full((G, M + 1), INF)
        arg = np.full((G, M + 1), -1, dtype=np.int64)
        for t, (a, b) in enumerate(beads):
            if t == t01 or a > i:
                continue
            prev = F[:, i - a, PAD - b:PAD - b + M + 1]
            if b == 0:
                cost = np.full((G, M + 1), skip * a)
                sim = np.zeros((G, M + 1))
            else:
                lz = (zprefix[:, i] - zprefix[:, i - a])[:, None]
                lj = jsl(jprefix, 0) - jsl(jprefix, b)
                if params.content:
                    parts_z = [sum(jsl(DM[:, p], k) for k in range(1, b + 1)) for p in range(i - a, i)]
                    d = sum(parts_z)
                    nz = zruns[a][:, i - a][:, None]
                    nj = jsl(jruns[b], b)
                    ok = (nz > 0) & (nj > 0)
                    sim = np.where(ok, d / np.sqrt(np.where(ok, nz * nj, 1.0)), 0.0)
                    if a > 1 or b > 1:
                        worst = np.full((G, M + 1), INF)
                        if a > 1:
                            for off, p in enumerate(range(i - a, i)):
                                n2 = zcap[:, p][:, None]
                                worst = np.minimum(worst, np.where(n2 > 0, parts_z[off] / np.where(n2 > 0, n2, 1.0), INF))
                        if b > 1:
                            for k in range(1, b + 1):
                                col = sum(jsl(DM[:, p], k) for p in range(i - a, i))
                                n2 = jsl(jcap, k)
                                worst = np.minimum(worst, np.where(n2 > 0, col / np.where(n2 > 0, n2, 1.0), INF))
                        sim = np.minimum(sim, np.where(np.isfinite(worst), slack * worst, sim))
                else:
                    sim = np.full((G, M + 1), 0.5)
                mean = np.maximum(0.5 * (lz + lj / ratio), 1.0)
                delta = (lj - ratio * lz) / np.sqrt(var * mean + rel2 * mean * mean)
                cost = (1.0 - sim) * (a + b) * 0.5 + np.minimum(cap, lw * delta * delta) + params.priors.get((a, b), 0.3)
                mz = zmark[:, i - a][:, None]
                mj = jsl(jmark, b)
                both = (mz >= 0) & (mj >= 0)
                cost = cost + np.where(both & (mz != mj), params.marker_penalty, 0.0)
                cost = cost + np.where((mz >= 0) != (mj >= 0), params.marker_one_sided, 0.0)
            C[t, :, i, PAD:PAD + M + 1] = cost
            S[t, :, i] = sim
            total = prev + cost
            better = total < X
            X = np.where(better, total, X)
            arg = np.where(better, t, arg)
        if i == 0:
            X[:, 0] = 0.0
        X[~valid[i]] = INF
        Gm = np.minimum.accumulate(X - cols * skip, axis=1) + cols * skip
        from01 = Gm < X - 1e-9
        Gm = np.where(from01, Gm, X)
        Gm[~valid[i]] = INF
        F[:, i, PAD:PAD + M + 1] = Gm
        BT[:, i] = np.where(from01, t01, arg)
        C[t01, :, i, PAD:PAD + M + 1] = np.where(cols >= 1, skip, INF)
    gi = np.arange(G)
    totals = F[gi, ns, PAD + ms]

    Bk = np.full((G, N + 1, W), INF)
    TH = np.full((T, G, N + 1, M + 1), INF)
    for i in range(N, -1, -1):
        Y = np.full((G, M + 1), INF)
        for t, (a, b) in enumerate(beads):
            if t == t01 or i + a > N:
                continue
            val = C[t, :, i + a, PAD + b:PAD + b + M + 1] + Bk[:, i + a, PAD + b:PAD + b + M + 1]
            Y = np.minimum(Y, val)
        ends = ns == i
        Y[ends, ms[ends]] = 0.0
        Y[~valid[i]] = INF
        H = Y + cols * skip
        Brow = np.minimum.accumulate(H[:, ::-1], axis=1)[:, ::-1] - cols * skip
        Brow[~valid[i]] = INF
        Bk[:, i, PAD:PAD + M + 1] = Brow
        for t, (a, b) in enumerate(beads):
            if a > i:
                continue
            TH[t, :, i] = F[:, i - a, PAD - b:PAD - b + M + 1] + C[t, :, i, PAD:PAD + M + 1] + Brow
    with np.errstate(invalid="ignore"):
        TH = np.where(np.isnan(TH), INF, TH)
    two = np.partition(TH, 1, axis=-1)[..., :2] if M >= 1 else np.concatenate([TH, np.full_like(TH, INF)], axis=-1)
    min1, min2 = two[..., 0], two[..., 1]
    amin = TH.argmin(axis=-1)
    BTl = BT.tolist()

    # The paths first (a walk through the back pointers), then every step's evidence at once.
    sg: list[int] = []
    si: list[int] = []
    sj: list[int] = []
    st: list[int] = []
    bounds = []
    for g in range(G):
        i, j = int(ns[g]), int(ms[g])
        first = len(st)
        bt = BTl[g]
        while i > 0 or j > 0:
            t = bt[i][j]
            sg.append(g)
            si.append(i)
            sj.append(j)
            st.append(t)
            a, b = beads[t]
            i, j = i - a, j - b
        bounds.append((first, len(st)))
    g_a, i_a, j_a, t_a = (np.array(x, dtype=np.int64) for x in (sg, si, sj, st))
    av = np.array([a for a, _ in beads])
    a_a = av[t_a]
    k_a = i_a - a_a
    n_a = ns[g_a]
    # A step covering zh segments: the cheapest full path through another edge that covers
    # its first zh segment, i.e. any bead with a zh side ending within reach of it; the
    # step's own edge counts with its row's second cheapest cell when it is the cheapest.
    other = np.full(len(t_a), INF)
    for tt, (aa, _bb) in enumerate(beads):
        for o in range(1, aa + 1):
            ii = k_a + o
            ok = (a_a > 0) & (ii <= n_a)
            iic = np.minimum(ii, N)
            v = min1[tt, g_a, iic]
            own = ok & (t_a == tt) & (ii == i_a) & (amin[tt, g_a, iic] == j_a)
            v = np.where(own, min2[tt, g_a, iic], v)
            other = np.minimum(other, np.where(ok, v, INF))
    other = other.tolist()
    for x in np.flatnonzero(a_a == 0).tolist():
        g = sg[x]
        other[x] = _ja_other(TH, beads, g, int(ns[g]), int(ms[g]), si[x], sj[x], st[x])
    costs = C[t_a, g_a, i_a, PAD + j_a].tolist()
    sims = S[t_a, g_a, i_a, j_a].tolist()
    totals_l = totals.tolist()

    results = []
    tau = params.tau
    for g, (first, last) in enumerate(bounds):
        total_cost = totals_l[g]
        steps = []
        for x in range(last - 1, first - 1, -1):
            i, j, t = si[x], sj[x], st[x]
            a, b = beads[t]
            margin = max(0.0, other[x] - total_cost)
            conf = 1.0 - math.exp(-margin / tau) if margin < INF else 1.0
            steps.append(Step(tuple(range(i - a, i)), tuple(range(j - b, j)), costs[x], sims[x], margin, conf))
        results.append(steps)
    return results


def _chunk_grams(problems) -> np.ndarray:
    """Dot products of every problem's segments (zh then ja), upper triangle: gram[g, r, s], r < s.

    Thousands of small dictionary dot products cost far more in calls than in arithmetic,
    so all of a chunk's are done at once: the entries of all segments are grouped by
    (problem, feature), every two entries of a group make one product, and the products
    are summed per (problem, row, row) in one bincount. No BLAS call: its threads only
    wait for each other on a machine with its cores busy.
    """
    segs = [f for p in problems for f in chain(p[0], p[1])]
    sizes = np.array([len(p[0]) + len(p[1]) for p in problems])
    G, R = len(problems), int(sizes.max())
    lens = np.fromiter(map(len, (f.keys for f in segs)), dtype=np.int64, count=len(segs))
    total = int(lens.sum())
    if total == 0:
        return np.zeros((G, R, R))
    # Keys by their ids (featurize's): only distinct integers are needed. Numbers from the
    # Idf are small and serve as they are; ids from hashes are ranked first.
    hashes = key_ids(segs, total)
    if hashes.min() >= 0 and int(hashes.max()) < (1 << 40):
        gid = hashes
    else:
        _, gid = np.unique(hashes, return_inverse=True)
    seg_prob = np.repeat(np.arange(G), sizes)
    seg_row = np.arange(len(segs)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    group = np.repeat(seg_prob, lens) * (int(gid.max()) + 1) + gid.ravel()
    rows = np.repeat(seg_row, lens)
    # (group, row) is unique, as a key occurs once per segment: a plain sort of it gives the
    # order a stable sort of the groups would (rows ascending within a group), and faster.
    order = np.argsort(group * R + rows)
    group = group[order]
    prob = np.repeat(seg_prob, lens)[order]
    row = rows[order]
    vals = np.concatenate([f.vals for f in segs])[order]
    # Each entry meets the entries after it in its group (rows ascend within a group).
    starts = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1])))
    ends = np.append(starts[1:], total)
    after = np.repeat(ends, ends - starts) - np.arange(total) - 1
    first = np.repeat(np.arange(total), after)
    second = first + 1 + np.arange(int(after.sum())) - np.repeat(np.cumsum(after) - after, after)
    flat = (prob[first] * R + row[first]) * R + row[second]
    return np.bincount(flat, weights=vals[first] * vals[second], minlength=G * R * R).reshape(G, R, R)


def _ja_other(TH, beads, g, n, m, i, j, t) -> float:
    """Cheapest full path through another edge covering ja segment j-1 (for a chosen 0-1)."""
    q = j - 1
    best = INF
    for tt, (_aa, bb) in enumerate(beads):
        for jj in range(q + 1, min(q + bb, m) + 1):
            for ii in range(n + 1):
                if tt == t and ii == i and jj == j:
                    continue
                v = TH[tt, g, ii, jj]
                if v < best:
                    best = float(v)
    return best
