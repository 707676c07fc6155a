"""One reading (Sudachi tokens, jieba words, jieba parts of speech) per text for a whole check run, and
readings made from shared words equal to what jieba and spaCy make on their own."""
from collections import Counter

from hypothesis import given, settings, strategies as st

from aligner.align import align
from aligner.checks import run_checks
from aligner.checks.base import CheckContext
from aligner.checks.consistency import _zh_words
from aligner import glossary
from aligner.glossary import _nlp, jieba_module, load_glossaries, token_boundaries, tokens
from aligner.lang import ja_tokens
from aligner.lang.readings import read_once, shared_readings
from aligner.readers import read_bilingual

SEED = "corpora/001_27f565d3809ec41b.txt"
ZH_WORDS = ["推进", "一批", "职业", "教育", "国际", "合作", "示范", "项目", "服务业", "扩大", "开放", "试点工作",
            "不得", "由", "商", "有关部门", "的", "和", "，", "。", " ", "  ", "\u3000", "2020", "VPN", "（一）", "\n"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(ZH_WORDS), max_size=12))
def test_chinese_tokens_are_spacys_and_search_words_are_jiebas(words):
    text = "".join(words)
    spacy_doc = _nlp("zh")(text)
    spacys = [(t.text, t.idx, t.whitespace_) for t in spacy_doc]
    assert [(t.text, t.idx, t.whitespace_) for t in tokens(text, "zh")] == spacys
    assert token_boundaries(text, "zh") == {0, len(text)} | {i for w, at, _ in spacys for i in (at, at + len(w))}
    search = jieba_module().cut_for_search(text)
    assert _zh_words(text) == {w for w in search if len(w) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in w)}


def test_a_check_run_reads_each_text_once(monkeypatch):
    glossaries = load_glossaries([], use_default=True)
    doc = align(read_bilingual([SEED]))
    seen = {"ja": Counter(), "zh": Counter(), "pos": Counter()}
    tokenize, cut = ja_tokens.tokenize, jieba_module().cut
    import jieba.posseg
    posseg = jieba.posseg.cut

    def counted(kind, read):
        def wrapper(text, *args, **kwargs):
            seen[kind][text] += 1
            return read(text, *args, **kwargs)
        return wrapper
    monkeypatch.setattr(ja_tokens, "tokenize", counted("ja", tokenize))
    monkeypatch.setattr(jieba_module(), "cut", counted("zh", cut))
    monkeypatch.setattr(jieba.posseg, "cut", counted("pos", posseg))
    for level in ("paragraph", "sentence"):
        for c in seen.values():
            c.clear()
        for cache in (glossary._tokens, glossary._zh_words, glossary._zh_pos, glossary.token_boundaries):
            cache.cache_clear()  # what earlier tests left in the small caches
        findings = run_checks(align(read_bilingual([SEED]), level=level) if level == "sentence" else doc,
                              context=CheckContext(glossaries=glossaries))
        assert findings
        # Every unit's Japanese was tokenized, once; jieba read Chinese, each text once.
        assert len(seen["ja"]) >= len(doc.units) and max(seen["ja"].values()) == 1
        assert seen["zh"] and max(seen["zh"].values()) == 1
        assert seen["pos"] and max(seen["pos"].values()) == 1


def test_readings_are_kept_for_the_run_only():
    made = []

    def read(text):
        made.append(text)
        return len(text)
    with shared_readings():
        assert [read_once(read, "ab"), read_once(read, "ab"), read_once(read, "abc")] == [2, 2, 3]
    assert made == ["ab", "abc"]
    read_once(read, "ab")
    assert made == ["ab", "abc", "ab"]


def test_the_shared_readings_leave_findings_as_they_were():
    """run_checks (readings kept for the run) finds what the checks find with no reading kept beyond
    the small caches."""
    from aligner.checks import REGISTRY
    doc = align(read_bilingual([SEED]), level="sentence")
    ctx = CheckContext(glossaries=load_glossaries([], use_default=True))
    shared = {(f.check, f.fingerprint) for f in run_checks(doc, context=ctx)}
    checks = []
    for cls in REGISTRY.values():
        checks.append(cls())
        checks[-1].prepare(doc, ctx)
    alone = {(f.check, f.fingerprint) for u in doc.units for c in checks if u.matched or not c.matched_only
             for f in c.run(u, ctx)}
    assert shared == alone and len(shared) > 50
