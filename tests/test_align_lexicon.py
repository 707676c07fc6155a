"""The second-pass lexicon: learned from sure pairs, only for words that do not share characters."""
from hypothesis import given, settings, strategies as st

from aligner.align import lexicon
from aligner.align.bags import Bag
from aligner.align.features import raw_features
from aligner.align.keys import key_of


def _raws(texts, lang):
    return [raw_features(t, lang) for t in texts]


def _named(counts):
    """Counts by key from counts by readable name (keys.key_of)."""
    return Bag.of(counts).as_dict()


def test_learns_a_translation_that_shares_no_characters():
    zh = ["附件：工作方案", "附件", "国务院办公厅"]
    ja = ["付属文書：業務方案", "付属文書", "国務院弁公庁"]
    zr, jr = _raws(zh, "zh"), _raws(ja, "ja")
    lex, df = lexicon.learn([(zr[0], jr[0])], zr, jr)
    assert key_of("付属") in lex[key_of("附件")]
    assert df[lexicon.key(key_of("附件"), key_of("付属"))] == 4
    # Shared bigrams (方案) need no lexicon entry.
    assert key_of("方案") not in lex


def test_word_seen_once_in_the_document_is_not_learned():
    zh = ["附件：工作方案", "其他"]
    ja = ["付属文書：業務方案", "その他"]
    zr, jr = _raws(zh, "zh"), _raws(ja, "ja")
    lex, _ = lexicon.learn([(zr[0], jr[0])], zr, jr)
    assert key_of("附件") not in lex


def test_word_frequent_everywhere_does_not_pair_with_a_rare_one():
    # 工作 occurs in every zh segment, so co-occurring once with 付属 says nothing.
    zh = ["附件工作", "工作计划", "工作要求", "工作安排", "附件"]
    ja = ["付属文書", "計画", "要求", "手配", "付属文書"]
    zr, jr = _raws(zh, "zh"), _raws(ja, "ja")
    lex, _ = lexicon.learn([(zr[0], jr[0])], zr, jr)
    assert key_of("付属") not in lex.get(key_of("工作"), [])
    assert key_of("付属") in lex[key_of("附件")]


def test_augment_adds_the_same_feature_on_both_sides():
    lex = {key_of("附件"): [key_of("付属")]}
    z, j = lexicon.augment([Bag.of({"附件": 2})], [Bag.of({"付属": 1}), Bag.of({"文书": 1})], lex)
    k = lexicon.key(key_of("附件"), key_of("付属"))
    assert z[0][k] == 2 and j[0][k] == 1 and k not in j[1]


def test_dictionary_terms_are_one_feature_on_both_sides():
    from aligner.align.dictionary import Dictionary
    d = Dictionary([("附件", ("付属文書", "別紙")), ("海关总署", ("税関総署",)), ("海关", ("税関",)), ("金", ("金",))])
    zh = d.counts(["附件：海关总署与海關的通知", "黄金和资金", "两个附件，附件二"], "zh")
    ja = d.counts(["付属文書：税関総署・税関の通知", "別 紙", "金融"], "ja")
    assert zh[0].as_dict() == _named({"#d附件": 1, "#d海关总署": 1, "#d海关": 1})  # longest first; 海關 folds to 海关
    assert zh[1] is None                                            # one-character terms are not evidence
    assert zh[2].as_dict() == _named({"#d附件": 2})
    assert ja[0].as_dict() == _named({"#d附件": 1, "#d海关总署": 1, "#d海关": 1})  # 総/总, 関/关 meet after folding
    assert ja[1].as_dict() == _named({"#d附件": 1})                  # spaces and middle dots ignored
    assert ja[2] is None


def test_dictionary_counts_texts_holding_the_separator():
    from aligner.align.dictionary import Dictionary
    d = Dictionary([("附件", ("付属文書",))])
    got = d.counts(["前\n附件", "附件", "无"], "zh")
    assert [c.as_dict() if c is not None else None for c in got] == [_named({"#d附件": 1}), _named({"#d附件": 1}), None]


def test_default_dictionary_is_the_bundled_glossary():
    from aligner.align.dictionary import default
    d = default()
    assert len(d) > 100
    assert d.counts(["附件"], "zh")[0].as_dict() == d.counts(["付属文書"], "ja")[0].as_dict()


