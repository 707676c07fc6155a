"""The numpy search and the pure-Python search implement one model: same path, same figures."""
from pathlib import Path

import pytest

from aligner.align import dp_vector
from aligner.align.dp import PARAGRAPH_BEADS, SENTENCE_BEADS, Params, search
from aligner.align.evaluate import beads_from_records, read_gold
from aligner.align.features import featurize, raw_features
from aligner.align.idf import Idf
from aligner.align.synthetic import STANDARD_VARIANTS, variant
from aligner.readers import read_bilingual

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def seed():
    doc = read_bilingual([str(ROOT / "corpora" / "001_27f565d3809ec41b.txt")])
    _, recs = read_gold(ROOT / "corpora" / "gold" / "001_paragraphs.jsonl")
    return doc, beads_from_records(recs)


def _features(doc):
    zr = [raw_features(s.text, "zh") for s in doc.zh]
    jr = [raw_features(s.text, "ja") for s in doc.ja]
    idf = Idf.fit(zr + jr)
    return (featurize([s.text for s in doc.zh], "zh", idf, zr), featurize([s.text for s in doc.ja], "ja", idf, jr))


@pytest.mark.parametrize("name", ["mixed", "deleted"])
@pytest.mark.parametrize("beads", [PARAGRAPH_BEADS, SENTENCE_BEADS], ids=["paragraph", "sentence"])
@pytest.mark.parametrize("width", [1, 6])
def test_vector_search_equals_python_search(seed, name, beads, width):
    doc, gold = seed
    v, _ = variant(doc, gold, STANDARD_VARIANTS[name], seed=2)
    zf, jf = _features(v)
    params = Params(ratio=1.5, var=3.0)
    a = search(zf, jf, params, beads=beads, width=width)
    b = dp_vector.search(zf, jf, params, beads=beads, width=width)
    assert [(s.zh, s.ja) for s in a] == [(s.zh, s.ja) for s in b]
    for x, y in zip(a, b):
        assert x.cost == pytest.approx(y.cost, abs=1e-9)
        assert x.similarity == pytest.approx(y.similarity, abs=1e-9)
        assert x.margin == pytest.approx(y.margin, abs=1e-6)


def test_vector_search_on_uneven_sides(seed):
    # Many more Japanese than Chinese segments: band offsets grow by several columns a row.
    doc, _ = seed
    zf, jf = _features(doc)
    params = Params(ratio=1.5, var=3.0)
    a = search(zf[:8], jf, params, width=2)
    b = dp_vector.search(zf[:8], jf, params, width=2)
    assert [(s.zh, s.ja) for s in a] == [(s.zh, s.ja) for s in b]


def test_batched_search_equals_python_search(seed):
    import random

    from aligner.align import dp_batch
    from aligner.lang.sentences import split_segment
    doc, _ = seed
    zs = [s for p in doc.zh for s in split_segment(p)]
    js = [s for p in doc.ja for s in split_segment(p)]
    sentences = doc.__class__(tuple(zs), tuple(js), doc.layout, doc.encoding, doc.files)
    zf, jf = _features(sentences)
    rng = random.Random(7)
    problems = []
    for _ in range(120):
        n, m = rng.randint(0, 7), rng.randint(0, 7)
        a = rng.randrange(0, len(zf) - 8)
        b = max(0, min(len(jf) - 8, a + rng.randint(-3, 3)))
        problems.append((zf[a:a + n], jf[b:b + m]))
    params = Params(ratio=1.5, var=3.0)
    got = dp_batch.search_many(problems, params, beads=SENTENCE_BEADS)
    for (z, j), steps in zip(problems, got):
        ref = search(z, j, params, beads=SENTENCE_BEADS)
        assert [(s.zh, s.ja) for s in ref] == [(s.zh, s.ja) for s in steps]
        for x, y in zip(ref, steps):
            assert x.margin == pytest.approx(y.margin, abs=1e-6)
            assert x.similarity == pytest.approx(y.similarity, abs=1e-9)


