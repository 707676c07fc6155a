"""Alignment: paragraphs first, then sentences inside each aligned paragraph group.

The length model is calibrated on the document itself: the expected ja/zh length ratio is
the document's overall ratio, not a published constant. An optional second pass
(`AlignConfig(refine=True)`) re-estimates ratio and spread from the beads the first pass
was sure of; on the seed and its variants it did not improve F1, so it is off by default.
The lexicon pass (`AlignConfig(lexicon=True)`, the default) is on: a small zh-ja lexicon
learned from the first pass's sure pairs (lexicon.py) lets the windows around unsure beads
be searched again with words that share no characters (附件/付属文書) counted as matches.
Before that, the bundled glossary's terms are shared features from the start
(`AlignConfig(dictionary=True)`, dictionary.py): the lexicon cannot learn a word from a
document where it never sits in a sure pair.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, replace

import numpy as np

from ..errors import ConfigError
from ..lang.sentences import DEFAULT_TERMINATORS, segments_of
from ..model import Alignment, Bilingual, Segment, Unit
from . import dictionary, dp_batch, dp_vector, lexicon
from .dp import PARAGRAPH_BEADS, SENTENCE_BEADS, UNMATCHED_CAP, Containment, Params, Step, caps, one_sided, search
from .bags import Bag, unique_counts
from .features import featurize, raw_features, split_features
from .filepairs import file_pairs
from .gcpause import gc_paused
from .idf import Idf

LEVELS = ("paragraph", "sentence")

# Below this, a unit is reported as low-confidence (CLI summary, reviewers' attention).
LOW_CONFIDENCE = 0.5
# From this many segments (both sides) the numpy search beats the pure-Python one, whose
# per-call set-up is smaller; both give the same path (tests/test_align_dp.py).
VECTOR_FROM = 40
# Second pass: beads either side of an unsure one that are searched again with it, and
# how many sure pairs the lexicon is learned from at most.
WINDOW = 3
LEXICON_PAIRS = 400


@dataclass(frozen=True)
class AlignConfig:
    """Knobs a caller (or a benchmark's baseline) may change; defaults are the tuned ones."""

    params: Params = Params()
    band: int = 6
    refine: bool = False
    terminators: str = DEFAULT_TERMINATORS
    sim_floor: float = 0.04     # similarity at or below which a matched bead earns no confidence
    sim_share: float = 0.7      # share of the document's typical similarity that earns full confidence
    conf_tau: float = 0.2       # margin (cost units) at which a bead's confidence reaches 1-1/e
    lexicon: bool = True        # second pass with a lexicon learned from the first pass's sure pairs
    lexicon_conf: float = 0.5   # first-pass confidence a 1-1 pair needs to teach the lexicon
    dictionary: bool = True     # the bundled glossary's terms count as shared features (dictionary.py)
    realign: bool = False       # pair a file that pairs its text itself (Bilingual.pairs) anew, as any other


def _typical_similarity(steps: list[Step]) -> float:
    """Median similarity of the document's matched beads: what a good pair looks like *here*.

    How much text two translations share depends on the text type and the translator, so
    a pair is judged against its own document, not against a fixed number.
    """
    sims = [s.similarity for s in steps if s.zh and s.ja]
    return statistics.median(sims) if sims else 0.0


def _confidence(step: Step, cfg: AlignConfig, typical: float) -> float:
    """Margin confidence, capped by how the pair's similarity compares with the document's typical pair.

    The scales (conf_tau, sim_share) were set on derived variants of the seed so that
    nearly every right bead reads >= 0.5 while the wrong ones stay below (see the
    calibration table of benchmarks/align_bench.py).
    """
    margin = 1.0 - math.exp(-step.margin / cfg.conf_tau) if step.margin < math.inf else 1.0
    if not step.zh or not step.ja:
        return min(UNMATCHED_CAP, margin * UNMATCHED_CAP)
    if not cfg.params.content:
        return margin
    lo = cfg.sim_floor
    hi = max(lo + 0.05, cfg.sim_share * typical)
    content = min(1.0, max(0.0, (step.similarity - lo) / (hi - lo)))
    return margin * content


def _calibrate(steps: list[Step], zlen: list[int], jlen: list[int], params: Params) -> Params:
    """Ratio and spread of ja/zh lengths from confident 1-1 beads (robust: medians)."""
    pairs = [(zlen[s.zh[0]], jlen[s.ja[0]]) for s in steps
             if len(s.zh) == 1 and len(s.ja) == 1 and s.confidence >= 0.5 and zlen[s.zh[0]] >= 5]
    if len(pairs) < 5:
        return params
    # Length-weighted: a short heading translates almost char for char, prose expands.
    ratio = sum(lj for _, lj in pairs) / sum(lz for lz, _ in pairs)
    resid = [(lj - ratio * lz) ** 2 / (0.5 * (lz + lj / ratio)) for lz, lj in pairs]
    # Median of a chi-square(1) variable is 0.455 times its variance.
    var = min(40.0, max(1.0, statistics.median(resid) / 0.455))
    return replace(params, ratio=ratio, var=var)


def _initial_params(zh: list[Segment], ja: list[Segment], params: Params) -> Params:
    lz = sum(len(s.text) for s in zh)
    lj = sum(len(s.text) for s in ja)
    if lz == 0 or lj == 0:
        return params
    return replace(params, ratio=lj / lz)


def _raws(segs: list[Segment], lang: str, cfg: AlignConfig) -> list:
    """Raw feature counts of segments, dictionary terms included (when the config uses them)."""
    raws = [raw_features(s.text, lang) for s in segs]
    if _uses_dictionary(cfg):
        raws = dictionary.add(raws, dictionary.default().counts([s.text for s in segs], lang))
    return raws


def _uses_dictionary(cfg: AlignConfig) -> bool:
    return cfg.dictionary and cfg.params.content


def _weights(zraw: list, jraw: list, params: Params) -> Containment | None:
    """Containment weights of the document (dp.one_sided), None when they would change nothing."""
    if not params.content or params.one_sided == 1.0 or not zraw or not jraw:
        return None
    return one_sided(_keys(zraw), _keys(jraw), params.one_sided)


def _keys(raws: list[Bag]):
    """Every key of some bags, each once."""
    return unique_counts(np.concatenate([r.keys for r in raws]))[0]


def align_segments(zh: list[Segment], ja: list[Segment], *, config: AlignConfig = AlignConfig(),
                   beads=PARAGRAPH_BEADS, idf: Idf | None = None, params: Params | None = None,
                   zraw: list | None = None, jraw: list | None = None,
                   weights: Containment | None = None) -> tuple[list[Step], Params, Idf]:
    """Align two segment lists; returns the path, the calibrated parameters and the idf used.

    `zraw`/`jraw` are the segments' raw feature counts when the caller already has them.
    `weights`: containment weights (dp.one_sided); fitted on these segments with the idf.
    """
    if zraw is None:
        zraw = _raws(zh, "zh", config)
    if jraw is None:
        jraw = _raws(ja, "ja", config)
    if idf is None:
        idf = Idf.fit(zraw + jraw)
        if weights is None:
            weights = _weights(zraw, jraw, params or config.params)
    zf = featurize([s.text for s in zh], "zh", idf, zraw)
    jf = featurize([s.text for s in ja], "ja", idf, jraw)
    zcap, jcap = caps(zf, weights, idf), caps(jf, weights, idf)
    p = params or _initial_params(zh, ja, config.params)
    if len(zf) + len(jf) > VECTOR_FROM:
        prepared = dp_vector.prepare(zf, jf, beads, zcap, jcap)
        run = lambda q: dp_vector.search(zf, jf, q, beads=beads, width=config.band, prepared=prepared)  # noqa: E731
    else:
        cache: dict = {}
        run = lambda q: search(zf, jf, q, beads=beads, width=config.band, cache=cache,  # noqa: E731
                               zcap=zcap, jcap=jcap)
    steps = run(p)
    if config.lexicon and params is None and config.params.content:
        steps = _lexicon_pass(steps, zh, ja, zraw, jraw, idf, p, beads, config, weights)
    if config.refine and params is None:
        p2 = _calibrate(steps, [f.length for f in zf], [f.length for f in jf], p)
        if p2 != p:
            p = p2
            steps = run(p)
    return steps, p, idf


def _lexicon_pass(steps: list[Step], zh: list[Segment], ja: list[Segment], zraw: list, jraw: list,
                  idf: Idf, params: Params, beads, cfg: AlignConfig,
                  weights: Containment | None = None) -> list[Step]:
    """Re-align the unsure stretches with a lexicon learned from the sure pairs.

    Sure beads stay as they are: a monotone path through them splits the document into
    independent stretches, so only windows around unsure beads are searched again (all of
    them at once, as a batch), which keeps the second pass far cheaper than the first.
    """
    sure = [k for k, s in enumerate(steps)
            if len(s.zh) == 1 and len(s.ja) == 1 and s.confidence >= cfg.lexicon_conf]
    weak = [k for k, s in enumerate(steps) if s.confidence < cfg.lexicon_conf or not s.zh or not s.ja]
    if not weak or not sure:
        return steps
    # A few hundred pairs, spread over the document, teach all a lexicon this small can hold.
    stride = max(1, len(sure) // LEXICON_PAIRS)
    pairs = [(zraw[steps[k].zh[0]], jraw[steps[k].ja[0]]) for k in sure[::stride]]
    lex, df = lexicon.learn(pairs, zraw, jraw, stride=stride)
    if not lex:
        return steps
    windows: list[list[int]] = []
    for k in weak:
        a, b = max(0, k - WINDOW), min(len(steps), k + WINDOW + 1)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = b
        else:
            windows.append([a, b])
    spans = []
    for a, b in windows:
        zi = [i for s in steps[a:b] for i in s.zh]
        ji = [j for s in steps[a:b] for j in s.ja]
        spans.append((zi[0] if zi else 0, zi[-1] + 1 if zi else 0, ji[0] if ji else 0, ji[-1] + 1 if ji else 0))
    zsel = sorted({i for z0, z1, _, _ in spans for i in range(z0, z1)})
    jsel = sorted({j for _, _, j0, j1 in spans for j in range(j0, j1)})
    zaug, jaug = lexicon.augment([zraw[i] for i in zsel], [jraw[j] for j in jsel], lex)
    idf = idf.extended(df, len(zraw) + len(jraw))
    zfl = featurize([zh[i].text for i in zsel], "zh", idf, zaug)
    jfl = featurize([ja[j].text for j in jsel], "ja", idf, jaug)
    zfe, jfe = dict(zip(zsel, zfl)), dict(zip(jsel, jfl))
    # Caps of all windows' segments in one call each (caps depend on the segment alone).
    zce, jce = caps(zfl, weights, idf), caps(jfl, weights, idf)
    zce = dict(zip(zsel, zce)) if zce is not None else None
    jce = dict(zip(jsel, jce)) if jce is not None else None
    problems = []
    for z0, z1, j0, j1 in spans:
        zf, jf = [zfe[i] for i in range(z0, z1)], [jfe[j] for j in range(j0, j1)]
        problems.append((zf, jf, [zce[i] for i in range(z0, z1)] if zce is not None else None,
                         [jce[j] for j in range(j0, j1)] if jce is not None else None))
    solved = dp_batch.search_many(problems, params, beads=beads)
    out: list[Step] = []
    last = 0
    for (a, b), (z0, _, j0, _), sub, (zf, jf, zc, jc) in zip(windows, spans, solved, problems):
        if sub is None:
            sub = dp_vector.search(zf, jf, params, beads=beads, width=cfg.band, zcap=zc, jcap=jc)
        out.extend(steps[last:a])
        out.extend(replace(s, zh=tuple(z0 + i for i in s.zh), ja=tuple(j0 + j for j in s.ja)) for s in sub)
        last = b
    out.extend(steps[last:])
    return out


@dataclass(frozen=True)
class _Split:
    """A paragraph's sentences, its raw features and its sentences' (dictionary terms included)."""

    sentences: tuple[Segment, ...]
    raw: Bag
    raws: tuple[Bag, ...]


def _split_all(segs: list[Segment], lang: str, terminators: str, cfg: AlignConfig | None = None) -> list[_Split]:
    """Every segment cut into sentences with their features, the document analysed in one pass
    (features.split_features), with the dictionary's terms when the config uses them."""
    terms = dictionary.default().term_keys if cfg is not None and _uses_dictionary(cfg) else None
    return [_Split(segments_of(seg, sf.parts), sf.raw, sf.sentence_raws)
            for seg, sf in zip(segs, split_features([s.text for s in segs], lang, terminators, terms))]


@gc_paused()
def align(doc: Bilingual, *, level: str = "paragraph", config: AlignConfig | None = None) -> Alignment:
    """Align a document's paragraphs, and at level="sentence" the sentences inside them."""
    if level not in LEVELS:
        raise ConfigError(f"unknown alignment level '{level}'", hint=f"use one of: {', '.join(LEVELS)}")
    cfg = config or AlignConfig()
    zh, ja = list(doc.zh), list(doc.ja)
    zsplit = _split_all(zh, "zh", cfg.terminators, cfg)
    jsplit = _split_all(ja, "ja", cfg.terminators, cfg)
    zraw, jraw = [x.raw for x in zsplit], [x.raw for x in jsplit]
    weights = _weights(zraw, jraw, cfg.params)
    steps, params, idf = align_segments(zh, ja, config=cfg, zraw=zraw, jraw=jraw, weights=weights)
    typical = _typical_similarity(steps)
    confs = [_confidence(s, cfg, typical) for s in steps]
    elsewhere = [("", "")] * len(steps)
    given = doc.pairs is not None and not cfg.realign
    if given:
        in_z = {i for gz, _ in doc.pairs for i in gz}
        in_j = {j for _, gj in doc.pairs for j in gj}
        free_z = [i for i in range(len(zh)) if i not in in_z]
        free_j = [j for j in range(len(ja)) if j not in in_j]
        if free_z or free_j:
            # Text the file does not pair (a title over a table) is aligned on its own, and the file's
            # pairs judged by a path over their text alone: a title does not join the first row.
            def apart(zi: list[int], ji: list[int]) -> list[Step]:
                if not zi or not ji:
                    return ([Step((i,), (), 0.0, 0.0, math.inf, 0.0) for i in zi]
                            + [Step((), (j,), 0.0, 0.0, math.inf, 0.0) for j in ji])
                sub, _, _ = align_segments([zh[i] for i in zi], [ja[j] for j in ji], config=cfg,
                                           zraw=[zraw[i] for i in zi], jraw=[jraw[j] for j in ji], weights=weights)
                return [replace(a, zh=tuple(zi[i] for i in a.zh), ja=tuple(ji[j] for j in a.ja)) for a in sub]

            paired = apart(sorted(in_z), sorted(in_j))
            typical = _typical_similarity(paired)
            free = apart(free_z, free_j)
            steps, confs, elsewhere = file_pairs(doc, paired, [_confidence(a, cfg, typical) for a in paired],
                                                  (free, [_confidence(a, cfg, typical) for a in free]))
        else:
            steps, confs, elsewhere = file_pairs(doc, steps, confs)
    para_units = [Unit(k, tuple(zh[i] for i in s.zh), tuple(ja[j] for j in s.ja), c, paired_elsewhere=e,
                       elsewhere_side=side) for k, (s, c, (e, side)) in enumerate(zip(steps, confs, elsewhere))]
    settings = {"level": level, "aligner": "banded-dp", "ratio": round(params.ratio, 4),
                "var": round(params.var, 3), "content": params.content}
    if doc.pairs is not None:
        settings["pairs"] = "file" if given else "realigned"
    if level == "paragraph":
        return Alignment(tuple(para_units), level, doc, settings)
    units = sentence_units(para_units, steps, zsplit, jsplit, cfg, params, idf, weights=weights)
    return Alignment(tuple(units), level, doc, settings)


@gc_paused()
def sentence_units(para_units: list[Unit], steps: list[Step], zsplit: list[_Split], jsplit: list[_Split],
                   cfg: AlignConfig, params: Params, idf: Idf, *, weights: Containment | None = None) -> list[Unit]:
    """Sentence units inside each paragraph unit (Unit.parent = the paragraph unit's index).

    All paragraph groups are searched together (dp_batch); a group too large for that goes
    through the banded search on its own. `zsplit`/`jsplit` (_split_all) hold the sentences'
    features, dictionary terms included; `weights` are the document's containment weights.
    """
    groups = []
    # The sentences of every problem, one list per language: added to, weighted and capped
    # in one call each (thousands of per-problem calls cost more than the arithmetic).
    zall: list[Segment] = []
    jall: list[Segment] = []
    zr: list = []
    jr: list = []
    spans = []
    for pu, step in zip(para_units, steps):
        zs = [s for i in step.zh for s in zsplit[i].sentences]
        js = [s for j in step.ja for s in jsplit[j].sentences]
        trivial = not zs or not js or (len(zs) == 1 and len(js) == 1)
        groups.append((pu, zs, js, None if trivial else len(spans)))
        if not trivial:
            spans.append((len(zall), len(zall) + len(zs), len(jall), len(jall) + len(js)))
            zall.extend(zs)
            jall.extend(js)
            for i in step.zh:
                zr.extend(zsplit[i].raws)
            for j in step.ja:
                jr.extend(jsplit[j].raws)
    zf = featurize([s.text for s in zall], "zh", idf, zr)
    jf = featurize([s.text for s in jall], "ja", idf, jr)
    zc, jc = caps(zf, weights, idf), caps(jf, weights, idf)
    problems = [(zf[z0:z1], jf[j0:j1], zc[z0:z1] if zc is not None else None, jc[j0:j1] if jc is not None else None)
                for z0, z1, j0, j1 in spans]
    solved = dp_batch.search_many(problems, params, beads=SENTENCE_BEADS)
    for k, sub in enumerate(solved):
        if sub is None:
            zf, jf, zc, jc = problems[k]
            solved[k] = dp_vector.search(zf, jf, params, beads=SENTENCE_BEADS, width=cfg.band, zcap=zc, jcap=jc)
    typical = _typical_similarity([s for sub in solved for s in sub])
    out: list[Unit] = []
    for pu, zs, js, k in groups:
        start = len(out)
        if k is None:
            if zs and js:
                out.append(Unit(len(out), tuple(zs), tuple(js), pu.confidence, pu.index))
            else:
                for s in zs:
                    out.append(Unit(len(out), (s,), (), min(pu.confidence, UNMATCHED_CAP), pu.index))
                for s in js:
                    out.append(Unit(len(out), (), (s,), min(pu.confidence, UNMATCHED_CAP), pu.index))
        else:
            for s in solved[k]:
                conf = _confidence(s, cfg, typical)
                if s.zh and s.ja:
                    conf = min(pu.confidence, conf)
                out.append(Unit(len(out), tuple(zs[i] for i in s.zh), tuple(js[j] for j in s.ja), conf, pu.index))
        if pu.paired_elsewhere and len(out) > start:
            # Said once, on the paragraph's first sentence: the pairing is the paragraph's.
            out[start] = replace(out[start], paired_elsewhere=pu.paired_elsewhere, elsewhere_side=pu.elsewhere_side)
    return out
