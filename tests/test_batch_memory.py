"""What keeps a batch's memory down: a parent that never loads the pipeline, and workers that
give back what their warm-up duplicated. Figures are in benchmarks/batch_bench.py; these tests
check the mechanisms, not the megabytes."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aligner import batch

ROOT = Path(__file__).resolve().parents[1]


def test_the_parent_of_a_batch_imports_neither_the_pipeline_nor_its_heavy_libraries(tmp_path):
    """Discovery, dispatch and the summary run without pandas, numpy, spaCy or OpenCC: each worker
    loads those anyway, and a copy in the parent would be one more in the sum that has to fit."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.zh.txt", "b.ja.txt", "lonely.zh.txt"):
        (src / name).write_text("国务院。\n\n国務院。\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import sys
        import aligner.batch as b
        b._run_workers = lambda docs, out, *a, **k: False  # the workers' side is not under test here
        res = b.run_batch({str(src)!r}, {str(tmp_path / "out")!r}, jobs=2)
        assert res.outputs["summary.json"].is_file()
        assert [d.status for d in res.documents] == ["not run", "not run", "error"], res.documents
        heavy = {{"aligner.pipeline", "aligner.analyze", "pandas", "numpy", "spacy", "opencc", "jieba", "lxml"}}
        print(sorted(heavy & set(sys.modules)))
    """)
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_sharing_jiebas_word_strings_keeps_the_tag_table_and_the_tags_it_gives():
    jieba = pytest.importorskip("jieba")
    import jieba.posseg
    text = "国务院同意在北京市开展服务业扩大开放综合试点，商务部要会同有关部门加强指导。"
    before = [(w.word, w.flag) for w in jieba.posseg.cut(text)]
    table = dict(jieba.posseg.dt.word_tag_tab)
    assert len(table) > 100_000  # the real dictionary is loaded, else there is nothing to test
    batch._share_jieba_words()
    shared = jieba.posseg.dt.word_tag_tab
    assert shared == table
    # The same word is now one string object in both tables, and each tag one object.
    freq_key = next(k for k in jieba.dt.FREQ if k == "国务院")
    tag_key = next(k for k in shared if k == "国务院")
    assert freq_key is tag_key
    assert len({id(t) for t in shared.values()}) == len(set(shared.values()))
    assert [(w.word, w.flag) for w in jieba.posseg.cut(text)] == before
    batch._share_jieba_words()  # a second call leaves the shared table alone
    assert jieba.posseg.dt.word_tag_tab is shared