def test_chunk_dot_products_equal_dictionary_dot_products(seed):
    # The batched search reads every product of a problem's segments (zh then ja, r < s)
    # from one grouped computation; each must equal the plain dictionary dot product.
    import random

    import numpy as np

    from aligner.align.dp_batch import _chunk_grams
    from aligner.align.features import dot
    doc, _ = seed
    zf, jf = _features(doc)
    rng = random.Random(3)
    problems = []
    for _ in range(40):
        n, m = rng.randint(1, 6), rng.randint(1, 6)
        a, b = rng.randrange(0, len(zf) - 6), rng.randrange(0, len(jf) - 6)
        problems.append((zf[a:a + n], jf[b:b + m]))
    grams = _chunk_grams(problems)
    for g, (z, j) in enumerate(problems):
        segs = list(z) + list(j)
        for r in range(len(segs)):
            for s in range(r + 1, len(segs)):
                assert grams[g, r, s] == pytest.approx(dot(segs[r].vec, segs[s].vec), rel=1e-12, abs=1e-12)
        assert np.all(np.tril(grams[g]) == 0.0)


def _caps(zf, jf, weight=0.3):
    from aligner.align.dp import caps, one_sided
    w = one_sided({k for f in zf for k in f.keys}, {k for f in jf for k in f.keys}, weight)
    return caps(zf, w), caps(jf, w)


@pytest.mark.parametrize("beads", [PARAGRAPH_BEADS, SENTENCE_BEADS], ids=["paragraph", "sentence"])
def test_searches_agree_with_containment_weights(seed, beads):
    # Down-weighted one-sided features change merged beads' costs; all three searches must
    # apply the same denominators.
    from aligner.align import dp_batch
    doc, gold = seed
    v, _ = variant(doc, gold, STANDARD_VARIANTS["mixed"], seed=1)
    zf, jf = _features(v)
    zc, jc = _caps(zf, jf)
    assert any(a < f.norm2 - 1e-9 for a, f in zip(zc, zf))
    params = Params(ratio=1.5, var=3.0, merge_slack=1.0)
    a = search(zf, jf, params, beads=beads, zcap=zc, jcap=jc)
    b = dp_vector.search(zf, jf, params, beads=beads, zcap=zc, jcap=jc)
    assert [(s.zh, s.ja) for s in a] == [(s.zh, s.ja) for s in b]
    for x, y in zip(a, b):
        assert x.cost == pytest.approx(y.cost, abs=1e-9)
        assert x.margin == pytest.approx(y.margin, abs=1e-6)
    # Small windows of the same problem through the batched search.
    problems = [(zf[k:k + 5], jf[k:k + 6], zc[k:k + 5], jc[k:k + 6]) for k in range(0, 40, 4)]
    for (z, j, c1, c2), steps in zip(problems, dp_batch.search_many(problems, params, beads=beads)):
        ref = search(z, j, params, beads=beads, zcap=c1, jcap=c2)
        assert [(s.zh, s.ja) for s in ref] == [(s.zh, s.ja) for s in steps]
        for x, y in zip(ref, steps):
            assert x.cost == pytest.approx(y.cost, abs=1e-9)
            assert x.margin == pytest.approx(y.margin, abs=1e-6)


def test_searches_agree_whether_features_carry_idf_numbers_or_not(seed):
    # Features built without ids fall back to hashing their keys (and to the general
    # lookups: binary search, lexsort, np.unique): the paths and figures must not change.
    from aligner.align import dp_batch
    from aligner.align.features import SegmentFeatures
    doc, gold = seed
    v, _ = variant(doc, gold, STANDARD_VARIANTS["mixed"], seed=1)
    zf, jf = _features(v)
    assert all(f.ids is not None for f in zf + jf)
    bare = lambda fs: [SegmentFeatures(f.keys, f.vals, f.length, f.marker) for f in fs]  # noqa: E731
    params = Params(ratio=1.5, var=3.0)
    a = dp_vector.search(zf, jf, params, width=6)
    b = dp_vector.search(bare(zf), bare(jf), params, width=6)
    assert [(s.zh, s.ja) for s in a] == [(s.zh, s.ja) for s in b]
    for x, y in zip(a, b):  # the dot products may be summed in another order: last bits differ
        assert (x.cost, x.similarity, x.margin) == pytest.approx((y.cost, y.similarity, y.margin), abs=1e-9)
    problems = [(zf[k:k + 4], jf[k:k + 5]) for k in range(0, 40, 4)]
    got = dp_batch.search_many(problems, params, beads=SENTENCE_BEADS)
    ref = dp_batch.search_many([(bare(z), bare(j)) for z, j in problems], params, beads=SENTENCE_BEADS)
    assert [[(s.zh, s.ja) for s in p] for p in got] == [[(s.zh, s.ja) for s in p] for p in ref]
    for p, q in zip(got, ref):
        for x, y in zip(p, q):
            assert x.margin == pytest.approx(y.margin, abs=1e-9)
            assert x.similarity == pytest.approx(y.similarity, abs=1e-12)