def reference_learn(pairs, zraws, jraws, stride=1):
    """lexicon.learn written the plain way: sets of bigrams per pair, counters, a loop per word pair."""
    from collections import Counter, defaultdict

    from aligner.align.keys import is_bigram

    def bigrams(raw):
        return set(raw.keys[is_bigram(raw.keys)].tolist())

    residues = [(bigrams(z) - bigrams(j), bigrams(j) - bigrams(z)) for z, j in pairs]
    words = set().union(*(a | b for a, b in residues)) if residues else set()
    zdf = Counter(k for r in zraws for k in r.keys.tolist() if k in words)
    jdf = Counter(k for r in jraws for k in r.keys.tolist() if k in words)
    zonly = {w for w, c in zdf.items() if c >= 2 and w not in jdf}
    jonly = {v for v, c in jdf.items() if c >= 2 and v not in zdf}
    zres_all = [[w for w in zb if w in zonly] for zb, _ in residues]
    jres_all = [[v for v in jb if v in jonly] for _, jb in residues]
    cz = Counter(w for ws in zres_all for w in ws)
    cj = Counter(v for vs in jres_all for v in vs)
    zkeep = {w for w, c in cz.items() if 2.0 * stride * c >= lexicon.MIN_DICE * zdf[w]}
    jkeep = {v for v, c in cj.items() if 2.0 * stride * c >= lexicon.MIN_DICE * jdf[v]}
    cw = Counter()
    for zres, jres in zip(zres_all, jres_all):
        zres = [w for w in zres if w in zkeep]
        jres = [v for v in jres if v in jkeep]
        if len(zres) * len(jres) > lexicon.MAX_PRODUCT:
            continue
        for w in zres:
            for v in jres:
                cw[w, v] += 1
    cand = defaultdict(list)
    for (w, v), c in cw.items():
        dice = 2.0 * c * stride / (zdf[w] + jdf[v])
        if dice >= lexicon.MIN_DICE:
            cand[w].append((dice, v))
    lex = {w: [v for _, v in sorted(vs, reverse=True)[:lexicon.MAX_PARTNERS]] for w, vs in cand.items()}
    return lex, {lexicon.key(w, v): zdf[w] + jdf[v] for w, vs in lex.items() for v in vs}


def test_learn_equals_the_plain_loops_on_the_seed():
    from pathlib import Path

    from aligner.align.features import split_features
    from aligner.readers import read_bilingual
    root = Path(__file__).resolve().parents[1]
    doc = read_bilingual([str(root / "corpora" / "001_27f565d3809ec41b.txt")])
    zr = [sf.raw for sf in split_features([s.text for s in doc.zh], "zh")] * 3
    jr = [sf.raw for sf in split_features([s.text for s in doc.ja], "ja")] * 3
    n = min(len(zr), len(jr))
    for stride, pairs in [(1, list(zip(zr, jr))[:n]), (2, list(zip(zr, jr))[:n:2]), (1, list(zip(zr, jr[1:])))]:
        assert lexicon.learn(pairs, zr, jr, stride=stride) == reference_learn(pairs, zr, jr, stride)
    assert lexicon.learn([], zr, jr) == ({}, {})


SMALL_TERMS = [("附件", ("付属文書", "別紙")), ("附件二", ("別紙二",)), ("海关总署", ("税関総署",)), ("海关", ("税関",)),
               ("国务院", ("国務院",)), ("国务", ("国務",))]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="附件二付属文書別紙海关總署总税関総・ \u3000国务務院金\n。", max_size=30), max_size=6),
       st.sampled_from(["zh", "ja"]))
def test_term_keys_equal_the_trie_regex_findall(texts, lang):
    # The array search for terms must find what the trie regex finds, text by text:
    # leftmost hits, the longest term at each, none overlapping.
    from aligner.align.dictionary import _IGNORED, Dictionary
    from aligner.lang.script import fold, nfkc
    d = Dictionary(SMALL_TERMS)
    folded = [fold(nfkc(t), lang) for t in texts]
    expected = [[k for h in d._rx[lang].findall(f.translate(_IGNORED)) for k in d.keys[lang][h]] for f in folded]
    assert d.term_keys(folded, lang) == expected


def test_term_keys_of_the_seed_equal_the_trie_regex_findall():
    from pathlib import Path

    from aligner.align.dictionary import _IGNORED, default
    from aligner.lang.script import fold, nfkc
    from aligner.readers import read_bilingual
    doc = read_bilingual([str(Path(__file__).resolve().parents[1] / "corpora" / "001_27f565d3809ec41b.txt")])
    d = default()
    for lang, segs in (("zh", doc.zh), ("ja", doc.ja)):
        folded = [fold(nfkc(s.text), lang) for s in segs]
        expected = [[k for h in d._rx[lang].findall(f.translate(_IGNORED)) for k in d.keys[lang][h]] for f in folded]
        assert d.term_keys(folded, lang) == expected
        assert sum(map(len, expected)) > 100
